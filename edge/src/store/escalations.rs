//! SQL of customer-service cases (escalations): opening one with its archive row (alone, or inside a submission's
//! batch), the staff list, the conditional update and the webhook delivery record. Every query takes the tenant id.

use serde::Deserialize;
use worker::{D1PreparedStatement, query};

use super::db::Via;
use super::{AuditAppend, Store};
use crate::error::ApiError;

/// A case to open, with the archive row that records it.
pub struct NewEscalation {
    pub id: String,
    pub review_id: String,
    /// `complaint_language` or `staff`.
    pub reason: &'static str,
    /// `screener` or the person who opened it.
    pub opened_by: String,
    pub opened_at: i64,
    pub due_at: i64,
    pub assignee: Option<String>,
    pub note: Option<String>,
    /// `pending` when the tenant has a webhook URL (delivery follows the answer), `none` otherwise.
    pub webhook_state: &'static str,
    pub audit: AuditAppend,
}

/// One change to a case, applied only while the case is still at `version`.
pub struct EscalationUpdate<'a> {
    pub id: &'a str,
    pub version: i64,
    pub status: &'static str,
    pub assignee: Option<&'a str>,
    pub note: Option<&'a str>,
    pub resolved_at: Option<i64>,
    /// Set `webhook_state = 'pending'` (a status change the service desk hears about).
    pub webhook_pending: bool,
    pub now_ms: i64,
}

/// How one event's delivery to the service desk ended.
pub struct DeliveryOutcome<'a> {
    pub delivered: bool,
    pub attempts: u32,
    /// The receiver's last HTTP status, if it answered.
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub at_ms: i64,
}

/// A case as staff see it, with its review's product.
#[derive(Deserialize)]
pub struct EscalationRow {
    pub id: String,
    pub review_id: String,
    pub product_id: String,
    pub reason: String,
    pub opened_by: String,
    pub opened_at: i64,
    pub due_at: i64,
    pub status: String,
    pub assignee: Option<String>,
    pub note: Option<String>,
    pub version: i64,
    pub updated_at: i64,
    pub resolved_at: Option<i64>,
    pub webhook_state: String,
    pub webhook_attempts: i64,
    pub webhook_status: Option<i64>,
    pub webhook_error: Option<String>,
    pub webhook_at: Option<i64>,
}

/// Orders of the case list.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum EscalationSort {
    /// Soonest due first.
    Due,
    /// Newest first.
    Opened,
}

/// One page of the case list: an optional status, the order, and where the previous page ended.
pub struct EscalationQuery<'a> {
    pub status: Option<&'a str>,
    pub sort: EscalationSort,
    /// The sort key (`due_at` or `opened_at`) and id of the previous page's last case.
    pub after: Option<(i64, String)>,
    pub limit: u32,
}

const COLUMNS: &str = "e.id, e.review_id, r.product_id AS product_id, e.reason, e.opened_by, e.opened_at, e.due_at,
    e.status, e.assignee, e.note, e.version, e.updated_at, e.resolved_at, e.webhook_state, e.webhook_attempts,
    e.webhook_status, e.webhook_error, e.webhook_at";

