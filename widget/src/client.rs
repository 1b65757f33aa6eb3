//! The only code that calls `fetch`: reads the reviews list, votes and reports; hands a review to the
//! visitor's status frame to send (`submit`). (The bundle's bootstrap reads the public config for Turnstile: see
//! `captcha.rs`.)
//!
//! JSON goes through the browser's own parser and serialiser (`Response.json()`, `JSON.stringify`) and is read
//! field by field with `Reflect`: no serde code in the wasm. It must never panic on an unexpected answer.

use candor_domain::dto::SubmitAccepted;
use candor_domain::{ReviewDraft, Stage};
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// Why a call did not produce the expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The network failed or the edge answered 5xx: retrying with the same idempotency key is safe.
    Unavailable,
    /// The edge refused the request: its error `code` and the per-field `(field, code)` pairs.
    Refused(Refusal),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub code: String,
    pub fields: Vec<(String, String)>,
}

/// One request; the parsed JSON of a 2xx answer. Not generic, so the fetch code exists once in the wasm.
async fn call(url: &str, init: &RequestInit) -> Result<JsValue, ClientError> {
    let window = web_sys::window().ok_or(ClientError::Unavailable)?;
    let request =
        Request::new_with_str_and_init(url, init).map_err(|_| ClientError::Unavailable)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ClientError::Unavailable)?
        .dyn_into()
        .map_err(|_| ClientError::Unavailable)?;
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    judge(response.status(), json)
}

/// What an answer means: the JSON of a 2xx; a network failure (status 0) or a 5xx is unavailable (retrying with the
/// same idempotency key is safe); anything else is a refusal with its code.
fn judge(status: u16, json: Option<JsValue>) -> Result<JsValue, ClientError> {
    if (200..300).contains(&status) {
        return json.ok_or(ClientError::Unavailable);
    }
    if status >= 500 {
        return Err(ClientError::Unavailable);
    }
    Err(json
        .as_ref()
        .and_then(read_refusal)
        .map_or(ClientError::Unavailable, ClientError::Refused))
}

/// An answer that does not have the expected shape counts as unavailable (retrying is safe).
fn read<T>(json: JsValue, reader: impl FnOnce(&JsValue) -> Option<T>) -> Result<T, ClientError> {
    reader(&json).ok_or(ClientError::Unavailable)
}

fn field(object: &JsValue, name: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn string(object: &JsValue, name: &str) -> Option<String> {
    field(object, name).as_string()
}

fn number(object: &JsValue, name: &str) -> Option<f64> {
    field(object, name).as_f64()
}

fn array(object: &JsValue, name: &str) -> Vec<JsValue> {
    field(object, name)
        .dyn_into::<Array>()
        .map(|array| array.iter().collect())
        .unwrap_or_default()
}

fn read_refusal(json: &JsValue) -> Option<Refusal> {
    let error = field(json, "error");
    Some(Refusal {
        code: string(&error, "code")?,
        fields: array(&error, "fields")
            .iter()
            .filter_map(|f| Some((string(f, "field")?, string(f, "code")?)))
            .collect(),
    })
}

fn get_init() -> RequestInit {
    let init = RequestInit::new();
    init.set_method("GET");
    init
}

/// Sends a review (`captcha`: the Turnstile token, when the tenant asks for one) through the visitor's status frame
/// (the loader's `Candor.send`): the frame POSTs it from the edge's own origin, keeps the status token where the host
/// page cannot read it, and answers the status code and the body without the token. After **Revise** in the frame,
/// the frame sends it as a revision of the rejected review; the wasm never knows the token.
pub async fn submit(
    embed: &crate::Embed,
    draft: &ReviewDraft,
    idempotency_key: &str,
    captcha: Option<String>,
) -> Result<SubmitAccepted, ClientError> {
    let body = draft_json(draft).ok_or(ClientError::Unavailable)?;
    let window = web_sys::window().ok_or(ClientError::Unavailable)?;
    let candor = field(&window, "Candor");
    let send: js_sys::Function = field(&candor, "send")
        .dyn_into()
        .map_err(|_| ClientError::Unavailable)?;
    let request = Object::new();
    let members = [
        ("key", JsValue::from_str(idempotency_key)),
        (
            "captcha",
            captcha.map_or(JsValue::NULL, |token| JsValue::from_str(&token)),
        ),
        ("body", body),
    ];
    for (name, value) in members {
        Reflect::set(&request, &JsValue::from_str(name), &value)
            .map_err(|_| ClientError::Unavailable)?;
    }
    let promise: js_sys::Promise = send
        .call2(&candor, &embed.host, &request)
        .map_err(|_| ClientError::Unavailable)?
        .dyn_into()
        .map_err(|_| ClientError::Unavailable)?;
    let answer = JsFuture::from(promise)
        .await
        .map_err(|_| ClientError::Unavailable)?;
    let status = number(&answer, "status").unwrap_or(0.0) as u16;
    let json = Some(field(&answer, "body")).filter(|body| body.is_object());
    read(judge(status, json)?, |json| {
        Some(SubmitAccepted {
            id: string(json, "id")?,
            status: Stage::parse(&string(json, "status")?)?,
            status_token: None,
        })
    })
}

/// The draft as the API's JSON (the field names of `ReviewDraft`), serialised by the browser.
fn draft_json(draft: &ReviewDraft) -> Option<JsValue> {
    fn text(value: &str) -> JsValue {
        JsValue::from_str(value)
    }
    fn optional(value: &Option<String>) -> JsValue {
        value.as_deref().map_or(JsValue::NULL, text)
    }
    let attributes = Object::new();
    for (key, value) in &draft.attributes {
        Reflect::set(&attributes, &text(key), &JsValue::from_f64(*value as f64)).ok()?;
    }
    let object = Object::new();
    let members: [(&str, JsValue); 13] = [
        (
            "rating",
            draft
                .rating
                .map_or(JsValue::NULL, |r| JsValue::from_f64(r as f64)),
        ),
        ("attributes", attributes.into()),
        (
            "would_recommend",
            draft
                .would_recommend
                .map_or(JsValue::NULL, JsValue::from_bool),
        ),
        ("title", text(&draft.title)),
        ("body", text(&draft.body)),
        ("nickname", text(&draft.nickname)),
        ("segment", optional(&draft.segment)),
        ("relationship", text(&draft.relationship)),
        ("incentive", text(&draft.incentive)),
        ("locale", text(&draft.locale)),
        ("contact_email", optional(&draft.contact_email)),
        ("contact_consent", JsValue::from_bool(draft.contact_consent)),
        ("terms_accepted", JsValue::from_bool(draft.terms_accepted)),
    ];
    for (name, value) in members {
        Reflect::set(&object, &text(name), &value).ok()?;
    }
    JSON::stringify(&object).ok().map(JsValue::from)
}

/// A fresh idempotency key for one submission attempt series.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        // Integer formatting only: float formatting would add kilobytes to the wasm.
        .unwrap_or_else(|| (js_sys::Date::now() as u64).to_string())
}

