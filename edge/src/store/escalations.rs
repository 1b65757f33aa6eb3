//! SQL of customer-service cases (escalations): opening one with its archive row (alone, or inside a submission's
//! batch), the staff list and the conditional update, each with its webhook outbox row. Every query takes the tenant id.

use serde::Deserialize;
use worker::{D1PreparedStatement, query};

use super::db::{Db, Via};
use super::{AuditAppend, NewOutbox, Store};
use crate::error::ApiError;
use candor_domain::webhook::WebhookEvent;

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
    /// `pending` when the tenant has a webhook URL (an outbox row `<id>.0` is written in the same batch), `none`
    /// otherwise.
    pub webhook_state: &'static str,
    pub audit: AuditAppend,
}

impl NewEscalation {
    /// The case as `Store::escalation` reads it once this was written (on a review of `product_id`).
    pub fn written(&self, product_id: &str) -> EscalationRow {
        EscalationRow {
            id: self.id.clone(),
            review_id: self.review_id.clone(),
            product_id: product_id.to_owned(),
            reason: self.reason.to_owned(),
            opened_by: self.opened_by.clone(),
            opened_at: self.opened_at,
            due_at: self.due_at,
            status: "open".to_owned(),
            assignee: self.assignee.clone(),
            note: self.note.clone(),
            version: 0,
            updated_at: self.opened_at,
            resolved_at: None,
            webhook_state: self.webhook_state.to_owned(),
            webhook_attempts: 0,
            webhook_status: None,
            webhook_error: None,
            webhook_at: (self.webhook_state == "pending").then_some(self.opened_at),
        }
    }
}

/// One change to a case, applied only while the case is still at `version`.
pub struct EscalationUpdate<'a> {
    pub id: &'a str,
    pub version: i64,
    pub status: &'static str,
    pub assignee: Option<&'a str>,
    pub note: Option<&'a str>,
    pub resolved_at: Option<i64>,
    /// Write the outbox row `<id>.<version + 1>` (a status change the service desk hears about).
    pub webhook_pending: bool,
    pub now_ms: i64,
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

impl EscalationUpdate<'_> {
    /// The case as `Store::escalation` reads it once this change of `before` was written.
    pub fn written(&self, before: &EscalationRow) -> EscalationRow {
        let (webhook_state, webhook_attempts, webhook_status, webhook_error, webhook_at) =
            if self.webhook_pending {
                ("pending".to_owned(), 0, None, None, Some(self.now_ms))
            } else {
                (
                    before.webhook_state.clone(),
                    before.webhook_attempts,
                    before.webhook_status,
                    before.webhook_error.clone(),
                    before.webhook_at,
                )
            };
        EscalationRow {
            id: before.id.clone(),
            review_id: before.review_id.clone(),
            product_id: before.product_id.clone(),
            reason: before.reason.clone(),
            opened_by: before.opened_by.clone(),
            opened_at: before.opened_at,
            due_at: before.due_at,
            status: self.status.to_owned(),
            assignee: self.assignee.map(str::to_owned),
            note: self.note.map(str::to_owned),
            version: self.version + 1,
            updated_at: self.now_ms,
            resolved_at: self.resolved_at,
            webhook_state,
            webhook_attempts,
            webhook_status,
            webhook_error,
            webhook_at,
        }
    }
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

/// The delivery shown with a case is its newest outbox row (`none` without one).
const COLUMNS: &str = "e.id, e.review_id, r.product_id AS product_id, e.reason, e.opened_by, e.opened_at, e.due_at,
    e.status, e.assignee, e.note, e.version, e.updated_at, e.resolved_at, COALESCE(o.state, 'none') AS webhook_state,
    COALESCE(o.attempts, 0) AS webhook_attempts, o.last_status AS webhook_status, o.last_error AS webhook_error,
    o.updated_at AS webhook_at";

/// The cases with their reviews and newest outbox rows.
const FROM: &str =
    "escalations e JOIN reviews r ON r.tenant_id = e.tenant_id AND r.id = e.review_id
    LEFT JOIN webhook_outbox o ON o.tenant_id = e.tenant_id AND o.rowid = (
        SELECT x.rowid FROM webhook_outbox x WHERE x.tenant_id = e.tenant_id AND x.case_id = e.id
        ORDER BY x.created_at DESC, x.rowid DESC LIMIT 1)";

