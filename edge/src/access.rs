//! Cloudflare Access sign-in: the edge verifies `Cf-Access-Jwt-Assertion` and maps it to a person of a tenant.
//!
//! - The JWT's shape and claims are checked by `candor_domain::access` (pure); the RS256 signature by WebCrypto
//!   (`crypto.subtle.importKey("jwk", …)` + `verify("RSASSA-PKCS1-v1_5", …)`, reached through `js_sys::global()`:
//!   workerd has no `window`), so no RSA code is in the Worker's wasm.
//! - The team's key set comes from the Worker variable `ACCESS_JWKS_URL`, the expected issuer from `ACCESS_ISSUER`.
//!   Keys are imported once and cached by `kid` in the isolate. A token naming a `kid` the cache lacks makes the
//!   isolate fetch the key set again, at most once per unknown `kid` (remembered, bounded) and at most once per
//!   [`REFETCH_INTERVAL_MS`] once keys are cached, so a flood of made-up `kid`s cannot turn into a flood of fetches.
//! - The audience names the tenant (`tenants.access_audience`, unique, written by the settings PUT); the lower-cased
//!   e-mail names an active person of that tenant, who acts in their current role. The credential is "access".
//! - A write authenticated this way must come from the console: its `Origin` must be the edge's own origin.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use candor_domain::Role;
use candor_domain::access::{self, Expected, JwtError};
use candor_domain::me::CredentialKind;
use futures_util::future::{Either, select};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::JsFuture;
use worker::{Env, Fetch, Method, Request};

use crate::auth::Staff;
use crate::clock::Clock;
use crate::error::ApiError;
use crate::store::Store;

/// The header Cloudflare Access adds to every request it lets through (and removes from what clients send).
pub const ASSERTION_HEADER: &str = "Cf-Access-Jwt-Assertion";
/// The credential id archive rows name for a request signed in through Access (a token's id otherwise).
pub const CREDENTIAL_ID: &str = "access";
/// At most this often (once keys are cached) the key set is fetched again for an unknown `kid`.
pub const REFETCH_INTERVAL_MS: f64 = 10_000.0;
/// Unknown `kid`s remembered (each was looked for once); the list is cleared when full.
const MAX_MISSING_KIDS: usize = 256;
/// Keys imported from one key set (Cloudflare publishes two: current and previous).
const MAX_KEYS: usize = 16;
/// How long the key set may take to arrive.
const JWKS_TIMEOUT: Duration = Duration::from_secs(5);

/// The isolate's imported keys.
#[derive(Default)]
struct KeyCache {
    /// The key-set URL the keys came from (a changed variable empties the cache).
    source: String,
    /// `CryptoKey`s by `kid`.
    keys: HashMap<String, JsValue>,
    /// `kid`s a fetch of the key set did not have.
    missing: Vec<String>,
    /// `Date.now()` of the last fetch, 0 before the first.
    fetched_at: f64,
}

thread_local! {
    static KEYS: RefCell<KeyCache> = RefCell::new(KeyCache::default());
}

fn refuse(error: JwtError) -> ApiError {
    ApiError::Unauthenticated {
        code: error.code(),
        message: error.message().to_owned(),
    }
}

fn var(env: &Env, name: &'static str) -> Result<String, ApiError> {
    env.var(name)
        .ok()
        .map(|value| value.to_string())
        .filter(|value| !value.trim().is_empty())
        .ok_or(ApiError::Misconfigured(name))
}

