//! The only code that speaks SQL. Every query takes the tenant id; every multi-row change is one D1 batch (one transaction).

use candor_domain::settings::TenantSettings;
use candor_domain::{ScopedDelta, Stage, ValidReview};
use serde::Deserialize;
use worker::{D1PreparedStatement, Env, query};

use crate::error::ApiError;
use crate::faults::FaultPlan;

mod analytics;
mod db;
mod neutrality;
use db::{Db, Via};

mod escalations;
mod people;
mod responses;
mod summary;
mod webhooks;
pub use escalations::*;
pub use people::*;
pub use responses::*;
pub use summary::SummaryInputs;
pub use webhooks::*;

pub struct Store {
    db: Db,
}

/// A product as the public routes need it: its line's visibility, its questions and the tenant's origins.
pub struct Product {
    pub name: String,
    pub line_visible: bool,
    pub attributes: Vec<Attribute>,
    pub allowed_origins: Vec<String>,
}

#[derive(Deserialize)]
pub struct Attribute {
    pub key: String,
    pub label_en: String,
    pub label_zh: String,
}

/// The first answer given to an `Idempotency-Key`.
#[derive(Deserialize)]
pub struct StoredAnswer {
    pub request_hash: String,
    pub response: String,
}

/// Everything written when a submission is accepted.
pub struct NewSubmission<'a> {
    pub tenant: &'a str,
    pub product: &'a str,
    pub review_id: &'a str,
    pub review: &'a ValidReview,
    /// Where screening left it: `screening` (held), `compliance_review` (passed) or `rejected`.
    pub stage: Stage,
    pub reason_code: Option<&'a str>,
    pub findings_json: &'a str,
    pub content_hash: &'a str,
    pub fingerprint: &'a str,
    pub idempotency_key: &'a str,
    pub request_hash: &'a str,
    pub response: &'a str,
    /// For a revision: the rejected original it supersedes (its archive row comes before `audit`).
    pub superseded: Option<Superseded<'a>>,
    /// Archive rows, oldest first; the first links to the tenant's chain head (or to `superseded`'s row).
    pub audit: Vec<AuditAppend>,
    /// A customer-service case screening opened (complaint language), archived after `audit`.
    pub escalation: Option<NewEscalation>,
    pub now_ms: i64,
}

/// The rejected review a revision supersedes, with the archive row that says so.
pub struct Superseded<'a> {
    pub original_id: &'a str,
    /// The version the revision was accepted on; its archive row takes number `version + 1`.
    pub original_version: i64,
    pub audit: AuditAppend,
}

/// One row appended to the archive; `prev_hash` must be the tenant's current chain head.
pub struct AuditAppend {
    pub review_id: Option<String>,
    /// The row's number in its review's trail (`reviews.version` after it); `None` for staff changes.
    pub review_seq: Option<i64>,
    pub action: &'static str,
    pub prev_hash: String,
    pub content_hash: String,
    pub from_stage: Option<Stage>,
    pub to_stage: Option<Stage>,
    pub actor: String,
    pub role: &'static str,
    pub reason_code: Option<&'static str>,
    pub note: Option<String>,
    pub at_ms: i64,
    pub row_hash: String,
    /// Who acted (a person of the tenant) with which token; `None` for author, visitor, screener, platform.
    pub person_id: Option<String>,
    pub credential_id: Option<String>,
    /// The review's lineage, on stage decisions (the four-eyes trigger reads it).
    pub lineage_id: Option<String>,
}

#[derive(Deserialize)]
struct ProductRow {
    name: String,
    line_visible: u8,
    allowed_origins: String,
}

#[derive(Deserialize)]
struct StatusRow {
    stage: String,
    reason_code: Option<String>,
    created_at: i64,
}

/// Where one review stands, as its author sees it.
pub struct StoredStatus {
    pub stage: Stage,
    pub reason_code: Option<String>,
    /// When it was submitted: the issue time of its status token.
    pub submitted_at: i64,
}

#[derive(Deserialize)]
struct HashRow {
    row_hash: String,
}

/// Whether the first statement of a batch changed exactly one row.
fn first_changed(results: &[worker::D1Result]) -> bool {
    results
        .first()
        .and_then(|result| result.meta().ok().flatten())
        .and_then(|meta| meta.changes)
        == Some(1)
}

