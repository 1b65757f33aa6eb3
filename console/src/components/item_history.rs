//! One catalogue item's history, folded under its card or row: who changed what and when, read from the archive
//! (`GET /v1/admin/catalogue/history`) each time it is opened, so it includes the change just made. Shows the rows as
//! the archive holds them (time, person, role, note); never edits or filters them.

use candor_domain::catalogue::{CatalogueHistory, CatalogueSubject};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::app::Console;
use crate::components::load::{Load, LoadProblem};
use crate::time;

#[component]
pub fn ItemHistory(subject: CatalogueSubject, item: String) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let history = RwSignal::new(Load::<CatalogueHistory>::Loading);
    let path = StoredValue::new(format!(
        "/v1/admin/catalogue/history?subject={}&item={}",
        subject.as_str(),
        client::encode(&item)
    ));
    let load = move || {
        history.set(Load::Loading);
        spawn_local(async move {
            let answer = client::get::<CatalogueHistory>(&path.get_value()).await;
            history.set(Load::from_result(answer));
        });
    };
    let retry = Callback::new(move |_| load());
    let toggled = move |event: leptos::ev::Event| {
        if event_target::<web_sys::Element>(&event).has_attribute("open") {
            load();
        }
    };
    view! {
        <details class="history" data-history=item.clone() on:toggle=toggled>
            <summary>{move || words().history}</summary>
            {move || match history.get() {
                Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
                Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
                Load::Ready(history) if history.entries.is_empty() => {
                    view! { <p class="muted small">{words().history_empty}</p> }.into_any()
                }
                Load::Ready(history) => view! {
                    <ol class="history-entries">
                        {history.entries.into_iter().map(|entry| view! {
                            <li data-seq=entry.seq>
                                <time>{time::utc(entry.at)}</time>" · "
                                <span class="who">{entry.actor.clone()}" ("{entry.role.clone()}")"</span>" · "
                                <span class="what">{entry.note.clone().unwrap_or_default()}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </details>
    }
}
