//! Customer-service cases: due time (soonest first), assignee, status and how the webhook delivery went; a case's
//! status and assignee change here (on the version shown: a case someone changed meanwhile answers 409).

use candor_domain::staff_requests::EscalationPatch;
use candor_domain::staff_views::{EscalationPage as Page, EscalationView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::load::{Load, LoadProblem};
use crate::i18n::Lang;
use crate::route::Route;
use crate::time;

const STATUSES: [&str; 3] = ["open", "in_progress", "resolved"];

#[component]
pub fn EscalationsPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let page = RwSignal::new(Load::<Page>::Loading);
    let load = move || {
        spawn_local(async move {
            page.set(Load::from_result(
                client::get::<Page>("/v1/admin/escalations?sort=due").await,
            ));
        });
    };
    load();
    let retry = Callback::new(move |_| load());
    view! {
        <h1>{move || words().escalations}</h1>
        {move || match page.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(page) if page.items.is_empty() => view! { <p class="empty">{move || words().queue_empty}</p> }.into_any(),
            Load::Ready(page) => {
                let rows = page
                    .items
                    .into_iter()
                    .map(|case| view! { <CaseRow case=case changed=retry/> })
                    .collect_view();
                view! {
                    <table class="cases">
                        <thead><tr>
                            <th scope="col">{move || words().review}</th>
                            <th scope="col">{move || words().reason}</th>
                            <th scope="col">{move || words().due}</th>
                            <th scope="col">{move || words().status}</th>
                            <th scope="col">{move || words().assignee}</th>
                            <th scope="col">{move || words().webhook}</th>
                            <th scope="col"><span class="visually-hidden">{move || words().save}</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn CaseRow(case: EscalationView, changed: Callback<()>) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let status = RwSignal::new(case.status.clone());
    let assignee = RwSignal::new(case.assignee.clone().unwrap_or_default());
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let (id, version) = (case.id.clone(), case.version);
    let (original_status, original_assignee) = (
        case.status.clone(),
        case.assignee.clone().unwrap_or_default(),
    );
    let save = move |_| {
        let new_assignee = assignee.get_untracked().trim().to_owned();
        let body = EscalationPatch {
            status: Some(status.get_untracked()).filter(|status| *status != original_status),
            assignee: (new_assignee != original_assignee)
                .then(|| Some(new_assignee.clone()).filter(|name| !name.is_empty())),
            note: None,
            version: Some(version),
        };
        let path = format!("/v1/admin/escalations/{}", client::encode(&id));
        action.send("PATCH", path, body, move |_: EscalationView| {
            changed.run(())
        });
    };
    let label_status = format!("{} {}", case.review_id, "status");
    let label_assignee = format!("{} {}", case.review_id, "assignee");
    view! {
        <tr data-case=case.id.clone()>
            <td><a href=Route::Review(case.review_id.clone()).href()>{case.product.clone()}" · "{case.review_id.clone()}</a></td>
            // Why the case was opened, as its opener wrote it (escaped text like every other field).
            <td>{case.reason.clone()}{case.note.clone().map(|note| view! { <p class="muted small text" data-field="note">{note}</p> })}</td>
            <td>{time::utc(case.due_at)}
                {case.overdue.then(|| view! { " "<span class="badge bad">{move || words().overdue}</span> })}
            </td>
            <td>
                <select aria-label=label_status on:change=move |event| status.set(event_target_value(&event))>
                    {move || {
                        let lang = console.lang.get();
                        STATUSES.into_iter().map(|option| view! {
                            <option value=option selected=move || status.get() == option>{status_name(lang, option)}</option>
                        }).collect_view()
                    }}
                </select>
            </td>
            <td><input type="text" maxlength="80" aria-label=label_assignee placeholder=move || words().unassigned
                prop:value=move || assignee.get() on:input=move |event| assignee.set(event_target_value(&event))/></td>
            <td>{case.webhook.state.clone()}
                {(case.webhook.attempts > 0).then(|| format!(" ({}×)", case.webhook.attempts))}
                {case.webhook.last_error.clone().map(|error| view! { <span class="muted small">" "{error}</span> })}
            </td>
            <td>
                <button type="button" class="secondary" disabled=move || busy.get() on:click=save>{move || words().save}</button>
                <p class="problem" role="alert">{move || problem.get()}</p>
            </td>
        </tr>
    }
}

fn status_name(lang: Lang, status: &str) -> &'static str {
    match (lang, status) {
        (Lang::En, "open") => "Open",
        (Lang::En, "in_progress") => "In progress",
        (Lang::En, _) => "Resolved",
        (Lang::Zh, "open") => "待处理",
        (Lang::Zh, "in_progress") => "处理中",
        (Lang::Zh, _) => "已解决",
    }
}
