//! `GET /health`: answers without touching storage, so it measures the Worker alone (the bench's no-op route).

use candor_domain::public_answers::Health;
use worker::Response;

use crate::error::ApiError;

pub fn get() -> Result<Response, ApiError> {
    Ok(Response::from_json(&Health {
        status: "ok".to_owned(),
    })?)
}