impl Store {
    /// The statements that open a case and archive it; used alone or inside a submission's batch.
    pub(super) fn escalation_inserts(
        &self,
        tenant: &str,
        new: &NewEscalation,
    ) -> Result<Vec<D1PreparedStatement>, worker::Error> {
        Ok(vec![
            query!(
                &self.db,
                "INSERT INTO escalations (tenant_id, id, review_id, reason, opened_by, opened_at, due_at, assignee, note,
                                          updated_at, webhook_state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?6, ?10)",
                tenant,
                new.id,
                new.review_id,
                new.reason,
                new.opened_by,
                new.opened_at,
                new.due_at,
                new.assignee,
                new.note,
                new.webhook_state
            )?,
            self.audit_insert(tenant, &new.audit)?,
        ])
    }

    /// Opens a case with its archive row, all or nothing. Fails when the chain head moved or the review already
    /// has an active case.
    pub async fn open_escalation(
        &self,
        tenant: &str,
        new: &NewEscalation,
    ) -> Result<(), worker::Error> {
        self.db.batch(self.escalation_inserts(tenant, new)?).await?;
        Ok(())
    }

    pub async fn escalation(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<EscalationRow>, ApiError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM escalations e JOIN reviews r ON r.tenant_id = e.tenant_id AND r.id = e.review_id
             WHERE e.tenant_id = ?1 AND e.id = ?2"
        );
        Ok(query!(&self.db, &sql, tenant, id)?
            .via(&self.db)
            .first(None)
            .await?)
    }

    /// The active (not resolved) case of a review, if any.
    pub async fn active_escalation(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Option<EscalationRow>, ApiError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM escalations e JOIN reviews r ON r.tenant_id = e.tenant_id AND r.id = e.review_id
             WHERE e.tenant_id = ?1 AND e.review_id = ?2 AND e.status <> 'resolved'"
        );
        Ok(query!(&self.db, &sql, tenant, review_id)?
            .via(&self.db)
            .first(None)
            .await?)
    }

    /// Every case of one review, oldest first.
    pub async fn review_escalations(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Vec<EscalationRow>, ApiError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM escalations e JOIN reviews r ON r.tenant_id = e.tenant_id AND r.id = e.review_id
             WHERE e.tenant_id = ?1 AND e.review_id = ?2 ORDER BY e.opened_at, e.id"
        );
        Ok(query!(&self.db, &sql, tenant, review_id)?
            .via(&self.db)
            .all()
            .await?
            .results()?)
    }

    /// One page of the tenant's cases in keyset order.
    pub async fn escalations(
        &self,
        tenant: &str,
        list: &EscalationQuery<'_>,
    ) -> Result<Vec<EscalationRow>, ApiError> {
        let order = match list.sort {
            EscalationSort::Due => {
                "AND (?3 IS NULL OR (e.due_at, e.id) > (?3, ?4)) ORDER BY e.due_at ASC, e.id ASC"
            }
            EscalationSort::Opened => {
                "AND (?3 IS NULL OR (e.opened_at, e.id) < (?3, ?4)) ORDER BY e.opened_at DESC, e.id DESC"
            }
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM escalations e JOIN reviews r ON r.tenant_id = e.tenant_id AND r.id = e.review_id
             WHERE e.tenant_id = ?1 AND (?2 IS NULL OR e.status = ?2) {order} LIMIT ?5"
        );
        let (key, id) = match &list.after {
            Some((key, id)) => (Some(*key), Some(id.as_str())),
            None => (None, None),
        };
        Ok(
            query!(&self.db, &sql, tenant, list.status, key, id, list.limit)?
                .via(&self.db)
                .all()
                .await?
                .results()?,
        )
    }

    /// Applies a change while the case is still at the version it was read at, with its archive row;
    /// `Ok(false)` when someone changed the case first (nothing written).
    pub async fn update_escalation(
        &self,
        tenant: &str,
        change: &EscalationUpdate<'_>,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let statements = vec![
            query!(
                &self.db,
                "UPDATE escalations SET status = ?4, assignee = ?5, note = ?6, resolved_at = ?7, updated_at = ?8,
                        version = version + 1,
                        webhook_state = CASE WHEN ?9 = 1 THEN 'pending' ELSE webhook_state END
                 WHERE tenant_id = ?1 AND id = ?2 AND version = ?3",
                tenant,
                change.id,
                change.version,
                change.status,
                change.assignee,
                change.note,
                change.resolved_at,
                change.now_ms,
                u8::from(change.webhook_pending)
            )?,
            // The archive row lands only if this very update applied.
            self.audit_insert_if_changed(tenant, audit)?,
        ];
        let results = self.db.batch(statements).await?;
        let changed = results
            .first()
            .and_then(|result| result.meta().ok().flatten())
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        Ok(changed == 1)
    }

    /// Records how delivering the case's latest event to the firm's service desk went.
    pub async fn record_delivery(
        &self,
        tenant: &str,
        id: &str,
        outcome: &DeliveryOutcome<'_>,
    ) -> Result<(), ApiError> {
        query!(
            &self.db,
            "UPDATE escalations SET webhook_state = ?3, webhook_attempts = webhook_attempts + ?4,
                    webhook_status = ?5, webhook_error = ?6, webhook_at = ?7
             WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            id,
            if outcome.delivered {
                "delivered"
            } else {
                "failed"
            },
            outcome.attempts,
            outcome.status,
            outcome.error,
            outcome.at_ms
        )?
        .run()
        .await?;
        Ok(())
    }
}
