//! The only code that calls `fetch`: the staff API, same-origin, with the domain's types. The browser sends the
//! Access session cookie with each request (`credentials: same-origin`) and the edge trusts only the assertion Access
//! adds; writes carry the console's `Origin` because the browser sets it on every same-origin POST/PUT/PATCH.
//! Never stores or builds a credential.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, Response};

use candor_domain::dto::{ErrorBody, FieldErrorDto};

/// Why a call did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// 401: the Access session ended (or never began); signing in again is the way out.
    SignedOut,
    /// The edge refused: its error code and message (403 wrong role, 409 someone decided first, 422 invalid …).
    Refused {
        status: u16,
        code: String,
        message: String,
        /// Each refused field of a 422 (`cta.url`, `label_zh` …), for the form to show next to the field.
        fields: Vec<FieldErrorDto>,
    },
    /// The network failed, the edge answered 5xx, or the answer was not what the API documents.
    Unavailable,
}

impl ClientError {
    pub fn message(&self, unavailable: &str) -> String {
        match self {
            ClientError::Refused { message, .. } => message.clone(),
            _ => unavailable.to_owned(),
        }
    }
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    let text = call("GET", path, None).await?;
    serde_json::from_str(&text).map_err(|_| ClientError::Unavailable)
}

/// A text answer (the archive export's NDJSON).
pub async fn get_text(path: &str) -> Result<String, ClientError> {
    call("GET", path, None).await
}

pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &B,
) -> Result<T, ClientError> {
    let body = serde_json::to_string(body).map_err(|_| ClientError::Unavailable)?;
    let text = call(method, path, Some(body)).await?;
    serde_json::from_str(&text).map_err(|_| ClientError::Unavailable)
}

async fn call(method: &str, path: &str, body: Option<String>) -> Result<String, ClientError> {
    let window = web_sys::window().ok_or(ClientError::Unavailable)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    let headers = Headers::new().map_err(|_| ClientError::Unavailable)?;
    headers
        .set("Accept", "application/json")
        .map_err(|_| ClientError::Unavailable)?;
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(|_| ClientError::Unavailable)?;
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&headers);
    let request =
        Request::new_with_str_and_init(path, &init).map_err(|_| ClientError::Unavailable)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ClientError::Unavailable)?
        .dyn_into()
        .map_err(|_| ClientError::Unavailable)?;
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|text| text.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    match status {
        200..=299 => Ok(text),
        401 => Err(ClientError::SignedOut),
        400..=499 => Err(serde_json::from_str::<ErrorBody>(&text)
            .map(|body| ClientError::Refused {
                status,
                code: body.error.code,
                message: body.error.message,
                fields: body.error.fields,
            })
            .unwrap_or(ClientError::Unavailable)),
        _ => Err(ClientError::Unavailable),
    }
}

/// A path segment or query value, percent-encoded.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}
