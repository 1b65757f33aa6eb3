//! Request parsing shared by the routes: path and query parameters, bounded JSON bodies, bearer tokens and the
//! Idempotency-Key header.

use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use worker::{Request, RouteContext, Url};

use crate::caller::Caller;
use crate::error::ApiError;
use crate::ops::intake::Accepted;
use crate::webhook;

/// The value of a query parameter; an empty one counts as absent.
pub fn query_param(url: &Url, name: &str) -> Option<String> {
    url.query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
        .filter(|value| !value.is_empty())
}

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 32 * 1024;
/// Longest `Idempotency-Key` accepted, in characters.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 128;
/// Longest path parameter (tenant, product, id) we look up.
const MAX_PARAM_CHARS: usize = 128;

pub fn param<'a>(ctx: &'a RouteContext<()>, name: &'static str) -> Result<&'a str, ApiError> {
    match ctx.param(name) {
        Some(value) if !value.is_empty() && value.len() <= MAX_PARAM_CHARS => Ok(value),
        _ => Err(ApiError::NotFound(name)),
    }
}

/// Reads the body of a JSON request: 415 unless `Content-Type` is JSON, 413 above 32 KiB (by `Content-Length` when
/// it is sent, and while reading in any case).
pub async fn read_json_body(request: &mut Request) -> Result<Vec<u8>, ApiError> {
    let content_type = request
        .headers()
        .get("Content-Type")
        .ok()
        .flatten()
        .unwrap_or_default();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media_type != "application/json" {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = request
        .headers()
        .get("Content-Length")
        .ok()
        .flatten()
        .and_then(|length| length.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return Err(ApiError::PayloadTooLarge);
    }
    read_capped(request).await
}

/// Reads the body chunk by chunk and stops with 413 as soon as more than 32 KiB have arrived, so a chunked body
/// without `Content-Length` (or one that lies about it) is never held in memory beyond the cap.
async fn read_capped(request: &mut Request) -> Result<Vec<u8>, ApiError> {
    let unreadable =
        || ApiError::bad_request("unreadable_body", "The request body could not be read.");
    if request.inner().body().is_none() {
        return Ok(Vec::new());
    }
    let mut chunks = request.stream().map_err(|_| unreadable())?;
    let mut body = Vec::new();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        if !fits(body.len(), chunk.len()) {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Whether `more` bytes still fit beside the `read` ones under the 32 KiB cap.
fn fits(read: usize, more: usize) -> bool {
    read.saturating_add(more) <= MAX_BODY_BYTES
}

/// Strict JSON: wrong syntax, wrong types, unknown fields and anything but an object (at the top or inside) are all
/// 400.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // serde's derived structs also accept a positional array; our bodies are objects only.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(
            match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
                Ok(_) => {
                    ApiError::bad_request("wrong_shape", "The request body must be a JSON object.")
                }
                Err(error) => ApiError::bad_request(
                    "malformed_json",
                    format!("The request body is not JSON: {error}."),
                ),
            },
        );
    }
    let parsed = serde_json::from_slice(body).map_err(|error| {
        let code = if error.is_data() {
            "wrong_shape"
        } else {
            "malformed_json"
        };
        ApiError::bad_request(
            code,
            format!("The request body is not acceptable JSON: {error}."),
        )
    })?;
    // serde_json's reading above refuses duplicate fields; this one refuses an array where a struct belongs, at any
    // depth (`strict_json`). A body must pass both.
    let strict_error = |error: serde_json::Error| {
        ApiError::bad_request(
            "wrong_shape",
            format!("The request body is not acceptable JSON: {error}."),
        )
    };
    let value: serde_json::Value = serde_json::from_slice(body).map_err(strict_error)?;
    crate::strict_json::from_value::<T>(&value).map_err(strict_error)?;
    Ok(parsed)
}

/// Whether the request's method is one workers-rs does not know (`PROPFIND`, `FOO`): its `Method` reads every such
/// method as GET, so without this check a GET handler would answer it (with data). Such a request is a 405.
pub fn is_unknown_method(request: &Request) -> bool {
    let raw = request.inner().method();
    worker::Method::from(raw.clone()).as_ref() != raw
}

pub fn bearer_token(request: &Request) -> Option<String> {
    let header = request.headers().get("Authorization").ok().flatten()?;
    let token = header.strip_prefix("Bearer ")?.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

pub fn idempotency_key(request: &Request) -> Result<String, ApiError> {
    let key = request
        .headers()
        .get("Idempotency-Key")
        .ok()
        .flatten()
        .unwrap_or_default();
    let key = key.trim();
    if key.is_empty() {
        return Err(ApiError::bad_request(
            "idempotency_key_required",
            "An Idempotency-Key header is required so that retries are never stored twice.",
        ));
    }
    if key.chars().count() > MAX_IDEMPOTENCY_KEY_CHARS || key.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "idempotency_key_invalid",
            "The Idempotency-Key must be 1 to 128 printable characters.",
        ));
    }
    Ok(key.to_owned())
}

/// A `?limit=` parameter: `default` when absent, a whole number clamped to `1..=max`, anything else 422.
pub fn limit(value: Option<String>, default: u32, max: u32) -> Result<u32, ApiError> {
    match value {
        None => Ok(default),
        Some(text) => Ok(text
            .parse::<u32>()
            .map_err(|_| {
                ApiError::invalid("limit", "invalid_number", "limit must be a whole number.")
            })?
            .clamp(1, max)),
    }
}

/// The response marked `Cache-Control: no-store` (it carries a secret shown once, or staff data).
pub fn no_store(mut response: worker::Response) -> Result<worker::Response, ApiError> {
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

/// The 202 answer to an accepted submission or revision (`ops::intake`), marked so the entry point sends the webhook
/// event of a case screening opened once the answer is out.
/// The `202` of a submission or a revision. The status token stays out of the body when a browser page the edge does
/// not own sent it (`caller::Caller`): the firm's page never holds its visitors' credentials.
pub fn accepted(
    caller: Caller,
    tenant: &str,
    mut accepted: Accepted,
) -> Result<worker::Response, ApiError> {
    if !caller.may_hold_status_token() {
        accepted.answer.status_token = None;
    }
    let mut response = worker::Response::from_json(&accepted.answer)?.with_status(202);
    if let Some(event) = &accepted.case_event {
        webhook::schedule(&mut response, tenant, event)?;
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_is_32_kib_inclusive_and_cannot_overflow() {
        assert!(fits(0, MAX_BODY_BYTES));
        assert!(fits(MAX_BODY_BYTES - 1, 1));
        assert!(!fits(MAX_BODY_BYTES, 1));
        assert!(!fits(0, MAX_BODY_BYTES + 1));
        assert!(!fits(usize::MAX, usize::MAX));
    }
}
