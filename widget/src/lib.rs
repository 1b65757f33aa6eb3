//! The Candor widget. Feature `ssr` (the edge): its Leptos components render the first view, the reviews list's pages
//! and the visitor's status frame to HTML, the one source of the widget's markup. Feature `csr` (the browser's wasm):
//! `mount` adopts that markup inside the widget's Shadow DOM root (the list and the form) and builds none.
//!
//! `mount` is called by the bundle's bootstrap (see `loader/`), never by host pages directly. It must never throw
//! into the host page: failures render nothing or an inline message.

// The edge's first-view build (`ssr` only) uses a part of the string table and helpers.
#![cfg_attr(not(feature = "csr"), allow(dead_code))]

#[cfg(all(target_arch = "wasm32", feature = "csr", not(feature = "ssr")))]
mod allocator;
#[cfg(feature = "csr")]
mod captcha;
#[cfg(feature = "csr")]
mod client;
mod components;
#[cfg(feature = "ssr")]
mod fallback_page;
#[cfg(feature = "ssr")]
mod first_view;
#[cfg(feature = "ssr")]
mod form_fragment;
mod i18n;
#[cfg(feature = "ssr")]
mod status_frame;
#[cfg(feature = "csr")]
mod storage;
/// The widget's stylesheet: the loader carries it (`cargo xtask build` writes it in), the edge's own pages inline it.
pub mod style;

#[cfg(feature = "ssr")]
pub use fallback_page::fallback_page;
#[cfg(feature = "ssr")]
pub use first_view::{FirstView, first_view};
#[cfg(feature = "ssr")]
pub use form_fragment::review_form;
#[cfg(feature = "ssr")]
pub use status_frame::{StatusFrame, status_frame_page, status_line};

/// One page of the reviews list as escaped HTML items in the interface language `lang` (the edge answers the
/// interactive list with it, so the wasm carries no review markup).
#[cfg(feature = "ssr")]
pub fn review_items(lang: &str, reviews: &[candor_domain::dto::PublicReview]) -> String {
    use crate::components::review_item::ReviewItems;
    use leptos::prelude::*;
    let (lang, reviews) = (i18n::Lang::from_tag(lang), reviews.to_vec());
    view! { <ReviewItems lang=lang reviews=reviews/> }.to_html()
}

#[cfg(feature = "csr")]
use wasm_bindgen::prelude::*;

#[cfg(feature = "csr")]
use crate::i18n::Lang;

/// Where a widget lives and what it shows, read by the loader from the `data-*` attributes of the embed.
#[cfg(feature = "csr")]
#[derive(Clone, Debug)]
pub struct Embed {
    pub api: String,
    pub tenant: String,
    pub product: String,
    pub lang: Lang,
    /// The element that carries the shadow root; DOM events for the host page's analytics are dispatched on it.
    pub host: web_sys::HtmlElement,
}

#[cfg(feature = "csr")]
/// Takes over one widget inside the open shadow root of `host`: the first view's reviews list, and its review form if
/// the loader has fetched it already, as the edge rendered them (nothing is re-rendered, so nothing moves), then
/// fires `candor:ready`. The visitor's status line is not the wasm's: it lives in the edge's status frame, which
/// also sends the form's reviews.
#[wasm_bindgen]
pub fn mount(
    host: web_sys::HtmlElement,
    api: String,
    tenant: String,
    product: String,
    locale: String,
) {
    let embed = Embed::new(host, api, tenant, product, &locale);
    components::review_list::attach(&embed);
    components::form_control::attach(&embed);
    components::form_control::dispatch(&embed.host, "candor:ready");
}

#[cfg(feature = "csr")]
/// Takes over the review form the loader has just fetched into a mounted widget (the visitor opened it after the
/// wasm had loaded); does nothing if it is adopted already.
#[wasm_bindgen]
pub fn attach_form(
    host: web_sys::HtmlElement,
    api: String,
    tenant: String,
    product: String,
    locale: String,
) {
    components::form_control::attach(&Embed::new(host, api, tenant, product, &locale));
}

#[cfg(feature = "csr")]
impl Embed {
    fn new(
        host: web_sys::HtmlElement,
        api: String,
        tenant: String,
        product: String,
        locale: &str,
    ) -> Embed {
        Embed {
            api,
            tenant,
            product,
            lang: Lang::from_tag(locale),
            host,
        }
    }
}
