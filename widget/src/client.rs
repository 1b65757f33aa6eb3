//! The only code that calls `fetch`: reads the summary, submits or revises a review, reads or withdraws its status.
//! (The bundle's bootstrap reads the public config for Turnstile: see `captcha.rs`.)
//!
//! JSON goes through the browser's own parser and serialiser (`Response.json()`, `JSON.stringify`) and is read
//! field by field with `Reflect`: no serde code in the wasm. It must never panic on an unexpected answer.

use candor_domain::dto::{AttributeQuestion, ReviewStatus, SubmitAccepted, Summary};
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
    let status = response.status();
    let json = match response.json() {
        Ok(promise) => JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
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

/// The summary as the wasm needs it: visibility and the attribute questions of the form. The scores are not read:
/// they stay as the edge rendered them in the first view (reading them cost wasm for nothing).
fn read_summary(json: &JsValue) -> Option<Summary> {
    Some(Summary {
        tenant: string(json, "tenant")?,
        product: string(json, "product")?,
        product_name: String::new(),
        visible: field(json, "visible").as_bool()?,
        count: 0,
        mean: None,
        histogram: None,
        would_recommend_percent: None,
        attributes: array(json, "attributes")
            .iter()
            .filter_map(|question| {
                Some(AttributeQuestion {
                    key: string(question, "key")?,
                    label: string(question, "label")?,
                })
            })
            .collect(),
        attribute_scores: Vec::new(),
        population: String::new(),
        disclosure_version: None,
        locale: String::new(),
        cta: None,
    })
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

fn get_init(bearer: Option<&str>) -> RequestInit {
    let init = RequestInit::new();
    init.set_method("GET");
    if let Some(token) = bearer
        && let Ok(headers) = Headers::new()
    {
        let _ = headers.set("Authorization", &["Bearer ", token].concat());
        init.set_headers(&headers);
    }
    init
}

pub async fn summary(
    api: &str,
    tenant: &str,
    product: &str,
    locale: &str,
) -> Result<Summary, ClientError> {
    let url = [
        api,
        "/v1/t/",
        tenant,
        "/products/",
        product,
        "/summary?locale=",
        locale,
    ]
    .concat();
    read(call(&url, &get_init(None)).await?, read_summary)
}

/// Where a review goes: a new review of the product, or a revision of the author's rejected review.
pub enum Target<'a> {
    Product(&'a str),
    /// `(review id, status token)` of the rejected review.
    Revision(&'a str, &'a str),
}

/// Sends a review (`captcha`: the Turnstile token, when the tenant asks for one).
pub async fn submit(
    api: &str,
    tenant: &str,
    target: Target<'_>,
    draft: &ReviewDraft,
    idempotency_key: &str,
    captcha: Option<String>,
) -> Result<SubmitAccepted, ClientError> {
    let body = draft_json(draft).ok_or(ClientError::Unavailable)?;
    let headers = Headers::new().map_err(|_| ClientError::Unavailable)?;
    headers
        .set("Content-Type", "application/json")
        .and_then(|_| headers.set("Idempotency-Key", idempotency_key))
        .map_err(|_| ClientError::Unavailable)?;
    let url = match target {
        Target::Product(product) => {
            [api, "/v1/t/", tenant, "/products/", product, "/reviews"].concat()
        }
        Target::Revision(review_id, token) => {
            let _ = headers.set("Authorization", &["Bearer ", token].concat());
            [api, "/v1/t/", tenant, "/reviews/", review_id, "/revisions"].concat()
        }
    };
    if let Some(token) = captcha {
        let _ = headers.set("Captcha-Token", &token);
    }
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&body);
    read(call(&url, &init).await?, |json| {
        Some(SubmitAccepted {
            id: string(json, "id")?,
            status: Stage::parse(&string(json, "status")?)?,
            status_token: string(json, "status_token")?,
        })
    })
}

/// The stage of the author's review and the statement of reasons in `locale`; with `withdraw`, withdraws it first
/// (`POST …/withdraw` answers the new status).
pub async fn status(
    api: &str,
    tenant: &str,
    review_id: &str,
    token: &str,
    locale: &str,
    withdraw: bool,
) -> Result<ReviewStatus, ClientError> {
    let (path, init) = if withdraw {
        let init = get_init(Some(token));
        init.set_method("POST");
        ("/withdraw", init)
    } else {
        ("/status", get_init(Some(token)))
    };
    let url = [
        api,
        "/v1/t/",
        tenant,
        "/reviews/",
        review_id,
        path,
        "?locale=",
        locale,
    ]
    .concat();
    read(call(&url, &init).await?, |json| {
        Some(ReviewStatus {
            id: string(json, "id")?,
            stage: Stage::parse(&string(json, "stage")?)?,
            reason_code: string(json, "reason_code"),
            reason: string(json, "reason"),
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
    read(call(&url, &get_init(None)).await?, |json| {
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
