//! The widget's use of `localStorage` (documented for consent banners): the visitor's unsent draft and the status
//! token of their own review, per product. Never cookies, never anything about other visitors.
//!
//! Keys: `candor:{tenant}:{product}:draft` → the form's fields as JSON (removed once the review is sent);
//! `candor:{tenant}:{product}:status` → `{id}:{status_token}`. Storage failures (disabled, full, private mode)
//! are ignored: the widget works without storage.

use wasm_bindgen::JsValue;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn key(tenant: &str, product: &str, what: &str) -> String {
    ["candor:", tenant, ":", product, ":", what].concat()
}

pub fn save_status(tenant: &str, product: &str, review_id: &str, token: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(
            &key(tenant, product, "status"),
            &[review_id, ":", token].concat(),
        );
    }
}

/// `(review id, status token)` of the visitor's last review of this product, if any.
pub fn load_status(tenant: &str, product: &str) -> Option<(String, String)> {
    let value = local_storage()?
        .get_item(&key(tenant, product, "status"))
        .ok()??;
    let (id, token) = value.split_once(':')?;
    Some((id.to_owned(), token.to_owned()))
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
