//! Customer-service cases: due time (soonest first), assignee, status and how the webhook delivery went.

use candor_domain::staff_views::EscalationPage as Page;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::app::Console;
use crate::components::load::{Load, LoadProblem};
use crate::route::Route;
use crate::time;

#[component]
pub fn EscalationsPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let page = RwSignal::new(Load::<Page>::Loading);
    let load = move || {
        page.set(Load::Loading);
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
                    .map(|case| {
                        view! {
                            <tr>
                                <td><a href=Route::Review(case.review_id.clone()).href()>{case.review_id.clone()}</a></td>
                                <td>{case.product.clone()}</td>
                                <td>{case.reason.clone()}</td>
                                <td>{time::utc(case.due_at)}
                                    {case.overdue.then(|| view! { " "<span class="badge bad">{move || words().overdue}</span> })}
                                </td>
                                <td>{case.assignee.clone().unwrap_or_else(|| words().unassigned.to_owned())}</td>
                                <td><span class="badge">{case.status.clone()}</span></td>
                                <td>{case.webhook.state.clone()}
                                    {(case.webhook.attempts > 0).then(|| format!(" ({}×)", case.webhook.attempts))}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table>
                        <thead><tr>
                            <th scope="col">{move || words().review}</th>
                            <th scope="col">{move || words().product}</th>
                            <th scope="col">{move || words().reason}</th>
                            <th scope="col">{move || words().due}</th>
                            <th scope="col">{move || words().assignee}</th>
                            <th scope="col">{move || words().status}</th>
                            <th scope="col">{move || words().webhook}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            }
        }}
    }
}
