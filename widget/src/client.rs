//! The only code that calls `fetch`: reads the summary, submits a review, reads its status. JSON goes through the browser's parser.

use candor_domain::ReviewDraft;
use candor_domain::dto::{ErrorBody, ReviewStatus, SubmitAccepted, Summary};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

/// Why a call did not produce the expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// The network failed or the edge answered 5xx: retrying with the same idempotency key is safe.
    Unavailable,
    /// The edge refused the request with its error body.
    Refused(ErrorBody),
}

async fn call<T: DeserializeOwned>(url: &str, init: &RequestInit) -> Result<T, ClientError> {
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
        let json = json.ok_or(ClientError::Unavailable)?;
        return serde_wasm_bindgen::from_value(json).map_err(|_| ClientError::Unavailable);
    }
    if status >= 500 {
        return Err(ClientError::Unavailable);
    }
    Err(json
        .and_then(|json| serde_wasm_bindgen::from_value::<ErrorBody>(json).ok())
        .map_or(ClientError::Unavailable, ClientError::Refused))
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
    call(&url, &get_init(None)).await
}

pub async fn submit(
    api: &str,
    tenant: &str,
    product: &str,
    draft: &ReviewDraft,
    idempotency_key: &str,
) -> Result<SubmitAccepted, ClientError> {
    let url = [api, "/v1/t/", tenant, "/products/", product, "/reviews"].concat();
    let body = to_json(draft).ok_or(ClientError::Unavailable)?;
    let headers = Headers::new().map_err(|_| ClientError::Unavailable)?;
    headers
        .set("Content-Type", "application/json")
        .and_then(|_| headers.set("Idempotency-Key", idempotency_key))
        .map_err(|_| ClientError::Unavailable)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    call(&url, &init).await
}

pub async fn status(
    api: &str,
    tenant: &str,
    review_id: &str,
    token: &str,
) -> Result<ReviewStatus, ClientError> {
    let url = [api, "/v1/t/", tenant, "/reviews/", review_id, "/status"].concat();
    call(&url, &get_init(Some(token))).await
}

fn to_json<T: Serialize>(value: &T) -> Option<String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let js = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify(&js).ok()?.as_string()
}

/// A fresh idempotency key for one submission attempt series.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| js_sys::Date::now().to_string())
}
