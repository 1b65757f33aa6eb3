//! The archive over a date range — who, what, when, why — with the same data as the API export, downloadable as CSV
//! or NDJSON (each export is itself archived by the edge).

use candor_domain::archive::{AuditRow, ChainCheck, GENESIS_HASH, verify_chain_after};
use candor_domain::calendar;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::app::Console;
use crate::components::load::{Load, LoadProblem};
use crate::components::trail_table::TrailTable;

#[component]
pub fn ArchivePage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let today = calendar::day_of(js_sys::Date::now() as i64);
    let from = RwSignal::new(calendar::date_of_day(today - 6));
    let to = RwSignal::new(calendar::date_of_day(today + 1));
    let rows = RwSignal::new(Load::<Vec<AuditRow>>::Loading);
    let query = move |format: &str| {
        format!(
            "/v1/admin/audit?from={}&to={}&format={format}",
            client::encode(&from.get()),
            client::encode(&to.get())
        )
    };
    let check = RwSignal::new(None::<ChainCheck>);
    let tenant = console.me.tenant_id.clone();
    let run_check = move |_| {
        if let Load::Ready(rows) = rows.get_untracked() {
            // A range that starts with the tenant's first row must start from the genesis hash; a later range is
            // checked from the link its first row names.
            let start = match rows.first() {
                Some(first) if first.seq == 1 => GENESIS_HASH.to_owned(),
                Some(first) => first.prev_hash.clone(),
                None => GENESIS_HASH.to_owned(),
            };
            check.set(Some(verify_chain_after(&tenant, &start, &rows)));
        }
    };
    let load = move || {
        check.set(None);
        let path = query("ndjson");
        rows.set(Load::Loading);
        spawn_local(async move {
            let answer = client::get_text(&path).await.map(|text| {
                text.lines()
                    .filter_map(|line| serde_json::from_str::<AuditRow>(line).ok())
                    .collect::<Vec<_>>()
            });
            rows.set(Load::from_result(answer));
        });
    };
    load();
    let retry = Callback::new(move |_| load());
    view! {
        <h1>{move || words().archive}</h1>
        <form class="range" on:submit=move |event| { event.prevent_default(); load(); }>
            <label for="from">{move || words().from}</label>
            <input id="from" type="date" prop:value=move || from.get() on:change=move |event| from.set(event_target_value(&event))/>
            <label for="to">{move || words().to}</label>
            <input id="to" type="date" prop:value=move || to.get() on:change=move |event| to.set(event_target_value(&event))/>
            <button type="submit">{move || words().show}</button>
            <a class="button secondary" href=move || query("csv") download="">{move || words().export_csv}</a>
            <a class="button secondary" href=move || query("ndjson") download="">{move || words().export_ndjson}</a>
            <button type="button" class="secondary" on:click=run_check>{move || words().check_chain}</button>
        </form>
        <div role="status" class="chain">
            {move || check.get().map(|check| match &check {
                ChainCheck::Intact { rows } => view! {
                    <p class="notice good" data-chain="intact">{words().chain_intact}" ("{*rows}")"</p>
                }.into_any(),
                ChainCheck::Broken { .. } => view! {
                    <p class="notice error" data-chain="broken">{words().chain_broken}": "{check.describe()}</p>
                }.into_any(),
            })}
        </div>
        {move || match rows.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(rows) if rows.is_empty() => view! { <p class="empty">{move || words().queue_empty}</p> }.into_any(),
            Load::Ready(rows) => view! { <TrailTable rows=rows caption=""/> }.into_any(),
        }}
    }
}
