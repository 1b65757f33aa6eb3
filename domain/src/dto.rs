//! JSON shapes of the public API, shared by the edge (which sends them) and the widget (which reads them).

use serde::{Deserialize, Serialize};

use crate::stage::Stage;

/// `202` answer to a submission; replays of the same `Idempotency-Key` get the same body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitAccepted {
    pub id: String,
    pub status: Stage,
    pub status_token: String,
}

/// The aggregate of one product as the widget shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    pub tenant: String,
    pub product: String,
    pub product_name: String,
    /// `false` when the marketer hid the product line: then every score below is absent.
    pub visible: bool,
    pub count: u64,
    pub mean: Option<f64>,
    pub histogram: Option<[u64; 5]>,
    pub would_recommend_percent: Option<u8>,
    /// Attribute keys this product asks about, in form order, with their English labels.
    pub attributes: Vec<AttributeQuestion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeQuestion {
    pub key: String,
    pub label: String,
}

/// What the author sees about their own review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewStatus {
    pub id: String,
    pub stage: Stage,
    pub reason_code: Option<String>,
}

/// The one error format of every endpoint: `{"error":{"code","message","fields"?,"retry_after"?}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldErrorDto>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldErrorDto {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl From<&crate::validation::FieldError> for FieldErrorDto {
    fn from(error: &crate::validation::FieldError) -> Self {
        FieldErrorDto {
            field: error.field.clone(),
            code: error.code.code().to_owned(),
            message: error.code.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(
        value: T,
    ) {
        let json = serde_json::to_string(&value).unwrap();
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
    }

    #[test]
    fn dtos_round_trip() {
        round_trip(SubmitAccepted {
            id: "r1".into(),
            status: Stage::Screening,
            status_token: "t".into(),
        });
        round_trip(Summary {
            tenant: "harbor".into(),
            product: "roth-ira".into(),
            product_name: "Roth IRA".into(),
            visible: true,
            count: 3,
            mean: Some(4.5),
            histogram: Some([0, 0, 1, 0, 2]),
            would_recommend_percent: Some(67),
            attributes: vec![AttributeQuestion {
                key: "fees".into(),
                label: "Fees".into(),
            }],
        });
        round_trip(ReviewStatus {
            id: "r1".into(),
            stage: Stage::Rejected,
            reason_code: Some("profanity".into()),
        });
    }

    #[test]
    fn error_body_omits_empty_optional_members() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: "not_found".into(),
                message: "No such product.".into(),
                fields: vec![],
                retry_after: None,
            },
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":{"code":"not_found","message":"No such product."}}"#
        );
        round_trip(body);
    }
}
