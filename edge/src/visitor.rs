//! Who a visitor is, without knowing who they are: a keyed hash of IP and user agent under a key that changes
//! every UTC day, so raw IPs are never stored and votes cannot be linked across days.
//!
//! A test-only header (`X-Candor-Test-Visitor`) stands in for IP and user agent, honoured only when the local
//! test configuration enabled the test hooks.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use worker::{Env, Request};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::runtime;

pub const TEST_VISITOR_HEADER: &str = "X-Candor-Test-Visitor";

const DAY_MS: i64 = 86_400_000;

/// The visitor's key for today (hex), under the tenant: the same person is a different visitor at another tenant.
pub fn visitor_key(request: &Request, env: &Env, tenant: &str) -> Result<String, ApiError> {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .ok()
            .flatten()
            .unwrap_or_default()
    };
    let test_visitor = header(TEST_VISITOR_HEADER);
    let identity = if runtime::test_hooks_enabled(env) && !test_visitor.is_empty() {
        format!("test\0{test_visitor}")
    } else {
        format!(
            "ip\0{}\0{}",
            header("CF-Connecting-IP"),
            header("User-Agent")
        )
    };
    let secret = runtime::secret(env, "VISITOR_HASH_KEY")?;
    let day = Clock::of(request, env).now_ms().div_euclid(DAY_MS);
    Ok(hash(secret.as_bytes(), day, tenant, &identity))
}

fn hash(secret: &[u8], day: i64, tenant: &str, identity: &str) -> String {
    // The daily key is derived from the secret and the day number: yesterday's hashes cannot be recomputed
    // from today's key, and no key is ever stored.
    let mut daily = Hmac::<Sha256>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    daily.update(format!("candor-visitor-day\0{day}").as_bytes());
    let daily_key = daily.finalize().into_bytes();
    let mut mac = Hmac::<Sha256>::new_from_slice(&daily_key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(tenant.as_bytes());
    mac.update(b"\0");
    mac.update(identity.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn the_key_rotates_daily_and_separates_tenants() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let today = hash(secret, 20_000, "harbor", "ip\x001.2.3.4\0ua");
        assert_eq!(today, hash(secret, 20_000, "harbor", "ip\x001.2.3.4\0ua"));
        assert_ne!(today, hash(secret, 20_001, "harbor", "ip\x001.2.3.4\0ua"));
        assert_ne!(today, hash(secret, 20_000, "other", "ip\x001.2.3.4\0ua"));
        assert_ne!(today, hash(secret, 20_000, "harbor", "ip\x001.2.3.5\0ua"));
    }
}
