//! JSON shapes of the public API, shared by the edge (which sends them) and the widget (which reads them).

use serde::{Deserialize, Serialize};

use crate::stage::Stage;

/// `202` answer to a submission; replays of the same `Idempotency-Key` get the same body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitAccepted {
    pub id: String,
    pub status: Stage,
    /// The credential that opens the author's own review (status, withdraw, revise). `null` when a browser sent the
    /// submission from a page that is not the edge's own (`Sec-Fetch-Site` other than `same-origin`): the firm's
    /// page must never hold it. Server-to-server submissions (no `Sec-Fetch-Site`) and the edge's status frame get it.
    pub status_token: Option<String>,
}

/// What the idempotency table keeps of a `202` answer: all of it but the status token, which is a credential and
/// is recomputed for a replay (it is an HMAC of tenant and review id). Answers stored before this rule still carry a
/// `status_token`; it is ignored, so unknown fields are allowed here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredAcceptance {
    pub id: String,
    pub status: Stage,
}

impl StoredAcceptance {
    /// The answer a client receives, first time or replay: the stored part and a freshly computed token.
    pub fn answer(self, status_token: String) -> SubmitAccepted {
        SubmitAccepted {
            id: self.id,
            status: self.status,
            status_token: Some(status_token),
        }
    }
}

/// The aggregate of one product as the widget shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Published scores per attribute, in form order; an attribute nobody rated yet has `count: 0`, no mean.
    /// Empty when the product line is hidden.
    #[serde(default)]
    pub attribute_scores: Vec<AttributeScore>,
    /// Which population the scores count (the tenant's aggregate rule): `all` or `independent` (no insiders,
    /// no incentivised reviews). The widget says which.
    #[serde(default = "population_all")]
    pub population: String,
    /// The version of the disclosure shown next to these scores (`None` until a marketer wrote one).
    #[serde(default)]
    pub disclosure_version: Option<i64>,
    /// The language of the labels: the one asked for (`?locale=`, `zh…` or English) if the tenant offers it,
    /// otherwise the tenant's first locale (`candor_domain::settings::offered_locale`).
    #[serde(default = "locale_en")]
    pub locale: String,
    /// The product's call to action, labelled for `locale`; absent when none is set or the line is hidden.
    #[serde(default)]
    pub cta: Option<PublicCta>,
}

fn locale_en() -> String {
    "en".to_owned()
}

/// A product's call to action as visitors see it: a link under the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicCta {
    /// On one of the tenant's allowed origins.
    pub url: String,
    pub label: String,
}

fn population_all() -> String {
    "all".to_owned()
}

/// A firm's public answer to a review, shown only after the owner approved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FirmResponse {
    pub body: String,
    /// Milliseconds since the Unix epoch.
    pub approved_at: i64,
}

/// The published aggregate of one attribute of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeScore {
    pub key: String,
    pub label: String,
    pub count: u64,
    pub mean: Option<f64>,
    pub histogram: [u64; 5],
}

/// One published review as every visitor sees it: never the contact e-mail, never staff notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicReview {
    pub id: String,
    pub rating: u8,
    pub attributes: std::collections::BTreeMap<String, u8>,
    pub would_recommend: bool,
    pub title: String,
    pub body: String,
    pub nickname: String,
    pub segment: Option<String>,
    /// `client`, `non_client` or `employee` (a badge).
    pub relationship: String,
    /// `none` or the kind of incentive (a badge).
    pub incentive: String,
    /// Always `false` until signed invitation tokens exist.
    pub verified_client: bool,
    pub locale: String,
    /// Milliseconds since the Unix epoch.
    pub created_at: i64,
    pub helpful: u64,
    /// The firm's approved response, if any.
    #[serde(default)]
    pub response: Option<FirmResponse>,
}

/// A page of published reviews; `next_cursor` is opaque and absent on the last page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewPage {
    pub tenant: String,
    pub product: String,
    /// `false` when the product line is hidden: then `reviews` is empty.
    pub visible: bool,
    pub sort: String,
    pub reviews: Vec<PublicReview>,
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeQuestion {
    pub key: String,
    pub label: String,
}

/// What the author sees about their own review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewStatus {
    pub id: String,
    pub stage: Stage,
    pub reason_code: Option<String>,
    /// The statement of reasons in the requested language (`?locale=`), when there is a reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The one error format of every endpoint: `{"error":{"code","message","fields"?,"retry_after"?}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

    #[test]
    fn the_stored_answer_never_holds_the_status_token() {
        let stored = StoredAcceptance {
            id: "r1".into(),
            status: Stage::ComplianceReview,
        };
        let json = serde_json::to_string(&stored).unwrap();
        assert!(!json.contains("status_token"), "{json}");
        assert_eq!(json, r#"{"id":"r1","status":"compliance_review"}"#);
        // An answer stored before the rule still reads; its token is dropped, the replay gets a computed one.
        let old: StoredAcceptance = serde_json::from_str(
            r#"{"id":"r1","status":"compliance_review","status_token":"ab12"}"#,
        )
        .unwrap();
        assert_eq!(old, stored);
        assert_eq!(
            old.answer("cd34".into()),
            SubmitAccepted {
                id: "r1".into(),
                status: Stage::ComplianceReview,
                status_token: Some("cd34".into()),
            }
        );
    }

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
            status_token: Some("t".into()),
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
            attribute_scores: vec![AttributeScore {
                key: "fees".into(),
                label: "Fees".into(),
                count: 2,
                mean: Some(4.5),
                histogram: [0, 0, 0, 1, 1],
            }],
            population: "independent".into(),
            disclosure_version: Some(3),
            locale: "zh-CN".into(),
            cta: Some(PublicCta {
                url: "https://bank.example/open".into(),
                label: "Open a Roth IRA".into(),
            }),
        });
        round_trip(ReviewStatus {
            id: "r1".into(),
            stage: Stage::Rejected,
            reason_code: Some("profanity".into()),
            reason: Some("Your review contains profanity.".into()),
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
