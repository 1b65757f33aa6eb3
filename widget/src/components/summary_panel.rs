//! The aggregate: mean with stars, count, five-bucket histogram, would-recommend share and per-attribute scores.
//! Rendered on the edge (first view); the browser keeps it as rendered. The tenant's disclosure and the population
//! the scores count sit right under the score, at the same size and contrast (never a link). The histogram bars are
//! buttons: the interactive list filters by their star value at the visitor's request.

use candor_domain::dto::Summary;
use leptos::prelude::*;

use crate::components::call_to_action::{CallToAction, counting_link};
use crate::components::stars::Stars;
use crate::i18n::Lang;

#[component]
/// `edge_origin`: the origin the edge serves this first view from (the call to action's counting link is there).
pub fn SummaryPanel(
    summary: Summary,
    lang: Lang,
    disclosure: Option<String>,
    edge_origin: String,
) -> impl IntoView {
    let f = lang.first_view_strings();
    let histogram = summary.histogram.unwrap_or_default();
    let largest = histogram.iter().copied().max().unwrap_or(0).max(1);
    let mean = summary.mean;
    view! {
        <div class="summary">
            <h2 class="heading">{f.heading}</h2>
            {mean.map(|mean| view! {
                <div class="score">
                    <span class="score-value" data-testid="mean">{one_decimal(mean)}</span>
                    <span class="score-scale">{f.out_of_five}</span>
                    <Stars mean=mean/>
                    <span class="count" data-testid="count">{(f.reviews_count)(summary.count)}</span>
                </div>
            })}
            {mean.is_none().then(|| view! { <p class="empty">{f.no_reviews_yet}</p> })}
            <p class="disclosure" data-testid="disclosure" data-version=summary.disclosure_version.map(|v| v.to_string())>
                {disclosure.map(|text| view! { <span data-testid="disclosure-text">{text}" "</span> })}
                <span data-testid="population" data-population=summary.population.clone()>
                    {if summary.population == "independent" { f.population_independent } else { f.population_all }}
                </span>
            </p>
            {summary.would_recommend_percent.map(|pct| view! {
                <p class="recommend" data-testid="recommend">{(f.would_recommend)(pct)}</p>
            })}
            {(summary.count > 0).then(|| view! {
                <ul class="histogram">
                    {(1..=5u8).rev().map(|stars| {
                        let count = histogram[usize::from(stars - 1)];
                        let width = count * 100 / largest;
                        view! {
                            <li>
                                // The accessible name is the hidden sentence (no aria-label, so it cannot contradict the
                                // visible "5★ … 3").
                                <button type="button" class="bar-row" data-stars=stars aria-pressed="false">
                                    <span class="bar-label" aria-hidden="true">{format!("{stars}★")}</span>
                                    <span class="bar"><span class="bar-fill" style=format!("width:{width}%")></span></span>
                                    <span class="bar-count" aria-hidden="true">{count}</span>
                                    <span class="visually-hidden">{(f.histogram_filter)(stars, count)}</span>
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(!summary.attribute_scores.is_empty()).then(|| view! {
                <dl class="attributes" data-testid="attribute-scores">
                    {summary.attribute_scores.iter().map(|score| view! {
                        <div class="attribute" data-attribute=score.key.clone()>
                            <dt>{score.label.clone()}</dt>
                            <dd>
                                {match score.mean {
                                    Some(mean) => [one_decimal(mean), " / 5".to_owned()].concat(),
                                    None => "—".to_owned(),
                                }}
                                {score.mean.map(|mean| view! { <Stars mean=mean/> })}
                            </dd>
                        </div>
                    }).collect_view()}
                </dl>
            })}
            {summary.cta.clone().map(|cta| {
                let href = counting_link(&edge_origin, &summary.tenant, &summary.product, &summary.locale);
                view! { <CallToAction cta=cta product=summary.product.clone() href=href/> }
            })}
        </div>
    }
}

/// `3.64` → `"3.6"`, without pulling float formatting into the wasm (it costs more than the whole summary).
pub fn one_decimal(value: f64) -> String {
    let tenths = (value.clamp(0.0, 1000.0) * 10.0).round() as u32;
    [
        (tenths / 10).to_string(),
        ".".to_owned(),
        (tenths % 10).to_string(),
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::one_decimal;

    #[test]
    fn mean_is_shown_with_one_rounded_decimal() {
        assert_eq!(one_decimal(3.625), "3.6");
        assert_eq!(one_decimal(3.65), "3.7");
        assert_eq!(one_decimal(5.0), "5.0");
        assert_eq!(one_decimal(0.0), "0.0");
        assert_eq!(one_decimal(4.96), "5.0");
    }
}
