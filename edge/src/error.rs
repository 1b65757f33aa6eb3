//! `ApiError`: every way a request can fail, and the one mapping to an HTTP status and the one JSON error body
//! `{"error":{"code","message","fields"?,"retry_after"?}}`.

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
    /// A staff token that is missing, unknown, expired or revoked.
    #[error("{message}")]
    Unauthenticated { code: &'static str, message: String },
    /// A valid staff token whose role (or person, for four-eyes) may not do this.
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// Well-formed but invalid: several fields, each with its code.
    #[error("Some fields are invalid.")]
    InvalidFields(Vec<(String, &'static str)>),
    /// Well-formed but invalid: one field, one code.
    #[error("{message}")]
    InvalidField {
        field: &'static str,
        code: &'static str,
        message: String,
    },
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
    /// The tenant is being moved to another database: its writes are refused until the move ends; reads work.
    #[error(
        "This tenant is moving to another database; nothing was written. Retry after the pause."
    )]
    TenantMoving,
    #[error("The server is missing its configuration ({0}).")]
    Misconfigured(&'static str),
    /// A rate limit of the public writes is spent; retry after this many seconds.
    #[error("Too many requests; retry after {retry_after} seconds.")]
    RateLimited { retry_after: u32 },
    /// Well-formed but refused as a whole, with no one field to blame (a missing or refused captcha token).
    #[error("{message}")]
    Unprocessable { code: &'static str, message: String },
    /// The captcha verifier was unreachable or answered nonsense: nothing was written; retry.
    #[error("The captcha could not be verified just now; nothing was written. Retry in a moment.")]
    CaptchaUnavailable,
    /// The Cloudflare Access key set (`ACCESS_JWKS_URL`) was unreachable or held no usable key: nobody can be
    /// signed in through Access just now; retry.
    #[error("The sign-in keys could not be fetched just now. Retry in a moment.")]
    AccessKeysUnavailable,
}

/// Seconds a client should wait before retrying when the captcha verifier was unreachable.
const CAPTCHA_RETRY_AFTER_SECONDS: u32 = 2;

/// Seconds a client should wait before retrying a write while its tenant moves (a move of a large tenant copies
/// for minutes; a client that retries every 30 s loses nothing and does not hammer the edge).
const TENANT_MOVING_RETRY_AFTER_SECONDS: u32 = 30;

/// Seconds a client should wait before retrying after a storage failure.
const STORAGE_RETRY_AFTER_SECONDS: u32 = 1;

impl ApiError {
    pub fn status(&self) -> u16 {
        match self {
            ApiError::BadRequest { .. } => 400,
            ApiError::Unauthorized | ApiError::Unauthenticated { .. } => 401,
            ApiError::OriginNotAllowed(_) | ApiError::Forbidden { .. } => 403,
            ApiError::RouteNotFound | ApiError::NotFound(_) => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Conflict { .. } => 409,
            ApiError::PayloadTooLarge => 413,
            ApiError::UnsupportedMediaType => 415,
            ApiError::Invalid(_)
            | ApiError::IdempotencyKeyReused
            | ApiError::InvalidField { .. }
            | ApiError::InvalidFields(_) => 422,
            ApiError::Unprocessable { .. } => 422,
            ApiError::CaptchaUnavailable | ApiError::AccessKeysUnavailable => 503,
            ApiError::Misconfigured(_) => 500,
            ApiError::RateLimited { .. } => 429,
            ApiError::StorageUnavailable | ApiError::TenantMoving => 503,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::RouteNotFound => "route_not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::NotFound(_) => "not_found",
            ApiError::BadRequest { code, .. }
            | ApiError::Conflict { code, .. }
            | ApiError::Unauthenticated { code, .. }
            | ApiError::Forbidden { code, .. } => code,
            ApiError::Unprocessable { code, .. } => code,
            ApiError::CaptchaUnavailable => "captcha_unavailable",
            ApiError::AccessKeysUnavailable => "access_keys_unavailable",
            ApiError::InvalidField { .. } | ApiError::InvalidFields(_) => "validation_failed",
            ApiError::Invalid(_) => "validation_failed",
            ApiError::IdempotencyKeyReused => "idempotency_key_reused",
            ApiError::Unauthorized => "unauthorized",
            ApiError::OriginNotAllowed(_) => "origin_not_allowed",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::StorageUnavailable => "storage_unavailable",
            ApiError::TenantMoving => "tenant_moving",
            ApiError::Misconfigured(_) => "misconfigured",
            ApiError::RateLimited { .. } => "rate_limited",
        }
    }

    pub fn body(&self) -> ErrorBody {
        let fields = match self {
            ApiError::Invalid(errors) => errors.0.iter().map(FieldErrorDto::from).collect(),
            ApiError::InvalidFields(problems) => problems
                .iter()
                .map(|(field, code)| FieldErrorDto {
                    field: field.clone(),
                    code: (*code).to_owned(),
                    message: format!("{field} is not acceptable ({code})."),
                })
                .collect(),
            ApiError::InvalidField {
                field,
                code,
                message,
            } => vec![FieldErrorDto {
                field: (*field).to_owned(),
                code: (*code).to_owned(),
                message: message.clone(),
            }],
            _ => Vec::new(),
        };
        let retry_after = self.retry_after();
        ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
                fields,
                retry_after,
            },
        }
    }

    /// Seconds to wait before a retry, for the errors a retry can cure.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::StorageUnavailable => Some(STORAGE_RETRY_AFTER_SECONDS),
            ApiError::TenantMoving => Some(TENANT_MOVING_RETRY_AFTER_SECONDS),
            ApiError::CaptchaUnavailable | ApiError::AccessKeysUnavailable => {
                Some(CAPTCHA_RETRY_AFTER_SECONDS)
            }
            ApiError::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }

    pub fn into_response(self) -> worker::Result<Response> {
        let mut response = Response::from_json(&self.body())?.with_status(self.status());
        if let Some(seconds) = self.retry_after() {
            response
                .headers_mut()
                .set("Retry-After", &seconds.to_string())?;
        }
        Ok(response)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::InvalidField {
            field,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::BadRequest {
            code,
            message: message.into(),
        }
    }
}

/// A refusal of the moderation state machine: who may not act is 403, a state that does not allow it is 409,
/// an input that does not fit the decision is 422.
impl From<candor_domain::ModerationError> for ApiError {
    fn from(error: candor_domain::ModerationError) -> Self {
        use candor_domain::ModerationError as E;
        let code = error.code();
        let text = error.to_string();
        let mut chars = text.chars();
        let message = match chars.next() {
            Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
            None => text,
        };
        match error {
            E::RoleDecidesNothing { .. } | E::WrongRole { .. } | E::FourEyes { .. } => {
                ApiError::Forbidden { code, message }
            }
            E::NotAllowed { .. } | E::NotFlagged | E::NotRevisable => {
                ApiError::Conflict { code, message }
            }
            E::ReasonRequired | E::ReasonNotAllowed { .. } | E::ReasonNotForRejection { .. } => {
                ApiError::InvalidField {
                    field: "reason_code",
                    code,
                    message,
                }
            }
            E::NoteTooLong => ApiError::InvalidField {
                field: "note",
                code,
                message,
            },
        }
    }
}

/// Errors surfacing from the runtime (D1, bindings) mean storage could not be trusted: 503, nothing half-written.
impl From<worker::Error> for ApiError {
    fn from(error: worker::Error) -> Self {
        if crate::store::is_tenant_moving(&error) {
            return ApiError::TenantMoving;
        }
        worker::console_error!("storage/runtime error: {error}");
        ApiError::StorageUnavailable
    }
}
