//! SQL of webhooks: a tenant's sealed signing secrets (rotation with its archive row) and the outbox of case events
//! (the insert that rides in a case change's batch, delivery records, the stale sweep). Every query takes the
//! tenant id, except the sweep, which finds stale rows of every tenant (it runs from the Cron Trigger).

use serde::Deserialize;
use worker::{D1PreparedStatement, query};

use super::db::{Db, Via};
use super::{AuditAppend, Store};
use crate::error::ApiError;

/// The tenant's sealed signing secrets.
#[derive(Deserialize)]
pub struct SecretsRow {
    pub current_sealed: String,
    pub previous_sealed: Option<String>,
    pub previous_until: Option<i64>,
}

/// One outbox row.
#[derive(Deserialize)]
pub struct OutboxRow {
    pub id: String,
    pub case_id: String,
    pub event: String,
    pub state: String,
    pub attempts: i64,
}

/// A stale pending row found by the sweep.
#[derive(Deserialize)]
pub struct StaleRow {
    pub tenant_id: String,
    pub id: String,
}

/// An outbox row to write with a case change.
pub struct NewOutbox<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    pub event: &'static str,
    pub now_ms: i64,
}

impl Store {
    /// The outbox insert of a case change. `only_if_changed`: lands only if the statement before it changed a row
    /// (the conditional case update), so a refused change leaves no event behind.
    pub(super) fn outbox_insert(
        &self,
        db: &Db,
        tenant: &str,
        new: &NewOutbox<'_>,
        only_if_changed: bool,
    ) -> Result<D1PreparedStatement, worker::Error> {
        query!(
            db,
            "INSERT INTO webhook_outbox (tenant_id, id, case_id, event, created_at, updated_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?5 WHERE ?6 = 0 OR changes() = 1",
            tenant,
            new.id,
            new.case_id,
            new.event,
            new.now_ms,
            u8::from(only_if_changed)
        )
    }

    pub async fn webhook_secrets(&self, tenant: &str) -> Result<Option<SecretsRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT current_sealed, previous_sealed, previous_until FROM webhook_secrets WHERE tenant_id = ?1",
            tenant
        )?
        .via(&db)
        .first(None)
        .await?)
    }

    /// Makes `sealed` the current secret; the current one (if any) becomes the previous one, signing until
    /// `previous_until`. With its archive row, all or nothing.
    pub async fn rotate_webhook_secret(
        &self,
        tenant: &str,
        sealed: &str,
        now_ms: i64,
        previous_until: i64,
        audit: &AuditAppend,
    ) -> Result<(), worker::Error> {
        let db = self.db(tenant).await?;
        db
            .batch(vec![
                query!(
                    &db,
                    "INSERT INTO webhook_secrets (tenant_id, current_sealed, current_since) VALUES (?1, ?2, ?3)
                     ON CONFLICT (tenant_id) DO UPDATE SET previous_sealed = webhook_secrets.current_sealed,
                        previous_until = ?4, current_sealed = excluded.current_sealed,
                        current_since = excluded.current_since",
                    tenant,
                    sealed,
                    now_ms,
                    previous_until
                )?,
                self.audit_insert(&db, tenant, audit)?,
            ])
            .await?;
        Ok(())
    }

    pub async fn outbox_row(&self, tenant: &str, id: &str) -> Result<Option<OutboxRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT id, case_id, event, state, attempts FROM webhook_outbox WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            id
        )?
        .via(&db)
        .first(None)
        .await?)
    }

    /// Records one attempt: `delivered` ends the row; otherwise it stays pending with the reason. A row already
    /// dead or delivered is left as it is.
    pub async fn record_attempt(
        &self,
        tenant: &str,
        id: &str,
        delivered: bool,
        status: Option<u16>,
        error: Option<&str>,
        now_ms: i64,
    ) -> Result<(), ApiError> {
        let db = self.db(tenant).await?;
        let error = error.map(|e| e.chars().take(500).collect::<String>());
        db.write(query!(
            &db,
            "UPDATE webhook_outbox SET state = CASE WHEN ?3 = 1 THEN 'delivered' ELSE state END,
                    attempts = attempts + 1, last_status = ?4, last_error = ?5, updated_at = ?6
             WHERE tenant_id = ?1 AND id = ?2 AND state = 'pending'",
            tenant,
            id,
            u8::from(delivered),
            status,
            error,
            now_ms
        )?)
        .await?;
        Ok(())
    }

    /// Marks a pending row dead (the queue gave up on it).
    pub async fn mark_dead(&self, tenant: &str, id: &str, now_ms: i64) -> Result<(), ApiError> {
        let db = self.db(tenant).await?;
        db.write(query!(
            &db,
            "UPDATE webhook_outbox SET state = 'dead', updated_at = ?3
             WHERE tenant_id = ?1 AND id = ?2 AND state = 'pending'",
            tenant,
            id,
            now_ms
        )?)
        .await?;
        Ok(())
    }

    /// Pending rows not touched since `before_ms` (their message was lost or is waiting for a long retry), oldest
    /// first, in every database; each is touched so the next sweep does not pick it again at once. Rows of a tenant
    /// that moved away or is moving are left alone (its new database holds the live copy).
    pub async fn claim_stale_outbox(
        &self,
        before_ms: i64,
        now_ms: i64,
        limit: u32,
    ) -> Result<Vec<StaleRow>, ApiError> {
        let mut claimed = Vec::new();
        for (binding, db) in self.databases().await? {
            let candidates: Vec<StaleRow> = query!(
                &db,
                "SELECT tenant_id, id FROM webhook_outbox
                 WHERE state = 'pending' AND updated_at < ?1
                   AND tenant_id NOT IN (SELECT id FROM tenants WHERE moved_to IS NOT NULL)
                 ORDER BY updated_at LIMIT ?2",
                before_ms,
                limit
            )?
            .via(&db)
            .all()
            .await?
            .results()?;
            for row in candidates {
                let placement = self.placement(&row.tenant_id).await?;
                if placement.database != binding || placement.moving.is_some() {
                    continue;
                }
                let touched = db
                    .write(query!(
                        &db,
                        "UPDATE webhook_outbox SET updated_at = ?3
                         WHERE tenant_id = ?1 AND id = ?2 AND state = 'pending' AND updated_at < ?4",
                        row.tenant_id,
                        row.id,
                        now_ms,
                        before_ms
                    )?)
                    .await?;
                if touched.meta()?.and_then(|meta| meta.changes) == Some(1) {
                    claimed.push(row);
                }
            }
        }
        Ok(claimed)
    }
}
