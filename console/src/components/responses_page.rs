//! Firm responses waiting for an owner, oldest first; each links to its review, where an owner who did not draft
//! it approves or rejects it.

use candor_domain::staff_views::FirmResponseList;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::app::Console;
use crate::components::load::{Load, LoadProblem};
use crate::route::Route;
use crate::time;

#[component]
pub fn ResponsesPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let list = RwSignal::new(Load::<FirmResponseList>::Loading);
    let load = move || {
        list.set(Load::Loading);
        spawn_local(async move {
            list.set(Load::from_result(
                client::get::<FirmResponseList>("/v1/admin/responses?status=pending").await,
            ));
        });
    };
    load();
    let retry = Callback::new(move |_| load());
    view! {
        <h1>{move || words().waiting_responses}</h1>
        {move || match list.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(list) if list.items.is_empty() => view! { <p class="empty">{move || words().queue_empty}</p> }.into_any(),
            Load::Ready(list) => {
                let items = list.items.into_iter().map(|response| view! {
                    <li class="card">
                        <p class="meta"><a href=Route::Review(response.review_id.clone()).href()>{response.product.clone()}" · "{response.review_id.clone()}</a>
                            " · "{time::utc(response.drafted_at)}</p>
                        <p class="text">{response.body.clone()}</p>
                    </li>
                }).collect_view();
                view! { <ul class="plain">{items}</ul> }.into_any()
            }
        }}
    }
}
