//! The widget's use of `localStorage` (documented for consent banners): the status token of the visitor's own review per product.
//!
//! Keys: `candor:{tenant}:{product}:status` → `{id}:{status_token}`. Storage failures (disabled, full, private mode) are ignored.

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn status_key(tenant: &str, product: &str) -> String {
    ["candor:", tenant, ":", product, ":status"].concat()
}

pub fn save_status(tenant: &str, product: &str, review_id: &str, token: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(
            &status_key(tenant, product),
            &[review_id, ":", token].concat(),
        );
    }
}

/// `(review id, status token)` of the visitor's last review of this product, if any.
pub fn load_status(tenant: &str, product: &str) -> Option<(String, String)> {
    let value = local_storage()?
        .get_item(&status_key(tenant, product))
        .ok()??;
    let (id, token) = value.split_once(':')?;
    Some((id.to_owned(), token.to_owned()))
}
