//! `GET /v1/openapi.json`: the API described as OpenAPI 3.1 (`crate::openapi`).

use worker::Response;

use crate::error::ApiError;

pub fn get() -> Result<Response, ApiError> {
    let mut response = Response::from_json(&crate::openapi::document())?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=300")?;
    Ok(response)
}
