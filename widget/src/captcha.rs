//! Cloudflare Turnstile in the form, through the bundle's bootstrap (`Candor.captcha`, `Candor.captchaReset` in
//! `loader/bootstrap.js`): it reads the tenant's public config and, when it names a captcha, loads Turnstile's
//! script once per page and renders the challenge explicitly into a container inside our shadow root. The token
//! lands on the container as `data-token`; the form sends it in the `Captcha-Token` header.
//!
//! Plain JavaScript does the config read, the script loading and the callbacks: in wasm each would cost closures,
//! an async state machine and glue (measured: about 1 KB brotli), in the bootstrap a few hundred bytes.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Calls `window.Candor[name](container)`; does nothing when the bootstrap is not there. (One argument: `call1`
/// is already in the glue, `apply` would add an import.)
fn call(name: &str, container: &web_sys::Element) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let namespace =
        Reflect::get(&window, &JsValue::from_str("Candor")).unwrap_or(JsValue::UNDEFINED);
    let function = Reflect::get(&namespace, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if function.is_function() {
        let _ = function
            .unchecked_into::<Function>()
            .call1(&namespace, container);
    }
}

/// Renders the tenant's Turnstile challenge into `container` (inside the widget's shadow root; the bootstrap finds
/// the widget's API origin, tenant and locale from it), if the tenant configured one.
pub fn render(container: &web_sys::Element) {
    call("captcha", container);
}

/// The token of a solved challenge, if any.
pub fn token(container: &web_sys::Element) -> Option<String> {
    container
        .get_attribute("data-token")
        .filter(|token| !token.is_empty())
}

/// A new challenge after a refusal: tokens are single-use.
pub fn reset(container: &web_sys::Element) {
    call("captchaReset", container);
}