impl Store {
    /// The statements that open a case and archive it; used alone or inside a submission's batch.
    pub(super) fn escalation_inserts(
        &self,
        db: &Db,
        tenant: &str,
        new: &NewEscalation,
    ) -> Result<Vec<D1PreparedStatement>, worker::Error> {
        let mut statements = vec![
            query!(
                db,
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
            self.audit_insert(db, tenant, &new.audit)?,
        ];
        if new.webhook_state == "pending" {
            let id = candor_domain::webhook::event_id(&new.id, 0);
            let outbox = NewOutbox {
                id: &id,
                case_id: &new.id,
                event: WebhookEvent::Opened.name(),
                now_ms: new.opened_at,
            };
            statements.push(self.outbox_insert(db, tenant, &outbox, false)?);
        }
        Ok(statements)
    }

    /// Opens a case with its archive row, all or nothing. Fails when the chain head moved or the review already
    /// has an active case.
    pub async fn open_escalation(
        &self,
        tenant: &str,
        new: &NewEscalation,
    ) -> Result<(), worker::Error> {
        let db = self.db(tenant).await?;
        db.batch(self.escalation_inserts(&db, tenant, new)?).await?;
        Ok(())
    }

    pub async fn escalation(
        &self,
        tenant: &str,
        id: &str,
    ) -> Result<Option<EscalationRow>, ApiError> {
        let db = self.db(tenant).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE e.tenant_id = ?1 AND e.id = ?2"
        );
        Ok(query!(&db, &sql, tenant, id)?.via(&db).first(None).await?)
    }

    /// The active (not resolved) case of a review, if any.
    pub async fn active_escalation(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Option<EscalationRow>, ApiError> {
        let db = self.db(tenant).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE e.tenant_id = ?1 AND e.review_id = ?2 AND e.status <> 'resolved'"
        );
        Ok(query!(&db, &sql, tenant, review_id)?
            .via(&db)
            .first(None)
            .await?)
    }

    /// Every case of one review, oldest first.
    pub async fn review_escalations(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Vec<EscalationRow>, ApiError> {
        let db = self.db(tenant).await?;
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE e.tenant_id = ?1 AND e.review_id = ?2 ORDER BY e.opened_at, e.id"
        );
        Ok(query!(&db, &sql, tenant, review_id)?
            .via(&db)
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
        let db = self.db(tenant).await?;
        let order = match list.sort {
            EscalationSort::Due => {
                "AND (?3 IS NULL OR (e.due_at, e.id) > (?3, ?4)) ORDER BY e.due_at ASC, e.id ASC"
            }
            EscalationSort::Opened => {
                "AND (?3 IS NULL OR (e.opened_at, e.id) < (?3, ?4)) ORDER BY e.opened_at DESC, e.id DESC"
            }
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE e.tenant_id = ?1 AND (?2 IS NULL OR e.status = ?2) {order} LIMIT ?5"
        );
        let (key, id) = match &list.after {
            Some((key, id)) => (Some(*key), Some(id.as_str())),
            None => (None, None),
        };
        Ok(query!(&db, &sql, tenant, list.status, key, id, list.limit)?
            .via(&db)
            .all()
            .await?
            .results()?)
    }

    /// Applies a change while the case is still at the version it was read at, with its archive row;
    /// `Ok(false)` when someone changed the case first (nothing written).
    pub async fn update_escalation(
        &self,
        tenant: &str,
        change: &EscalationUpdate<'_>,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let db = self.db(tenant).await?;
        let mut statements = vec![
            query!(
                &db,
                "UPDATE escalations SET status = ?4, assignee = ?5, note = ?6, resolved_at = ?7, updated_at = ?8,
                        version = version + 1
                 WHERE tenant_id = ?1 AND id = ?2 AND version = ?3",
                tenant,
                change.id,
                change.version,
                change.status,
                change.assignee,
                change.note,
                change.resolved_at,
                change.now_ms
            )?,
        ];
        // The outbox row and the archive row land only if this very update applied (`changes() = 1` chains: each
        // inserts one row only if the statement before it changed one).
        let event_id = candor_domain::webhook::event_id(change.id, change.version + 1);
        if change.webhook_pending {
            let outbox = NewOutbox {
                id: &event_id,
                case_id: change.id,
                event: WebhookEvent::StatusChanged.name(),
                now_ms: change.now_ms,
            };
            statements.push(self.outbox_insert(&db, tenant, &outbox, true)?);
        }
        statements.push(self.audit_insert_if_changed(&db, tenant, audit)?);
        let results = db.batch(statements).await?;
        let changed = results
            .first()
            .and_then(|result| result.meta().ok().flatten())
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        Ok(changed == 1)
    }
}
