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
