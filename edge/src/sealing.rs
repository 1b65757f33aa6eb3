//! Sealing of stored secrets (the tenants' webhook signing secrets): AES-256-GCM through Web Crypto
//! (`crypto.subtle`), keyed by the Worker secret `WEBHOOK_SECRET_KEY` (64 hex characters), with the tenant id as
//! additional data so a sealed value copied to another tenant does not open. Stored as hex(iv || ciphertext).

use wasm_bindgen::{JsCast, JsValue};
use worker::Env;
use worker::js_sys::{self, Array, Object, Promise, Reflect, Uint8Array};
use worker::wasm_bindgen_futures::JsFuture;

use crate::error::ApiError;
use crate::runtime;

const KEY_SECRET: &str = "WEBHOOK_SECRET_KEY";
const IV_BYTES: usize = 12;

fn misconfigured(_: JsValue) -> ApiError {
    ApiError::Misconfigured("crypto.subtle")
}

fn subtle() -> Result<JsValue, ApiError> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).map_err(misconfigured)?;
    Reflect::get(&crypto, &"subtle".into()).map_err(misconfigured)
}

/// Calls `crypto.subtle.<name>(...args)` and awaits its promise.
async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, ApiError> {
    let subtle = subtle()?;
    let function: js_sys::Function = Reflect::get(&subtle, &name.into())
        .map_err(misconfigured)?
        .dyn_into()
        .map_err(misconfigured)?;
    let promise: Promise = function
        .apply(&subtle, &args.iter().collect::<Array>())
        .map_err(misconfigured)?
        .dyn_into()
        .map_err(misconfigured)?;
    JsFuture::from(promise).await.map_err(misconfigured)
}

fn algorithm(iv: &[u8], tenant: &str) -> Result<Object, ApiError> {
    let params = Object::new();
    Reflect::set(&params, &"name".into(), &"AES-GCM".into()).map_err(misconfigured)?;
    Reflect::set(&params, &"iv".into(), &Uint8Array::from(iv)).map_err(misconfigured)?;
    Reflect::set(
        &params,
        &"additionalData".into(),
        &Uint8Array::from(tenant.as_bytes()),
    )
    .map_err(misconfigured)?;
    Ok(params)
}

async fn key(env: &Env) -> Result<JsValue, ApiError> {
    let raw = hex::decode(runtime::secret(env, KEY_SECRET)?)
        .ok()
        .filter(|raw| raw.len() == 32)
        .ok_or(ApiError::Misconfigured(KEY_SECRET))?;
    let usages: Array = ["encrypt", "decrypt"]
        .iter()
        .map(|u| JsValue::from_str(u))
        .collect();
    call(
        "importKey",
        &[
            "raw".into(),
            Uint8Array::from(raw.as_slice()).into(),
            "AES-GCM".into(),
            false.into(),
            usages.into(),
        ],
    )
    .await
}

/// Seals `secret` for `tenant`.
pub async fn seal(env: &Env, tenant: &str, secret: &str) -> Result<String, ApiError> {
    let iv = hex::decode(runtime::random_hex(IV_BYTES as u32)?)
        .map_err(|_| ApiError::Misconfigured("crypto.getRandomValues"))?;
    let key = key(env).await?;
    let sealed = call(
        "encrypt",
        &[
            algorithm(&iv, tenant)?.into(),
            key,
            Uint8Array::from(secret.as_bytes()).into(),
        ],
    )
    .await?;
    let mut out = iv;
    out.extend(Uint8Array::new(&sealed).to_vec());
    Ok(hex::encode(out))
}

/// Opens what `seal` produced for the same tenant; a value sealed for another tenant or altered fails.
pub async fn open(env: &Env, tenant: &str, sealed: &str) -> Result<String, ApiError> {
    let bytes = hex::decode(sealed)
        .ok()
        .filter(|bytes| bytes.len() > IV_BYTES)
        .ok_or(ApiError::Misconfigured("sealed webhook secret"))?;
    let (iv, ciphertext) = bytes.split_at(IV_BYTES);
    let key = key(env).await?;
    let opened = call(
        "decrypt",
        &[
            algorithm(iv, tenant)?.into(),
            key,
            Uint8Array::from(ciphertext).into(),
        ],
    )
    .await
    .map_err(|_| ApiError::Misconfigured("sealed webhook secret"))?;
    String::from_utf8(Uint8Array::new(&opened).to_vec())
        .map_err(|_| ApiError::Misconfigured("sealed webhook secret"))
}
