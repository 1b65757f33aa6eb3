//! SQL of the staff's review search (`GET /v1/admin/reviews`): reviews of every stage, newest first, keyset-paged,
//! filtered by product, stage and submission time, and by text with a *bounded scan*: each request reads at most
//! `window` reviews of the filtered order (their keys from one of four covering indexes, named with `INDEXED BY` so
//! the plan never depends on statistics; the reviews themselves by primary key) and tests title and body with
//! `instr`, which finds any substring in any script (two-character Chinese words too). Why not FTS5, and the
//! measurements: docs/decisions/0001-staff-review-search.md.

use serde::Deserialize;
use worker::query;

use super::Store;
use super::db::Via;
use crate::error::ApiError;

/// One row of a search answer: a review that matched (`hit = 1`), or the last review the window read (`hit = 0`,
/// with `scanned`, how many it read), which tells the route where to continue.
#[derive(Deserialize)]
pub struct SearchRow {
    pub hit: u8,
    pub id: String,
    pub product_id: String,
    pub stage: String,
    pub flagged: u8,
    pub rating: u8,
    pub title: String,
    pub excerpt: String,
    pub locale: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub scanned: i64,
}

/// One search request, already parsed and bounded.
pub struct SearchQuery<'a> {
    pub product: Option<&'a str>,
    pub stage: Option<&'static str>,
    /// Submitted at or after (ms).
    pub from_ms: i64,
    /// Only reviews strictly before this `(created_at, id)` in the order (the cursor, or the period's end with "").
    pub before: (i64, String),
    /// How many reviews the request may read.
    pub window: u32,
    /// ASCII-lower-cased text to look for in title or body; `None`: every review of the window matches.
    pub text: Option<&'a str>,
    /// How many matches to return.
    pub limit: u32,
}

impl Store {
    /// The matches among the next `window` reviews of the order (at most `limit`), newest first, then the oldest
    /// review the window read.
    pub async fn search_reviews(
        &self,
        tenant: &str,
        search: &SearchQuery<'_>,
    ) -> Result<Vec<SearchRow>, ApiError> {
        let db = self.db(tenant).await?;
        let (index, product, stage) = match (search.product.is_some(), search.stage.is_some()) {
            (false, false) => ("reviews_search_all", "?2 IS NULL", "?3 IS NULL"),
            (false, true) => ("reviews_search_stage", "?2 IS NULL", "stage = ?3"),
            (true, false) => ("reviews_search_product", "product_id = ?2", "?3 IS NULL"),
            (true, true) => (
                "reviews_search_product_stage",
                "product_id = ?2",
                "stage = ?3",
            ),
        };
        // `lower` copies the whole text; a query without ASCII letters (Chinese, digits) has no case to fold.
        let (title, body) = match search.text {
            Some(text) if text.bytes().any(|b| b.is_ascii_alphabetic()) => {
                ("lower(r.title)", "lower(r.body)")
            }
            _ => ("r.title", "r.body"),
        };
        // `keys` reads the window from the covering index alone; only the reviews in it are read, by primary key.
        let sql = format!(
            "WITH keys AS (
               SELECT created_at, id FROM reviews INDEXED BY {index}
               WHERE tenant_id = ?1 AND {product} AND {stage} AND created_at >= ?4 AND (created_at, id) < (?5, ?6)
               ORDER BY created_at DESC, id DESC LIMIT ?7
             )
             SELECT * FROM (
               SELECT 1 AS hit, r.id, r.product_id, r.stage, r.flagged, r.rating, r.title,
                      substr(r.body, 1, 200) AS excerpt, r.locale, r.created_at, r.updated_at, 0 AS scanned
               FROM keys k JOIN reviews r ON r.tenant_id = ?1 AND r.id = k.id
               WHERE ?8 IS NULL OR instr({title}, ?8) > 0 OR instr({body}, ?8) > 0
               ORDER BY k.created_at DESC, k.id DESC LIMIT ?9
             )
             UNION ALL
             SELECT * FROM (
               SELECT 0 AS hit, id, '' AS product_id, '' AS stage, 0 AS flagged, 0 AS rating, '' AS title,
                      '' AS excerpt, '' AS locale, created_at, created_at AS updated_at,
                      (SELECT count(*) FROM keys) AS scanned
               FROM keys ORDER BY created_at ASC, id ASC LIMIT 1
             )"
        );
        Ok(query!(
            &db,
            &sql,
            tenant,
            search.product,
            search.stage,
            search.from_ms,
            search.before.0,
            search.before.1,
            search.window,
            search.text,
            search.limit
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }
}