/// The assertion Access sent, if any.
pub fn assertion(request: &Request) -> Option<String> {
    request
        .headers()
        .get(ASSERTION_HEADER)
        .ok()
        .flatten()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// The member of staff an Access assertion names: 401 for a token that is malformed, not RS256, signed by no key
/// of the team or not by the named one, for another audience or issuer, expired, or for an e-mail that is no
/// active person of the audience's tenant.
pub async fn staff(
    env: &Env,
    store: &Store,
    clock: Clock,
    assertion: &str,
) -> Result<Staff, ApiError> {
    let decoded = access::decode(assertion).map_err(refuse)?;
    let issuer = var(env, "ACCESS_ISSUER")?;
    let key = key_for(env, &decoded.kid).await?;
    if !verify(&key, &decoded.signature, decoded.signing_input.as_bytes()).await? {
        return Err(refuse(JwtError::BadSignature));
    }
    let mut found = None;
    for audience in decoded.claims.audiences() {
        if !access::is_access_audience(audience) {
            continue;
        }
        if let Some(tenant) = store.tenant_by_access_audience(audience).await? {
            found = Some((audience, tenant));
            break;
        }
    }
    let (audience, tenant) = found.ok_or_else(|| refuse(JwtError::WrongAudience))?;
    let identity = access::check_claims(
        &decoded.claims,
        &Expected {
            audience,
            issuer: &issuer,
            now_seconds: clock.now_ms().div_euclid(1000),
        },
    )
    .map_err(refuse)?;
    let unauthenticated = |code, message: &str| ApiError::Unauthenticated {
        code,
        message: message.to_owned(),
    };
    let person = store
        .person_by_email(&tenant, &identity.email)
        .await?
        .ok_or_else(|| {
            unauthenticated(
                "access_person_unknown",
                "No person of this tenant has the e-mail address you signed in with.",
            )
        })?;
    if person.active != 1 {
        return Err(unauthenticated(
            "person_inactive",
            "The person you signed in as was deactivated.",
        ));
    }
    let role = Role::parse(&person.role).ok_or(ApiError::Misconfigured("people.role"))?;
    Ok(Staff {
        tenant,
        token_id: CREDENTIAL_ID.to_owned(),
        credential: CredentialKind::Access,
        role,
        person_id: person.id,
        display_name: person.display_name,
        clock,
    })
}

/// Whether a method changes something (every method but GET, HEAD and OPTIONS).
pub fn is_write(method: &Method) -> bool {
    !matches!(method, Method::Get | Method::Head | Method::Options)
}

/// A write signed in through Access must carry the console's `Origin`, which is the edge's own origin (the console
/// is served by this Worker at `/console/`): the browser sends the Access cookie with requests from any site, so
/// without this a page elsewhere could make a signed-in person's browser write. Pure, for the tests.
pub fn origin_refusal(is_write: bool, origin: Option<&str>, own_origin: &str) -> Option<ApiError> {
    if !is_write || origin == Some(own_origin) {
        return None;
    }
    Some(ApiError::forbidden(
        "console_origin_required",
        format!(
            "A change signed in through Access must come from the console: send `Origin: {own_origin}`{}.",
            match origin {
                Some(other) => format!(" (this request came from {other})"),
                None => String::new(),
            }
        ),
    ))
}

/// `origin_refusal` for a request.
pub fn require_console_origin(request: &Request) -> Result<(), ApiError> {
    let own = request.url()?.origin().ascii_serialization();
    let origin = request.headers().get("Origin").ok().flatten();
    match origin_refusal(is_write(&request.method()), origin.as_deref(), &own) {
        Some(refusal) => Err(refusal),
        None => Ok(()),
    }
}

/// What of a cache entry decides the next step for `kid`.
enum Cached {
    Key(JsValue),
    /// Not cached, and looking again is not allowed now.
    Unknown,
    /// Not cached: fetch the key set.
    Fetch,
}

/// Whether a `kid` the cache lacks may make the isolate fetch the key set: not if a fetch already lacked it, nor
/// within [`REFETCH_INTERVAL_MS`] of the last fetch while keys are cached (the first fetch is never held back).
fn may_refetch(already_missing: bool, keys_cached: bool, since_last_fetch_ms: f64) -> bool {
    let held_back = keys_cached && since_last_fetch_ms < REFETCH_INTERVAL_MS;
    !(already_missing || held_back)
}

fn cached(source: &str, kid: &str, now: f64) -> Cached {
    KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.source != source {
            *cache = KeyCache {
                source: source.to_owned(),
                ..KeyCache::default()
            };
        }
        if let Some(key) = cache.keys.get(kid) {
            return Cached::Key(key.clone());
        }
        let already_missing = cache.missing.iter().any(|missing| missing == kid);
        if may_refetch(
            already_missing,
            !cache.keys.is_empty(),
            now - cache.fetched_at,
        ) {
            Cached::Fetch
        } else {
            Cached::Unknown
        }
    })
}

