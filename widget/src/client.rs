//! The only code that calls `fetch`: reads the summary, submits or revises a review, reads or withdraws its status.
//! (The bundle's bootstrap reads the public config for Turnstile: see `captcha.rs`.)
//!
//! JSON goes through the browser's own parser and serialiser (`Response.json()`, `JSON.stringify`) and is read
//! field by field with `Reflect`: no serde code in the wasm. It must never panic on an unexpected answer.

use candor_domain::dto::{
    AttributeQuestion, AttributeScore, ReviewStatus, SubmitAccepted, Summary,
};
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

fn histogram(json: &JsValue) -> Option<[u64; 5]> {
    let values = array(json, "histogram");
    (values.len() == 5).then(|| {
        let mut buckets = [0u64; 5];
        for (bucket, value) in buckets.iter_mut().zip(&values) {
            *bucket = value.as_f64().unwrap_or(0.0) as u64;
        }
        buckets
    })
}

fn read_summary(json: &JsValue) -> Option<Summary> {
    Some(Summary {
        tenant: string(json, "tenant")?,
        product: string(json, "product")?,
        product_name: string(json, "product_name").unwrap_or_default(),
        visible: field(json, "visible").as_bool()?,
        count: number(json, "count").unwrap_or(0.0) as u64,
        mean: number(json, "mean"),
        histogram: histogram(json),
        would_recommend_percent: number(json, "would_recommend_percent").map(|pct| pct as u8),
        attributes: array(json, "attributes")
            .iter()
            .filter_map(|question| {
                Some(AttributeQuestion {
                    key: string(question, "key")?,
                    label: string(question, "label")?,
                })
            })
            .collect(),
        attribute_scores: array(json, "attribute_scores")
            .iter()
            .filter_map(|score| {
                Some(AttributeScore {
                    key: string(score, "key")?,
                    label: string(score, "label")?,
                    count: number(score, "count").unwrap_or(0.0) as u64,
                    mean: number(score, "mean"),
                    histogram: histogram(score).unwrap_or_default(),
                })
            })
            .collect(),
        population: string(json, "population").unwrap_or_else(|| "all".to_owned()),
        disclosure_version: number(json, "disclosure_version").map(|version| version as i64),
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
