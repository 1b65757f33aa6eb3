//! The archive's hash chain: each row's hash covers the previous row's hash and everything the row says, so any rewrite is evident.

use candor_domain::Stage;
use candor_domain::moderation::{ActorRole, AuditEvent};
use sha2::{Digest, Sha256};

use crate::store::AuditAppend;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The fields of one archive row that its hash covers, in a fixed order.
pub struct RowFields<'a> {
    pub tenant: &'a str,
    pub review_id: Option<&'a str>,
    pub prev_hash: &'a str,
    pub content_hash: &'a str,
    pub from_stage: Option<&'a str>,
    pub to_stage: Option<&'a str>,
    pub actor: &'a str,
    pub role: &'a str,
    pub reason_code: Option<&'a str>,
    pub note: Option<&'a str>,
    pub at_ms: i64,
}

/// SHA-256 over the length-prefixed fields (no separator ambiguity).
pub fn row_hash(fields: &RowFields<'_>) -> String {
    let at = fields.at_ms.to_string();
    let parts = [
        Some(fields.tenant),
        fields.review_id,
        Some(fields.prev_hash),
        Some(fields.content_hash),
        fields.from_stage,
        fields.to_stage,
        Some(fields.actor),
        Some(fields.role),
        fields.reason_code,
        fields.note,
        Some(at.as_str()),
    ];
    let mut hasher = Sha256::new();
    for part in parts {
        match part {
            Some(text) => {
                hasher.update((text.len() as u64).to_be_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update(u64::MAX.to_be_bytes()),
        }
    }
    hex::encode(hasher.finalize())
}

/// One archive entry before it is linked into the chain.
pub struct Entry {
    pub from: Option<Stage>,
    pub to: Stage,
    pub actor: String,
    pub role: &'static str,
    pub reason_code: Option<&'static str>,
    pub note: Option<String>,
}

impl Entry {
    /// The visitor's submission entering the pipeline.
    pub fn intake() -> Entry {
        Entry {
            from: None,
            to: Stage::Screening,
            actor: "author".to_owned(),
            role: ActorRole::Author.as_str(),
            reason_code: None,
            note: None,
        }
    }
}

impl From<&AuditEvent> for Entry {
    fn from(event: &AuditEvent) -> Entry {
        Entry {
            from: Some(event.from),
            to: event.to,
            actor: event.actor_id.clone(),
            role: event.role.as_str(),
            reason_code: event.reason.map(|reason| reason.code()),
            note: event.note.clone(),
        }
    }
}

/// Links `entries` (oldest first) of one review onto the tenant's chain head `head`.
pub fn chain(
    tenant: &str,
    review_id: &str,
    head: String,
    content_hash: &str,
    entries: &[Entry],
    at_ms: i64,
) -> Vec<AuditAppend> {
    let mut prev_hash = head;
    let mut rows = Vec::with_capacity(entries.len());
    for entry in entries {
        let row_hash = row_hash(&RowFields {
            tenant,
            review_id: Some(review_id),
            prev_hash: &prev_hash,
            content_hash,
            from_stage: entry.from.map(Stage::as_str),
            to_stage: Some(entry.to.as_str()),
            actor: &entry.actor,
            role: entry.role,
            reason_code: entry.reason_code,
            note: entry.note.as_deref(),
            at_ms,
        });
        rows.push(AuditAppend {
            prev_hash: std::mem::replace(&mut prev_hash, row_hash.clone()),
            content_hash: content_hash.to_owned(),
            from_stage: entry.from,
            to_stage: entry.to,
            actor: entry.actor.clone(),
            role: entry.role,
            reason_code: entry.reason_code,
            note: entry.note.clone(),
            row_hash,
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(note: Option<&'a str>, reason: Option<&'a str>) -> RowFields<'a> {
        RowFields {
            tenant: "harbor",
            review_id: Some("r1"),
            prev_hash: "00",
            content_hash: "ab",
            from_stage: None,
            to_stage: Some("screening"),
            actor: "visitor",
            role: "author",
            reason_code: reason,
            note,
            at_ms: 1,
        }
    }

    #[test]
    fn hash_changes_with_any_field_and_is_unambiguous() {
        let base = row_hash(&fields(None, None));
        assert_eq!(base, row_hash(&fields(None, None)));
        assert_ne!(base, row_hash(&fields(Some(""), None)));
        assert_ne!(
            row_hash(&fields(Some("ab"), None)),
            row_hash(&fields(None, Some("ab")))
        );
    }
}
