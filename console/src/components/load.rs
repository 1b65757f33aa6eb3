//! The state of something fetched from the staff API, and how a page shows the two states that are not data:
//! loading, and failed (signed out, refused, unavailable).

use leptos::prelude::*;

use crate::client::ClientError;
use crate::components::app::Console;

#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ClientError),
}

impl<T> Load<T> {
    pub fn from_result(result: Result<T, ClientError>) -> Load<T> {
        match result {
            Ok(value) => Load::Ready(value),
            Err(error) => Load::Failed(error),
        }
    }
}

/// "Loading…", or why it failed with the way out: sign in again, or try again.
#[component]
pub fn LoadProblem(error: Option<ClientError>, retry: Callback<()>) -> impl IntoView {
    // Before sign-in there is no console yet: the browser's language then.
    let lang = use_context::<Console>()
        .map(|console| console.lang)
        .unwrap_or_else(|| RwSignal::new(crate::i18n::browser_lang()));
    let words = move || lang.get().words();
    match error {
        None => view! { <p class="muted" role="status">{move || words().loading}</p> }.into_any(),
        Some(ClientError::SignedOut) => view! {
            <div class="notice" role="alert">
                <p>{move || words().signed_out}</p>
                <a class="button" href="/console/">{move || words().sign_in_again}</a>
            </div>
        }
        .into_any(),
        // A page of another role: say so plainly, with the edge's reason, and offer no retry that cannot help.
        Some(ClientError::Refused {
            status: 403,
            message,
            ..
        }) => view! {
            <div class="notice error" role="alert" data-refused="403">
                <p><strong>{move || words().admin.forbidden}</strong></p>
                <p class="muted">{message}</p>
            </div>
        }
        .into_any(),
        Some(error) => {
            let message = error.clone();
            view! {
                <div class="notice error" role="alert">
                    <p>{move || message.message(words().unavailable)}</p>
                    <button type="button" on:click=move |_| retry.run(())>{move || words().retry}</button>
                </div>
            }
            .into_any()
        }
    }
}
