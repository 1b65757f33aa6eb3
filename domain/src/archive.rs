//! The archive (audit chain) as the staff API shows it — one row per decision or change, hash-linked — and the
//! content each kind of staff change writes into its row. Content fields are declared in alphabetical order, so
//! the stored text is the same as when it was written from a sorted map.

use serde::{Deserialize, Serialize};

use crate::staff_views::DisclosureTexts;

/// One archive row as stored and exported (the NDJSON export writes exactly this; the CSV the same columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditRow {
    pub seq: i64,
    pub review_id: Option<String>,
    pub review_seq: Option<i64>,
    pub action: Option<String>,
    pub prev_hash: String,
    pub content_hash: String,
    pub from_stage: Option<String>,
    pub to_stage: Option<String>,
    pub actor: String,
    pub role: String,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    pub at: i64,
    pub row_hash: String,
    pub person_id: Option<String>,
    pub credential_id: Option<String>,
    pub lineage_id: Option<String>,
    pub hash_version: i64,
}

/// `GET /v1/admin/reviews/{id}/audit`: the review's trail, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditTrail {
    pub review_id: String,
    pub entries: Vec<AuditRow>,
}

/// Archived when a product line is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductLineCreated<'a> {
    pub name: &'a str,
    pub product_line: &'a str,
    pub visible: bool,
}

/// What a catalogue PATCH asked to change (absent fields: unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CatalogueChanges<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archived: Option<Option<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_en: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Option<i64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<Option<bool>>,
}

/// Archived when a product line, product or attribute changes; `subject` names the kind (`product_line`,
/// `product`, `attribute`) and `id` the thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueUpdated<'a> {
    pub subject: &'static str,
    pub id: &'a str,
    pub changes: CatalogueChanges<'a>,
}

impl Serialize for CatalogueUpdated<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("changes", &self.changes)?;
        map.serialize_entry(self.subject, self.id)?;
        map.end()
    }
}

/// Archived when a product is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductCreated<'a> {
    pub line_id: &'a str,
    pub name: &'a str,
    pub product: &'a str,
}

/// Archived when an attribute question is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeCreated<'a> {
    pub key: &'a str,
    pub label_en: &'a str,
    pub label_zh: &'a str,
    pub position: i64,
    pub product: &'a str,
}

/// Archived when a firm response is drafted: the text itself, since it will be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseDrafted<'a> {
    pub body: &'a str,
    pub body_hash: &'a str,
    pub response_id: &'a str,
    pub review_id: &'a str,
    pub status: &'a str,
}

/// Archived when an owner decides a firm response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseDecided<'a> {
    pub body_hash: &'a str,
    pub decision: &'a str,
    pub note: Option<&'a str>,
    pub response_id: &'a str,
    pub review_id: &'a str,
    pub status: &'a str,
}

/// Archived when a customer-service case is opened (by the screener or a person).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationOpened<'a> {
    pub assignee: Option<&'a str>,
    pub due_at: i64,
    pub escalation_id: &'a str,
    pub note: Option<&'a str>,
    pub opened_by: &'a str,
    pub reason: &'a str,
    pub review_id: &'a str,
}

/// Archived when a case changes status, assignee or note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationChanged<'a> {
    pub assignee: Option<&'a str>,
    pub escalation_id: &'a str,
    pub from: &'a str,
    pub note: Option<&'a str>,
    pub review_id: &'a str,
    pub to: &'a str,
    pub version: i64,
}

/// Archived when a new disclosure version is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisclosurePublished<'a> {
    pub texts: &'a DisclosureTexts,
    pub version: i64,
}

/// Archived when a staff token is issued (never the token text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenIssued<'a> {
    pub by_person: &'a str,
    pub by_token: &'a str,
    pub expires_at: i64,
    pub person_id: &'a str,
    pub role: &'a str,
    pub token_id: &'a str,
}

/// Archived when a staff token is revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRevocation<'a> {
    pub by_person: &'a str,
    pub by_token: &'a str,
    pub person_id: &'a str,
    pub revoked_at: i64,
    pub token_id: &'a str,
}

/// Archived when a person is added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonAdded<'a> {
    pub by_person: &'a str,
    pub by_token: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub person_id: &'a str,
    pub role: &'a str,
}

/// Archived when a person's role, activity or name changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonChanged<'a> {
    pub active: Option<bool>,
    pub by_person: &'a str,
    pub by_token: &'a str,
    pub display_name: Option<&'a str>,
    pub person_id: &'a str,
    pub previous_role: &'a str,
    pub role: Option<&'a str>,
}

/// The first admin named by an archived tenant creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstAdminArchived<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    pub person_id: &'a str,
}

/// Archived when the operator creates a tenant with its first admin and their first token (never its text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TenantCreated<'a> {
    pub allowed_origins: &'a [String],
    pub expires_at: i64,
    pub first_admin: FirstAdminArchived<'a>,
    pub name: &'a str,
    pub tenant: &'a str,
    pub token_id: &'a str,
}

/// What the archive keeps of a webhook URL: its SHA-256 only, since URLs carry credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlDigest {
    pub sha256: String,
}

/// Archived when the webhook signing secret is rotated: never the secret, sealed or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WebhookSecretRotated {
    pub previous_signs_until: i64,
    pub rotated_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_changes_name_only_what_was_asked_under_the_subject() {
        let updated = CatalogueUpdated {
            subject: "product_line",
            id: "brokerage",
            changes: CatalogueChanges {
                visible: Some(Some(false)),
                name: Some(None),
                ..CatalogueChanges::default()
            },
        };
        assert_eq!(
            serde_json::to_string(&updated).unwrap(),
            r#"{"changes":{"name":null,"visible":false},"product_line":"brokerage"}"#
        );
    }
}
