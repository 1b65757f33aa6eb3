//! The archive's hash chain: each row's hash covers the previous row's hash and everything the row says, so any rewrite is evident.

use candor_domain::Stage;
use candor_domain::moderation::{ActorRole, AuditEvent};
use sha2::{Digest, Sha256};

use crate::auth::Staff;
use crate::error::ApiError;
use crate::store::AuditAppend;

/// The text a staff change archives: its `candor_domain::archive` content type as JSON.
pub fn content(value: &impl serde::Serialize) -> Result<String, ApiError> {
    serde_json::to_string(value)
        .map_err(|_| ApiError::Misconfigured("archive content serialisation"))
}

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
    /// Version 1 (rows before migration 0009) stops here; version 2 also covers the three fields below.
    pub hash_version: i64,
    pub person_id: Option<&'a str>,
    pub credential_id: Option<&'a str>,
    pub lineage_id: Option<&'a str>,
}

/// The hash version every new row is written with.
pub const HASH_VERSION: i64 = 2;

/// SHA-256 over the length-prefixed fields (no separator ambiguity). Version 2 appends the version itself and
/// person, credential and lineage, so a version-1 row still verifies with the fields it was written with.
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
    let version = fields.hash_version.to_string();
    let v2 = [
        Some(version.as_str()),
        fields.person_id,
        fields.credential_id,
        fields.lineage_id,
    ];
    let extra: &[Option<&str>] = if fields.hash_version >= 2 { &v2 } else { &[] };
    let mut hasher = Sha256::new();
    for part in parts.iter().chain(extra).copied() {
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
    /// The staff person who acted, and with which token; `None` for author, visitor and screener.
    pub person_id: Option<String>,
    pub credential_id: Option<String>,
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
            person_id: None,
            credential_id: None,
        }
    }
}

impl From<&AuditEvent> for Entry {
    /// The event's actor; for staff, `actor_id` is the person id (see `Entry::by_staff` for name and credential).
    fn from(event: &AuditEvent) -> Entry {
        let staff = matches!(event.role, ActorRole::Staff(_));
        Entry {
            action: event.decision.as_str(),
            from: Some(event.from),
            to: event.to,
            actor: event.actor_id.clone(),
            role: event.role.as_str(),
            reason_code: event.reason.map(|reason| reason.code()),
            note: event.note.clone(),
            person_id: staff.then(|| event.actor_id.clone()),
            credential_id: None,
        }
    }
}

impl Entry {
    /// A staff member's decision: the row's actor is their display name, `person_id` and `credential_id` say who.
    pub fn by_staff(event: &AuditEvent, display_name: &str, credential_id: &str) -> Entry {
        Entry {
            actor: display_name.to_owned(),
            credential_id: Some(credential_id.to_owned()),
            ..Entry::from(event)
        }
    }
}

/// Links `entries` (oldest first) of one review onto the tenant's chain head `head`; the first entry becomes
/// row number `version + 1` of the review's trail. `lineage_id` goes on stage decisions (the four-eyes trigger).
#[allow(clippy::too_many_arguments)]
pub fn chain(
    tenant: &str,
    review_id: &str,
    head: String,
    content_hash: &str,
    entries: &[Entry],
    version: i64,
    lineage_id: Option<&str>,
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
            hash_version: HASH_VERSION,
            person_id: entry.person_id.as_deref(),
            credential_id: entry.credential_id.as_deref(),
            lineage_id,
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
            person_id: entry.person_id.clone(),
            credential_id: entry.credential_id.clone(),
            lineage_id: lineage_id.map(str::to_owned),
        });
    }
    rows
}

/// One archive row for a staff change that is not a review transition (tokens, settings, catalogue, …):
/// `content` is the change as JSON, and its SHA-256 is what the row vouches for.
pub struct StaffChange<'a> {
    pub action: &'static str,
    /// The display name (or `platform`, `screener`).
    pub actor: &'a str,
    pub role: &'static str,
    pub content: &'a str,
    pub note: Option<String>,
    /// The acting person and their token; `None` for the platform operator and the screener.
    pub person_id: Option<&'a str>,
    pub credential_id: Option<&'a str>,
}

impl<'a> StaffChange<'a> {
    /// A change made by a member of staff with their token.
    pub fn by(
        staff: &'a Staff,
        action: &'static str,
        content: &'a str,
        note: Option<String>,
    ) -> StaffChange<'a> {
        StaffChange {
            action,
            actor: &staff.display_name,
            role: staff.role.as_str(),
            content,
            note,
            person_id: Some(&staff.person_id),
            credential_id: Some(&staff.token_id),
        }
    }
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
        hash_version: HASH_VERSION,
        person_id: change.person_id,
        credential_id: change.credential_id,
        lineage_id: None,
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
        person_id: change.person_id.map(str::to_owned),
        credential_id: change.credential_id.map(str::to_owned),
        lineage_id: None,
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
            hash_version: 1,
            person_id: None,
            credential_id: None,
            lineage_id: None,
        }
    }

    #[test]
    fn version_two_covers_person_credential_and_lineage_and_version_one_is_unchanged() {
        // A version-1 row's hash ignores the new fields, so rows written before migration 0009 still verify.
        let mut old = fields(None, None);
        let v1 = row_hash(&old);
        old.person_id = Some("p1");
        assert_eq!(v1, row_hash(&old));
        let mut new = fields(None, None);
        new.hash_version = 2;
        let v2 = row_hash(&new);
        assert_ne!(v1, v2);
        new.person_id = Some("p1");
        let with_person = row_hash(&new);
        assert_ne!(v2, with_person);
        new.person_id = None;
        new.credential_id = Some("p1");
        assert_ne!(with_person, row_hash(&new));
        new.credential_id = None;
        new.lineage_id = Some("p1");
        assert_ne!(with_person, row_hash(&new));
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
