//! The aggregate: mean with stars, count, five-bucket histogram and would-recommend share.

use candor_domain::dto::Summary;
use leptos::prelude::*;

use crate::components::stars::Stars;
use crate::i18n::Lang;

#[component]
pub fn SummaryPanel(summary: Summary, lang: Lang) -> impl IntoView {
    let t = lang.strings();
    let histogram = summary.histogram.unwrap_or_default();
    let largest = histogram.iter().copied().max().unwrap_or(0).max(1);
    let mean = summary.mean;
    view! {
        <div class="summary">
            <h2 class="heading">{t.heading}</h2>
            {match mean {
                Some(mean) => view! {
                    <div class="score">
                        <span class="score-value" data-testid="mean">{format!("{mean:.1}")}</span>
                        <span class="score-scale">{t.out_of_five}</span>
                        <Stars mean=mean/>
                        <span class="count" data-testid="count">{(t.reviews_count)(summary.count)}</span>
                    </div>
                }.into_any(),
                None => view! { <p class="empty">{t.no_reviews_yet}</p> }.into_any(),
            }}
            {summary.would_recommend_percent.map(|pct| view! {
                <p class="recommend" data-testid="recommend">{(t.would_recommend)(pct)}</p>
            })}
            {(summary.count > 0).then(|| view! {
                <ul class="histogram">
                    {(1..=5u8).rev().map(|stars| {
                        let count = histogram[usize::from(stars - 1)];
                        let width = count * 100 / largest;
                        view! {
                            <li aria-label=(t.histogram_label)(stars, count)>
                                <span class="bar-label" aria-hidden="true">{format!("{stars}★")}</span>
                                <span class="bar"><span class="bar-fill" style=format!("width:{width}%")></span></span>
                                <span class="bar-count" aria-hidden="true">{count}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