/// The `prev_hash` of a tenant's first audit row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl Store {
    pub fn open(env: &Env) -> Result<Store, ApiError> {
        let db = env
            .d1("DB")
            .map_err(|_| ApiError::Misconfigured("D1 binding DB"))?;
        Ok(Store { db: Db::new(db) })
    }

    /// The same store, failing a share of its D1 calls as the request's fault plan asks (test hooks only).
    pub fn with_faults(self, faults: FaultPlan) -> Store {
        Store {
            db: self.db.with_faults(faults),
        }
    }

    /// The product, unless the tenant, the product or its line is unknown or archived.
    pub async fn product(&self, tenant: &str, product: &str) -> Result<Option<Product>, ApiError> {
        let row: Option<ProductRow> = query!(
            &self.db,
            "SELECT p.name AS name, l.visible AS line_visible, t.allowed_origins AS allowed_origins
             FROM products p
             JOIN product_lines l ON l.tenant_id = p.tenant_id AND l.id = p.line_id
             JOIN tenants t ON t.id = p.tenant_id
             WHERE p.tenant_id = ?1 AND p.id = ?2 AND p.archived = 0 AND l.archived = 0",
            tenant,
            product
        )?
        .via(&self.db)
        .first(None)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let attributes = query!(
            &self.db,
            "SELECT key, label_en, label_zh FROM attributes
             WHERE tenant_id = ?1 AND product_id = ?2 AND archived = 0 ORDER BY position, key",
            tenant,
            product
        )?
        .via(&self.db)
        .all()
        .await?
        .results::<Attribute>()?;
        Ok(Some(Product {
            name: row.name,
            line_visible: row.line_visible == 1,
            attributes,
            allowed_origins: stored_origins(tenant, &row.allowed_origins)?,
        }))
    }

    pub async fn stored_answer(
        &self,
        tenant: &str,
        key: &str,
    ) -> Result<Option<StoredAnswer>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT request_hash, response FROM idempotency_keys WHERE tenant_id = ?1 AND key = ?2",
            tenant,
            key
        )?
        .via(&self.db)
        .first(None)
        .await?)
    }

    /// The tenant's audit chain head: the hash of its newest archive row.
    pub async fn audit_head(&self, tenant: &str) -> Result<String, ApiError> {
        let row: Option<HashRow> = query!(
            &self.db,
            "SELECT row_hash FROM audit_log WHERE tenant_id = ?1 ORDER BY seq DESC LIMIT 1",
            tenant
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.map_or_else(|| GENESIS_HASH.to_owned(), |row| row.row_hash))
    }

    /// The hash of the archive row appended on `head`, if one was: the probe that tells whether a batch whose
    /// outcome D1 did not report landed (its own row is there), lost the head (another row is) or neither.
    pub async fn chain_successor(
        &self,
        tenant: &str,
        head: &str,
    ) -> Result<Option<String>, ApiError> {
        let row: Option<HashRow> = query!(
            &self.db,
            "SELECT row_hash FROM audit_log WHERE tenant_id = ?1 AND prev_hash = ?2",
            tenant,
            head
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.map(|row| row.row_hash))
    }

    /// Stores an accepted submission: idempotency answer, review, contact and audit row, all or nothing.
    /// Fails as a whole when the key was taken concurrently or the audit chain head moved.
    pub async fn insert_submission(&self, new: &NewSubmission<'_>) -> Result<(), worker::Error> {
        let review = new.review;
        let attributes = serde_json::to_string(&review.attributes)
            .map_err(|e| worker::Error::RustError(e.to_string()))?;
        let mut statements = vec![
            query!(
                &self.db,
                "INSERT INTO idempotency_keys (tenant_id, key, request_hash, review_id, response, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                new.tenant,
                new.idempotency_key,
                new.request_hash,
                new.review_id,
                new.response,
                new.now_ms
            )?,
            query!(
                &self.db,
                "INSERT INTO reviews (tenant_id, id, product_id, stage, rating, attributes, would_recommend, title, body,
                                      nickname, segment, relationship, incentive, locale, content_hash, created_at, updated_at,
                                      reason_code, fingerprint, findings, version, revision_of, lineage_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, ?18, ?19, ?20, ?21,
                         coalesce((SELECT o.lineage_id FROM reviews o WHERE o.tenant_id = ?1 AND o.id = ?21), ?2))",
                new.tenant,
                new.review_id,
                new.product,
                new.stage.as_str(),
                review.rating.get(),
                attributes,
                u8::from(review.would_recommend),
                review.title,
                review.body,
                review.nickname,
                review.segment,
                review.relationship.as_str(),
                review.incentive.as_str(),
                review.locale.as_str(),
                new.content_hash,
                new.now_ms,
                new.reason_code,
                new.fingerprint,
                new.findings_json,
                new.audit.len() as i64,
                new.superseded.as_ref().map(|superseded| superseded.original_id)
            )?,
        ];
        if let Some(superseded) = &new.superseded {
            statements.push(query!(
                &self.db,
                "UPDATE reviews SET superseded_by = ?3, version = ?4 + 1
                 WHERE tenant_id = ?1 AND id = ?2 AND stage = 'rejected' AND superseded_by IS NULL AND version = ?4",
                new.tenant,
                superseded.original_id,
                new.review_id,
                superseded.original_version
            )?);
            statements.push(self.audit_insert(new.tenant, &superseded.audit)?);
        }
        if let Some(email) = &review.contact_email {
            statements.push(query!(
                &self.db,
                "INSERT INTO review_contacts (tenant_id, review_id, email) VALUES (?1, ?2, ?3)",
                new.tenant,
                new.review_id,
                email
            )?);
        }
        for audit in &new.audit {
            statements.push(self.audit_insert(new.tenant, audit)?);
        }
        if let Some(escalation) = &new.escalation {
            statements.extend(self.escalation_inserts(new.tenant, escalation)?);
        }
        self.db.batch(statements).await?;
        Ok(())
    }

    /// The statement that appends one archive row.
    fn audit_insert(
        &self,
        tenant: &str,
        audit: &AuditAppend,
    ) -> Result<D1PreparedStatement, worker::Error> {
        query!(
            &self.db,
            "INSERT INTO audit_log (tenant_id, review_id, review_seq, action, prev_hash, content_hash, from_stage,
                                    to_stage, actor, role, reason_code, note, at, row_hash, person_id, credential_id,
                                    lineage_id, hash_version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 2)",
            tenant,
            audit.review_id,
            audit.review_seq,
            audit.action,
            audit.prev_hash,
            audit.content_hash,
            audit.from_stage.map(Stage::as_str),
            audit.to_stage.map(Stage::as_str),
            audit.actor,
            audit.role,
            audit.reason_code,
            audit.note,
            audit.at_ms,
            audit.row_hash,
            audit.person_id,
            audit.credential_id,
            audit.lineage_id
        )
    }

    /// The statement that appends one archive row only if the statement before it in the batch changed a row.
    fn audit_insert_if_changed(
        &self,
        tenant: &str,
        audit: &AuditAppend,
    ) -> Result<D1PreparedStatement, worker::Error> {
        query!(
            &self.db,
            "INSERT INTO audit_log (tenant_id, review_id, review_seq, action, prev_hash, content_hash, from_stage,
                                    to_stage, actor, role, reason_code, note, at, row_hash, person_id, credential_id,
                                    lineage_id, hash_version)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 2
             WHERE changes() = 1",
            tenant,
            audit.review_id,
            audit.review_seq,
            audit.action,
            audit.prev_hash,
            audit.content_hash,
            audit.from_stage.map(Stage::as_str),
            audit.to_stage.map(Stage::as_str),
            audit.actor,
            audit.role,
            audit.reason_code,
            audit.note,
            audit.at_ms,
            audit.row_hash,
            audit.person_id,
            audit.credential_id,
            audit.lineage_id
        )
    }

    /// Whether a review of this product already has this body fingerprint (exact duplicate).
    pub async fn fingerprint_exists(
        &self,
        tenant: &str,
        product: &str,
        fingerprint: &str,
    ) -> Result<bool, ApiError> {
        let row: Option<serde_json::Value> = query!(
            &self.db,
            "SELECT 1 AS found FROM reviews WHERE tenant_id = ?1 AND product_id = ?2 AND fingerprint = ?3 LIMIT 1",
            tenant,
            product,
            fingerprint
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.is_some())
    }

    /// Stage and public reason of one review of this tenant.
    pub async fn review_status(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Option<StoredStatus>, ApiError> {
        let row: Option<StatusRow> = query!(
            &self.db,
            "SELECT stage, reason_code, created_at FROM reviews WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            review_id
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.and_then(|row| {
            Stage::parse(&row.stage).map(|stage| StoredStatus {
                stage,
                reason_code: row.reason_code,
                submitted_at: row.created_at,
            })
        }))
    }
}