// --- Read side (issue 6): the reviews list, helpful votes and reports. ---

/// `GET …/embed/{product}/reviews` with the visitor's choices (`sort`, one star value or 0 for all, a review locale
/// or "" for all, the cursor for "load more"): the page as the edge's escaped HTML items, and the next cursor.
pub async fn reviews(
    embed: &crate::Embed,
    sort: &str,
    rating: u8,
    locale: &str,
    cursor: Option<&str>,
) -> Result<(String, Option<String>), ClientError> {
    let mut url = [
        embed.api.as_str(),
        "/v1/t/",
        &embed.tenant,
        "/embed/",
        &embed.product,
        "/reviews?limit=10&lang=",
        embed.lang.api_tag(),
        "&sort=",
        sort,
    ]
    .concat();
    if rating > 0 {
        url.push_str(&["&rating=", &rating.to_string()].concat());
    }
    if !locale.is_empty() {
        url.push_str(&["&locale=", locale].concat());
    }
    if let Some(cursor) = cursor {
        // The edge's cursors are hex: nothing to encode.
        url.push_str(&["&cursor=", cursor].concat());
    }
    read(call(&url, &get_init()).await?, |json| {
        Some((string(json, "html")?, string(json, "next_cursor")))
    })
}

fn post_init(body: Option<&str>) -> Result<RequestInit, ClientError> {
    let init = RequestInit::new();
    init.set_method("POST");
    if let Some(body) = body {
        let headers = Headers::new().map_err(|_| ClientError::Unavailable)?;
        headers
            .set("Content-Type", "application/json")
            .map_err(|_| ClientError::Unavailable)?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
    }
    Ok(init)
}

fn review_url(embed: &crate::Embed, review_id: &str, action: &str) -> String {
    [
        embed.api.as_str(),
        "/v1/t/",
        &embed.tenant,
        "/reviews/",
        review_id,
        "/",
        action,
    ]
    .concat()
}

/// `POST …/reviews/{id}/helpful`: the review's new helpful count (`already_voted` comes back as a refusal).
pub async fn helpful(embed: &crate::Embed, review_id: &str) -> Result<u64, ClientError> {
    let url = review_url(embed, review_id, "helpful");
    read(call(&url, &post_init(None)?).await?, |json| {
        number(json, "helpful").map(|count| count as u64)
    })
}

/// `POST …/reviews/{id}/flags` with one of the reason codes the edge accepts.
pub async fn flag(embed: &crate::Embed, review_id: &str, reason: &str) -> Result<(), ClientError> {
    let body = Object::new();
    Reflect::set(
        &body,
        &JsValue::from_str("reason"),
        &JsValue::from_str(reason),
    )
    .map_err(|_| ClientError::Unavailable)?;
    let body: String = JSON::stringify(&body)
        .map_err(|_| ClientError::Unavailable)?
        .into();
    let url = review_url(embed, review_id, "flags");
    call(&url, &post_init(Some(&body))?).await.map(|_| ())
}
