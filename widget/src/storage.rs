//! The wasm's use of the host page's `localStorage` (documented for consent banners): the visitor's unsent draft,
//! per product, and nothing else. Never cookies, never anything about other visitors, never the status token (the
//! edge's status frame keeps it in its own origin's storage, out of the host page's reach).
//!
//! Key: `candor:{tenant}:{product}:draft` → the form's fields as JSON (the loader keeps it as the visitor types; the wasm restores it
//! and removes it once the review is sent). Storage
//! failures (disabled, full, private mode) are ignored: the widget works without storage.

use wasm_bindgen::JsValue;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn key(tenant: &str, product: &str, what: &str) -> String {
    ["candor:", tenant, ":", product, ":", what].concat()
}

/// The stored draft as a plain object, if there is one.
pub fn load_draft(tenant: &str, product: &str) -> Option<JsValue> {
    let json = local_storage()?
        .get_item(&key(tenant, product, "draft"))
        .ok()??;
    js_sys::JSON::parse(&json).ok().filter(JsValue::is_object)
}

pub fn clear_draft(tenant: &str, product: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&key(tenant, product, "draft"));
    }
}
