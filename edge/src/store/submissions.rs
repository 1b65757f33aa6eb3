//! Submissions: the product a visitor writes about, the first answer to an idempotency key, storing an accepted
//! submission (or revision) in one batch, exact duplicates and where a review stands for its author.

use candor_domain::{Stage, ValidReview};
use serde::Deserialize;
use worker::query;

use crate::error::ApiError;

use super::db::Via;
use super::{AuditAppend, NewEscalation, Store, stored_settings};

/// A product as the public routes need it: its line's visibility, its questions and the tenant's origins and locales.
pub struct Product {
    pub name: String,
    pub line_visible: bool,
    pub attributes: Vec<Attribute>,
    pub allowed_origins: Vec<String>,
    /// The tenant's locales, in its order (the first is shown to visitors asking for one it does not offer).
    pub locales: Vec<String>,
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

#[derive(Deserialize)]
struct ProductRow {
    name: String,
    line_visible: u8,
    allowed_origins: String,
    #[serde(default)]
    settings: Option<String>,
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

impl Store {
    /// The product, unless the tenant, the product or its line is unknown or archived.
    pub async fn product(&self, tenant: &str, product: &str) -> Result<Option<Product>, ApiError> {
        let db = self.db(tenant).await?;
        let row: Option<ProductRow> = query!(
            &db,
            "SELECT p.name AS name, l.visible AS line_visible, t.allowed_origins AS allowed_origins,
                    s.settings AS settings
             FROM products p
             JOIN product_lines l ON l.tenant_id = p.tenant_id AND l.id = p.line_id
             JOIN tenants t ON t.id = p.tenant_id
             LEFT JOIN tenant_settings s ON s.tenant_id = p.tenant_id
             WHERE p.tenant_id = ?1 AND p.id = ?2 AND p.archived = 0 AND l.archived = 0",
            tenant,
            product
        )?
        .via(&db)
        .first(None)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let attributes = query!(
            &db,
            "SELECT key, label_en, label_zh FROM attributes
             WHERE tenant_id = ?1 AND product_id = ?2 AND archived = 0 ORDER BY position, key",
            tenant,
            product
        )?
        .via(&db)
        .all()
        .await?
        .results::<Attribute>()?;
        let settings = stored_settings(tenant, &row.allowed_origins, row.settings.as_deref())?;
        Ok(Some(Product {
            name: row.name,
            line_visible: row.line_visible == 1,
            attributes,
            allowed_origins: settings.allowed_origins,
            locales: settings.locales,
        }))
    }

    pub async fn stored_answer(
        &self,
        tenant: &str,
        key: &str,
    ) -> Result<Option<StoredAnswer>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT request_hash, response FROM idempotency_keys WHERE tenant_id = ?1 AND key = ?2",
            tenant,
            key
        )?
        .via(&db)
        .first(None)
        .await?)
    }

    /// Stores an accepted submission: idempotency answer, review, contact and audit row, all or nothing.
    /// Fails as a whole when the key was taken concurrently or the audit chain head moved.
    pub async fn insert_submission(&self, new: &NewSubmission<'_>) -> Result<(), worker::Error> {
        let db = self.db(new.tenant).await?;
        let review = new.review;
        let attributes = serde_json::to_string(&review.attributes)
            .map_err(|e| worker::Error::RustError(e.to_string()))?;
        let mut statements = vec![
            query!(
                &db,
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
                &db,
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
                &db,
                "UPDATE reviews SET superseded_by = ?3, version = ?4 + 1
                 WHERE tenant_id = ?1 AND id = ?2 AND stage = 'rejected' AND superseded_by IS NULL AND version = ?4",
                new.tenant,
                superseded.original_id,
                new.review_id,
                superseded.original_version
            )?);
            statements.push(self.audit_insert(&db, new.tenant, &superseded.audit)?);
        }
        if let Some(email) = &review.contact_email {
            statements.push(query!(
                &db,
                "INSERT INTO review_contacts (tenant_id, review_id, email) VALUES (?1, ?2, ?3)",
                new.tenant,
                new.review_id,
                email
            )?);
        }
        for audit in &new.audit {
            statements.push(self.audit_insert(&db, new.tenant, audit)?);
        }
        if let Some(escalation) = &new.escalation {
            statements.extend(self.escalation_inserts(&db, new.tenant, escalation)?);
        }
        db.batch(statements).await?;
        Ok(())
    }

    /// Whether a review of this product already has this body fingerprint (exact duplicate).
    pub async fn fingerprint_exists(
        &self,
        tenant: &str,
        product: &str,
        fingerprint: &str,
    ) -> Result<bool, ApiError> {
        let db = self.db(tenant).await?;
        let row: Option<serde_json::Value> = query!(
            &db,
            "SELECT 1 AS found FROM reviews WHERE tenant_id = ?1 AND product_id = ?2 AND fingerprint = ?3 LIMIT 1",
            tenant,
            product,
            fingerprint
        )?
        .via(&db)
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
        let db = self.db(tenant).await?;
        let row: Option<StatusRow> = query!(
            &db,
            "SELECT stage, reason_code, created_at FROM reviews WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            review_id
        )?
        .via(&db)
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
