//! A product's public summary (aggregate, histogram, attribute scores, would-recommend share) built from its O(1)
//! aggregates row, with attribute labels in the visitor's language. A hidden product line shows nothing but its name.
//! Shared by the summary route (which caches the JSON) and the first view (which renders it).

use candor_domain::dto::{AttributeQuestion, AttributeScore, Summary};

use crate::error::ApiError;
use crate::store::{Attribute, Store, SummaryInputs};

/// The summary of `product_id`, or 404 when the tenant has no such product.
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
    } = store
        .summary_inputs(tenant, product_id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;

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
        }
    };
    Ok(summary)
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
