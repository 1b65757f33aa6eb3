//! The decision on the review on screen, for the role whose stage it waits at: the decisions the domain allows at
//! that stage, a reason code (required to reject) and a staff note. Shortcuts `a`, `r`, `s` press the same buttons.

use candor_domain::moderation::staff_decisions;
use candor_domain::staff_requests::DecisionRequest;
use candor_domain::staff_views::DecisionTaken;
use candor_domain::{Decision, ReasonCode, Stage};
use leptos::prelude::*;

use crate::client;
use crate::components::action::Action;
use crate::components::app::{Console, on_command};
use crate::i18n::{decision_name, reason_name};
use crate::keys::Command;

/// Reasons a person may give; "withdrawn by the author" is the author's, never staff's.
fn staff_reasons() -> impl Iterator<Item = ReasonCode> {
    ReasonCode::ALL
        .into_iter()
        .filter(|reason| *reason != ReasonCode::WithdrawnByAuthor)
}

#[component]
pub fn DecisionForm(
    review_id: String,
    stage: Stage,
    flagged: bool,
    on_decided: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let reason_select = NodeRef::<leptos::html::Select>::new();
    let review_id = StoredValue::new(review_id);
    let decisions = staff_decisions(stage, flagged);

    let submit = move |decision: Decision| {
        if busy.get_untracked() {
            return;
        }
        let reason_code = Some(reason.get_untracked()).filter(|code| !code.is_empty());
        if decision == Decision::Reject && reason_code.is_none() {
            problem.set(Some(words().reason_required.to_owned()));
            if let Some(select) = reason_select.get_untracked() {
                let _ = select.focus();
            }
            return;
        }
        let body = DecisionRequest {
            decision: decision.as_str().to_owned(),
            reason_code: reason_code.filter(|_| decision == Decision::Reject),
            note: Some(note.get_untracked()).filter(|note| !note.trim().is_empty()),
        };
        let path = format!(
            "/v1/admin/reviews/{}/decisions",
            client::encode(&review_id.get_value())
        );
        action.send("POST", path, body, move |_: DecisionTaken| {
            on_decided.run(())
        });
    };

    on_command(&console, move |command| {
        let wanted = match command {
            Command::Approve => decisions.iter().copied().find(|decision| {
                matches!(
                    decision,
                    Decision::Approve | Decision::Pass | Decision::ClearFlag
                )
            }),
            Command::Reject => Some(Decision::Reject).filter(|reject| decisions.contains(reject)),
            Command::SendBack => Some(Decision::SendBack).filter(|back| decisions.contains(back)),
            _ => None,
        };
        if let Some(decision) = wanted {
            submit(decision);
        }
    });

    let buttons = decisions
        .iter()
        .copied()
        .map(|decision| {
            let class = if decision == Decision::Reject { "danger" } else { "" };
            view! {
                <button type="button" class=class disabled=move || busy.get() on:click=move |_| submit(decision)>
                    {move || decision_name(console.lang.get(), decision)}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="card decide" aria-labelledby="decide-title">
            <h2 id="decide-title">{move || words().decide}</h2>
            <label for="reason">{move || words().reason}</label>
            <select id="reason" node_ref=reason_select on:change=move |event| reason.set(event_target_value(&event))>
                <option value="">{move || words().choose_reason}</option>
                {move || {
                    let lang = console.lang.get();
                    staff_reasons()
                        .map(|code| view! { <option value=code.code() selected=move || reason.get() == code.code()>{reason_name(lang, code)}</option> })
                        .collect_view()
                }}
            </select>
            <label for="note">{move || words().note}</label>
            <textarea id="note" rows="3" maxlength="2000" prop:value=move || note.get() on:input=move |event| note.set(event_target_value(&event))></textarea>
            <div class="actions">{buttons}</div>
            <p class="problem" role="alert">{move || problem.get()}</p>
        </section>
    }
}
