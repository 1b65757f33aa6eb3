//! The widget root: loads the summary, then shows the summary panel, the visitor's review status and the form.

use candor_domain::dto::Summary;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::Embed;
use crate::client;
use crate::components::review_form::ReviewForm;
use crate::components::review_status::ReviewStatusLine;
use crate::components::summary_panel::SummaryPanel;
use crate::style::CSS;

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

    view! {
        <style>{CSS}</style>
        {move || {
            summary.get().filter(|summary| summary.visible).map(|summary| {
                let embed = embed.get_value();
                let attributes = summary.attributes.clone();
                let lang_tag = embed.lang.api_tag();
                view! {
                    <section class="candor" lang=lang_tag>
                        <SummaryPanel summary=summary lang=embed.lang/>
                        <ReviewStatusLine embed=embed.clone()/>
                        <ReviewForm embed=embed attributes=attributes/>
                    </section>
                }
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
