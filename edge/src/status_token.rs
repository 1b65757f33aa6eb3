//! Status tokens: an HMAC of the tenant and review id, so a replayed submission can return the same token without storing it.

use hmac::{Hmac, Mac};
use sha2::Sha256;

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