/// A staff token as stored (never the token itself, only its hash), with its person's current role and state.
#[derive(Deserialize)]
pub struct TokenRow {
    pub id: String,
    pub tenant_id: String,
    /// The person's role now (a role change applies to every token of the person).
    pub role: String,
    pub person_id: String,
    pub display_name: String,
    pub active: u8,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

/// A token to store: its hash, never its text.
pub struct NewToken<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub role: &'a str,
    pub person_id: &'a str,
    /// The person's display name at issue time (kept in `staff_tokens.person`).
    pub display_name: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A review as staff see it: everything, including the contact e-mail kept apart from it.
#[derive(Deserialize)]
pub struct ReviewRow {
    pub id: String,
    pub product_id: String,
    pub stage: String,
    pub version: i64,
    pub flagged: u8,
    pub rating: u8,
    pub attributes: String,
    pub would_recommend: u8,
    pub title: String,
    pub body: String,
    pub nickname: String,
    pub segment: Option<String>,
    pub relationship: String,
    pub incentive: String,
    pub locale: String,
    pub reason_code: Option<String>,
    pub content_hash: String,
    pub findings: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub helpful: i64,
    pub contact_email: Option<String>,
    pub revision_of: Option<String>,
    pub superseded_by: Option<String>,
    /// The first review of its revision chain (migration 0009); the archive's four-eyes trigger reads it.
    pub lineage_id: Option<String>,
}

/// One staff decision already taken on a review (for four-eyes).
#[derive(Deserialize)]
pub struct DeciderRow {
    /// The person id (rows before migration 0009: the name, which is the migrated person's id).
    pub actor: String,
    pub role: String,
}

/// One archive row as stored.
#[derive(Deserialize, serde::Serialize)]
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

/// One item waiting in a staff queue.
#[derive(Deserialize)]
pub struct QueueRow {
    pub id: String,
    pub product_id: String,
    pub stage: String,
    pub flagged: u8,
    pub title: String,
    pub locale: String,
    pub findings: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub open_flags: i64,
}

/// A published review as the public list shows it.
#[derive(Deserialize)]
pub struct PublicRow {
    pub id: String,
    pub rating: u8,
    pub attributes: String,
    pub would_recommend: u8,
    pub title: String,
    pub body: String,
    pub nickname: String,
    pub segment: Option<String>,
    pub relationship: String,
    pub incentive: String,
    pub locale: String,
    pub created_at: i64,
    pub helpful: i64,
}

/// Orders of the public list; the stored key each one sorts by first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSort {
    Newest,
    Highest,
    Lowest,
    Helpful,
}

/// Where the previous page ended: the sort key, `created_at` and `id` of its last review.
pub struct ListAfter {
    pub key: i64,
    pub created_at: i64,
    pub id: String,
}

/// One query of the public list.
pub struct ListQuery<'a> {
    pub sort: ListSort,
    pub rating: Option<u8>,
    pub locale: Option<&'a str>,
    pub after: Option<ListAfter>,
    pub limit: u32,
}

