//! SQL of the weekly analytics: published reviews of a tenant (optionally one product) in a period, reduced to
//! counts per UTC day — the weeks are `candor_domain::analytics`'s rule.

use candor_domain::analytics::{DayAttribute, DayRatings};
use candor_domain::calendar::Period;
use serde::Deserialize;
use worker::query;

use super::Store;
use super::db::Via;
use crate::error::ApiError;

#[derive(Deserialize)]
struct RatingsRow {
    day: i64,
    rating: u8,
    would_recommend: u8,
    count: u64,
}

#[derive(Deserialize)]
struct AttributeRow {
    day: i64,
    attribute: String,
    rating: u8,
    count: u64,
}

impl Store {
    /// Overall ratings and per-attribute ratings of published reviews submitted in `period`, counted per day.
    pub async fn published_day_counts(
        &self,
        tenant: &str,
        product: Option<&str>,
        period: Period,
    ) -> Result<(Vec<DayRatings>, Vec<DayAttribute>), ApiError> {
        let db = self.db(tenant).await?;
        let ratings: Vec<RatingsRow> = query!(
            &db,
            "SELECT created_at / 86400000 AS day, rating, would_recommend, COUNT(*) AS count
             FROM reviews
             WHERE tenant_id = ?1 AND stage = 'published' AND (?2 IS NULL OR product_id = ?2)
               AND created_at >= ?3 AND created_at < ?4
             GROUP BY day, rating, would_recommend",
            tenant,
            product,
            period.from_ms,
            period.to_ms
        )?
        .via(&db)
        .all()
        .await?
        .results()?;
        let attributes: Vec<AttributeRow> = query!(
            &db,
            "SELECT r.created_at / 86400000 AS day, a.key AS attribute, a.value AS rating, COUNT(*) AS count
             FROM reviews r, json_each(r.attributes) a
             WHERE r.tenant_id = ?1 AND r.stage = 'published' AND (?2 IS NULL OR r.product_id = ?2)
               AND r.created_at >= ?3 AND r.created_at < ?4
             GROUP BY day, attribute, rating",
            tenant,
            product,
            period.from_ms,
            period.to_ms
        )?
        .via(&db)
        .all()
        .await?
        .results()?;
        Ok((
            ratings
                .into_iter()
                .map(|row| DayRatings {
                    day: row.day,
                    rating: row.rating,
                    would_recommend: row.would_recommend == 1,
                    count: row.count,
                })
                .collect(),
            attributes
                .into_iter()
                .map(|row| DayAttribute {
                    day: row.day,
                    attribute: row.attribute,
                    rating: row.rating,
                    count: row.count,
                })
                .collect(),
        ))
    }
}
