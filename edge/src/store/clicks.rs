//! SQL of call-to-action clicks: one counter per tenant, product and UTC day, incremented by an upsert and read
//! per day for the analytics (which decide the weeks and months).

use candor_domain::analytics::DayClicks;
use candor_domain::calendar::{DAY_MS, Period};
use serde::Deserialize;
use worker::query;

use super::Store;
use super::db::Via;
use crate::error::ApiError;

#[derive(Deserialize)]
struct ClicksRow {
    day: i64,
    count: u64,
}

impl Store {
    /// Counts one click on `product`'s call to action on the UTC day of `now_ms`.
    pub async fn count_cta_click(
        &self,
        tenant: &str,
        product: &str,
        now_ms: i64,
    ) -> Result<(), ApiError> {
        let db = self.db(tenant).await?;
        db.batch(vec![query!(
            &db,
            "INSERT INTO cta_clicks (tenant_id, product_id, day, clicks) VALUES (?1, ?2, ?3, 1)
                 ON CONFLICT (tenant_id, product_id, day) DO UPDATE SET clicks = clicks + 1",
            tenant,
            product,
            now_ms.div_euclid(DAY_MS)
        )?])
        .await?;
        Ok(())
    }

    /// Clicks on the calls to action of the tenant's products (or one product) per UTC day of `period`.
    pub async fn cta_day_clicks(
        &self,
        tenant: &str,
        product: Option<&str>,
        period: Period,
    ) -> Result<Vec<DayClicks>, ApiError> {
        let db = self.db(tenant).await?;
        let rows: Vec<ClicksRow> = query!(
            &db,
            "SELECT day, SUM(clicks) AS count FROM cta_clicks
             WHERE tenant_id = ?1 AND (?2 IS NULL OR product_id = ?2) AND day >= ?3 AND day <= ?4
             GROUP BY day",
            tenant,
            product,
            period.from_ms.div_euclid(DAY_MS),
            (period.to_ms - 1).div_euclid(DAY_MS)
        )?
        .via(&db)
        .all()
        .await?
        .results()?;
        Ok(rows
            .into_iter()
            .map(|row| DayClicks {
                day: row.day,
                count: row.count,
            })
            .collect())
    }
}
