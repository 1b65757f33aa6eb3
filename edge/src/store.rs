//! The only code that speaks SQL. Every query takes the tenant id; every multi-row change is one D1 batch (one transaction).

use candor_domain::{Aggregate, Stage, ValidReview};
use serde::Deserialize;
use worker::{D1Database, Env, query};

use crate::error::ApiError;

pub struct Store {
    db: D1Database,
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
    /// Archive rows, oldest first; the first links to the tenant's chain head.
    pub audit: Vec<AuditAppend>,
    pub now_ms: i64,
}

/// One row appended to the archive; `prev_hash` must be the tenant's current chain head.
pub struct AuditAppend {
    pub prev_hash: String,
    pub content_hash: String,
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub actor: String,
    pub role: &'static str,
    pub reason_code: Option<&'static str>,
    pub note: Option<String>,
    pub row_hash: String,
}

#[derive(Deserialize)]
struct ProductRow {
    name: String,
    line_visible: u8,
    allowed_origins: String,
}

#[derive(Deserialize)]
struct AggregateRow {
    count: u64,
    sum: u64,
    h1: u64,
    h2: u64,
    h3: u64,
    h4: u64,
    h5: u64,
    would_recommend: u64,
}

#[derive(Deserialize)]
struct StatusRow {
    stage: String,
    reason_code: Option<String>,
}

#[derive(Deserialize)]
struct HashRow {
    row_hash: String,
}

/// The `prev_hash` of a tenant's first audit row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl Store {
    pub fn open(env: &Env) -> Result<Store, ApiError> {
        let db = env
            .d1("DB")
            .map_err(|_| ApiError::Misconfigured("D1 binding DB"))?;
        Ok(Store { db })
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
        .first(None)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let attributes = query!(
            &self.db,
            "SELECT key, label_en, label_zh FROM attributes WHERE tenant_id = ?1 AND product_id = ?2 ORDER BY position",
            tenant,
            product
        )?
        .all()
        .await?
        .results::<Attribute>()?;
        Ok(Some(Product {
            name: row.name,
            line_visible: row.line_visible == 1,
            attributes,
            allowed_origins: serde_json::from_str(&row.allowed_origins).unwrap_or_default(),
        }))
    }

    /// The aggregate of published reviews of one product in one scope (`all` or `independent`).
    pub async fn aggregate(
        &self,
        tenant: &str,
        product: &str,
        scope: &str,
    ) -> Result<Aggregate, ApiError> {
        let row: Option<AggregateRow> = query!(
            &self.db,
            "SELECT count, sum, h1, h2, h3, h4, h5, would_recommend FROM aggregates
             WHERE tenant_id = ?1 AND product_id = ?2 AND scope = ?3",
            tenant,
            product,
            scope
        )?
        .first(None)
        .await?;
        Ok(row.map_or_else(Aggregate::default, |row| Aggregate {
            count: row.count,
            sum: row.sum,
            histogram: [row.h1, row.h2, row.h3, row.h4, row.h5],
            would_recommend: row.would_recommend,
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
        .first(None)
        .await?;
        Ok(row.map_or_else(|| GENESIS_HASH.to_owned(), |row| row.row_hash))
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
                                      reason_code, fingerprint, findings)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, ?18, ?19)",
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
                new.findings_json
            )?,
        ];
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
            statements.push(query!(
                &self.db,
                "INSERT INTO audit_log (tenant_id, review_id, prev_hash, content_hash, from_stage, to_stage, actor, role,
                                        reason_code, note, at, row_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                new.tenant,
                new.review_id,
                audit.prev_hash,
                audit.content_hash,
                audit.from_stage.map(Stage::as_str),
                audit.to_stage.as_str(),
                audit.actor,
                audit.role,
                audit.reason_code,
                audit.note,
                new.now_ms,
                audit.row_hash
            )?);
        }
        self.db.batch(statements).await?;
        Ok(())
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
        .first(None)
        .await?;
        Ok(row.is_some())
    }

    /// Stage and public reason of one review of this tenant.
    pub async fn review_status(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Option<(Stage, Option<String>)>, ApiError> {
        let row: Option<StatusRow> = query!(
            &self.db,
            "SELECT stage, reason_code FROM reviews WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            review_id
        )?
        .first(None)
        .await?;
        Ok(row.and_then(|row| Stage::parse(&row.stage).map(|stage| (stage, row.reason_code))))
    }
}
