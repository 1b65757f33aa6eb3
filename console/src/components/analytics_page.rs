//! Analytics of published reviews (every staff role): product (or all), rating (overall or one attribute), period
//! and week or month; charts of the average, the volume, the would-recommend share, the star distribution and the
//! call-to-action clicks, the same numbers in a table and as a CSV download, and optionally a second period beside
//! the first with the change. Renders what `crate::analytics_view` computes from `GET /v1/admin/analytics`.

use candor_domain::analytics::AnalyticsReport;
use candor_domain::calendar::{self, DEFAULT_PERIOD_DAYS};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::analytics_view::{self, Measure, Row, Totals};
use crate::client;
use crate::components::app::Console;
use crate::components::chart_svg::{ChartSvg, Shape};
use crate::components::load::{Load, LoadProblem};
use crate::i18n::Lang;

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let lang = console.lang;
    let words = move || lang.get().reports();
    let today = calendar::day_of(js_sys::Date::now() as i64);
    let date = |day: i64| calendar::date_of_day(day);
    let product = RwSignal::new(String::new());
    let measure = RwSignal::new(String::new());
    let bucket = RwSignal::new("week".to_owned());
    let from = RwSignal::new(date(today + 1 - DEFAULT_PERIOD_DAYS));
    let to = RwSignal::new(date(today + 1));
    let comparing = RwSignal::new(false);
    let other_from = RwSignal::new(date(today + 1 - 2 * DEFAULT_PERIOD_DAYS));
    let other_to = RwSignal::new(date(today + 1 - DEFAULT_PERIOD_DAYS));
    let report = RwSignal::new(Load::<AnalyticsReport>::Loading);
    let other = RwSignal::new(None::<Load<AnalyticsReport>>);

    let path = move |from: String, to: String| {
        let mut path = format!(
            "/v1/admin/analytics?bucket={}&from={}&to={}",
            client::encode(&bucket.get_untracked()),
            client::encode(&from),
            client::encode(&to)
        );
        let product = product.get_untracked();
        if !product.is_empty() {
            path.push_str(&format!("&product={}", client::encode(&product)));
        }
        path
    };
    let load = move || {
        report.set(Load::Loading);
        let first = path(from.get_untracked(), to.get_untracked());
        let second = comparing
            .get_untracked()
            .then(|| path(other_from.get_untracked(), other_to.get_untracked()));
        other.set(second.as_ref().map(|_| Load::Loading));
        spawn_local(async move {
            report.set(Load::from_result(
                client::get::<AnalyticsReport>(&first).await,
            ));
            if let Some(second) = second {
                other.set(Some(Load::from_result(
                    client::get::<AnalyticsReport>(&second).await,
                )));
            }
        });
    };
    load();
    let retry = Callback::new(move |_| load());
    // The product and attribute pickers offer what the last answer listed (the tenant's products, the attributes
    // rated in the period), keeping the current choice.
    let products = Memo::new(move |_| match report.get() {
        Load::Ready(report) => report.products,
        _ => Vec::new(),
    });
    let attributes = Memo::new(move |_| match report.get() {
        Load::Ready(report) => analytics_view::attribute_keys(&report),
        _ => Vec::new(),
    });

    view! {
        <h1>{move || lang.get().words().analytics}</h1>
        <p class="muted">{move || words().published_only}</p>
        <form class="range" on:submit=move |event| { event.prevent_default(); load(); }>
            <div><label for="analytics-product">{move || console.lang.get().words().product}</label>
                <select id="analytics-product" on:change=move |event| product.set(event_target_value(&event))>
                    <option value="" selected=move || product.get().is_empty()>{move || words().all_products}</option>
                    {move || products.get().into_iter().map(|id| {
                        let (value, text) = (id.clone(), id.clone());
                        view! { <option value=id selected=move || product.get() == value>{text}</option> }
                    }).collect_view()}
                </select></div>
            <div><label for="analytics-measure">{move || words().measure}</label>
                <select id="analytics-measure" on:change=move |event| measure.set(event_target_value(&event))>
                    <option value="" selected=move || measure.get().is_empty()>{move || words().overall}</option>
                    {move || attributes.get().into_iter().map(|key| {
                        let (value, text) = (key.clone(), key.clone());
                        view! { <option value=key selected=move || measure.get() == value>{text}</option> }
                    }).collect_view()}
                </select></div>
            <div><label for="analytics-from">{move || console.lang.get().words().from}</label>
                <input id="analytics-from" type="date" prop:value=move || from.get() on:change=move |event| from.set(event_target_value(&event))/></div>
            <div><label for="analytics-to">{move || console.lang.get().words().to}</label>
                <input id="analytics-to" type="date" prop:value=move || to.get() on:change=move |event| to.set(event_target_value(&event))/></div>
            <div><label for="analytics-bucket">{move || words().bucket}</label>
                <select id="analytics-bucket" on:change=move |event| bucket.set(event_target_value(&event))>
                    <option value="week" selected=move || bucket.get() == "week">{move || words().week}</option>
                    <option value="month" selected=move || bucket.get() == "month">{move || words().month}</option>
                </select></div>
            <div class="check"><label>
                <input id="analytics-compare" type="checkbox" prop:checked=move || comparing.get() on:change=move |event| comparing.set(event_target_checked(&event))/>
                " "{move || words().compare}
            </label></div>
            {move || comparing.get().then(|| view! {
                <div><label for="analytics-other-from">{words().compare_from}</label>
                    <input id="analytics-other-from" type="date" prop:value=move || other_from.get() on:change=move |event| other_from.set(event_target_value(&event))/></div>
                <div><label for="analytics-other-to">{words().compare_to}</label>
                    <input id="analytics-other-to" type="date" prop:value=move || other_to.get() on:change=move |event| other_to.set(event_target_value(&event))/></div>
            })}
            <button type="submit">{move || words().show}</button>
        </form>
        {move || match report.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(answer) => {
                let chosen = Measure::from_choice(&measure.get());
                let rows = analytics_view::rows(&answer, &chosen);
                let other_rows = match other.get() {
                    Some(Load::Ready(second)) => Some(Ok(analytics_view::rows(&second, &chosen))),
                    Some(Load::Failed(error)) => Some(Err(Some(error))),
                    Some(Load::Loading) => Some(Err(None)),
                    None => None,
                };
                view! { <Figures lang=lang.get() rows=rows measure=chosen other=other_rows retry=retry/> }.into_any()
            }
        }}
    }
}

