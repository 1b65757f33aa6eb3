//! JSON shapes of what staff see of a customer-service case, a firm response and the disclosure, shared by every
//! route that shows them (their own routes, the admin review, the public config) and by the tests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::findings::Finding;
use crate::stage::Stage;

/// A customer-service case as staff see it: with its review's product, whether it is overdue now and how the
/// webhook delivery went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationView {
    pub id: String,
    pub review_id: String,
    pub product: String,
    pub reason: String,
    /// The person id who opened it, or the screener.
    pub opened_by: String,
    pub opened_at: i64,
    pub due_at: i64,
    pub overdue: bool,
    pub status: String,
    pub assignee: Option<String>,
    pub note: Option<String>,
    /// Changes apply only to the current version (optimistic concurrency).
    pub version: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub webhook: WebhookDelivery,
}

/// Where the case's webhook event stands: `none` (no webhook), `pending`, `delivered` or `dead`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookDelivery {
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<i64>,
}

/// A firm response as staff see it (the public list shows only approved ones, as `dto::FirmResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FirmResponseView {
    pub id: String,
    pub review_id: String,
    pub product: String,
    pub body: String,
    pub body_hash: String,
    pub status: String,
    pub drafted_by: String,
    pub drafted_role: String,
    pub drafted_at: i64,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
}

/// One version of the tenant's disclosure text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureView {
    pub version: i64,
    pub texts: DisclosureTexts,
    pub created_at: i64,
    /// The person id of who published it, and their display name.
    pub created_by: String,
    pub created_by_name: Option<String>,
}

/// The disclosure per locale; Chinese is optional (the widget falls back to English).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureTexts {
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: Option<String>,
}

/// `GET /v1/admin/escalations`: one page of cases, with the cursor of the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationPage {
    /// The status asked for; absent: every status.
    pub status: Option<String>,
    /// `due` (soonest first) or `opened` (newest first).
    pub sort: String,
    /// The edge's clock when it answered (`overdue` is relative to it).
    pub now: i64,
    pub items: Vec<EscalationView>,
    pub next_cursor: Option<String>,
}

/// How long an item may wait at its stage, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QueueSla {
    pub target_hours: u32,
    pub due_at: i64,
    /// `on_track`, `due_soon` or `overdue`.
    pub state: String,
}

/// One review waiting at a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QueueItem {
    pub id: String,
    pub product: String,
    pub stage: String,
    pub flagged: bool,
    pub open_flags: i64,
    pub title: String,
    pub locale: String,
    pub findings: Vec<Finding>,
    pub submitted_at: i64,
    pub waiting_since: i64,
    pub age_seconds: i64,
    /// Absent when the stage has no target.
    pub sla: Option<QueueSla>,
}

/// `GET /v1/admin/queue`: the items waiting at one stage, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QueuePage {
    /// `screening`, `compliance_review`, `owner_review` or `flagged`.
    pub stage: String,
    /// Always `age` (oldest first).
    pub sort: String,
    pub now: i64,
    pub items: Vec<QueueItem>,
}

/// Who decided a stage of the review's lineage (what four-eyes compares).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StageDeciderView {
    pub stage: String,
    pub person_id: String,
}

/// `GET /v1/admin/reviews/{id}`: the whole record as staff see it. The text is exactly as submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewRecord {
    pub id: String,
    pub product: String,
    pub stage: String,
    pub version: i64,
    pub flagged: bool,
    /// The role whose decision the review waits for, if any.
    pub waiting_for: Option<String>,
    pub rating: i64,
    pub attributes: BTreeMap<String, i64>,
    pub would_recommend: bool,
    pub title: String,
    pub body: String,
    pub nickname: String,
    pub segment: Option<String>,
    pub relationship: String,
    pub incentive: String,
    pub locale: String,
    pub reason_code: Option<String>,
    pub content_hash: String,
    pub findings: Vec<Finding>,
    pub deciders: Vec<StageDeciderView>,
    /// Whether the reviewer left a contact e-mail that is still stored. The e-mail itself is read through
    /// `GET /v1/admin/reviews/{id}/contact` (compliance and owner; every read archived).
    pub has_contact: bool,
    /// Visitors' reports on the review with their notes, newest first (at most 100).
    pub flags: Vec<FlagView>,
    pub helpful: i64,
    pub revision_of: Option<String>,
    pub superseded_by: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub escalations: Vec<EscalationView>,
    pub responses: Vec<FirmResponseView>,
}

