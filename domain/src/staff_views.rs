//! JSON shapes of what staff see of a customer-service case, a firm response and the disclosure, shared by every
//! route that shows them (their own routes, the admin review, the public config) and by the tests.

use serde::{Deserialize, Serialize};

/// A customer-service case as staff see it: with its review's product, whether it is overdue now and how the
/// webhook delivery went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub struct DisclosureView {
    pub version: i64,
    pub texts: DisclosureTexts,
    pub created_at: i64,
    pub created_by: String,
}

/// The disclosure per locale; Chinese is optional (the widget falls back to English).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureTexts {
    pub en: String,
    #[serde(rename = "zh-CN")]
    pub zh_cn: Option<String>,
}
