//! SQL of reviewers' contact e-mails as staff reach them: reading one (with its erasure tombstone), appending the
//! archive row of a read, and erasing one (GDPR Art. 17) with its tombstone and archive row in one batch. The
//! e-mail lives only in `review_contacts`; the webhook payload is built from it at delivery, so deleting the row
//! removes it from every later delivery. Every query takes the tenant id.

use serde::Deserialize;
use worker::query;

use super::db::Via;
use super::{AuditAppend, Store, first_changed};
use crate::error::ApiError;

/// A review's contact as staff may see it: the e-mail (absent when none was left or it was erased) and the
/// tombstone of its erasure.
#[derive(Deserialize)]
pub struct ContactRow {
    pub email: Option<String>,
    pub erased_at: Option<i64>,
    pub pending_events: Option<i64>,
}

/// An erasure to write.
pub struct NewErasure<'a> {
    pub review_id: &'a str,
    pub requested_by: &'a str,
    pub erased_by: &'a str,
    pub pending_events: i64,
    pub audit: AuditAppend,
}

impl Store {
    /// The contact of one review of this tenant; `None` when the tenant has no such review.
    pub async fn contact(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Option<ContactRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT c.email, e.erased_at, e.pending_events
             FROM reviews r
             LEFT JOIN review_contacts c ON c.tenant_id = r.tenant_id AND c.review_id = r.id
             LEFT JOIN contact_erasures e ON e.tenant_id = r.tenant_id AND e.review_id = r.id
             WHERE r.tenant_id = ?1 AND r.id = ?2",
            tenant,
            review_id
        )?
        .via(&db)
        .first(None)
        .await?)
    }

    /// How many webhook events of the review's cases are still pending.
    pub async fn pending_case_events(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<i64, ApiError> {
        let db = self.db(tenant).await?;
        #[derive(Deserialize)]
        struct Row {
            pending: i64,
        }
        let row: Option<Row> = query!(
            &db,
            "SELECT count(*) AS pending FROM webhook_outbox o
             JOIN escalations e ON e.tenant_id = o.tenant_id AND e.id = o.case_id
             WHERE o.tenant_id = ?1 AND e.review_id = ?2 AND o.state = 'pending'",
            tenant,
            review_id
        )?
        .via(&db)
        .first(None)
        .await?;
        Ok(row.map_or(0, |row| row.pending))
    }

    /// Appends one archive row that records a read (of a contact e-mail, of the archive); nothing else changes.
    pub async fn append_archive_row(
        &self,
        tenant: &str,
        audit: &AuditAppend,
    ) -> Result<(), worker::Error> {
        let db = self.db(tenant).await?;
        db.batch(vec![self.audit_insert(&db, tenant, audit)?])
            .await?;
        Ok(())
    }

    /// Erases a review's contact e-mail: the tombstone, the deletion and the archive row, all or nothing, and only
    /// while an e-mail is stored (`Ok(false)`: none was, nothing written). Fails as a whole when the chain head
    /// moved or the contact was already erased (the tombstone's primary key).
    pub async fn erase_contact(
        &self,
        tenant: &str,
        erasure: &NewErasure<'_>,
    ) -> Result<bool, worker::Error> {
        let db = self.db(tenant).await?;
        let statements = vec![
            query!(
                &db,
                "INSERT INTO contact_erasures (tenant_id, review_id, erased_at, requested_by, erased_by, pending_events)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6
                 WHERE EXISTS (SELECT 1 FROM review_contacts WHERE tenant_id = ?1 AND review_id = ?2)",
                tenant,
                erasure.review_id,
                erasure.audit.at_ms,
                erasure.requested_by,
                erasure.erased_by,
                erasure.pending_events
            )?,
            query!(
                &db,
                "DELETE FROM review_contacts WHERE tenant_id = ?1 AND review_id = ?2",
                tenant,
                erasure.review_id
            )?,
            self.audit_insert_if_changed(&db, tenant, &erasure.audit)?,
        ];
        let results = db.batch(statements).await?;
        Ok(first_changed(&results))
    }
}
