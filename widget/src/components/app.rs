//! The interactive form of the widget: loads the summary (visibility, attribute questions), then renders the
//! form (the visitor's status line is not here: it lives in the edge's status frame). The scores stay as the edge rendered them in the first view (same
//! components, `ssr`): the loader puts this root where the first view's form shell was, so nothing moves and the
//! summary's code is not in the wasm.

use candor_domain::dto::Summary;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::Embed;
use crate::client;
use crate::components::review_form::ReviewForm;

#[component]
pub fn App(embed: Embed) -> impl IntoView {
    let summary = RwSignal::new(None::<Summary>);
    let embed = StoredValue::new(embed);
    spawn_local(async move {
        let embed = embed.get_value();
        // If the edge is down the widget stays empty: nothing is thrown into the host page.
        if let Ok(loaded) = client::summary(
            &embed.api,
            &embed.tenant,
            &embed.product,
            embed.lang.api_tag(),
        )
        .await
        {
            summary.set(Some(loaded));
            dispatch(&embed.host, "candor:ready");
        }
    });

    // No stylesheet here: the first view's `<style>` (rendered by the edge) stays in the shadow root.
    view! {
        {move || {
            summary.get().filter(|summary| summary.visible).map(|summary| {
                let embed = embed.get_value();
                view! { <ReviewForm embed=embed attributes=summary.attributes/> }
            })
        }}
    }
}

/// Fires a bubbling, composed DOM event on the host element for the page's analytics.
pub fn dispatch(host: &web_sys::HtmlElement, name: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
