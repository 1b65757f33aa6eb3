//! The Candor widget: `mount` renders the summary and the review form into an element inside a Shadow DOM root.
//!
//! Called by the bundle's bootstrap (see `loader/`), never by host pages directly. It must never throw into
//! the host page: failures render nothing or an inline message.

mod client;
mod components;
mod i18n;
mod markup;
mod storage;
mod style;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::components::app::App;
use crate::i18n::Lang;

/// Where a widget lives and what it shows, read by the loader from the `data-*` attributes of the embed.
#[derive(Clone, Debug)]
pub struct Embed {
    pub api: String,
    pub tenant: String,
    pub product: String,
    pub lang: Lang,
    /// The element that carries the shadow root; DOM events for the host page's analytics are dispatched on it.
    pub host: web_sys::HtmlElement,
}

/// Mounts one widget into `container` (an element inside the open shadow root of `host`).
#[wasm_bindgen]
pub fn mount(
    container: web_sys::HtmlElement,
    host: web_sys::HtmlElement,
    api: String,
    tenant: String,
    product: String,
    locale: String,
) {
    let embed = Embed {
        api,
        tenant,
        product,
        lang: Lang::from_tag(&locale),
        host,
    };
    leptos::mount::mount_to(container, move || view! { <App embed=embed/> }).forget();
}
