//! Reading reviews: one review with its deciders, the moderation queues and the public list's pages.

use candor_domain::Stage;
use serde::Deserialize;
use worker::query;

use crate::error::ApiError;

use super::Store;
use super::db::Via;

/// A review as staff see it: everything, including the contact e-mail kept apart from it.
#[derive(Deserialize)]
pub struct ReviewRow {
    pub id: String,
    pub product_id: String,
    pub stage: String,
    pub version: i64,
    pub flagged: u8,
    pub rating: u8,
    pub attributes: String,
    pub would_recommend: u8,
    pub title: String,
    pub body: String,
    pub nickname: String,
    pub segment: Option<String>,
    pub relationship: String,
    pub incentive: String,
    pub locale: String,
    pub reason_code: Option<String>,
    pub content_hash: String,
    pub findings: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub helpful: i64,
    pub contact_email: Option<String>,
    pub revision_of: Option<String>,
    pub superseded_by: Option<String>,
    /// The first review of its revision chain (migration 0009); the archive's four-eyes trigger reads it.
    pub lineage_id: Option<String>,
}

/// A visitor's report on a review, with their note (never who they are).
#[derive(Deserialize)]
pub struct FlagRow {
    pub id: String,
    pub reason: String,
    pub note: Option<String>,
    pub created_at: i64,
}

/// One staff decision already taken on a review (for four-eyes).
#[derive(Deserialize)]
pub struct DeciderRow {
    /// The person id (rows before migration 0009: the name, which is the migrated person's id).
    pub actor: String,
    pub role: String,
}

/// One item waiting in a staff queue.
#[derive(Deserialize)]
pub struct QueueRow {
    pub id: String,
    pub product_id: String,
    pub stage: String,
    pub flagged: u8,
    pub title: String,
    pub locale: String,
    pub findings: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub open_flags: i64,
}

/// A published review as the public list shows it.
#[derive(Deserialize)]
pub struct PublicRow {
    pub id: String,
    pub rating: u8,
    pub attributes: String,
    pub would_recommend: u8,
    pub title: String,
    pub body: String,
    pub nickname: String,
    pub segment: Option<String>,
    pub relationship: String,
    pub incentive: String,
    pub locale: String,
    pub created_at: i64,
    pub helpful: i64,
}

/// Orders of the public list; the stored key each one sorts by first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListSort {
    Newest,
    Highest,
    Lowest,
    Helpful,
}

/// Where the previous page ended: the sort key, `created_at` and `id` of its last review.
pub struct ListAfter {
    pub key: i64,
    pub created_at: i64,
    pub id: String,
}

/// One query of the public list.
pub struct ListQuery<'a> {
    pub sort: ListSort,
    pub rating: Option<u8>,
    pub locale: Option<&'a str>,
    pub after: Option<ListAfter>,
    pub limit: u32,
}

