//! Staff authentication: a bearer token names one tenant, one role and one person; only its SHA-256 is stored.
//!
//! Never trusts a tenant named in a path or body for staff requests: the token alone says whose data it may see.

use candor_domain::{Actor, Role};
use worker::{Env, Request};

use crate::audit::sha256_hex;
use crate::clock::Clock;
use crate::error::ApiError;
use crate::store::Store;
use crate::{http, runtime};

/// Prefix of every staff token, so that a leaked one is recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "cst_";

/// The member of staff a request acts for.
pub struct Staff {
    pub tenant: String,
    pub token_id: String,
    pub role: Role,
    pub person: String,
    /// The request's clock (`crate::clock`): every time this staff request reads or writes is taken from it.
    pub clock: Clock,
}

impl Staff {
    /// The person as the moderation state machine knows them: four-eyes compares person names.
    pub fn actor(&self) -> Actor {
        Actor::staff(self.person.clone(), self.role)
    }

    /// 403 unless the token's role is one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            return Ok(());
        }
        let allowed: Vec<&str> = roles.iter().map(|role| role.as_str()).collect();
        Err(ApiError::forbidden(
            "wrong_role",
            format!(
                "A {} token cannot do this; it needs the role {}.",
                self.role.as_str(),
                allowed.join(" or ")
            ),
        ))
    }
}

/// The SHA-256 under which a token is stored.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// A fresh token: the prefix and 256 random bits.
pub fn new_token() -> Result<String, ApiError> {
    Ok(format!("{TOKEN_PREFIX}{}", runtime::random_hex(32)?))
}

/// 401 unless the request carries a known, unexpired, unrevoked staff token.
pub async fn authenticate(request: &Request, env: &Env, store: &Store) -> Result<Staff, ApiError> {
    let clock = Clock::of(request, env);
    let refuse = |code, message: &str| ApiError::Unauthenticated {
        code,
        message: message.to_owned(),
    };
    let token = http::bearer_token(request).ok_or_else(|| {
        refuse(
            "token_required",
            "This endpoint needs a staff token: send `Authorization: Bearer <token>`.",
        )
    })?;
    let unknown = || refuse("token_invalid", "This staff token is not valid.");
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 128 {
        return Err(unknown());
    }
    let row = store
        .token_by_hash(&token_hash(&token))
        .await?
        .ok_or_else(unknown)?;
    if row.revoked_at.is_some() {
        return Err(refuse("token_revoked", "This staff token was revoked."));
    }
    if row.expires_at <= clock.now_ms() {
        return Err(refuse("token_expired", "This staff token has expired."));
    }
    let role = Role::parse(&row.role).ok_or_else(unknown)?;
    Ok(Staff {
        tenant: row.tenant_id,
        token_id: row.id,
        role,
        person: row.person,
        clock,
    })
}
