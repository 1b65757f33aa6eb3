//! The firm's public answer to a published review: staff who read reviews draft one; an owner who did not draft it
//! approves or rejects it. Shows every response the review has had, with its state.

use candor_domain::Role;
use candor_domain::staff_requests::{ResponseDecisionRequest, ResponseDraft};
use candor_domain::staff_views::FirmResponseView;
use leptos::prelude::*;

use crate::client;
use crate::components::action::Action;
use crate::components::app::Console;
use crate::time;

#[component]
pub fn ResponsePanel(
    review_id: String,
    published: bool,
    responses: Vec<FirmResponseView>,
    on_change: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let me = console.me.clone();
    let draft = RwSignal::new(String::new());
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let open_or_approved = responses
        .iter()
        .any(|response| matches!(response.status.as_str(), "pending" | "approved"));
    let may_draft = published
        && !open_or_approved
        && matches!(me.role, Role::Moderator | Role::Compliance | Role::Owner);
    let review_id = StoredValue::new(review_id);

    let save = move |_| {
        let body = ResponseDraft {
            body: draft.get_untracked(),
        };
        let path = format!(
            "/v1/admin/reviews/{}/responses",
            client::encode(&review_id.get_value())
        );
        action.send("POST", path, body, move |_: FirmResponseView| {
            on_change.run(())
        });
    };
    let decide = move |response_id: String, decision: &'static str| {
        let body = ResponseDecisionRequest {
            decision: decision.to_owned(),
            note: None,
        };
        let path = format!(
            "/v1/admin/responses/{}/decisions",
            client::encode(&response_id)
        );
        action.send("POST", path, body, move |_: FirmResponseView| {
            on_change.run(())
        });
    };

    let shown = may_draft || !responses.is_empty();
    let list = responses
        .into_iter()
        .map(|response| {
            let owner_may_decide = me.role == Role::Owner && response.status == "pending";
            let drafted_by_me = response.drafted_by == me.person_id;
            let id = response.id.clone();
            view! {
                <article class="response">
                    <p class="meta">
                        <span class="badge">{response.status.clone()}</span>" "
                        {response.drafted_by.clone()}" · "{time::utc(response.drafted_at)}
                    </p>
                    <p class="text">{response.body.clone()}</p>
                    {(owner_may_decide && drafted_by_me).then(|| view! { <p class="muted">{move || words().drafted_by_you}</p> })}
                    {(owner_may_decide && !drafted_by_me).then(|| {
                        let (approve_id, reject_id) = (id.clone(), id.clone());
                        view! {
                            <div class="actions">
                                <button type="button" disabled=move || busy.get() on:click=move |_| decide(approve_id.clone(), "approve")>{move || words().approve_response}</button>
                                <button type="button" class="danger" disabled=move || busy.get() on:click=move |_| decide(reject_id.clone(), "reject")>{move || words().reject_response}</button>
                            </div>
                        }
                    })}
                </article>
            }
        })
        .collect_view();
    shown.then(|| view! {
        <section class="card" aria-labelledby="response-title">
            <h2 id="response-title">{move || words().firm_response}</h2>
            {list}
            {may_draft.then(|| view! {
                <label for="response-draft">{move || words().draft_response}</label>
                <textarea id="response-draft" rows="4" maxlength="5000" prop:value=move || draft.get() on:input=move |event| draft.set(event_target_value(&event))></textarea>
                <button type="button" disabled=move || busy.get() || draft.get().trim().is_empty() on:click=save>{move || words().save_draft}</button>
            })}
            <p class="problem" role="alert">{move || problem.get()}</p>
        </section>
    })
}
