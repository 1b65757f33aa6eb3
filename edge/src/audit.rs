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

/// The one rule that hashes an archive row lives in the domain (the console recomputes it in the browser).
pub use candor_domain::archive::{HASH_VERSION, RowFields, row_hash};

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
            action: Some(entry.action),
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
        action: Some(change.action),
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