impl Store {
    /// One review of this tenant with its contact e-mail.
    pub async fn review(&self, tenant: &str, id: &str) -> Result<Option<ReviewRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT r.id, r.product_id, r.stage, r.version, r.flagged, r.rating, r.attributes, r.would_recommend,
                    r.title, r.body, r.nickname, r.segment, r.relationship, r.incentive, r.locale, r.reason_code,
                    r.content_hash, r.findings, r.created_at, r.updated_at, r.helpful, c.email AS contact_email,
                    r.revision_of, r.superseded_by, r.lineage_id
             FROM reviews r
             LEFT JOIN review_contacts c ON c.tenant_id = r.tenant_id AND c.review_id = r.id
             WHERE r.tenant_id = ?1 AND r.id = ?2",
            tenant,
            id
        )?
        .via(&db)
        .first(None)
        .await?)
    }

    /// The staff decisions in a review's trail and in the trails of the reviews it revises, oldest first.
    pub async fn deciders(
        &self,
        tenant: &str,
        review_id: &str,
    ) -> Result<Vec<DeciderRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "WITH RECURSIVE lineage(id) AS (
               SELECT id FROM reviews WHERE tenant_id = ?1 AND id = ?2
               UNION
               SELECT r.revision_of FROM reviews r JOIN lineage l ON r.tenant_id = ?1 AND r.id = l.id
               WHERE r.revision_of IS NOT NULL
             )
             SELECT coalesce(person_id, actor) AS actor, role FROM audit_log
             WHERE tenant_id = ?1 AND review_id IN (SELECT id FROM lineage)
               AND role IN ('moderator', 'compliance', 'owner')
             ORDER BY seq",
            tenant,
            review_id
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    /// Items waiting at `stage` (or, with `flagged`, published reviews with an open flag), oldest first.
    pub async fn queue(
        &self,
        tenant: &str,
        stage: Stage,
        flagged: bool,
        limit: u32,
    ) -> Result<Vec<QueueRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT r.id, r.product_id, r.stage, r.flagged, r.title, r.locale, r.findings, r.created_at, r.updated_at,
                    (SELECT count(*) FROM flags f WHERE f.tenant_id = r.tenant_id AND f.review_id = r.id) AS open_flags
             FROM reviews r
             WHERE r.tenant_id = ?1 AND r.stage = ?2 AND (?3 = 0 OR r.flagged = 1)
             ORDER BY r.updated_at ASC, r.id ASC
             LIMIT ?4",
            tenant,
            stage.as_str(),
            u8::from(flagged),
            limit
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    /// A page of published reviews of one product, in keyset order.
    pub async fn published_reviews(
        &self,
        tenant: &str,
        product: &str,
        list: &ListQuery<'_>,
    ) -> Result<Vec<PublicRow>, ApiError> {
        let db = self.db(tenant).await?;
        // One static statement per order; the cursor and filters are parameters (NULL = absent).
        let sql = match list.sort {
            ListSort::Newest => {
                "SELECT id, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive,
                        locale, created_at, helpful
                 FROM reviews
                 WHERE tenant_id = ?1 AND product_id = ?2 AND stage = 'published'
                   AND (?3 IS NULL OR rating = ?3) AND (?4 IS NULL OR locale = ?4)
                   AND (?6 IS NULL OR (created_at, id) < (?6, ?7))
                 ORDER BY created_at DESC, id DESC LIMIT ?8"
            }
            ListSort::Highest => {
                "SELECT id, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive,
                        locale, created_at, helpful
                 FROM reviews
                 WHERE tenant_id = ?1 AND product_id = ?2 AND stage = 'published'
                   AND (?3 IS NULL OR rating = ?3) AND (?4 IS NULL OR locale = ?4)
                   AND (?5 IS NULL OR rating < ?5 OR (rating = ?5 AND (created_at, id) < (?6, ?7)))
                 ORDER BY rating DESC, created_at DESC, id DESC LIMIT ?8"
            }
            ListSort::Lowest => {
                "SELECT id, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive,
                        locale, created_at, helpful
                 FROM reviews
                 WHERE tenant_id = ?1 AND product_id = ?2 AND stage = 'published'
                   AND (?3 IS NULL OR rating = ?3) AND (?4 IS NULL OR locale = ?4)
                   AND (?5 IS NULL OR rating > ?5 OR (rating = ?5 AND (created_at, id) < (?6, ?7)))
                 ORDER BY rating ASC, created_at DESC, id DESC LIMIT ?8"
            }
            ListSort::Helpful => {
                "SELECT id, rating, attributes, would_recommend, title, body, nickname, segment, relationship, incentive,
                        locale, created_at, helpful
                 FROM reviews
                 WHERE tenant_id = ?1 AND product_id = ?2 AND stage = 'published'
                   AND (?3 IS NULL OR rating = ?3) AND (?4 IS NULL OR locale = ?4)
                   AND (?5 IS NULL OR helpful < ?5 OR (helpful = ?5 AND (created_at, id) < (?6, ?7)))
                 ORDER BY helpful DESC, created_at DESC, id DESC LIMIT ?8"
            }
        };
        let (key, created_at, id) = match &list.after {
            Some(after) => (
                Some(after.key),
                Some(after.created_at),
                Some(after.id.as_str()),
            ),
            None => (None, None, None),
        };
        Ok(query!(
            &db,
            sql,
            tenant,
            product,
            list.rating,
            list.locale,
            key,
            created_at,
            id,
            list.limit
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    /// The newest `limit` reports on a review, newest first.
    pub async fn review_flags(
        &self,
        tenant: &str,
        review_id: &str,
        limit: u32,
    ) -> Result<Vec<FlagRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT id, reason, note, created_at FROM flags WHERE tenant_id = ?1 AND review_id = ?2
             ORDER BY created_at DESC, id DESC LIMIT ?3",
            tenant,
            review_id,
            limit
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    /// The version of a review now (to tell a lost race from a moved chain head).
    pub async fn review_version(&self, tenant: &str, id: &str) -> Result<Option<i64>, ApiError> {
        let db = self.db(tenant).await?;
        #[derive(Deserialize)]
        struct Row {
            version: i64,
        }
        let row: Option<Row> = query!(
            &db,
            "SELECT version FROM reviews WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            id
        )?
        .via(&db)
        .first(None)
        .await?;
        Ok(row.map(|row| row.version))
    }
}
