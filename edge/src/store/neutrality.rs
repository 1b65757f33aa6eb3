//! SQL of the neutrality report: every review of a tenant (optionally one product) submitted in a period, with its
//! stage and the time of the transition that put it there (from the archive).

use candor_domain::Stage;
use candor_domain::calendar::Period;
use candor_domain::neutrality::Submission;
use serde::Deserialize;
use worker::query;

use super::Store;
use super::db::Via;
use crate::error::ApiError;

#[derive(Deserialize)]
struct SubmissionRow {
    product_id: String,
    rating: u8,
    stage: String,
    created_at: i64,
    decided_at: Option<i64>,
}

impl Store {
    /// Reviews submitted in `period` with the time they entered their current stage, when that stage is a decision.
    pub async fn submissions_with_decisions(
        &self,
        tenant: &str,
        product: Option<&str>,
        period: Period,
    ) -> Result<Vec<Submission>, ApiError> {
        let db = self.db(tenant).await?;
        // The first archive row that moved the review into its current stage from another one (a flag cleared on
        // a published review stays published and is not a new decision).
        let rows: Vec<SubmissionRow> = query!(
            &db,
            "SELECT r.product_id AS product_id, r.rating AS rating, r.stage AS stage, r.created_at AS created_at,
                    (SELECT MIN(a.at) FROM audit_log a
                     WHERE a.tenant_id = r.tenant_id AND a.review_id = r.id AND a.to_stage = r.stage
                       AND r.stage IN ('published', 'rejected')
                       AND (a.from_stage IS NULL OR a.from_stage <> a.to_stage)) AS decided_at
             FROM reviews r
             WHERE r.tenant_id = ?1 AND (?2 IS NULL OR r.product_id = ?2)
               AND r.created_at >= ?3 AND r.created_at < ?4",
            tenant,
            product,
            period.from_ms,
            period.to_ms
        )?
        .via(&db)
        .all()
        .await?
        .results()?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(Submission {
                    product: row.product_id,
                    rating: row.rating,
                    stage: Stage::parse(&row.stage)?,
                    submitted_at: row.created_at,
                    decided_at: row.decided_at,
                })
            })
            .collect())
    }

    /// Ids of every product of the tenant, archived ones included (reports cover them too).
    pub async fn product_ids(&self, tenant: &str) -> Result<Vec<String>, ApiError> {
        let db = self.db(tenant).await?;
        #[derive(Deserialize)]
        struct Row {
            id: String,
        }
        let rows: Vec<Row> = query!(
            &db,
            "SELECT id FROM products WHERE tenant_id = ?1 ORDER BY id",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?;
        Ok(rows.into_iter().map(|row| row.id).collect())
    }
}
