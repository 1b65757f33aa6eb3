//! A snippet to paste, with its heading and a copy button that says "Copied" where a screen reader hears it (or that
//! the browser refused, and the text can be selected instead).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::components::app::Console;
use crate::i18n::Words;

#[component]
pub fn CodeBlock(
    /// Names the block for tests and for the button's accessible name (`data-snippet`).
    name: &'static str,
    title: fn(&Words) -> &'static str,
    text: Signal<String>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let status = RwSignal::new(None::<bool>);
    // A new text is not copied yet.
    Effect::new(move |_| {
        text.track();
        status.set(None);
    });
    let copy = move |_| {
        let Some(window) = web_sys::window() else {
            status.set(Some(false));
            return;
        };
        let promise = window
            .navigator()
            .clipboard()
            .write_text(&text.get_untracked());
        spawn_local(async move {
            status.set(Some(JsFuture::from(promise).await.is_ok()));
        });
    };
    let heading_id = format!("snippet-{name}-title");
    view! {
        <section class="snippet" aria-labelledby=heading_id.clone()>
            <div class="snippet-head">
                <h2 id=heading_id.clone()>{move || title(words())}</h2>
                <button type="button" class="secondary" on:click=copy>
                    {move || words().copy}<span class="visually-hidden">": "{move || title(words())}</span>
                </button>
                <span role="status" class="saved" data-copied=move || status.get().map(|ok| ok.to_string())>
                    {move || status.get().map(|ok| if ok { words().copied } else { words().copy_refused })}
                </span>
            </div>
            <pre><code data-snippet=name>{move || text.get()}</code></pre>
        </section>
    }
}
