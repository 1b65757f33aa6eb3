//! Cross-origin rules: reads are open to any origin; a browser write must come from one of the tenant's allowed origins or the edge's own.
//!
//! No endpoint uses cookies, so `Access-Control-Allow-Origin: *` never exposes ambient credentials.

use worker::{Headers, Request, Response, Result};

use crate::error::ApiError;

const ALLOWED_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const ALLOWED_HEADERS: &str = "Content-Type, Idempotency-Key, Authorization, Captcha-Token";
/// `Content-Disposition`: the console names an archive download after the file the edge names.
const EXPOSED_HEADERS: &str = "ETag, Retry-After, Content-Disposition";

/// Answers a CORS preflight. Whether the write itself is allowed is decided by `check_write_origin`.
pub fn preflight(_request: &Request) -> Result<Response> {
    let headers = Headers::new();
    headers.set("Access-Control-Allow-Methods", ALLOWED_METHODS)?;
    headers.set("Access-Control-Allow-Headers", ALLOWED_HEADERS)?;
    headers.set("Access-Control-Max-Age", "86400")?;
    let response = Response::empty()?.with_status(204).with_headers(headers);
    decorate(response, None)
}

/// Adds the CORS headers every answer carries.
pub fn decorate(mut response: Response, _origin: Option<&str>) -> Result<Response> {
    let headers = response.headers_mut();
    headers.set("Access-Control-Allow-Origin", "*")?;
    headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS)?;
    Ok(response)
}

/// A write that carries an `Origin` must come from the edge itself or an origin the tenant allowed.
/// Writes without `Origin` are server-to-server and accepted.
pub fn check_write_origin(
    request: &Request,
    allowed: &[String],
) -> std::result::Result<(), ApiError> {
    let Some(origin) = request.headers().get("Origin").ok().flatten() else {
        return Ok(());
    };
    let own_origin = request
        .url()
        .map(|url| url.origin().ascii_serialization())
        .unwrap_or_default();
    if origin == own_origin || allowed.iter().any(|allowed| allowed == &origin) {
        Ok(())
    } else {
        Err(ApiError::OriginNotAllowed(origin))
    }
}
