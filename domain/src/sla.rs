//! Service-level targets per moderation stage and how an item's age compares with them; the caller supplies the clock.

use serde::{Deserialize, Serialize};

use crate::stage::Stage;

/// Default targets: screening 4 h, compliance 24 h, owner 24 h (a flagged published review
/// waits for compliance, so it has compliance's target).
pub fn default_target_hours(stage: Stage, flagged: bool) -> Option<u32> {
    match stage {
        Stage::Screening => Some(4),
        Stage::ComplianceReview => Some(24),
        Stage::OwnerReview => Some(24),
        Stage::Published if flagged => Some(24),
        Stage::Published | Stage::Rejected | Stage::Withdrawn => None,
    }
}

/// Where an item stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlaState {
    /// Less than three quarters of the target used.
    OnTrack,
    /// Three quarters or more used, not yet over.
    DueSoon,
    /// Past the target.
    Overdue,
}

impl SlaState {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::OnTrack => "on_track",
            SlaState::DueSoon => "due_soon",
            SlaState::Overdue => "overdue",
        }
    }

    /// The state of an item that has waited `age_ms` against a target of `target_hours`.
    pub fn of(age_ms: i64, target_hours: u32) -> SlaState {
        let target_ms = i64::from(target_hours) * 3_600_000;
        if age_ms > target_ms {
            SlaState::Overdue
        } else if age_ms * 4 >= target_ms * 3 {
            SlaState::DueSoon
        } else {
            SlaState::OnTrack
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_follows_the_share_of_the_target_used() {
        let hour = 3_600_000;
        assert_eq!(SlaState::of(0, 4), SlaState::OnTrack);
        assert_eq!(SlaState::of(3 * hour - 1, 4), SlaState::OnTrack);
        assert_eq!(SlaState::of(3 * hour, 4), SlaState::DueSoon);
        assert_eq!(SlaState::of(4 * hour, 4), SlaState::DueSoon);
        assert_eq!(SlaState::of(4 * hour + 1, 4), SlaState::Overdue);
    }

    #[test]
    fn only_waiting_stages_have_targets() {
        assert_eq!(default_target_hours(Stage::Screening, false), Some(4));
        assert_eq!(
            default_target_hours(Stage::ComplianceReview, false),
            Some(24)
        );
        assert_eq!(default_target_hours(Stage::OwnerReview, false), Some(24));
        assert_eq!(default_target_hours(Stage::Published, true), Some(24));
        assert_eq!(default_target_hours(Stage::Published, false), None);
        assert_eq!(default_target_hours(Stage::Rejected, false), None);
    }
}
