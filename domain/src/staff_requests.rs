//! Bodies of the staff writes that belong to no other concept file: stage decisions, firm responses,
//! customer-service cases and the disclosure. Each is parsed strictly (unknown fields are a 400).

use serde::{Deserialize, Deserializer, Serialize};

use crate::staff_views::DisclosureTexts;

/// `POST /v1/admin/reviews/{id}/decisions`: `decision` is `pass` (screening), `approve`, `reject` or `send_back`;
/// a rejection needs a `reason_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    #[cfg_attr(feature = "openapi", schema(example = "approve"))]
    pub decision: String,
    #[serde(default)]
    pub reason_code: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

/// `POST /v1/admin/reviews/{id}/responses`: the firm's public answer to a review, for an owner to approve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseDraft {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub body: String,
}

/// `POST /v1/admin/responses/{id}/decisions`: `approve` or `reject`, by an owner who did not draft it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseDecisionRequest {
    pub decision: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

/// `POST /v1/admin/reviews/{id}/escalations`: open a customer-service case by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpenEscalation {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub assignee: Option<String>,
}

/// `PATCH /v1/admin/escalations/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationPatch {
    /// `open`, `in_progress` or `resolved`.
    #[serde(default)]
    pub status: Option<String>,
    /// Absent: unchanged; `null`: unassigned; a name: assigned.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 80))]
    pub assignee: Option<Option<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
    /// The version the change was made on (from the list or record); a case changed since answers 409.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A field that is present, even as `null`, is `Some`: tells "unassign" from "leave as is".
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// `PUT /v1/admin/disclosure`: a new version of the disclosure text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureUpdate {
    pub texts: DisclosureTexts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_escalation_patch_tells_unassign_from_unchanged() {
        let unassign: EscalationPatch = serde_json::from_str(r#"{"assignee":null}"#).unwrap();
        assert_eq!(unassign.assignee, Some(None));
        let unchanged: EscalationPatch = serde_json::from_str(r#"{"note":"x"}"#).unwrap();
        assert_eq!(unchanged.assignee, None);
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(
            serde_json::from_str::<DecisionRequest>(r#"{"decision":"approve","x":1}"#).is_err()
        );
        assert!(
            serde_json::from_str::<DisclosureUpdate>(r#"{"texts":{"en":"a","fr":"b"}}"#).is_err()
        );
    }
}