/// A visitor's flag: stored with the transition the review's first flag causes, or alone (`Store::add_flag`).
#[derive(Clone, Copy)]
pub struct NewFlag<'a> {
    pub id: &'a str,
    pub visitor: &'a str,
    pub reason: &'static str,
    pub note: Option<&'a str>,
}

/// Everything one stage change writes, in one batch: the conditional update, its archive row,
/// the aggregate changes and (for a visitor's report) the flag.
pub struct TransitionWrite<'a> {
    pub tenant: &'a str,
    pub review_id: &'a str,
    pub product_id: &'a str,
    pub from: Stage,
    pub to: Stage,
    /// The version the decision was taken on; the update only applies while it is current.
    pub version: i64,
    pub flagged: bool,
    pub reason_code: Option<&'static str>,
    pub audit: AuditAppend,
    pub deltas: Vec<ScopedDelta>,
    pub flag: Option<NewFlag<'a>>,
    pub now_ms: i64,
}

impl Store {
    /// The token with this hash, of whatever tenant: the token is how a staff request names its tenant.
    pub async fn token_by_hash(&self, token_hash: &str) -> Result<Option<TokenRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT t.id, t.tenant_id, p.role, p.id AS person_id, p.display_name, p.active, t.created_at,
                    t.expires_at, t.revoked_at
             FROM staff_tokens t JOIN people p ON p.tenant_id = t.tenant_id AND p.id = t.person_id
             WHERE t.token_hash = ?1",
            token_hash
        )?
        .via(&self.db)
        .first(None)
        .await?)
    }

    pub async fn tokens(&self, tenant: &str) -> Result<Vec<TokenRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT t.id, t.tenant_id, p.role, p.id AS person_id, p.display_name, p.active, t.created_at,
                    t.expires_at, t.revoked_at
             FROM staff_tokens t JOIN people p ON p.tenant_id = t.tenant_id AND p.id = t.person_id
             WHERE t.tenant_id = ?1 ORDER BY t.created_at, t.id",
            tenant
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }

    pub async fn token(&self, tenant: &str, id: &str) -> Result<Option<TokenRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT t.id, t.tenant_id, p.role, p.id AS person_id, p.display_name, p.active, t.created_at,
                    t.expires_at, t.revoked_at
             FROM staff_tokens t JOIN people p ON p.tenant_id = t.tenant_id AND p.id = t.person_id
             WHERE t.tenant_id = ?1 AND t.id = ?2",
            tenant,
            id
        )?
        .via(&self.db)
        .first(None)
        .await?)
    }

    /// Stores a token's hash and its archive row, all or nothing; `Ok(false)` (nothing written) unless the person
    /// exists and is active.
    pub async fn insert_token(
        &self,
        tenant: &str,
        token: &NewToken<'_>,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let statements = vec![
            query!(
                &self.db,
                "INSERT INTO staff_tokens (tenant_id, id, token_hash, role, person, created_at, expires_at, person_id)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
                 WHERE EXISTS (SELECT 1 FROM people WHERE tenant_id = ?1 AND id = ?8 AND active = 1)",
                tenant,
                token.id,
                token.token_hash,
                token.role,
                token.display_name,
                token.created_at,
                token.expires_at,
                token.person_id
            )?,
            self.audit_insert_if_changed(tenant, audit)?,
        ];
        let results = self.db.batch(statements).await?;
        Ok(first_changed(&results))
    }

    /// Revokes a token unless it already is, with its archive row; `Ok(false)` when it already was revoked.
    pub async fn revoke_token(
        &self,
        tenant: &str,
        id: &str,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let statements = vec![
            query!(
                &self.db,
                "UPDATE staff_tokens SET revoked_at = ?3 WHERE tenant_id = ?1 AND id = ?2 AND revoked_at IS NULL",
                tenant,
                id,
                audit.at_ms
            )?,
            // The archive row lands only if this very update revoked it (a racing revocation archives once).
            self.audit_insert_if_changed(tenant, audit)?,
        ];
        let results = self.db.batch(statements).await?;
        Ok(first_changed(&results))
    }

    /// One review of this tenant with its contact e-mail.
    pub async fn review(&self, tenant: &str, id: &str) -> Result<Option<ReviewRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT r.id, r.product_id, r.stage, r.version, r.flagged, r.rating, r.attributes, r.would_recommend,
                    r.title, r.body, r.nickname, r.segment, r.relationship, r.incentive, r.locale, r.reason_code,
                    r.content_hash, r.findings, r.created_at, r.updated_at, r.helpful, c.email AS contact_email,
                    r.revision_of, r.superseded_by, r.lineage_id
             FROM reviews r
             LEFT JOIN review_contacts c ON c.tenant_id = r.tenant_id AND c.review_id = r.id
             WHERE r.tenant_id = ?1 AND r.id = ?2",
            tenant,
            id
        )?
        .via(&self.db)
        .first(None)
        .await?)
    }

    /// The staff decisions in a review's trail and in the trails of the reviews it revises, oldest first.
    pub async fn deciders(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Vec<DeciderRow>, ApiError> {
        Ok(query!(
            &self.db,
            "WITH RECURSIVE lineage(id) AS (
               SELECT id FROM reviews WHERE tenant_id = ?1 AND id = ?2
               UNION
               SELECT r.revision_of FROM reviews r JOIN lineage l ON r.tenant_id = ?1 AND r.id = l.id
               WHERE r.revision_of IS NOT NULL
             )
             SELECT coalesce(person_id, actor) AS actor, role FROM audit_log
             WHERE tenant_id = ?1 AND review_id IN (SELECT id FROM lineage)
               AND role IN ('moderator', 'compliance', 'owner')
             ORDER BY seq",
            tenant,
            review_id
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }

    /// A review's archive trail, oldest first.
    pub async fn review_audit(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Vec<AuditRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT seq, review_id, review_seq, action, prev_hash, content_hash, from_stage, to_stage, actor, role,
                    reason_code, note, at, row_hash, person_id, credential_id, lineage_id, hash_version
             FROM audit_log WHERE tenant_id = ?1 AND review_id = ?2 ORDER BY seq",
            tenant,
            review_id
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }

    /// Items waiting at `stage` (or, with `flagged`, published reviews with an open flag), oldest first.
    pub async fn queue(
        &self,
        tenant: &str,
        stage: Stage,
        flagged: bool,
        limit: u32,
    ) -> Result<Vec<QueueRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT r.id, r.product_id, r.stage, r.flagged, r.title, r.locale, r.findings, r.created_at, r.updated_at,
                    (SELECT count(*) FROM flags f WHERE f.tenant_id = r.tenant_id AND f.review_id = r.id) AS open_flags
             FROM reviews r
             WHERE r.tenant_id = ?1 AND r.stage = ?2 AND (?3 = 0 OR r.flagged = 1)
             ORDER BY r.updated_at ASC, r.id ASC
             LIMIT ?4",
            tenant,
            stage.as_str(),
            u8::from(flagged),
            limit
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }

    /// A page of published reviews of one product, in keyset order.
    pub async fn published_reviews(
        &self,
        tenant: &str,
        product: &str,
        list: &ListQuery<'_>,
    ) -> Result<Vec<PublicRow>, ApiError> {
        // One static statement per order; the cursor and filters are parameters (NULL = absent).
        let sql = match list.sort {
            ListSort::Newest => {
                "SELECT id, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive,
                        locale, created_at, helpful
                 FROM reviews
                 WHERE tenant_id = ?1 AND product_id = ?2 AND stage = 'published'
                   AND (?3 IS NULL OR rating = ?3) AND (?4 IS NULL OR locale = ?4)
                   AND (?6 IS NULL OR (created_at, id) < (?6, ?7))
                 ORDER BY created_at DESC, id DESC LIMIT ?8"
            }
            ListSort::Highest => {
                "SELECT id, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive,
                        locale, created_at, helpful
                 FROM reviews
                 WHERE tenant_id = ?1 AND product_id = ?2 AND stage = 'published'
                   AND (?3 IS NULL OR rating = ?3) AND (?4 IS NULL OR locale = ?4)
                   AND (?5 IS NULL OR rating < ?5 OR (rating = ?5 AND (created_at, id) < (?6, ?7)))
                 ORDER BY rating DESC, created_at DESC, id DESC LIMIT ?8"
            }
            ListSort::Lowest => {
                "SELECT id, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive,
                        locale, created_at, helpful
                 FROM reviews
                 WHERE tenant_id = ?1 AND product_id = ?2 AND stage = 'published'
                   AND (?3 IS NULL OR rating = ?3) AND (?4 IS NULL OR locale = ?4)
                   AND (?5 IS NULL OR rating > ?5 OR (rating = ?5 AND (created_at, id) < (?6, ?7)))
                 ORDER BY rating ASC, created_at DESC, id DESC LIMIT ?8"
            }
            ListSort::Helpful => {
                "SELECT id, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive,
                        locale, created_at, helpful
                 FROM reviews
                 WHERE tenant_id = ?1 AND product_id = ?2 AND stage = 'published'
                   AND (?3 IS NULL OR rating = ?3) AND (?4 IS NULL OR locale = ?4)
                   AND (?5 IS NULL OR helpful < ?5 OR (helpful = ?5 AND (created_at, id) < (?6, ?7)))
                 ORDER BY helpful DESC, created_at DESC, id DESC LIMIT ?8"
            }
        };
        let (key, created_at, id) = match &list.after {
            Some(after) => (
                Some(after.key),
                Some(after.created_at),
                Some(after.id.as_str()),
            ),
            None => (None, None, None),
        };
        Ok(query!(
            &self.db,
            sql,
            tenant,
            product,
            list.rating,
            list.locale,
            key,
            created_at,
            id,
            list.limit
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }

    /// Applies one stage change: all of it or nothing. Fails as a whole when the review moved on meanwhile
    /// (its archive row number is taken), the tenant's chain head moved, or the visitor already flagged it.
    pub async fn apply_transition(&self, write: &TransitionWrite<'_>) -> Result<(), worker::Error> {
        let mut statements = vec![query!(
            &self.db,
            "UPDATE reviews SET stage = ?3, version = ?5 + 1, flagged = ?6, reason_code = ?7, updated_at = ?8
             WHERE tenant_id = ?1 AND id = ?2 AND stage = ?4 AND version = ?5",
            write.tenant,
            write.review_id,
            write.to.as_str(),
            write.from.as_str(),
            write.version,
            u8::from(write.flagged),
            write.reason_code,
            write.now_ms
        )?];
        statements.push(self.audit_insert(write.tenant, &write.audit)?);
        if let Some(flag) = &write.flag {
            statements.push(query!(
                &self.db,
                "INSERT INTO flags (tenant_id, id, review_id, visitor, reason, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                write.tenant,
                flag.id,
                write.review_id,
                flag.visitor,
                flag.reason,
                flag.note,
                write.now_ms
            )?);
        }
        for scoped in &write.deltas {
            let d = &scoped.delta;
            match &scoped.attribute {
                None => {
                    statements.push(query!(
                        &self.db,
                        "INSERT OR IGNORE INTO aggregates (tenant_id, product_id, scope) VALUES (?1, ?2, ?3)",
                        write.tenant,
                        write.product_id,
                        scoped.scope
                    )?);
                    statements.push(query!(
                        &self.db,
                        "UPDATE aggregates SET count = count + ?4, sum = sum + ?5, h1 = h1 + ?6, h2 = h2 + ?7,
                                h3 = h3 + ?8, h4 = h4 + ?9, h5 = h5 + ?10, would_recommend = would_recommend + ?11
                         WHERE tenant_id = ?1 AND product_id = ?2 AND scope = ?3",
                        write.tenant,
                        write.product_id,
                        scoped.scope,
                        d.count,
                        d.sum,
                        d.histogram[0],
                        d.histogram[1],
                        d.histogram[2],
                        d.histogram[3],
                        d.histogram[4],
                        d.would_recommend
                    )?);
                }
                Some(attribute) => {
                    statements.push(query!(
                        &self.db,
                        "INSERT OR IGNORE INTO attribute_aggregates (tenant_id, product_id, scope, attribute)
                         VALUES (?1, ?2, ?3, ?4)",
                        write.tenant,
                        write.product_id,
                        scoped.scope,
                        attribute
                    )?);
                    statements.push(query!(
                        &self.db,
                        "UPDATE attribute_aggregates SET count = count + ?5, sum = sum + ?6, h1 = h1 + ?7,
                                h2 = h2 + ?8, h3 = h3 + ?9, h4 = h4 + ?10, h5 = h5 + ?11,
                                would_recommend = would_recommend + ?12
                         WHERE tenant_id = ?1 AND product_id = ?2 AND scope = ?3 AND attribute = ?4",
                        write.tenant,
                        write.product_id,
                        scoped.scope,
                        attribute,
                        d.count,
                        d.sum,
                        d.histogram[0],
                        d.histogram[1],
                        d.histogram[2],
                        d.histogram[3],
                        d.histogram[4],
                        d.would_recommend
                    )?);
                }
            }
        }
        self.db.batch(statements).await?;
        Ok(())
    }

    /// The version of a review now (to tell a lost race from a moved chain head).
    pub async fn review_version(&self, tenant: &str, id: &str) -> Result<Option<i64>, ApiError> {
        #[derive(Deserialize)]
        struct Row {
            version: i64,
        }
        let row: Option<Row> = query!(
            &self.db,
            "SELECT version FROM reviews WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            id
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.map(|row| row.version))
    }

    /// Whether this visitor already flagged this review.
    pub async fn flag_exists(
        &self,
        tenant: &str,
        review_id: &str,
        visitor: &str,
    ) -> Result<bool, ApiError> {
        let row: Option<serde_json::Value> = query!(
            &self.db,
            "SELECT 1 AS found FROM flags WHERE tenant_id = ?1 AND review_id = ?2 AND visitor = ?3",
            tenant,
            review_id,
            visitor
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.is_some())
    }

    /// Whether anyone ever flagged this review (a review is moved into compliance's queue by its first flag only).
    pub async fn has_flags(&self, tenant: &str, review_id: &str) -> Result<bool, ApiError> {
        let row: Option<serde_json::Value> = query!(
            &self.db,
            "SELECT 1 AS found FROM flags WHERE tenant_id = ?1 AND review_id = ?2 LIMIT 1",
            tenant,
            review_id
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.is_some())
    }

    /// Records a flag on a review that is still published, without touching the review (no stage change, no
    /// version, no archive row), so it can never collide with compliance's decision. `Ok(false)` when nothing was
    /// stored: this visitor already flagged it, or it is no longer published.
    pub async fn add_flag(
        &self,
        tenant: &str,
        review_id: &str,
        flag: &NewFlag<'_>,
        now_ms: i64,
    ) -> Result<bool, ApiError> {
        let results = self
            .db
            .batch(vec![query!(
                &self.db,
                "INSERT OR IGNORE INTO flags (tenant_id, id, review_id, visitor, reason, note, created_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
                 WHERE EXISTS (SELECT 1 FROM reviews WHERE tenant_id = ?1 AND id = ?3 AND stage = 'published')",
                tenant,
                flag.id,
                review_id,
                flag.visitor,
                flag.reason,
                flag.note,
                now_ms
            )?])
            .await?;
        let stored = results
            .first()
            .and_then(|result| result.meta().ok().flatten())
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        Ok(stored == 1)
    }

    /// Counts one helpful vote of a visitor on a published review; `Ok(false)` if this visitor already voted.
    pub async fn vote_helpful(
        &self,
        tenant: &str,
        review_id: &str,
        visitor: &str,
        now_ms: i64,
    ) -> Result<bool, ApiError> {
        let statements = vec![
            query!(
                &self.db,
                "INSERT OR IGNORE INTO helpful_votes (tenant_id, review_id, visitor, created_at) VALUES (?1, ?2, ?3, ?4)",
                tenant,
                review_id,
                visitor,
                now_ms
            )?,
            // Counts only when the insert above did: a repeated vote changes nothing.
            query!(
                &self.db,
                "UPDATE reviews SET helpful = helpful + 1
                 WHERE tenant_id = ?1 AND id = ?2 AND stage = 'published' AND changes() = 1",
                tenant,
                review_id
            )?,
        ];
        let results = self.db.batch(statements).await?;
        let counted = results
            .get(1)
            .and_then(|result| result.meta().ok().flatten())
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        Ok(counted == 1)
    }

    /// The helpful count of one review.
    pub async fn helpful_count(&self, tenant: &str, review_id: &str) -> Result<i64, ApiError> {
        #[derive(Deserialize)]
        struct Row {
            helpful: i64,
        }
        let row: Option<Row> = query!(
            &self.db,
            "SELECT helpful FROM reviews WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            review_id
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.map_or(0, |row| row.helpful))
    }
}

impl Store {
    /// Up to `limit` archive rows of the tenant with `from_ms <= at < to_ms` after `after_seq`, in chain order.
    pub async fn audit_page(
        &self,
        tenant: &str,
        from_ms: i64,
        to_ms: i64,
        after_seq: i64,
        limit: u32,
    ) -> Result<Vec<AuditRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT seq, review_id, review_seq, action, prev_hash, content_hash, from_stage, to_stage, actor, role,
                    reason_code, note, at, row_hash, person_id, credential_id, lineage_id, hash_version
             FROM audit_log
             WHERE tenant_id = ?1 AND at >= ?2 AND at < ?3 AND seq > ?4
             ORDER BY seq LIMIT ?5",
            tenant,
            from_ms,
            to_ms,
            after_seq,
            limit
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }
}

/// A product line as staff see it.
#[derive(Deserialize, serde::Serialize)]
pub struct LineRow {
    pub id: String,
    pub name: String,
    pub visible: u8,
    pub archived: u8,
}

/// A product as staff see it.
#[derive(Deserialize, serde::Serialize)]
pub struct CatalogueProductRow {
    pub id: String,
    pub line_id: String,
    pub name: String,
    pub archived: u8,
}

/// An attribute question as staff see it.
#[derive(Deserialize, serde::Serialize)]
pub struct AttributeRow {
    pub product_id: String,
    pub key: String,
    pub label_en: String,
    pub label_zh: String,
    pub position: i64,
    pub archived: u8,
}

/// A disclosure version.
#[derive(Deserialize, serde::Serialize)]
pub struct DisclosureRow {
    pub version: i64,
    pub text_en: String,
    pub text_zh: Option<String>,
    pub created_at: i64,
    pub created_by: String,
}

/// A tenant's public face.
#[derive(Deserialize)]
pub struct TenantRow {
    pub id: String,
    pub name: String,
}

/// One staff change to the catalogue or the disclosure; stored with its archive row in one batch.
pub enum StaffWrite<'a> {
    InsertLine {
        id: &'a str,
        name: &'a str,
        visible: bool,
    },
    UpdateLine {
        id: &'a str,
        name: Option<&'a str>,
        visible: Option<bool>,
        archived: Option<bool>,
    },
    InsertProduct {
        id: &'a str,
        line_id: &'a str,
        name: &'a str,
    },
    UpdateProduct {
        id: &'a str,
        name: Option<&'a str>,
        archived: Option<bool>,
    },
    InsertAttribute {
        product: &'a str,
        key: &'a str,
        label_en: &'a str,
        label_zh: &'a str,
        position: i64,
    },
    UpdateAttribute {
        product: &'a str,
        key: &'a str,
        label_en: Option<&'a str>,
        label_zh: Option<&'a str>,
        position: Option<i64>,
        archived: Option<bool>,
    },
    InsertDisclosure {
        version: i64,
        text_en: &'a str,
        text_zh: Option<&'a str>,
        created_by: &'a str,
    },
    PutSettings {
        /// The settings without allowed origins, as JSON.
        settings_json: &'a str,
        /// The allowed origins as a JSON array (kept in `tenants`).
        origins_json: &'a str,
        updated_by: &'a str,
    },
}

