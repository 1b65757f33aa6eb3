//! Status tokens: an HMAC of the tenant and review id, so a replayed submission can return the same token without
//! storing it. A token is issued when its review is submitted, so the review's submission time is its issue time:
//! it opens status and withdrawal for 400 days, revision for 30 days after the rejection (`author_access`).

use candor_domain::author_access;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::ApiError;

type HmacSha256 = Hmac<Sha256>;

fn mac(key: &[u8], tenant: &str, review_id: &str) -> HmacSha256 {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail here.
    let mut mac = HmacSha256::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(b"candor-status-token\0");
    mac.update(tenant.as_bytes());
    mac.update(b"\0");
    mac.update(review_id.as_bytes());
    mac
}

pub fn issue(key: &[u8], tenant: &str, review_id: &str) -> String {
    hex::encode(mac(key, tenant, review_id).finalize().into_bytes())
}

/// Constant-time check of a presented token.
pub fn verify(key: &[u8], tenant: &str, review_id: &str, token: &str) -> bool {
    match hex::decode(token) {
        Ok(bytes) => mac(key, tenant, review_id).verify_slice(&bytes).is_ok(),
        Err(_) => false,
    }
}

/// 401 `status_token_expired` once the token of a review submitted at `submitted_ms` is 400 days old.
/// Called only after `verify` accepted the token, so nobody without it learns a review's age.
pub fn require_unexpired(submitted_ms: i64, now_ms: i64) -> Result<(), ApiError> {
    if author_access::status_token_valid(submitted_ms, now_ms) {
        return Ok(());
    }
    Err(ApiError::Unauthenticated {
        code: "status_token_expired",
        message: format!(
            "This status token expired {} days after the submission.",
            author_access::STATUS_TOKEN_VALID_DAYS
        ),
    })
}

/// 409 `revision_window_closed` once 30 days have passed since the review was rejected at `rejected_ms`.
pub fn require_revision_window(rejected_ms: i64, now_ms: i64) -> Result<(), ApiError> {
    if author_access::revise_window_open(rejected_ms, now_ms) {
        return Ok(());
    }
    Err(ApiError::conflict(
        "revision_window_closed",
        format!(
            "A revision can be submitted up to {} days after the rejection.",
            author_access::REVISE_WINDOW_DAYS
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_token_verifies_only_for_its_review_and_tenant() {
        let key = b"0123456789abcdef0123456789abcdef";
        let token = issue(key, "harbor", "r1");
        assert!(verify(key, "harbor", "r1", &token));
        assert!(!verify(key, "harbor", "r2", &token));
        assert!(!verify(key, "other", "r1", &token));
        assert!(!verify(
            b"another key another key another!",
            "harbor",
            "r1",
            &token
        ));
        assert!(!verify(key, "harbor", "r1", "not-hex"));
    }
}
