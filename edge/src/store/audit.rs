//! The archive chain in D1: its head, the statements that append a row (always inside the batch of the change it
//! records) and the reads of a review's trail and of the tenant's export. Rows are never updated or deleted.

use candor_domain::Stage;
use serde::Deserialize;
use worker::{D1PreparedStatement, query};

use crate::error::ApiError;

use super::Store;
use super::db::{Db, Via};

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
struct HashRow {
    row_hash: String,
}

/// The `prev_hash` of a tenant's first audit row.
pub use candor_domain::archive::GENESIS_HASH;

/// One archive row as stored (its shape is part of the API: the trail and the export show it as it is).
pub use candor_domain::archive::AuditRow;

impl Store {
    /// The tenant's audit chain head: the hash of its newest archive row.
    pub async fn audit_head(&self, tenant: &str) -> Result<String, ApiError> {
        chain_head(&*self.db(tenant).await?, tenant).await
    }

    /// The hash of the archive row appended on `head`, if one was: the probe that tells whether a batch whose
    /// outcome D1 did not report landed (its own row is there), lost the head (another row is) or neither.
    pub async fn chain_successor(
        &self,
        tenant: &str,
        head: &str,
    ) -> Result<Option<String>, ApiError> {
        let db = self.db(tenant).await?;
        let row: Option<HashRow> = query!(
            &db,
            "SELECT row_hash FROM audit_log WHERE tenant_id = ?1 AND prev_hash = ?2",
            tenant,
            head
        )?
        .via(&db)
        .first(None)
        .await?;
        Ok(row.map(|row| row.row_hash))
    }

    /// The statement that appends one archive row.
    pub(super) fn audit_insert(
        &self,
        db: &Db,
        tenant: &str,
        audit: &AuditAppend,
    ) -> Result<D1PreparedStatement, worker::Error> {
        self.audit_statement(db, tenant, audit, false)
    }

    /// The statement that appends one archive row only if the statement before it in the batch changed a row.
    pub(super) fn audit_insert_if_changed(
        &self,
        db: &Db,
        tenant: &str,
        audit: &AuditAppend,
    ) -> Result<D1PreparedStatement, worker::Error> {
        self.audit_statement(db, tenant, audit, true)
    }

    fn audit_statement(
        &self,
        db: &Db,
        tenant: &str,
        audit: &AuditAppend,
        only_if_changed: bool,
    ) -> Result<D1PreparedStatement, worker::Error> {
        let condition = if only_if_changed {
            "WHERE changes() = 1"
        } else {
            ""
        };
        let sql = format!(
            "INSERT INTO audit_log (tenant_id, review_id, review_seq, action, prev_hash, content_hash, from_stage,
                                    to_stage, actor, role, reason_code, note, at, row_hash, person_id, credential_id,
                                    lineage_id, hash_version)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, 2 {condition}"
        );
        query!(
            db,
            &sql,
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

    /// A review's archive trail, oldest first.
    pub async fn review_audit(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Vec<AuditRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT seq, review_id, review_seq, action, prev_hash, content_hash, from_stage, to_stage, actor, role,
                    reason_code, note, at, row_hash, person_id, credential_id, lineage_id, hash_version
             FROM audit_log WHERE tenant_id = ?1 AND review_id = ?2 ORDER BY seq",
            tenant,
            review_id
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    /// Up to `limit` archive rows of the tenant with `from_ms <= at < to_ms` after `after_seq`, in chain order.
    pub async fn audit_page(
        &self,
        tenant: &str,
        from_ms: i64,
        to_ms: i64,
        after_seq: i64,
        limit: u32,
    ) -> Result<Vec<AuditRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
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
        .via(&db)
        .all()
        .await?
        .results()?)
    }
}

/// The hash of `tenant`'s last archive row in `db` (the genesis hash before the first).
pub(super) async fn chain_head(db: &Db, tenant: &str) -> Result<String, ApiError> {
    let row: Option<HashRow> = query!(
        db,
        "SELECT row_hash FROM audit_log WHERE tenant_id = ?1 ORDER BY seq DESC LIMIT 1",
        tenant
    )?
    .via(db)
    .first(None)
    .await?;
    Ok(row.map_or_else(|| GENESIS_HASH.to_owned(), |row| row.row_hash))
}
