//! The moderation stages a review moves through, with their stable names as stored and sent over the API.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Screening,
    ComplianceReview,
    OwnerReview,
    Published,
    Rejected,
    Withdrawn,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Screening,
        Stage::ComplianceReview,
        Stage::OwnerReview,
        Stage::Published,
        Stage::Rejected,
        Stage::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Screening => "screening",
            Stage::ComplianceReview => "compliance_review",
            Stage::OwnerReview => "owner_review",
            Stage::Published => "published",
            Stage::Rejected => "rejected",
            Stage::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(name: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.as_str() == name)
    }

    /// Whether the author may still withdraw a review at this stage: at any stage but the final ones.
    pub fn author_may_withdraw(self) -> bool {
        !matches!(self, Stage::Rejected | Stage::Withdrawn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
            assert_eq!(
                serde_json::to_string(&stage).unwrap(),
                format!("\"{}\"", stage.as_str())
            );
        }
        assert_eq!(Stage::parse("approved"), None);
    }
}
