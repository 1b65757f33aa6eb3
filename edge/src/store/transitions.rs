//! Stage transitions with their archive row and aggregate deltas in one batch, and the visitors' flags and helpful
//! votes (deduplicated per review).

use candor_domain::{ScopedDelta, Stage};
use serde::Deserialize;
use worker::query;

use crate::error::ApiError;

use super::db::Via;
use super::{AuditAppend, Store};

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
    /// Applies one stage change: all of it or nothing. Fails as a whole when the review moved on meanwhile
    /// (its archive row number is taken), the tenant's chain head moved, or the visitor already flagged it.
    pub async fn apply_transition(&self, write: &TransitionWrite<'_>) -> Result<(), worker::Error> {
        let db = self.db(write.tenant).await?;
        let mut statements = vec![query!(
            &db,
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
        statements.push(self.audit_insert(&db, write.tenant, &write.audit)?);
        if let Some(flag) = &write.flag {
            statements.push(query!(
                &db,
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
                        &db,
                        "INSERT OR IGNORE INTO aggregates (tenant_id, product_id, scope) VALUES (?1, ?2, ?3)",
                        write.tenant,
                        write.product_id,
                        scoped.scope
                    )?);
                    statements.push(query!(
                        &db,
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
                        &db,
                        "INSERT OR IGNORE INTO attribute_aggregates (tenant_id, product_id, scope, attribute)
                         VALUES (?1, ?2, ?3, ?4)",
                        write.tenant,
                        write.product_id,
                        scoped.scope,
                        attribute
                    )?);
                    statements.push(query!(
                        &db,
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
        db.batch(statements).await?;
        Ok(())
    }

    /// Whether this visitor already flagged this review.
    pub async fn flag_exists(
        &self,
        tenant: &str,
        review_id: &str,
        visitor: &str,
    ) -> Result<bool, ApiError> {
        let db = self.db(tenant).await?;
        let row: Option<serde_json::Value> = query!(
            &db,
            "SELECT 1 AS found FROM flags WHERE tenant_id = ?1 AND review_id = ?2 AND visitor = ?3",
            tenant,
            review_id,
            visitor
        )?
        .via(&db)
        .first(None)
        .await?;
        Ok(row.is_some())
    }

    /// Whether anyone ever flagged this review (a review is moved into compliance's queue by its first flag only).
    pub async fn has_flags(&self, tenant: &str, review_id: &str) -> Result<bool, ApiError> {
        let db = self.db(tenant).await?;
        let row: Option<serde_json::Value> = query!(
            &db,
            "SELECT 1 AS found FROM flags WHERE tenant_id = ?1 AND review_id = ?2 LIMIT 1",
            tenant,
            review_id
        )?
        .via(&db)
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
        let db = self.db(tenant).await?;
        let results = db
            .batch(vec![query!(
                &db,
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
        let db = self.db(tenant).await?;
        let statements = vec![
            query!(
                &db,
                "INSERT OR IGNORE INTO helpful_votes (tenant_id, review_id, visitor, created_at) VALUES (?1, ?2, ?3, ?4)",
                tenant,
                review_id,
                visitor,
                now_ms
            )?,
            // Counts only when the insert above did: a repeated vote changes nothing.
            query!(
                &db,
                "UPDATE reviews SET helpful = helpful + 1
                 WHERE tenant_id = ?1 AND id = ?2 AND stage = 'published' AND changes() = 1",
                tenant,
                review_id
            )?,
        ];
        let results = db.batch(statements).await?;
        let counted = results
            .get(1)
            .and_then(|result| result.meta().ok().flatten())
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        Ok(counted == 1)
    }

    /// The helpful count of one review.
    pub async fn helpful_count(&self, tenant: &str, review_id: &str) -> Result<i64, ApiError> {
        let db = self.db(tenant).await?;
        #[derive(Deserialize)]
        struct Row {
            helpful: i64,
        }
        let row: Option<Row> = query!(
            &db,
            "SELECT helpful FROM reviews WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            review_id
        )?
        .via(&db)
        .first(None)
        .await?;
        Ok(row.map_or(0, |row| row.helpful))
    }
}
