//! Who a visitor is, without knowing who they are: keyed hashes (secret `VISITOR_HASH_KEY`) of the client's
//! normalised address (`candor_domain::ClientAddress`: IPv4, or the IPv6 /64) from `CF-Connecting-IP`.
//!
//! Never stores or logs a raw address, and never uses the user agent: a client picks its user agent freely, so it
//! would let one address be any number of visitors. The keys do not rotate: a vote or flag made yesterday still
//! counts today. Each purpose and review has its own key, so stored hashes cannot be linked across reviews.

use candor_domain::ClientAddress;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use worker::{Env, Request};

use crate::error::ApiError;
use crate::runtime;

/// The client's address as the rate limit and deduplication see it (`Unknown` when the header is missing or
/// malformed: one shared bucket, never a fresh identity).
pub fn client_address(request: &Request) -> ClientAddress {
    let header = request
        .headers()
        .get("CF-Connecting-IP")
        .ok()
        .flatten()
        .unwrap_or_default();
    ClientAddress::parse(&header)
}

/// The key the visitor's rate limit counts under: this address at this tenant.
pub fn limit_key(env: &Env, tenant: &str, address: ClientAddress) -> Result<String, ApiError> {
    let secret = runtime::secret(env, "VISITOR_HASH_KEY")?;
    Ok(hash(
        secret.as_bytes(),
        &["limit", tenant, &address.to_string()],
    ))
}

/// What a visitor did once per review: a helpful vote or a flag.
#[derive(Debug, Clone, Copy)]
pub enum Once {
    Helpful,
    Flag,
}

/// The stored key of one visitor's vote or flag on one review: stable across days, unlinkable across reviews.
pub fn review_key(
    env: &Env,
    purpose: Once,
    tenant: &str,
    review: &str,
    address: ClientAddress,
) -> Result<String, ApiError> {
    let secret = runtime::secret(env, "VISITOR_HASH_KEY")?;
    let purpose = match purpose {
        Once::Helpful => "helpful",
        Once::Flag => "flag",
    };
    Ok(hash(
        secret.as_bytes(),
        &[purpose, tenant, review, &address.to_string()],
    ))
}

/// HMAC-SHA256 over length-prefixed parts (hex), so no two part lists hash alike.
fn hash(secret: &[u8], parts: &[&str]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part.as_bytes());
    }
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn keys_are_stable_and_separate_purposes_tenants_reviews_and_addresses() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let key = hash(secret, &["helpful", "harbor", "r1", "v4:1.2.3.4"]);
        assert_eq!(
            key,
            hash(secret, &["helpful", "harbor", "r1", "v4:1.2.3.4"])
        );
        for other in [
            ["flag", "harbor", "r1", "v4:1.2.3.4"],
            ["helpful", "other", "r1", "v4:1.2.3.4"],
            ["helpful", "harbor", "r2", "v4:1.2.3.4"],
            ["helpful", "harbor", "r1", "v4:1.2.3.5"],
            ["helpful", "harborr", "1", "v4:1.2.3.4"],
        ] {
            assert_ne!(key, hash(secret, &other), "{other:?}");
        }
        assert_ne!(
            key,
            hash(
                b"another secret",
                &["helpful", "harbor", "r1", "v4:1.2.3.4"]
            )
        );
    }
}
