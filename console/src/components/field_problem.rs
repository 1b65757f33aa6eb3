//! Why a form field was refused, next to the field: the messages for every refusal that belongs to it (from the
//! domain's rules run in the browser, or from the API's `fields`), under an id the input names in its
//! `aria-describedby`. Renders; the rules live in `candor_domain`.

use candor_domain::dto::FieldErrorDto;
use leptos::prelude::*;

use crate::admin::belongs_to;
use crate::i18n::{Lang, admin_problem};

/// The messages of the refusals of `input` (the API's field name, or its prefix), each led by what it names
/// (`subject`: the origin at an index, a theme key) when there is one.
pub fn messages_for(
    refused: Signal<Vec<FieldErrorDto>>,
    lang: RwSignal<Lang>,
    input: &'static str,
    subject: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
) -> Signal<Vec<String>> {
    Signal::derive(move || {
        let lang = lang.get();
        refused.with(|refused| {
            refused
                .iter()
                .filter(|refusal| belongs_to(&refusal.field, input))
                .map(|refusal| {
                    let message = admin_problem(lang, &refusal.code)
                        .map_or_else(|| refusal.message.clone(), str::to_owned);
                    match subject(&refusal.field) {
                        Some(subject) => format!("{subject}: {message}"),
                        None => message,
                    }
                })
                .collect()
        })
    })
}

#[component]
pub fn FieldProblem(id: String, messages: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <p id=id class="problem">
            {move || messages.get().into_iter().map(|message| view! { <span class="line">{message}</span> }).collect_view()}
        </p>
    }
}