/// The key named `kid`, from the isolate's cache or a fresh fetch of the key set.
async fn key_for(env: &Env, kid: &str) -> Result<JsValue, ApiError> {
    let source = var(env, "ACCESS_JWKS_URL")?;
    match cached(&source, kid, js_sys::Date::now()) {
        Cached::Key(key) => return Ok(key),
        Cached::Unknown => return Err(refuse(JwtError::UnknownKey)),
        Cached::Fetch => {}
    }
    let keys = fetch_keys(&source).await?;
    KEYS.with(|cache| {
        let mut cache = cache.borrow_mut();
        cache.source = source.clone();
        cache.keys = keys;
        cache.fetched_at = js_sys::Date::now();
        if let Some(key) = cache.keys.get(kid) {
            return Ok(key.clone());
        }
        if cache.missing.len() >= MAX_MISSING_KIDS {
            cache.missing.clear();
        }
        cache.missing.push(kid.to_owned());
        Err(refuse(JwtError::UnknownKey))
    })
}

#[derive(Deserialize)]
struct KeySet {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    #[serde(default)]
    kid: Option<String>,
    kty: String,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default)]
    n: Option<String>,
    #[serde(default)]
    e: Option<String>,
}

fn unavailable(what: &str) -> ApiError {
    worker::console_error!("Access key set unavailable: {what}");
    ApiError::AccessKeysUnavailable
}

/// Fetches the team's key set and imports its RSA signing keys (by `kid`).
async fn fetch_keys(url: &str) -> Result<HashMap<String, JsValue>, ApiError> {
    let call = Fetch::Url(
        url.parse()
            .map_err(|_| ApiError::Misconfigured("ACCESS_JWKS_URL"))?,
    );
    let sent = std::pin::pin!(call.send());
    let timeout = std::pin::pin!(worker::Delay::from(JWKS_TIMEOUT));
    let mut response = match select(sent, timeout).await {
        Either::Left((Ok(response), _)) => response,
        Either::Left((Err(error), _)) => return Err(unavailable(&error.to_string())),
        Either::Right(_) => return Err(unavailable("timeout")),
    };
    if response.status_code() != 200 {
        return Err(unavailable(&format!("HTTP {}", response.status_code())));
    }
    let set: KeySet = response
        .json()
        .await
        .map_err(|error| unavailable(&error.to_string()))?;
    let mut keys = HashMap::new();
    for jwk in set.keys.into_iter().take(MAX_KEYS) {
        let (Some(kid), Some(n), Some(e)) = (jwk.kid, jwk.n, jwk.e) else {
            continue;
        };
        let modulus_ok =
            access::base64url(&n).is_ok_and(|bytes| (256..=513).contains(&bytes.len()));
        if jwk.kty != "RSA" || jwk.alg.as_deref().is_some_and(|alg| alg != "RS256") || !modulus_ok {
            continue;
        }
        match import_key(&n, &e).await {
            Ok(key) => {
                keys.insert(kid, key);
            }
            Err(error) => worker::console_warn!("Access key {kid} not imported: {error:?}"),
        }
    }
    if keys.is_empty() {
        return Err(unavailable("no RS256 key in the key set"));
    }
    Ok(keys)
}

