//! `ApiError`: every way a request can fail, and the one mapping to an HTTP status and the JSON error body of DESIGN.md.

use candor_domain::ValidationErrors;
use candor_domain::dto::{ErrorBody, ErrorDetail, FieldErrorDto};
use worker::Response;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("No route matches this path.")]
    RouteNotFound,
    #[error("This method is not allowed on this path.")]
    MethodNotAllowed,
    #[error("No such {0}.")]
    NotFound(&'static str),
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("Some fields are invalid.")]
    Invalid(#[from] ValidationErrors),
    #[error("This Idempotency-Key was already used with a different request body.")]
    IdempotencyKeyReused,
    #[error("A valid bearer token is required.")]
    Unauthorized,
    #[error("Submissions from origin {0} are not allowed for this tenant.")]
    OriginNotAllowed(String),
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("The request body is larger than 32 KiB.")]
    PayloadTooLarge,
    #[error("The request body must be JSON (Content-Type: application/json).")]
    UnsupportedMediaType,
    #[error("Storage is unavailable; nothing was written. Retry with the same Idempotency-Key.")]
    StorageUnavailable,
    #[error("The server is missing its configuration ({0}).")]
    Misconfigured(&'static str),
}

/// Seconds a client should wait before retrying after a storage failure.
const STORAGE_RETRY_AFTER_SECONDS: u32 = 1;

impl ApiError {
    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest { .. } => 400,
            ApiError::Unauthorized => 401,
            ApiError::OriginNotAllowed(_) => 403,
            ApiError::RouteNotFound | ApiError::NotFound(_) => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Conflict { .. } => 409,
            ApiError::PayloadTooLarge => 413,
            ApiError::UnsupportedMediaType => 415,
            ApiError::Invalid(_) | ApiError::IdempotencyKeyReused => 422,
            ApiError::Misconfigured(_) => 500,
            ApiError::StorageUnavailable => 503,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::RouteNotFound => "route_not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::NotFound(_) => "not_found",
            ApiError::BadRequest { code, .. } | ApiError::Conflict { code, .. } => code,
            ApiError::Invalid(_) => "validation_failed",
            ApiError::IdempotencyKeyReused => "idempotency_key_reused",
            ApiError::Unauthorized => "unauthorized",
            ApiError::OriginNotAllowed(_) => "origin_not_allowed",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::StorageUnavailable => "storage_unavailable",
            ApiError::Misconfigured(_) => "server_misconfigured",
        }
    }

    pub fn body(&self) -> ErrorBody {
        let fields = match self {
            ApiError::Invalid(errors) => errors.0.iter().map(FieldErrorDto::from).collect(),
            _ => Vec::new(),
        };
        let retry_after =
            matches!(self, ApiError::StorageUnavailable).then_some(STORAGE_RETRY_AFTER_SECONDS);
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
                fields,
                retry_after,
            },
        }
    }

    pub fn into_response(self) -> worker::Result<Response> {
        let mut response = Response::from_json(&self.body())?.with_status(self.status());
        if let ApiError::StorageUnavailable = self {
            response
                .headers_mut()
                .set("Retry-After", &STORAGE_RETRY_AFTER_SECONDS.to_string())?;
        }
        Ok(response)
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }
}

/// Errors surfacing from the runtime (D1, bindings) mean storage could not be trusted: 503, nothing half-written.
impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        worker::console_error!("storage/runtime error: {error}");
        ApiError::StorageUnavailable
    }
}
