//! The neutrality report (compliance and the owner; anyone else sees the edge's refusal as a plain sentence): per
//! product and star bucket of reviews submitted in a period, the approval rate with its 95 % interval, the number
//! of decisions and the median time to a decision; a reading in words; and the warnings, naming the buckets and the
//! tenant's threshold, above everything else. Renders `GET /v1/admin/reports/neutrality` as it is.

use candor_domain::calendar::{self, DEFAULT_PERIOD_DAYS};
use candor_domain::neutrality::{NeutralityReport, ProductReport};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{self, ClientError};
use crate::components::app::Console;
use crate::components::load::{Load, LoadProblem};
use crate::i18n::Lang;
use crate::report_words::{percent, reading, warning};
use crate::time;

#[component]
pub fn NeutralityPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let lang = console.lang;
    let words = move || lang.get().reports();
    let today = calendar::day_of(js_sys::Date::now() as i64);
    let product = RwSignal::new(String::new());
    let from = RwSignal::new(calendar::date_of_day(today + 1 - DEFAULT_PERIOD_DAYS));
    let to = RwSignal::new(calendar::date_of_day(today + 1));
    let report = RwSignal::new(Load::<NeutralityReport>::Loading);
    // The tenant's products, as the last report over all of them listed them.
    let known = RwSignal::new(Vec::<String>::new());
    let load = move || {
        let mut path = format!(
            "/v1/admin/reports/neutrality?from={}&to={}",
            client::encode(&from.get_untracked()),
            client::encode(&to.get_untracked())
        );
        let chosen = product.get_untracked();
        if !chosen.is_empty() {
            path.push_str(&format!("&product={}", client::encode(&chosen)));
        }
        report.set(Load::Loading);
        spawn_local(async move {
            let answer = client::get::<NeutralityReport>(&path).await;
            if let (Ok(answer), true) = (&answer, chosen.is_empty()) {
                known.set(answer.products.iter().map(|p| p.product.clone()).collect());
            }
            report.set(Load::from_result(answer));
        });
    };
    load();
    let retry = Callback::new(move |_| load());
    view! {
        <h1>{move || lang.get().words().neutrality}</h1>
        <p class="muted">{move || words().neutrality_intro}</p>
        <form class="range" on:submit=move |event| { event.prevent_default(); load(); }>
            <div><label for="neutrality-product">{move || lang.get().words().product}</label>
                <select id="neutrality-product" on:change=move |event| product.set(event_target_value(&event))>
                    <option value="" selected=move || product.get().is_empty()>{move || words().all_products}</option>
                    {move || known.get().into_iter().map(|id| {
                        let (value, text) = (id.clone(), id.clone());
                        view! { <option value=id selected=move || product.get() == value>{text}</option> }
                    }).collect_view()}
                </select></div>
            <div><label for="neutrality-from">{move || lang.get().words().from}</label>
                <input id="neutrality-from" type="date" prop:value=move || from.get() on:change=move |event| from.set(event_target_value(&event))/></div>
            <div><label for="neutrality-to">{move || lang.get().words().to}</label>
                <input id="neutrality-to" type="date" prop:value=move || to.get() on:change=move |event| to.set(event_target_value(&event))/></div>
            <button type="submit">{move || words().show}</button>
        </form>
        {move || match report.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(ClientError::Refused { status: 403, .. }) => view! {
                <p class="notice error" role="alert" data-testid="neutrality-forbidden">{words().not_allowed}</p>
            }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(answer) => view! { <Report lang=lang.get() answer=answer/> }.into_any(),
        }}
    }
}

#[component]
fn Report(lang: Lang, answer: NeutralityReport) -> impl IntoView {
    let words = lang.reports();
    let threshold = answer.threshold_points;
    let threshold_line = match lang {
        Lang::En => format!("{}: {threshold} percentage points.", words.threshold),
        Lang::Zh => format!("{}：{threshold} 个百分点。", words.threshold),
    };
    let warnings = (!answer.warnings.is_empty()).then(|| {
        view! {
            <section class="notice error warnings" role="alert" data-testid="neutrality-warnings">
                <h2>{words.warnings}</h2>
                <ul>
                    {answer.warnings.iter().map(|found| view! {
                        <li data-ratings=format!("{}-{}", found.ratings[0], found.ratings[1])>{warning(lang, found, threshold)}</li>
                    }).collect_view()}
                </ul>
                <p>{threshold_line.clone()}</p>
            </section>
        }
    });
    let calm = answer.warnings.is_empty().then(|| {
        view! { <p class="notice good" data-testid="neutrality-calm">{words.no_warnings}" "{threshold_line.clone()}</p> }
    });
    view! {
        {warnings}
        {calm}
        {answer.products.into_iter().map(|product| view! { <ProductTable lang=lang product=product/> }).collect_view()}
    }
}

#[component]
fn ProductTable(lang: Lang, product: ProductReport) -> impl IntoView {
    let words = lang.reports();
    let rates: Vec<(u8, f64)> = product
        .stars
        .iter()
        .filter_map(|bucket| Some((bucket.rating, bucket.approval_rate?)))
        .collect();
    let sentence = reading(lang, &rates).unwrap_or_else(|| words.no_decisions.to_owned());
    let heading_id = format!("neutrality-{}", product.product);
    let rows = product
        .stars
        .iter()
        .map(|bucket| {
            let interval = bucket.approval_interval.map(|[low, high]| {
                format!("{} – {}", percent(lang, low), percent(lang, high))
            });
            view! {
                <tr data-rating=bucket.rating>
                    <th scope="row">{format!("{}★", bucket.rating)}</th>
                    <td data-field="submitted">{bucket.submitted}</td>
                    <td data-field="decisions">{bucket.decisions}</td>
                    <td data-field="approval_rate">{bucket.approval_rate.map(|rate| percent(lang, rate))}</td>
                    <td data-field="approval_interval">{interval}</td>
                    <td data-field="median">{bucket.decision_ms_median.map(|ms| time::age((ms / 1000.0) as i64))}</td>
                    <td>{bucket.pending}</td>
                    <td>{bucket.withdrawn}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="neutrality-product" aria-labelledby=heading_id data-product=product.product.clone()>
            <h2 id=heading_id.clone()>{product.product.clone()}</h2>
            <p class="reading" data-testid="neutrality-reading">{sentence}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=product.product.clone()>
                <table class="figures">
                    <caption>{words.approval_rate}" · "{product.product.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{words.stars}</th>
                        <th scope="col">{words.submitted}</th>
                        <th scope="col">{words.decisions}</th>
                        <th scope="col">{words.approval_rate}</th>
                        <th scope="col">{words.interval}</th>
                        <th scope="col">{words.median_time}</th>
                        <th scope="col">{words.pending}</th>
                        <th scope="col">{words.withdrawn}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
