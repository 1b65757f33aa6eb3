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
    pub review_seq: Option<i64>,
    pub action: &'a str,
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
    let review_seq = fields.review_seq.map(|seq| seq.to_string());
    let parts = [
        Some(fields.tenant),
        fields.review_id,
        review_seq.as_deref(),
        Some(fields.action),
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
    /// What was done: `submit`, or the decision's name.
    pub action: &'static str,
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
            action: "submit",
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
            action: event.decision.as_str(),
            from: Some(event.from),
            to: event.to,
            actor: event.actor_id.clone(),
            role: event.role.as_str(),
            reason_code: event.reason.map(|reason| reason.code()),
            note: event.note.clone(),
        }
    }
}

/// Links `entries` (oldest first) of one review onto the tenant's chain head `head`; the first entry becomes
/// row number `version + 1` of the review's trail.
pub fn chain(
    tenant: &str,
    review_id: &str,
    head: String,
    content_hash: &str,
    entries: &[Entry],
    version: i64,
    at_ms: i64,
) -> Vec<AuditAppend> {
    let mut prev_hash = head;
    let mut rows = Vec::with_capacity(entries.len());
    for (offset, entry) in entries.iter().enumerate() {
        let review_seq = version + 1 + offset as i64;
        let row_hash = row_hash(&RowFields {
            tenant,
            review_id: Some(review_id),
            review_seq: Some(review_seq),
            action: entry.action,
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
            review_id: Some(review_id.to_owned()),
            review_seq: Some(review_seq),
            action: entry.action,
            prev_hash: std::mem::replace(&mut prev_hash, row_hash.clone()),
            content_hash: content_hash.to_owned(),
            from_stage: entry.from,
            to_stage: Some(entry.to),
            actor: entry.actor.clone(),
            role: entry.role,
            reason_code: entry.reason_code,
            note: entry.note.clone(),
            at_ms,
            row_hash,
        });
    }
    rows
}

/// One archive row for a staff change that is not a review transition (tokens, settings, catalogue, …):
/// `content` is the change as JSON, and its SHA-256 is what the row vouches for.
pub struct StaffChange<'a> {
    pub action: &'static str,
    pub actor: &'a str,
    pub role: &'static str,
    pub content: &'a str,
    pub note: Option<String>,
}

pub fn staff_change(
    tenant: &str,
    head: String,
    change: &StaffChange<'_>,
    at_ms: i64,
) -> AuditAppend {
    let content_hash = sha256_hex(change.content.as_bytes());
    let row_hash = row_hash(&RowFields {
        tenant,
        review_id: None,
        review_seq: None,
        action: change.action,
        prev_hash: &head,
        content_hash: &content_hash,
        from_stage: None,
        to_stage: None,
        actor: change.actor,
        role: change.role,
        reason_code: None,
        note: change.note.as_deref(),
        at_ms,
    });
    AuditAppend {
        review_id: None,
        review_seq: None,
        action: change.action,
        prev_hash: head,
        content_hash,
        from_stage: None,
        to_stage: None,
        actor: change.actor.to_owned(),
        role: change.role,
        reason_code: None,
        note: change.note.clone(),
        at_ms,
        row_hash,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(note: Option<&'a str>, reason: Option<&'a str>) -> RowFields<'a> {
        RowFields {
            tenant: "harbor",
            review_id: Some("r1"),
            review_seq: Some(1),
            action: "submit",
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
