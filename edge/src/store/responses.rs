//! SQL of firm responses: drafting one with its archive row, the owner's conditional decision, the approved
//! responses the public list shows, and a review's responses for staff. Every query takes the tenant id.

use serde::Deserialize;
use worker::query;

use super::db::Via;
use super::{AuditAppend, Store, first_changed};
use crate::error::ApiError;

/// A drafted response to store, with the archive row that records it.
pub struct NewResponse<'a> {
    pub id: &'a str,
    pub review_id: &'a str,
    pub body: &'a str,
    pub body_hash: &'a str,
    pub drafted_by: &'a str,
    pub drafted_role: &'static str,
    pub now_ms: i64,
    pub audit: AuditAppend,
}

/// A response as staff see it, with its review's product.
#[derive(Clone, Deserialize, serde::Serialize)]
pub struct ResponseRow {
    pub id: String,
    pub review_id: String,
    pub product_id: String,
    pub body: String,
    pub body_hash: String,
    pub drafted_by: String,
    pub drafted_role: String,
    pub drafted_at: i64,
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub decision_note: Option<String>,
}

/// The approved response of one published review, as the public list shows it.
#[derive(Deserialize)]
pub struct ApprovedResponse {
    pub review_id: String,
    pub body: String,
    pub decided_at: i64,
}

const COLUMNS: &str =
    "f.id, f.review_id, r.product_id AS product_id, f.body, f.body_hash, f.drafted_by,
    f.drafted_role, f.drafted_at, f.status, f.decided_by, f.decided_at, f.decision_note";

impl Store {
    /// Stores a draft and its archive row while the review is published; `Ok(false)` when it is not (nothing
    /// written). Fails as a whole when the chain head moved or the review already has a pending or approved response.
    pub async fn insert_response(
        &self,
        tenant: &str,
        new: &NewResponse<'_>,
    ) -> Result<bool, worker::Error> {
        let db = self.db(tenant).await?;
        let statements = vec![
            query!(
                &db,
                "INSERT INTO firm_responses (tenant_id, id, review_id, body, body_hash, drafted_by, drafted_role, drafted_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
                 WHERE EXISTS (SELECT 1 FROM reviews WHERE tenant_id = ?1 AND id = ?3 AND stage = 'published')",
                tenant,
                new.id,
                new.review_id,
                new.body,
                new.body_hash,
                new.drafted_by,
                new.drafted_role,
                new.now_ms
            )?,
            self.audit_insert_if_changed(&db, tenant, &new.audit)?,
        ];
        let results = db.batch(statements).await?;
        Ok(first_changed(&results))
    }

    pub async fn response(&self, tenant: &str, id: &str) -> Result<Option<ResponseRow>, ApiError> {
        let db = self.db(tenant).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM firm_responses f JOIN reviews r ON r.tenant_id = f.tenant_id AND r.id = f.review_id
             WHERE f.tenant_id = ?1 AND f.id = ?2"
        );
        Ok(query!(&db, &sql, tenant, id)?.via(&db).first(None).await?)
    }

    /// The tenant's responses in one status, oldest first, at most `limit`.
    pub async fn responses_with_status(
        &self,
        tenant: &str,
        status: &str,
        limit: u32,
    ) -> Result<Vec<ResponseRow>, ApiError> {
        let db = self.db(tenant).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM firm_responses f JOIN reviews r ON r.tenant_id = f.tenant_id AND r.id = f.review_id
             WHERE f.tenant_id = ?1 AND f.status = ?2 ORDER BY f.drafted_at, f.id LIMIT ?3"
        );
        Ok(query!(&db, &sql, tenant, status, limit)?
            .via(&db)
            .all()
            .await?
            .results()?)
    }

    /// Every response to one review, oldest first.
    pub async fn review_responses(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Vec<ResponseRow>, ApiError> {
        let db = self.db(tenant).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM firm_responses f JOIN reviews r ON r.tenant_id = f.tenant_id AND r.id = f.review_id
             WHERE f.tenant_id = ?1 AND f.review_id = ?2 ORDER BY f.drafted_at, f.id"
        );
        Ok(query!(&db, &sql, tenant, review_id)?
            .via(&db)
            .all()
            .await?
            .results()?)
    }

    /// The owner's decision on a pending response, with its archive row; `Ok(false)` when it was no longer
    /// pending (someone decided first: nothing written).
    pub async fn decide_response(
        &self,
        tenant: &str,
        id: &str,
        status: &'static str,
        decided_by: &str,
        note: Option<&str>,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let db = self.db(tenant).await?;
        let statements = vec![
            query!(
                &db,
                "UPDATE firm_responses SET status = ?3, decided_by = ?4, decided_at = ?5, decision_note = ?6
                 WHERE tenant_id = ?1 AND id = ?2 AND status = 'pending'",
                tenant,
                id,
                status,
                decided_by,
                audit.at_ms,
                note
            )?,
            self.audit_insert_if_changed(&db, tenant, audit)?,
        ];
        let results = db.batch(statements).await?;
        Ok(first_changed(&results))
    }

    /// The approved responses among these reviews (at most one each).
    pub async fn approved_responses(
        &self,
        tenant: &str,
        review_ids: &[String],
    ) -> Result<Vec<ApprovedResponse>, ApiError> {
        let db = self.db(tenant).await?;
        if review_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids = serde_json::to_string(review_ids)
            .map_err(|_| ApiError::Misconfigured("serialisation"))?;
        Ok(query!(
            &db,
            "SELECT review_id, body, decided_at FROM firm_responses
             WHERE tenant_id = ?1 AND status = 'approved' AND review_id IN (SELECT value FROM json_each(?2))
             ORDER BY decided_at",
            tenant,
            ids
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }
}