/// A staff token as listed (never its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenView {
    pub id: String,
    pub person_id: String,
    pub display_name: String,
    /// The person's current role.
    pub role: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    /// `active`, `expired`, `revoked` or `inactive` (the person was deactivated).
    pub status: String,
}

/// `GET /v1/admin/tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenList {
    pub tokens: Vec<TokenView>,
}

/// `DELETE /v1/admin/tokens/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenRevoked {
    pub id: String,
    pub revoked_at: i64,
    /// Always `revoked`.
    pub status: String,
}

/// `POST /v1/admin/webhook/secret`: the new signing secret, shown in this answer only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookSecretIssued {
    pub secret: String,
    pub created_at: i64,
    /// After a rotation the previous secret still signs until then.
    pub previous_secret_signs_until: Option<i64>,
}

/// `GET /v1/admin/disclosure`: the current version, or nulls before the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum CurrentDisclosure {
    Version(DisclosureView),
    None(NoDisclosure),
}

/// `GET /v1/admin/disclosure/versions`: every published version, newest first (none are ever removed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureVersions {
    pub versions: Vec<DisclosureView>,
}

/// `POST /v1/admin/disclosure/preview`: the first view of `product` as a visitor in `locale` would see it with the
/// draft text in place of the published one. Nothing is stored. `html` is the shadow root's content (the widget's
/// stylesheet, then the first view), markup only; empty when the product's line is hidden (`visible: false`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosurePreview {
    pub product: String,
    pub locale: String,
    pub visible: bool,
    pub html: String,
}

/// The disclosure answer before any version exists: `{"version": null, "texts": null}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoDisclosure {
    pub version: Option<i64>,
    pub texts: Option<DisclosureTexts>,
}

/// The answer to a stage decision: where the review moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionTaken {
    pub id: String,
    pub decision: String,
    pub from: Stage,
    pub stage: Stage,
    pub flagged: bool,
    pub reason_code: Option<String>,
    /// The review's version after the decision.
    pub version: i64,
}

/// One review in the staff search (`GET /v1/admin/reviews`): enough to list it, never the contact e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewListItem {
    pub id: String,
    pub product: String,
    pub stage: String,
    pub flagged: bool,
    pub rating: i64,
    pub title: String,
    /// The body's first 200 characters, for the list only (the record has the whole text, never changed).
    pub excerpt: String,
    pub locale: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// `GET /v1/admin/reviews?stage=&product=&from=&to=&q=&cursor=&limit=`: reviews in every stage, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewSearchPage {
    pub items: Vec<ReviewListItem>,
    pub next_cursor: Option<String>,
}

/// `GET /v1/admin/responses?status=pending`: firm responses, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FirmResponseList {
    pub items: Vec<FirmResponseView>,
}

/// A visitor's report on a published review, with the note they wrote (never who they are).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FlagView {
    pub id: String,
    pub reason: String,
    pub note: Option<String>,
    pub created_at: i64,
}

/// `GET /v1/admin/reviews/{id}/contact`: the reviewer's contact e-mail. Every read is archived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactEmail {
    pub review_id: String,
    /// Absent when the reviewer left none or it was erased.
    pub email: Option<String>,
    /// When it was erased on the reviewer's request, if it was.
    pub erased_at: Option<i64>,
}

/// `POST /v1/admin/reviews/{id}/contact/erasure`: erase the reviewer's contact e-mail on their request (GDPR
/// Art. 17). The review and the archive chain stay intact; the archive records the erasure and who asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// Who asked and how, e.g. "the reviewer, by e-mail to privacy@, 2026-12-01".
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub requested_by: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

/// The answer to an erasure: when it happened. A repeated request answers the first erasure again (200).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErasureDone {
    pub review_id: String,
    pub erased_at: i64,
    /// Webhook events of the review's cases still pending when it was erased. The outbox stores no payload (it is
    /// built at delivery from the contact table), so none of them will carry the e-mail.
    pub outbox_rows_cleared: i64,
}
