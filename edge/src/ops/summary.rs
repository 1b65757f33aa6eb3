//! A product's public summary (aggregate, histogram, attribute scores, would-recommend share, call to action) built
//! from its O(1) aggregates row, with labels in the visitor's language if the tenant offers it, else in the tenant's
//! first locale (`Summary::locale` says which). A hidden product line shows nothing but its name.
//! Shared by the summary route (which caches the JSON) and the first view (which renders it).

use candor_domain::catalogue::ProductCta;
use candor_domain::dto::{AttributeQuestion, AttributeScore, PublicCta, Summary};
use candor_domain::settings::offered_locale;

use crate::error::ApiError;
use crate::store::{Attribute, Store, SummaryInputs};

/// The summary of `product_id` for a visitor asking for Chinese (`chinese`) or English, or 404 when the tenant has no
/// such product.
pub async fn build(
    store: &Store,
    tenant: &str,
    product_id: &str,
    chinese: bool,
) -> Result<Summary, ApiError> {
    let SummaryInputs {
        product,
        population,
        disclosure_version,
        aggregate,
        attribute_aggregates,
        cta,
    } = store
        .summary_inputs(tenant, product_id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    let locale = offered_locale(&product.locales, if chinese { "zh-CN" } else { "en" }).to_owned();
    let chinese = locale == "zh-CN";

    let summary = if product.line_visible {
        let questions = questions(product.attributes, chinese);
        let attribute_scores = questions
            .iter()
            .map(|question| {
                let aggregate = attribute_aggregates
                    .iter()
                    .find(|(key, _)| *key == question.key)
                    .map(|(_, aggregate)| *aggregate)
                    .unwrap_or_default();
                AttributeScore {
                    key: question.key.clone(),
                    label: question.label.clone(),
                    count: aggregate.count,
                    mean: aggregate.mean(),
                    histogram: aggregate.histogram,
                }
            })
            .collect();
        Summary {
            tenant: tenant.to_owned(),
            product: product_id.to_owned(),
            product_name: product.name,
            visible: true,
            count: aggregate.count,
            mean: aggregate.mean(),
            histogram: Some(aggregate.histogram),
            would_recommend_percent: aggregate.would_recommend_percent(),
            attributes: questions,
            attribute_scores,
            population: population.to_owned(),
            disclosure_version,
            cta: public_cta(tenant, cta.as_deref(), &product.allowed_origins, &locale)?,
            locale,
        }
    } else {
        // A hidden product line shows nothing: no count, no scores.
        Summary {
            tenant: tenant.to_owned(),
            product: product_id.to_owned(),
            product_name: product.name,
            visible: false,
            count: 0,
            mean: None,
            histogram: None,
            would_recommend_percent: None,
            attributes: Vec::new(),
            attribute_scores: Vec::new(),
            population: population.to_owned(),
            disclosure_version,
            locale,
            cta: None,
        }
    };
    Ok(summary)
}

/// The stored call to action as visitors see it, labelled for `locale`; none when it is not set or its origin is no
/// longer one of the tenant's (an admin removed it since). A stored value that does not parse is a 500, logged.
fn public_cta(
    tenant: &str,
    stored: Option<&str>,
    allowed_origins: &[String],
    locale: &str,
) -> Result<Option<PublicCta>, ApiError> {
    let Some(json) = stored else { return Ok(None) };
    let cta: ProductCta = serde_json::from_str(json).map_err(|error| {
        worker::console_error!("tenant {tenant}: a stored call to action does not parse: {error}");
        ApiError::Misconfigured("stored call to action")
    })?;
    Ok(cta.on_origins(allowed_origins).then(|| PublicCta {
        label: cta.label_for(locale).to_owned(),
        url: cta.url.clone(),
    }))
}

/// Attribute questions labelled in Chinese when asked for, in English otherwise.
fn questions(attributes: Vec<Attribute>, chinese: bool) -> Vec<AttributeQuestion> {
    attributes
        .into_iter()
        .map(|attribute| AttributeQuestion {
            key: attribute.key,
            label: if chinese {
                attribute.label_zh
            } else {
                attribute.label_en
            },
        })
        .collect()
}
