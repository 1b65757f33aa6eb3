//! Answers of the public API that belong to no other concept file: liveness, the tenant's public configuration,
//! a helpful vote's count, a report's receipt and a page of rendered review items. Also the report's body.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aggregate::AggregateRule;
use crate::staff_views::DisclosureView;

/// `GET /health`: `{"status": "ok"}` without touching storage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Health {
    pub status: String,
}

/// The captcha the widget must show before a submission: the tenant's site key and the script that renders it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicCaptcha {
    pub site_key: String,
    pub script_url: String,
}

/// A product of a visible line, as embeds may name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicProduct {
    pub id: String,
    pub name: String,
}

/// A visible, unarchived product line (hidden lines are not mentioned at all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicProductLine {
    pub id: String,
    pub name: String,
    pub products: Vec<PublicProduct>,
}

/// `GET /v1/t/{tenant}/config`: what a widget needs to know of its tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublicConfig {
    pub tenant: String,
    pub name: String,
    pub locales: Vec<String>,
    pub theme: BTreeMap<String, String>,
    pub aggregate_rule: AggregateRule,
    pub json_ld: bool,
    pub disclosure: Option<DisclosureView>,
    pub disclosure_version: Option<i64>,
    pub captcha: Option<PublicCaptcha>,
    pub product_lines: Vec<PublicProductLine>,
}

/// `POST /v1/t/{tenant}/reviews/{id}/helpful`: the review's helpful count after the vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HelpfulCount {
    pub review_id: String,
    pub helpful: i64,
}

/// `POST /v1/t/{tenant}/reviews/{id}/flags`: a visitor reports a published review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FlagRequest {
    /// A reason code (`personal_information`, `off_topic`, …).
    pub reason: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: Option<String>,
}

/// The 201 answer to a stored report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FlagReceived {
    pub id: String,
    pub review_id: String,
    pub reason: String,
    /// Always `received`.
    pub status: String,
}

/// `GET /v1/t/{tenant}/embed/{product}/reviews`: the next review items, rendered, for the first view's "More".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RenderedReviewPage {
    pub html: String,
    pub next_cursor: Option<String>,
}
