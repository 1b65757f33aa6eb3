//! Customer-service cases (escalations): why a case was opened, its status machine and the limits of what staff
//! write on it. Pure: the caller supplies the clock and stores the result.
//!
//! A case never changes a review's stage: publication is decided independently of customer service.

use serde::{Deserialize, Serialize};

use crate::text;
use crate::validation::ValidationCode;

/// Longest staff note on a case, in characters.
pub const NOTE_MAX_CHARS: usize = 2_000;
/// Longest assignee name, in characters (the same bound as a staff token's person).
pub const ASSIGNEE_MAX_CHARS: usize = 80;
/// Default hours until a case is due (tenant setting `sla_hours.escalation`).
pub const DEFAULT_SLA_HOURS: u32 = 24;

/// Why a case exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EscalationReason {
    /// Screening found complaint language in the submission.
    ComplaintLanguage,
    /// A member of staff opened it from a review.
    Staff,
}

impl EscalationReason {
    pub fn as_str(self) -> &'static str {
        match self {
            EscalationReason::ComplaintLanguage => "complaint_language",
            EscalationReason::Staff => "staff",
        }
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EscalationStatus {
    Open,
    InProgress,
    Resolved,
}

impl EscalationStatus {
    pub const ALL: [EscalationStatus; 3] = [
        EscalationStatus::Open,
        EscalationStatus::InProgress,
        EscalationStatus::Resolved,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EscalationStatus::Open => "open",
            EscalationStatus::InProgress => "in_progress",
            EscalationStatus::Resolved => "resolved",
        }
    }

    pub fn parse(name: &str) -> Option<EscalationStatus> {
        EscalationStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == name)
    }

    /// Whether the case still waits for customer service (counts against its due time).
    pub fn is_active(self) -> bool {
        self != EscalationStatus::Resolved
    }

    /// The allowed moves: open → in_progress → resolved, open → resolved (settled at once), in_progress → open
    /// (handed back), and resolved → open (the client came back: a case is reopened, never a new one silently).
    pub fn change_to(self, next: EscalationStatus) -> Result<EscalationStatus, EscalationError> {
        use EscalationStatus::{InProgress, Open, Resolved};
        match (self, next) {
            (Open, InProgress) | (Open, Resolved) | (InProgress, Resolved) | (InProgress, Open) => {
                Ok(next)
            }
            (Resolved, Open) => Ok(next),
            _ => Err(EscalationError::InvalidTransition {
                from: self,
                to: next,
            }),
        }
    }
}

/// A refusal of a change to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EscalationError {
    #[error("a case cannot move from {} to {}", from.as_str(), to.as_str())]
    InvalidTransition {
        from: EscalationStatus,
        to: EscalationStatus,
    },
    #[error("the change names nothing to change")]
    NothingToChange,
}

impl EscalationError {
    pub fn code(self) -> &'static str {
        match self {
            EscalationError::InvalidTransition { .. } => "invalid_transition",
            EscalationError::NothingToChange => "nothing_to_change",
        }
    }
}

/// A staff note on a case: trimmed, 1–2,000 characters, line breaks allowed, no other control characters.
pub fn parse_note(raw: &str) -> Result<String, ValidationCode> {
    let note = text::normalize(raw);
    text::check(&note, 1, NOTE_MAX_CHARS, true)?;
    Ok(note)
}

/// The person a case is assigned to: trimmed, 1–80 characters on one line.
pub fn parse_assignee(raw: &str) -> Result<String, ValidationCode> {
    let assignee = text::normalize(raw);
    text::check(&assignee, 1, ASSIGNEE_MAX_CHARS, false)?;
    Ok(assignee)
}

/// When a case opened at `opened_at_ms` is due, for a target of `hours`.
pub fn due_at(opened_at_ms: i64, hours: u32) -> i64 {
    opened_at_ms + i64::from(hours) * 3_600_000
}

/// Whether a case is past its due time at `now_ms` while still waiting for customer service.
pub fn is_overdue(status: EscalationStatus, due_at_ms: i64, now_ms: i64) -> bool {
    status.is_active() && now_ms > due_at_ms
}

#[cfg(test)]
mod tests {
    use super::*;
    use EscalationStatus::{InProgress, Open, Resolved};

    #[test]
    fn status_machine_allows_the_service_desk_moves_only() {
        assert_eq!(Open.change_to(InProgress), Ok(InProgress));
        assert_eq!(InProgress.change_to(Resolved), Ok(Resolved));
        assert_eq!(Open.change_to(Resolved), Ok(Resolved));
        assert_eq!(InProgress.change_to(Open), Ok(Open));
        assert_eq!(Resolved.change_to(Open), Ok(Open));
        for (from, to) in [
            (Resolved, InProgress),
            (Open, Open),
            (InProgress, InProgress),
            (Resolved, Resolved),
        ] {
            assert_eq!(
                from.change_to(to).map_err(EscalationError::code),
                Err("invalid_transition"),
                "{from:?} -> {to:?}"
            );
        }
    }

    #[test]
    fn statuses_round_trip_by_name() {
        for status in EscalationStatus::ALL {
            assert_eq!(EscalationStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(EscalationStatus::parse("closed"), None);
    }

    #[test]
    fn notes_and_assignees_are_bounded_text() {
        assert_eq!(
            parse_note("  call back \n tomorrow "),
            Ok("call back \n tomorrow".into())
        );
        assert_eq!(parse_note("   "), Err(ValidationCode::Required));
        assert_eq!(parse_note(&"x".repeat(2_001)), Err(ValidationCode::TooLong));
        assert_eq!(parse_assignee("Dana"), Ok("Dana".into()));
        assert_eq!(
            parse_assignee("Da\nna"),
            Err(ValidationCode::ForbiddenCharacter)
        );
        assert_eq!(
            parse_assignee(&"x".repeat(81)),
            Err(ValidationCode::TooLong)
        );
    }

    #[test]
    fn overdue_only_while_active_and_past_due() {
        let due = due_at(1_000, 24);
        assert_eq!(due, 1_000 + 24 * 3_600_000);
        assert!(!is_overdue(Open, due, due));
        assert!(is_overdue(Open, due, due + 1));
        assert!(is_overdue(InProgress, due, due + 1));
        assert!(!is_overdue(Resolved, due, due + 1));
    }
}
