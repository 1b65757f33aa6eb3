//! Firm responses: a public answer of the firm to a published review, drafted by staff and shown only after the
//! owner approved it; the body rules, the decision and four-eyes. Pure: no IO, no clock.
//!
//! A response never changes the review it answers, and its text never changes after drafting.

use serde::{Deserialize, Serialize};

use crate::text;
use crate::validation::ValidationCode;

/// Shortest and longest response body, in characters.
pub const BODY_MIN_CHARS: usize = 1;
pub const BODY_MAX_CHARS: usize = 5_000;
/// Longest note on a decision, in characters.
pub const NOTE_MAX_CHARS: usize = 2_000;

/// Where a response stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    /// Drafted, waiting for the owner.
    Pending,
    /// Approved by the owner: public.
    Approved,
    /// Refused by the owner: never public.
    Rejected,
}

impl ResponseStatus {
    pub const ALL: [ResponseStatus; 3] = [
        ResponseStatus::Pending,
        ResponseStatus::Approved,
        ResponseStatus::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Pending => "pending",
            ResponseStatus::Approved => "approved",
            ResponseStatus::Rejected => "rejected",
        }
    }

    pub fn parse(name: &str) -> Option<ResponseStatus> {
        ResponseStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
    }
}

/// The owner's decision on a pending response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResponseDecision {
    Approve,
    Reject,
}

impl ResponseDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseDecision::Approve => "approve",
            ResponseDecision::Reject => "reject",
        }
    }

    pub fn parse(name: &str) -> Option<ResponseDecision> {
        [ResponseDecision::Approve, ResponseDecision::Reject]
            .into_iter()
            .find(|decision| decision.as_str() == name)
    }
}

/// A refusal of a decision on a response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    #[error("this response was already {}", .0.as_str())]
    AlreadyDecided(ResponseStatus),
    #[error("the person who drafted a response cannot also approve or reject it")]
    FourEyes,
}

impl ResponseError {
    pub fn code(&self) -> &'static str {
        match self {
            ResponseError::AlreadyDecided(_) => "response_already_decided",
            ResponseError::FourEyes => "four_eyes",
        }
    }
}

/// The status a decision leads to: only a pending response can be decided, and never by its drafter.
pub fn decide(
    status: ResponseStatus,
    drafted_by: &str,
    decided_by: &str,
    decision: ResponseDecision,
) -> Result<ResponseStatus, ResponseError> {
    if status != ResponseStatus::Pending {
        return Err(ResponseError::AlreadyDecided(status));
    }
    if drafted_by == decided_by {
        return Err(ResponseError::FourEyes);
    }
    Ok(match decision {
        ResponseDecision::Approve => ResponseStatus::Approved,
        ResponseDecision::Reject => ResponseStatus::Rejected,
    })
}

/// A response body: normalised and trimmed once (parsing, not editing), 1–5,000 characters, line breaks allowed,
/// no other control characters or direction overrides.
pub fn parse_body(raw: &str) -> Result<String, ValidationCode> {
    let body = text::normalize(raw);
    text::check(&body, BODY_MIN_CHARS, BODY_MAX_CHARS, true)?;
    Ok(body)
}

/// A note on a decision (internal): 1–2,000 characters.
pub fn parse_note(raw: &str) -> Result<String, ValidationCode> {
    let note = text::normalize(raw);
    text::check(&note, 1, NOTE_MAX_CHARS, true)?;
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_pending_response_is_decided_and_never_by_its_drafter() {
        use ResponseDecision::{Approve, Reject};
        use ResponseStatus::{Approved, Pending, Rejected};
        assert_eq!(decide(Pending, "Ann", "Bo", Approve), Ok(Approved));
        assert_eq!(decide(Pending, "Ann", "Bo", Reject), Ok(Rejected));
        assert_eq!(
            decide(Pending, "Ann", "Ann", Approve),
            Err(ResponseError::FourEyes)
        );
        for done in [Approved, Rejected] {
            assert_eq!(
                decide(done, "Ann", "Bo", Approve).map_err(|e| e.code()),
                Err("response_already_decided")
            );
        }
    }

    #[test]
    fn body_is_bounded_text() {
        assert_eq!(
            parse_body("  Thank you.\nWe called you. "),
            Ok("Thank you.\nWe called you.".into())
        );
        assert_eq!(parse_body(" "), Err(ValidationCode::Required));
        assert!(parse_body(&"字".repeat(5_000)).is_ok());
        assert_eq!(
            parse_body(&"字".repeat(5_001)),
            Err(ValidationCode::TooLong)
        );
        assert_eq!(
            parse_body("a\u{202E}b"),
            Err(ValidationCode::ForbiddenCharacter)
        );
        assert_eq!(parse_body("a\tb"), Err(ValidationCode::ForbiddenCharacter));
    }
}
