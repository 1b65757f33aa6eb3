//! Staff authentication: a bearer token names one tenant and one person (whose role it acts in); only its SHA-256
//! is stored. A token of a deactivated person is refused. A person signed in through Cloudflare Access is
//! authenticated by its assertion instead (`crate::access`); a request carrying both is judged by its token alone.
//!
//! Never trusts a tenant named in a path or body for staff requests: the token (or the Access application's
//! audience) alone says whose data it may see.

use candor_domain::me::CredentialKind;
use candor_domain::{Actor, Role};
use worker::{Env, Request};

use crate::audit::sha256_hex;
use crate::clock::Clock;
use crate::error::ApiError;
use crate::store::{Store, TokenRow};
use crate::{access, http, runtime};

/// Prefix of every staff token, so that a leaked one is recognisable in logs and secret scanners.
pub const TOKEN_PREFIX: &str = "cst_";

/// The member of staff a request acts for.
pub struct Staff {
    pub tenant: String,
    /// The credential id named by every archive row the request writes: the token's id, or "access"
    /// (`access::CREDENTIAL_ID`) for a person signed in through Cloudflare Access.
    pub token_id: String,
    /// How the request was authenticated.
    pub credential: CredentialKind,
    /// The person's current role (a role change applies to all their tokens at once).
    pub role: Role,
    /// The person's immutable id: what four-eyes compares and what `*_by` fields store.
    pub person_id: String,
    /// For people reading the archive; never compared.
    pub display_name: String,
    /// The request's clock (`crate::clock`): every time this staff request reads or writes is taken from it.
    pub clock: Clock,
}

impl Staff {
    /// The person as the moderation state machine knows them: four-eyes compares person ids, never names.
    pub fn actor(&self) -> Actor {
        Actor::staff(self.person_id.clone(), self.role)
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

/// Why a known token may not act now, if it may not: its person was deactivated, it was revoked, or it expired.
fn refusal(row: &TokenRow, now_ms: i64) -> Option<(&'static str, &'static str)> {
    if row.active != 1 {
        Some((
            "person_inactive",
            "The person this staff token belongs to was deactivated.",
        ))
    } else if row.revoked_at.is_some() {
        Some(("token_revoked", "This staff token was revoked."))
    } else if row.expires_at <= now_ms {
        Some(("token_expired", "This staff token has expired."))
    } else {
        None
    }
}

/// The staff guard of a route: 401 unless authenticated (`authenticate`), 403 unless the person's role is one of
/// `roles`.
pub async fn authenticate_as(
    request: &Request,
    env: &Env,
    store: &Store,
    roles: &[Role],
) -> Result<Staff, ApiError> {
    let staff = authenticate(request, env, store).await?;
    staff.require(roles)?;
    Ok(staff)
}

/// 401 unless the request carries a known, unexpired, unrevoked staff token, or (without a token) a valid
/// Cloudflare Access assertion of an active person; 403 for a write signed in through Access without the console's
/// `Origin`.
///
/// The token wins when both are present: it is the credential the caller chose and it names one person, while
/// Access also lets automation through with a service token, whose assertion names no person. A browser cannot add
/// an `Authorization` header to a cross-site request without CORS allowing it, and the console never holds a token.
pub async fn authenticate(request: &Request, env: &Env, store: &Store) -> Result<Staff, ApiError> {
    let clock = Clock::of(request, env);
    let refuse = |code, message: &str| ApiError::Unauthenticated {
        code,
        message: message.to_owned(),
    };
    let Some(token) = http::bearer_token(request) else {
        let Some(assertion) = access::assertion(request) else {
            return Err(refuse(
                "token_required",
                "This endpoint needs a staff token (`Authorization: Bearer <token>`) or a Cloudflare Access sign-in.",
            ));
        };
        let staff = access::staff(env, store, clock, &assertion).await?;
        access::require_console_origin(request)?;
        return Ok(staff);
    };
    let unknown = || refuse("token_invalid", "This staff token is not valid.");
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 128 {
        return Err(unknown());
    }
    let row = store
        .token_by_hash(&token_hash(&token))
        .await?
        .ok_or_else(unknown)?;
    if let Some((code, message)) = refusal(&row, clock.now_ms()) {
        return Err(refuse(code, message));
    }
    let role = Role::parse(&row.role).ok_or_else(unknown)?;
    Ok(Staff {
        tenant: row.tenant_id,
        token_id: row.id,
        credential: CredentialKind::Token,
        role,
        person_id: row.person_id,
        display_name: row.display_name,
        clock,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(active: u8, expires_at: i64, revoked_at: Option<i64>) -> TokenRow {
        TokenRow {
            id: "t".to_owned(),
            tenant_id: "bank".to_owned(),
            role: "moderator".to_owned(),
            person_id: "p".to_owned(),
            display_name: "P".to_owned(),
            active,
            created_at: 0,
            expires_at,
            revoked_at,
        }
    }

    #[test]
    fn a_token_acts_only_while_its_person_is_active_and_it_is_unrevoked_and_unexpired() {
        let code = |row: TokenRow| refusal(&row, 1_000).map(|(code, _)| code);
        assert_eq!(code(row(1, 1_001, None)), None);
        assert_eq!(code(row(1, 1_000, None)), Some("token_expired"));
        assert_eq!(code(row(1, 1_001, Some(500))), Some("token_revoked"));
        assert_eq!(code(row(0, 1_001, None)), Some("person_inactive"));
    }
}
