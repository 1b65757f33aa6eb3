//! Cloudflare Turnstile on submissions and revisions: when the tenant configured a site key, the request must carry a
//! token (header `Captcha-Token`) that Turnstile's siteverify accepts. Never called for an idempotent replay.
//!
//! The verify URL and the secret are Worker configuration (`TURNSTILE_VERIFY_URL` var, `TURNSTILE_SECRET` secret),
//! never tenant settings: the secret travels to the verify URL, so nobody but the operator may choose it.

use std::time::Duration;

use futures_util::future::{Either, select};
use serde::Deserialize;
use worker::{Env, Fetch, Headers, Method, Request, RequestInit};

use crate::audit::sha256_hex;
use crate::error::ApiError;
use crate::runtime;
use crate::store::Store;

/// The request header that carries the Turnstile token (kept out of the review body, so the Idempotency-Key's
/// request hash stays the same when a retry carries a fresh token).
pub const HEADER: &str = "Captcha-Token";
/// Cloudflare's endpoints; `cargo xtask test` and `demo` point both vars at the local stand-in instead.
const DEFAULT_VERIFY_URL: &str = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
const DEFAULT_SCRIPT_URL: &str = "https://challenges.cloudflare.com/turnstile/v0/api.js";
/// Turnstile tokens are at most 2,048 characters.
const MAX_TOKEN_CHARS: usize = 2_048;
/// How long siteverify may take before the submission answers 503 (nothing written, retry).
const VERIFY_TIMEOUT: Duration = Duration::from_secs(5);

/// The script URL the widget loads (explicit rendering inside the shadow root).
pub fn script_url(env: &Env) -> String {
    let base = var(env, "TURNSTILE_SCRIPT_URL").unwrap_or_else(|| DEFAULT_SCRIPT_URL.to_owned());
    [base.as_str(), "?render=explicit"].concat()
}

fn var(env: &Env, name: &str) -> Option<String> {
    env.var(name)
        .ok()
        .map(|value| value.to_string())
        .filter(|value| !value.is_empty())
}

/// Refuses the request unless the tenant has no captcha or its token verifies: missing → 422 `captcha_required`,
/// refused by siteverify → 422 `captcha_failed`, verifier unreachable → 503 `captcha_unavailable` with retry_after.
pub async fn check(
    request: &Request,
    env: &Env,
    store: &Store,
    tenant: &str,
    idempotency_key: &str,
) -> Result<(), ApiError> {
    // An unknown tenant is refused rather than read as "no captcha" (fail closed; routes found its product first).
    let captcha_on = store
        .settings(tenant)
        .await?
        .ok_or(ApiError::NotFound("tenant"))?
        .captcha
        .is_some();
    if !captcha_on {
        return Ok(());
    }
    let token = request
        .headers()
        .get(HEADER)
        .ok()
        .flatten()
        .map(|token| token.trim().to_owned())
        .filter(|token| !token.is_empty() && token.len() <= MAX_TOKEN_CHARS)
        .ok_or_else(|| ApiError::Unprocessable {
            code: "captcha_required",
            message: "This site asks for a captcha: send its token in the Captcha-Token header."
                .to_owned(),
        })?;
    let secret = runtime::secret(env, "TURNSTILE_SECRET")?;
    let remote_ip = request
        .headers()
        .get("CF-Connecting-IP")
        .ok()
        .flatten()
        .unwrap_or_default();
    let form = [
        ("secret", secret.as_str()),
        ("response", token.as_str()),
        ("remoteip", remote_ip.as_str()),
        // A retry of the same submission may present the same token again: siteverify then repeats its answer
        // instead of calling the token spent.
        (
            "idempotency_key",
            &verify_idempotency_key(tenant, idempotency_key),
        ),
    ];
    let verdict = siteverify(env, &form_urlencoded(&form)).await?;
    if verdict.success {
        return Ok(());
    }
    let codes = verdict.error_codes;
    if codes
        .iter()
        .any(|code| code.ends_with("-secret") || code == "bad-request")
    {
        worker::console_error!("turnstile refused our request: {codes:?}");
        return Err(ApiError::Misconfigured("TURNSTILE_SECRET"));
    }
    if codes.iter().any(|code| code == "internal-error") {
        return Err(ApiError::CaptchaUnavailable);
    }
    Err(ApiError::Unprocessable {
        code: "captcha_failed",
        message: [
            "The captcha was not accepted (",
            &codes.join(", "),
            "); solve it again and resend.",
        ]
        .concat(),
    })
}

/// The part of siteverify's answer we act on (`challenge_ts`, `hostname`, `action` are not needed).
#[derive(Deserialize)]
struct Verdict {
    success: bool,
    #[serde(rename = "error-codes", default)]
    error_codes: Vec<String>,
}

async fn siteverify(env: &Env, body: &str) -> Result<Verdict, ApiError> {
    let url = var(env, "TURNSTILE_VERIFY_URL").unwrap_or_else(|| DEFAULT_VERIFY_URL.to_owned());
    let headers = Headers::new();
    headers.set("Content-Type", "application/x-www-form-urlencoded")?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(body.into()));
    let request = Request::new_with_init(&url, &init)?;
    let call = Fetch::Request(request);
    let sent = std::pin::pin!(call.send());
    let timeout = std::pin::pin!(worker::Delay::from(VERIFY_TIMEOUT));
    let mut response = match select(sent, timeout).await {
        Either::Left((Ok(response), _)) => response,
        Either::Left((Err(error), _)) => {
            worker::console_warn!("turnstile siteverify unreachable: {error}");
            return Err(ApiError::CaptchaUnavailable);
        }
        Either::Right(_) => return Err(ApiError::CaptchaUnavailable),
    };
    if response.status_code() != 200 {
        return Err(ApiError::CaptchaUnavailable);
    }
    response
        .json::<Verdict>()
        .await
        .map_err(|_| ApiError::CaptchaUnavailable)
}

/// siteverify wants a UUID: the SHA-256 of tenant and Idempotency-Key, shaped as a version-4 UUID.
fn verify_idempotency_key(tenant: &str, key: &str) -> String {
    let hash = sha256_hex([tenant, "\n", key].concat().as_bytes());
    [
        &hash[0..8],
        "-",
        &hash[8..12],
        "-4",
        &hash[13..16],
        "-8",
        &hash[17..20],
        "-",
        &hash[20..32],
    ]
    .concat()
}

/// `application/x-www-form-urlencoded` of the pairs (unreserved bytes as they are, everything else `%XX`).
fn form_urlencoded(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (index, (name, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        for (part_index, part) in [name, value].iter().enumerate() {
            if part_index > 0 {
                out.push('=');
            }
            for byte in part.bytes() {
                if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                    out.push(char::from(byte));
                } else {
                    out.push('%');
                    out.push_str(&hex::encode_upper([byte]));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_are_percent_encoded() {
        assert_eq!(
            form_urlencoded(&[("secret", "a b&c"), ("response", "x.Y-z_~")]),
            "secret=a%20b%26c&response=x.Y-z_~"
        );
    }

    #[test]
    fn the_verify_idempotency_key_is_a_stable_uuid_per_tenant_and_key() {
        let first = verify_idempotency_key("harbor", "key-1");
        assert_eq!(first, verify_idempotency_key("harbor", "key-1"));
        assert_ne!(first, verify_idempotency_key("other", "key-1"));
        assert_eq!(first.len(), 36);
        assert_eq!(&first[14..15], "4");
        assert_eq!(first.matches('-').count(), 4);
    }
}
