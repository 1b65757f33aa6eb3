//! What the Worker runtime provides that `domain` must never touch: the clock, secure randomness and secrets.

use wasm_bindgen::JsCast;
use worker::Env;

use crate::error::ApiError;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    worker::Date::now().as_millis() as i64
}

/// A random UUID from the Web Crypto API (`crypto.randomUUID`).
pub fn random_id() -> Result<String, ApiError> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .map_err(|_| ApiError::Misconfigured("crypto"))?;
    let random_uuid = js_sys::Reflect::get(&crypto, &"randomUUID".into())
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .ok_or(ApiError::Misconfigured("crypto.randomUUID"))?;
    random_uuid
        .call0(&crypto)
        .ok()
        .and_then(|value| value.as_string())
        .ok_or(ApiError::Misconfigured("crypto.randomUUID"))
}

/// A Worker secret (`wrangler secret put` in production, `.dev.vars` locally).
pub fn secret(env: &Env, name: &'static str) -> Result<String, ApiError> {
    env.secret(name)
        .map(|secret| secret.to_string())
        .ok()
        .filter(|value| value.len() >= 32)
        .ok_or(ApiError::Misconfigured(name))
}

/// `bytes` random bytes from the Web Crypto API (`crypto.getRandomValues`), hex-encoded.
pub fn random_hex(bytes: u32) -> Result<String, ApiError> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .map_err(|_| ApiError::Misconfigured("crypto"))?;
    let get_random_values = js_sys::Reflect::get(&crypto, &"getRandomValues".into())
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .ok_or(ApiError::Misconfigured("crypto.getRandomValues"))?;
    let buffer = js_sys::Uint8Array::new_with_length(bytes);
    get_random_values
        .call1(&crypto, &buffer)
        .map_err(|_| ApiError::Misconfigured("crypto.getRandomValues"))?;
    Ok(hex::encode(buffer.to_vec()))
}

/// Whether the local test configuration switched on the test hooks (`wrangler dev --var CANDOR_TEST_HOOKS:enabled`,
/// passed only by `cargo xtask test`). Never set in `wrangler.toml`, so a deployed Worker never honours them.
pub fn test_hooks_enabled(env: &Env) -> bool {
    env.var("CANDOR_TEST_HOOKS")
        .map(|value| value.to_string() == "enabled")
        .unwrap_or(false)
}
