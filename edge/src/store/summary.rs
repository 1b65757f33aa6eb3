//! Everything a product summary shows, read in one D1 round trip: the product and its line, its questions, the
//! tenant's aggregate rule, the disclosure version and the aggregates of both populations. One batch instead of six
//! sequential queries is what makes an uncached summary (and first view) cheap.

use candor_domain::{Aggregate, AggregateRule};
use serde::Deserialize;
use worker::query;

use super::{Attribute, Product, Store};
use crate::error::ApiError;

/// What the summary route needs, with the population already chosen by the tenant's rule.
pub struct SummaryInputs {
    pub product: Product,
    /// `all` or `independent`: the population the aggregates below count.
    pub population: &'static str,
    pub disclosure_version: Option<i64>,
    pub aggregate: Aggregate,
    /// Per attribute key, in no particular order.
    pub attribute_aggregates: Vec<(String, Aggregate)>,
    /// The product's call to action as stored (JSON of `candor_domain::catalogue::ProductCta`), if any.
    pub cta: Option<String>,
}

#[derive(Deserialize)]
struct ProductRow {
    name: String,
    line_visible: u8,
    allowed_origins: String,
    #[serde(default)]
    cta: Option<String>,
}

#[derive(Deserialize)]
struct SettingsRow {
    settings: String,
}

#[derive(Deserialize)]
struct VersionRow {
    version: i64,
}

#[derive(Deserialize)]
struct ScopedRow {
    scope: String,
    #[serde(default)]
    attribute: Option<String>,
    count: u64,
    sum: u64,
    h1: u64,
    h2: u64,
    h3: u64,
    h4: u64,
    h5: u64,
    would_recommend: u64,
}

impl ScopedRow {
    fn aggregate(&self) -> Aggregate {
        Aggregate {
            count: self.count,
            sum: self.sum,
            histogram: [self.h1, self.h2, self.h3, self.h4, self.h5],
            would_recommend: self.would_recommend,
        }
    }
}

impl Store {
    /// `None` when the tenant, the product or its line is unknown or archived.
    pub async fn summary_inputs(
        &self,
        tenant: &str,
        product: &str,
    ) -> Result<Option<SummaryInputs>, ApiError> {
        let db = self.db(tenant).await?;
        let statements = vec![
            query!(
                &db,
                "SELECT p.name AS name, l.visible AS line_visible, t.allowed_origins AS allowed_origins,
                        p.cta AS cta
                 FROM products p
                 JOIN product_lines l ON l.tenant_id = p.tenant_id AND l.id = p.line_id
                 JOIN tenants t ON t.id = p.tenant_id
                 WHERE p.tenant_id = ?1 AND p.id = ?2 AND p.archived = 0 AND l.archived = 0",
                tenant,
                product
            )?,
            query!(
                &db,
                "SELECT key, label_en, label_zh FROM attributes
                 WHERE tenant_id = ?1 AND product_id = ?2 AND archived = 0 ORDER BY position, key",
                tenant,
                product
            )?,
            query!(
                &db,
                "SELECT settings FROM tenant_settings WHERE tenant_id = ?1",
                tenant
            )?,
            query!(
                &db,
                "SELECT version FROM disclosures WHERE tenant_id = ?1 ORDER BY version DESC LIMIT 1",
                tenant
            )?,
            query!(
                &db,
                "SELECT scope, count, sum, h1, h2, h3, h4, h5, would_recommend FROM aggregates
                 WHERE tenant_id = ?1 AND product_id = ?2",
                tenant,
                product
            )?,
            query!(
                &db,
                "SELECT scope, attribute, count, sum, h1, h2, h3, h4, h5, would_recommend
                 FROM attribute_aggregates WHERE tenant_id = ?1 AND product_id = ?2",
                tenant,
                product
            )?,
        ];
        let results = db.read_batch(statements).await?;
        let [
            product_rows,
            attributes,
            settings,
            disclosure,
            aggregates,
            per_attribute,
        ] = <[_; 6]>::try_from(results).map_err(|_| ApiError::Misconfigured("summary batch"))?;
        let Some(row) = product_rows.results::<ProductRow>()?.into_iter().next() else {
            return Ok(None);
        };
        let stored = settings.results::<SettingsRow>()?.into_iter().next();
        let tenant_settings = super::stored_settings(
            tenant,
            &row.allowed_origins,
            stored.as_ref().map(|stored| stored.settings.as_str()),
        )?;
        let population = match tenant_settings.aggregate_rule {
            AggregateRule::IndependentOnly => "independent",
            AggregateRule::AllReviews => "all",
        };
        let aggregate = aggregates
            .results::<ScopedRow>()?
            .iter()
            .find(|row| row.scope == population)
            .map(ScopedRow::aggregate)
            .unwrap_or_default();
        let attribute_aggregates = per_attribute
            .results::<ScopedRow>()?
            .into_iter()
            .filter(|row| row.scope == population)
            .filter_map(|row| {
                let aggregate = row.aggregate();
                row.attribute.map(|key| (key, aggregate))
            })
            .collect();
        Ok(Some(SummaryInputs {
            product: Product {
                name: row.name,
                line_visible: row.line_visible == 1,
                attributes: attributes.results::<Attribute>()?,
                allowed_origins: tenant_settings.allowed_origins,
                locales: tenant_settings.locales,
            },
            population,
            disclosure_version: disclosure
                .results::<VersionRow>()?
                .into_iter()
                .next()
                .map(|row| row.version),
            aggregate,
            attribute_aggregates,
            cta: row.cta,
        }))
    }
}
