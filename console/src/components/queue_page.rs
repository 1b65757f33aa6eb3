//! A stage's queue, oldest first: the four queues as tabs with their counts, each item's age and SLA state, and the
//! screening findings. `j`/`k` select, Enter opens.

use candor_domain::staff_views::{QueueItem, QueuePage as Page};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::app::{Console, go, on_command};
use crate::components::load::{Load, LoadProblem};
use crate::i18n::{Lang, finding_name, queue_name};
use crate::keys::Command;
use crate::route::{QueueName, Route};
use crate::time;

/// Items the edge returns per queue (its default page); a tab shows "100+" when the queue is longer.
const PAGE: usize = 100;

#[component]
pub fn QueuePage(queue: QueueName) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let pages: Vec<(QueueName, RwSignal<Load<Page>>)> = QueueName::ALL
        .into_iter()
        .map(|name| (name, RwSignal::new(Load::Loading)))
        .collect();
    let load = {
        let pages = pages.clone();
        move || {
            for (name, page) in pages.iter().copied() {
                page.set(Load::Loading);
                spawn_local(async move {
                    let path = format!("/v1/admin/queue?stage={}&sort=age", name.api_name());
                    page.set(Load::from_result(client::get::<Page>(&path).await));
                });
            }
        }
    };
    load();
    let current = pages
        .iter()
        .find(|(name, _)| *name == queue)
        .map(|(_, page)| *page)
        .unwrap_or_else(|| RwSignal::new(Load::Loading));
    let selected = RwSignal::new(0_usize);
    on_command(&console, move |command| {
        let items = match current.get_untracked() {
            Load::Ready(page) => page.items,
            _ => Vec::new(),
        };
        let count = items.len();
        match command {
            Command::Next if count > 0 => selected.update(|i| *i = (*i + 1).min(count - 1)),
            Command::Previous => selected.update(|i| *i = i.saturating_sub(1)),
            Command::Open => {
                if let Some(item) = items.get(selected.get_untracked()) {
                    go(&Route::Review(item.id.clone()));
                }
            }
            _ => {}
        }
    });

    let tabs = pages
        .iter()
        .map(|(name, page)| {
            let (name, page) = (*name, *page);
            let count = move || match page.get() {
                Load::Ready(page) if page.items.len() >= PAGE => format!("{PAGE}+"),
                Load::Ready(page) => page.items.len().to_string(),
                _ => "…".to_owned(),
            };
            view! {
                <li>
                    <a href=Route::Queue(name).href() aria-current=(name == queue).then_some("page")>
                        {move || queue_name(console.lang.get(), name)}
                        " "<span class="count">{count}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let retry = Callback::new(move |_| load());
    view! {
        <h1>{move || queue_name(console.lang.get(), queue)}</h1>
        <nav aria-label=move || words().queues><ul class="tabs">{tabs}</ul></nav>
        <p class="muted">{move || words().oldest_first}</p>
        {move || match current.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(page) if page.items.is_empty() => view! { <p class="empty">{move || words().queue_empty}</p> }.into_any(),
            Load::Ready(page) => view! { <QueueTable items=page.items selected=selected/> }.into_any(),
        }}
    }
}

#[component]
fn QueueTable(items: Vec<QueueItem>, selected: RwSignal<usize>) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let href = Route::Review(item.id.clone()).href();
            let sla = item.sla.clone();
            let findings = item.findings.clone();
            view! {
                <tr class:selected=move || selected.get() == index aria-selected=move || (selected.get() == index).to_string()>
                    <td><a href=href on:focus=move |_| selected.set(index)>{item.title.clone()}</a>
                        {item.flagged.then(|| view! { " "<span class="badge warn">{move || words().flagged}" ("{item.open_flags}")"</span> })}
                    </td>
                    <td>{item.product.clone()}</td>
                    <td>{item.locale.clone()}</td>
                    <td>{time::age(item.age_seconds)}</td>
                    <td>{move || sla_badge(console.lang.get(), sla.as_ref())}</td>
                    <td>{move || {
                        let lang = console.lang.get();
                        findings.iter().map(|finding| finding_name(lang, finding.kind)).collect::<Vec<_>>().join(", ")
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="queue">
            <thead><tr>
                <th scope="col">{move || words().title}</th>
                <th scope="col">{move || words().product}</th>
                <th scope="col">{move || words().language}</th>
                <th scope="col">{move || words().waiting}</th>
                <th scope="col">{move || words().sla}</th>
                <th scope="col">{move || words().findings}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The SLA state as a badge with its due time: colour is never the only signal (the words say it).
pub fn sla_badge(lang: Lang, sla: Option<&candor_domain::staff_views::QueueSla>) -> AnyView {
    let words = lang.words();
    match sla {
        None => view! { <span class="badge">{words.no_target}</span> }.into_any(),
        Some(sla) => {
            let (class, label) = match sla.state.as_str() {
                "overdue" => ("badge bad", words.overdue),
                "due_soon" => ("badge warn", words.due_soon),
                _ => ("badge good", words.on_track),
            };
            view! {
                <span class=class>{label}</span>
                <span class="muted small">" "{words.due}" "{time::utc(sla.due_at)}</span>
            }
            .into_any()
        }
    }
}
