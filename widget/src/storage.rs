//! The widget's use of the host page's `localStorage` (documented for consent banners): the visitor's unsent draft,
//! per product, and nothing else. Never cookies, never anything about other visitors, never the status token (the
//! edge's status frame keeps it in its own origin's storage, out of the host page's reach).
//!
//! Key: `candor:{tenant}:{product}:draft` → the form's fields as JSON (removed once the review is sent). Storage
//! failures (disabled, full, private mode) are ignored: the widget works without storage.

use wasm_bindgen::JsValue;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn key(tenant: &str, product: &str, what: &str) -> String {
    ["candor:", tenant, ":", product, ":", what].concat()
}

/// Keeps every filled-in field of `form` (name → value) so a reload does not lose the visitor's text.
pub fn save_draft(tenant: &str, product: &str, form: &web_sys::HtmlFormElement) {
    let Some(storage) = local_storage() else {
        return;
    };
    let Some(json) = web_sys::FormData::new_with_form(form)
        .ok()
        .and_then(|data| js_sys::Object::from_entries(&data).ok())
        .and_then(|object| js_sys::JSON::stringify(&object).ok())
        .and_then(|json| json.as_string())
    else {
        return;
    };
    let _ = storage.set_item(&key(tenant, product, "draft"), &json);
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
