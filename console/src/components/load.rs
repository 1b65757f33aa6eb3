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
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    match error {
        None => view! { <p class="muted" role="status">{move || words().loading}</p> }.into_any(),
        Some(ClientError::SignedOut) => view! {
            <div class="notice" role="alert">
                <p>{move || words().signed_out}</p>
                <a class="button" href="/console/">{move || words().sign_in_again}</a>
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