impl Store {
    pub async fn tenant(&self, tenant: &str) -> Result<Option<TenantRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT id, name FROM tenants WHERE id = ?1",
            tenant
        )?
        .via(&self.db)
        .first(None)
        .await?)
    }

    pub async fn product_lines(&self, tenant: &str) -> Result<Vec<LineRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT id, name, visible, archived FROM product_lines WHERE tenant_id = ?1 ORDER BY id",
            tenant
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }

    pub async fn catalogue_products(
        &self,
        tenant: &str,
    ) -> Result<Vec<CatalogueProductRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT id, line_id, name, archived FROM products WHERE tenant_id = ?1 ORDER BY line_id, id",
            tenant
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }

    pub async fn catalogue_attributes(&self, tenant: &str) -> Result<Vec<AttributeRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT product_id, key, label_en, label_zh, position, archived FROM attributes
             WHERE tenant_id = ?1 ORDER BY product_id, position, key",
            tenant
        )?
        .via(&self.db)
        .all()
        .await?
        .results()?)
    }

    /// The newest disclosure version of the tenant, if any.
    pub async fn disclosure(&self, tenant: &str) -> Result<Option<DisclosureRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT version, text_en, text_zh, created_at, created_by FROM disclosures
             WHERE tenant_id = ?1 ORDER BY version DESC LIMIT 1",
            tenant
        )?
        .via(&self.db)
        .first(None)
        .await?)
    }

    /// Applies one staff change and its archive row, all or nothing; `Ok(false)` when an update matched no row.
    pub async fn apply_staff_write(
        &self,
        tenant: &str,
        write: &StaffWrite<'_>,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let change = match write {
            StaffWrite::InsertLine { id, name, visible } => query!(
                &self.db,
                "INSERT INTO product_lines (tenant_id, id, name, visible) VALUES (?1, ?2, ?3, ?4)",
                tenant,
                id,
                name,
                u8::from(*visible)
            )?,
            StaffWrite::UpdateLine {
                id,
                name,
                visible,
                archived,
            } => query!(
                &self.db,
                "UPDATE product_lines SET name = coalesce(?3, name), visible = coalesce(?4, visible),
                        archived = coalesce(?5, archived)
                 WHERE tenant_id = ?1 AND id = ?2",
                tenant,
                id,
                name,
                visible.map(u8::from),
                archived.map(u8::from)
            )?,
            StaffWrite::InsertProduct { id, line_id, name } => query!(
                &self.db,
                "INSERT INTO products (tenant_id, id, line_id, name) VALUES (?1, ?2, ?3, ?4)",
                tenant,
                id,
                line_id,
                name
            )?,
            StaffWrite::UpdateProduct { id, name, archived } => query!(
                &self.db,
                "UPDATE products SET name = coalesce(?3, name), archived = coalesce(?4, archived)
                 WHERE tenant_id = ?1 AND id = ?2",
                tenant,
                id,
                name,
                archived.map(u8::from)
            )?,
            StaffWrite::InsertAttribute {
                product,
                key,
                label_en,
                label_zh,
                position,
            } => query!(
                &self.db,
                "INSERT INTO attributes (tenant_id, product_id, key, label_en, label_zh, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                tenant,
                product,
                key,
                label_en,
                label_zh,
                position
            )?,
            StaffWrite::UpdateAttribute {
                product,
                key,
                label_en,
                label_zh,
                position,
                archived,
            } => query!(
                &self.db,
                "UPDATE attributes SET label_en = coalesce(?4, label_en), label_zh = coalesce(?5, label_zh),
                        position = coalesce(?6, position), archived = coalesce(?7, archived)
                 WHERE tenant_id = ?1 AND product_id = ?2 AND key = ?3",
                tenant,
                product,
                key,
                label_en,
                label_zh,
                position,
                archived.map(u8::from)
            )?,
            StaffWrite::PutSettings {
                settings_json,
                updated_by,
                ..
            } => query!(
                &self.db,
                "INSERT INTO tenant_settings (tenant_id, settings, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                tenant,
                settings_json,
                audit.at_ms,
                updated_by
            )?,
            StaffWrite::InsertDisclosure {
                version,
                text_en,
                text_zh,
                created_by,
            } => query!(
                &self.db,
                "INSERT INTO disclosures (tenant_id, version, text_en, text_zh, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                tenant,
                version,
                text_en,
                text_zh,
                audit.at_ms,
                created_by
            )?,
        };
        let mut statements = vec![change];
        if let StaffWrite::PutSettings { origins_json, .. } = write {
            statements.push(query!(
                &self.db,
                "UPDATE tenants SET allowed_origins = ?2 WHERE id = ?1",
                tenant,
                origins_json
            )?);
        }
        statements.push(self.audit_insert(tenant, audit)?);
        let results = self.db.batch(statements).await?;
        let changed = results
            .first()
            .and_then(|result| result.meta().ok().flatten())
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        Ok(changed == 1)
    }
}

