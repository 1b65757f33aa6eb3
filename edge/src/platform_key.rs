//! The operator key: `/v1/platform/*` is authorised by the Worker secret `PLATFORM_KEY` (`Authorization: Bearer
//! <key>`, compared in constant time), never by a staff token. Shared by the tenant and tenant-move routes.

use sha2::{Digest, Sha256};
use worker::{Request, RouteContext};

use crate::error::ApiError;
use crate::{http, runtime};

/// Whether `given` is the key, in time independent of where they differ (both are hashed first, so the
/// comparison always runs over 32 bytes whatever the lengths).
fn same_key(given: &str, key: &str) -> bool {
    let (a, b) = (
        Sha256::digest(given.as_bytes()),
        Sha256::digest(key.as_bytes()),
    );
    a.iter()
        .zip(b.iter())
        .fold(0u8, |diff, (x, y)| diff | (x ^ y))
        == 0
}

pub fn operator(request: &Request, ctx: &RouteContext<()>) -> Result<(), ApiError> {
    let key = runtime::secret(&ctx.env, "PLATFORM_KEY")?;
    let Some(given) = http::bearer_token(request) else {
        return Err(ApiError::Unauthenticated {
            code: "platform_key_required",
            message: "This endpoint needs the operator key: send `Authorization: Bearer <key>`."
                .to_owned(),
        });
    };
    if !same_key(&given, &key) {
        return Err(ApiError::Unauthenticated {
            code: "platform_key_invalid",
            message: "This operator key is not valid.".to_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::same_key;

    #[test]
    fn only_the_exact_key_passes() {
        let key = "k".repeat(64);
        assert!(same_key(&key, &key));
        assert!(!same_key(&"k".repeat(63), &key));
        assert!(!same_key("", &key));
        assert!(!same_key(&format!("{key} "), &key));
    }
}