fn subtle() -> Result<JsValue, ApiError> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into())
        .map_err(|_| ApiError::Misconfigured("crypto"))?;
    Reflect::get(&crypto, &"subtle".into()).map_err(|_| ApiError::Misconfigured("crypto.subtle"))
}

/// Calls `subtle[method](...args)` and awaits the promise.
async fn call_subtle(method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let subtle = subtle().map_err(|_| JsValue::from_str("no crypto.subtle"))?;
    let function: Function = Reflect::get(&subtle, &method.into())?.dyn_into()?;
    let arguments: Array = args.iter().collect();
    let promise: Promise = function.apply(&subtle, &arguments)?.dyn_into()?;
    JsFuture::from(promise).await
}

fn object(pairs: &[(&str, JsValue)]) -> Result<Object, JsValue> {
    let object = Object::new();
    for (key, value) in pairs {
        Reflect::set(&object, &(*key).into(), value)?;
    }
    Ok(object)
}

fn algorithm() -> Result<Object, JsValue> {
    object(&[
        ("name", "RSASSA-PKCS1-v1_5".into()),
        ("hash", object(&[("name", "SHA-256".into())])?.into()),
    ])
}

async fn import_key(n: &str, e: &str) -> Result<JsValue, JsValue> {
    let jwk = object(&[
        ("kty", "RSA".into()),
        ("n", n.into()),
        ("e", e.into()),
        ("alg", "RS256".into()),
        ("ext", true.into()),
    ])?;
    let usages: Array = std::iter::once(JsValue::from_str("verify")).collect();
    call_subtle(
        "importKey",
        &[
            "jwk".into(),
            jwk.into(),
            algorithm()?.into(),
            false.into(),
            usages.into(),
        ],
    )
    .await
}

/// RSASSA-PKCS1-v1_5 with SHA-256 over `data`.
async fn verify(key: &JsValue, signature: &[u8], data: &[u8]) -> Result<bool, ApiError> {
    let algorithm = algorithm().map_err(|_| ApiError::Misconfigured("crypto.subtle"))?;
    let outcome = call_subtle(
        "verify",
        &[
            algorithm.into(),
            key.clone(),
            Uint8Array::from(signature).into(),
            Uint8Array::from(data).into(),
        ],
    )
    .await;
    match outcome {
        Ok(valid) => Ok(valid.as_bool() == Some(true)),
        Err(error) => {
            worker::console_warn!("Access signature check failed: {error:?}");
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_kid_refetches_the_key_set_at_most_once_and_not_in_a_flood() {
        // The first fetch of an isolate, and a new kid (a key rotation) once the interval has passed.
        assert!(may_refetch(false, false, 0.0));
        assert!(may_refetch(false, true, REFETCH_INTERVAL_MS));
        // A kid already looked for, ever; any new kid shortly after a fetch while keys are cached.
        assert!(!may_refetch(true, true, 1e9));
        assert!(!may_refetch(true, false, 1e9));
        assert!(!may_refetch(false, true, REFETCH_INTERVAL_MS - 1.0));
    }

    #[test]
    fn access_writes_need_the_console_origin_and_reads_do_not() {
        let own = "https://reviews.bank.example";
        assert!(origin_refusal(false, None, own).is_none());
        assert!(origin_refusal(false, Some("https://evil.example"), own).is_none());
        assert!(origin_refusal(true, Some(own), own).is_none());
        for origin in [
            None,
            Some("https://evil.example"),
            Some("null"),
            Some("https://reviews.bank.example:444"),
        ] {
            let refusal = origin_refusal(true, origin, own).expect("refused");
            assert_eq!(refusal.status(), 403);
            assert_eq!(refusal.code(), "console_origin_required");
        }
        assert!(is_write(&Method::Post) && is_write(&Method::Delete) && is_write(&Method::Patch));
        assert!(!is_write(&Method::Get) && !is_write(&Method::Head));
    }
}
