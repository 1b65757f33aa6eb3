//! The Candor staff console: moderators, compliance officers and owners work their queues, marketers the catalogue,
//! the disclosure and the embed snippet, admins the people, API tokens and settings, in the browser, signed in
//! through the firm's identity provider (Cloudflare Access in front of the edge). It holds no credential of its own:
//! the Access session cookie goes with every same-origin request, so nothing is ever put in a URL or in storage.
// The admin and analytics pages' views are deeply nested types: a fresh clone's build overflowed the
// default query depth (128) computing one layout ("queries overflow the depth limit", +130), although a warm tree here
// built it; the compiler's own advice is this attribute.
#![recursion_limit = "512"]

pub mod admin;
pub mod analytics_view;
pub mod chart;
pub mod client;
pub mod components;
pub mod i18n;
pub mod keys;
pub mod report_words;
pub mod route;
pub mod snippet;
pub mod time;

use wasm_bindgen::prelude::wasm_bindgen;

/// Mounts the console into `<main id="console">` of `/console/index.html`.
#[wasm_bindgen(start)]
pub fn start() {
    // A bug must leave a trace for whoever reports it: the panic's message goes to the browser's console.
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Candor console: {info}").into());
    }));
    leptos::mount::mount_to_body(components::app::App);
}