/// The charts, the table, the CSV link and (with a second period) the comparison of one answer.
#[component]
fn Figures(
    lang: Lang,
    rows: Vec<Row>,
    measure: Measure,
    other: Option<Result<Vec<Row>, Option<client::ClientError>>>,
    retry: Callback<()>,
) -> impl IntoView {
    let words = lang.reports();
    let no_data = words.no_data;
    let series = |value: fn(&Row) -> Option<f64>| -> Vec<(String, Option<f64>)> {
        rows.iter()
            .map(|row| (row.label.clone(), value(row)))
            .collect()
    };
    let spoken = |values: &[(String, Option<f64>)], unit: &str| -> String {
        values
            .iter()
            .map(|(label, value)| match value {
                Some(value) => format!("{label} {}{unit}", crate::chart::label_number(*value)),
                None => format!("{label} {no_data}"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let average = series(|row| row.mean);
    let volume = series(|row| Some(row.count as f64));
    let recommend = series(|row| row.would_recommend_pct);
    let clicks = series(|row| Some(row.cta_clicks as f64));
    let all = analytics_view::totals(&rows);
    let stars: Vec<(String, Option<f64>)> = (1..=5)
        .zip(all.histogram)
        .map(|(stars, count)| (format!("{stars}★"), Some(count as f64)))
        .collect();
    let header = [
        words.period_label,
        words.start,
        words.reviews,
        words.average,
        words.would_recommend,
        "1★",
        "2★",
        "3★",
        "4★",
        "5★",
        words.cta_clicks,
    ];
    let csv = analytics_view::csv_text(&header, &rows);
    let csv_href = csv_url(&csv);
    let table_rows = rows
        .iter()
        .map(|row| {
            view! {
                <tr data-label=row.label.clone()>
                    <th scope="row">{row.label.clone()}</th>
                    <td>{row.start.clone()}</td>
                    <td data-field="count">{row.count}</td>
                    <td data-field="mean">{analytics_view::one_decimal(row.mean)}</td>
                    <td data-field="would_recommend_pct">{analytics_view::one_decimal(row.would_recommend_pct)}</td>
                    {row.histogram.iter().map(|n| view! { <td>{*n}</td> }).collect_view()}
                    <td data-field="cta_clicks">{row.cta_clicks}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {matches!(measure, Measure::Attribute(_)).then(|| view! { <p class="muted">{words.attribute_note}</p> })}
        <div class="charts">
            <ChartSvg name="average" title=words.average.to_owned() summary=spoken(&average, "") shape=Shape::Line values=average fixed_max=Some(5.0)/>
            <ChartSvg name="volume" title=words.volume.to_owned() summary=spoken(&volume, "") shape=Shape::Bars values=volume fixed_max=None/>
            <ChartSvg name="recommend" title=format!("{} (%)", words.would_recommend) summary=spoken(&recommend, " %") shape=Shape::Line values=recommend fixed_max=Some(100.0)/>
            <ChartSvg name="stars" title=words.distribution.to_owned() summary=spoken(&stars, "") shape=Shape::Bars values=stars fixed_max=None/>
            <ChartSvg name="clicks" title=words.cta_clicks.to_owned() summary=spoken(&clicks, "") shape=Shape::Bars values=clicks fixed_max=None/>
        </div>
        <p>
            <a class="button secondary" href=csv_href download="candor-analytics.csv" data-testid="analytics-csv">{words.download_csv}</a>
        </p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=words.table_caption>
            <table class="figures" data-testid="analytics-table">
                <caption>{words.table_caption}</caption>
                <thead><tr>{header.iter().map(|name| view! { <th scope="col">{*name}</th> }).collect_view()}</tr></thead>
                <tbody>{table_rows}</tbody>
            </table>
        </div>
        {other.map(|other| match other {
            Ok(other_rows) => view! { <Comparison lang=lang this=all.clone() other=analytics_view::totals(&other_rows)/> }.into_any(),
            Err(error) => view! { <LoadProblem error=error retry=retry/> }.into_any(),
        })}
    }
}

/// The two periods' totals side by side with the change from the first to the second.
#[component]
fn Comparison(lang: Lang, this: Totals, other: Totals) -> impl IntoView {
    let words = lang.reports();
    let count = |totals: &Totals| Some(totals.count as f64);
    let clicks = |totals: &Totals| Some(totals.cta_clicks as f64);
    // (data-field, name, this period, other period, decimals)
    let lines = [
        ("count", words.reviews, count(&this), count(&other), 0),
        ("mean", words.average, this.mean, other.mean, 1),
        (
            "would_recommend_pct",
            words.would_recommend,
            this.would_recommend_pct,
            other.would_recommend_pct,
            1,
        ),
        (
            "cta_clicks",
            words.cta_clicks,
            clicks(&this),
            clicks(&other),
            0,
        ),
    ];
    let shown = |value: Option<f64>, decimals: usize| {
        value
            .map(|value| format!("{value:.decimals$}"))
            .unwrap_or_default()
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=words.comparison_caption>
            <table class="figures" data-testid="analytics-comparison">
                <caption>{words.comparison_caption}</caption>
                <thead><tr>
                    <th scope="col"></th>
                    <th scope="col">{words.this_period}</th>
                    <th scope="col">{words.other_period}</th>
                    <th scope="col">{words.change}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|(field, name, a, b, decimals)| view! {
                        <tr data-field=field>
                            <th scope="row">{name}</th>
                            <td data-period="this">{shown(a, decimals)}</td>
                            <td data-period="other">{shown(b, decimals)}</td>
                            <td data-period="change">{analytics_view::difference(a, b, decimals)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A `blob:` URL of the CSV for the download link (the browser keeps it until the page is left; a new answer
/// makes a new one).
fn csv_url(text: &str) -> String {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
        .unwrap_or_default()
}