impl Store {
    /// The tenant's settings (defaults until an admin saved some); `None` for an unknown tenant.
    pub async fn settings(&self, tenant: &str) -> Result<Option<TenantSettings>, ApiError> {
        #[derive(Deserialize)]
        struct Row {
            allowed_origins: String,
            settings: Option<String>,
        }
        let row: Option<Row> = query!(
            &self.db,
            "SELECT t.allowed_origins AS allowed_origins, s.settings AS settings
             FROM tenants t LEFT JOIN tenant_settings s ON s.tenant_id = t.id
             WHERE t.id = ?1",
            tenant
        )?
        .via(&self.db)
        .first(None)
        .await?;
        let Some(row) = row else { return Ok(None) };
        stored_settings(tenant, &row.allowed_origins, row.settings.as_deref()).map(Some)
    }
}

/// A tenant's stored allowed origins, strictly (see `stored_settings`).
pub fn stored_origins(tenant: &str, origins_json: &str) -> Result<Vec<String>, ApiError> {
    candor_domain::settings::parse_stored_origins(origins_json).map_err(|error| {
        worker::console_error!("tenant {tenant}: stored allowed origins refused: {error}");
        ApiError::Misconfigured("stored settings")
    })
}

/// A tenant's stored settings, strictly: what no longer parses is a 500 `misconfigured` with a log line naming the
/// tenant, never the defaults (they would silently turn its captcha or webhook off).
pub fn stored_settings(
    tenant: &str,
    origins_json: &str,
    settings_json: Option<&str>,
) -> Result<TenantSettings, ApiError> {
    candor_domain::settings::parse_stored(origins_json, settings_json).map_err(|error| {
        worker::console_error!("tenant {tenant}: stored settings refused: {error}");
        ApiError::Misconfigured("stored settings")
    })
}
