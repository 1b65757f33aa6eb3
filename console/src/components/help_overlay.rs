//! The keyboard help (`?`): every shortcut from `keys::SHORTCUTS`, in a modal dialog that Escape closes.

use leptos::prelude::*;

use crate::components::app::Console;
use crate::i18n::command_help;
use crate::keys::help_lines;

#[component]
pub fn HelpOverlay() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let open = console.help_open;
    let close_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.get()
            && let Some(button) = close_button.get()
        {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="overlay" on:click=move |_| open.set(false)>
                <div
                    class="dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="help-title"
                    on:click=|event| event.stop_propagation()
                >
                    <h2 id="help-title">{move || words().keyboard_shortcuts}</h2>
                    <dl class="shortcuts">
                        {move || {
                            let lang = console.lang.get();
                            help_lines()
                                .into_iter()
                                .map(|(command, keys)| {
                                    view! {
                                        <dt>{keys.into_iter().map(|key| view! { <kbd>{key}</kbd>" " }).collect_view()}</dt>
                                        <dd>{command_help(lang, command)}</dd>
                                    }
                                })
                                .collect_view()
                        }}
                    </dl>
                    <button type="button" node_ref=close_button on:click=move |_| open.set(false)>
                        {move || words().close}
                    </button>
                </div>
            </div>
        </Show>
    }
}
