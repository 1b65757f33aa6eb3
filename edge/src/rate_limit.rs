//! Rate limits of the public writes: one `[[ratelimits]]` binding per (tenant, client address) and one per tenant
//! (`edge/wrangler.toml`). Every public write takes `visitor` before any costly work (after answering replays) and
//! `tenant` only once the request passed the cheap checks (target exists, origin allowed, body valid), so requests
//! that are refused anyway never spend the tenant's budget, and one address cannot spend it either (its own limit
//! lets through at most 120 a minute, the tenant's is 1,000).
//!
//! Never stores anything: the bindings count in Cloudflare's memory; over a limit is 429 with `retry_after`.

use worker::{Env, Request};

use crate::error::ApiError;
use crate::visitor;

/// Binding names and their periods in seconds (as in `wrangler.toml`; the binding cannot tell how long is left of
/// its window, so a refused client is told to wait one whole period).
const VISITOR_LIMITER: (&str, u32) = ("VISITOR_LIMITER", 10);
const TENANT_LIMITER: (&str, u32) = ("TENANT_LIMITER", 60);

/// Counts one public write of this client address at this tenant; 429 `rate_limited` over its limit.
pub async fn visitor(request: &Request, env: &Env, tenant: &str) -> Result<(), ApiError> {
    let key = visitor::limit_key(env, tenant, visitor::client_address(request))?;
    take(env, VISITOR_LIMITER, format!("visitor:{key}")).await
}

/// Counts one public write that passed the cheap checks against the tenant's budget; 429 when it is spent.
pub async fn tenant(env: &Env, tenant: &str) -> Result<(), ApiError> {
    take(env, TENANT_LIMITER, format!("tenant:{tenant}")).await
}

async fn take(
    env: &Env,
    (binding, period): (&'static str, u32),
    key: String,
) -> Result<(), ApiError> {
    let limiter = env
        .rate_limiter(binding)
        .map_err(|_| ApiError::Misconfigured(binding))?;
    let outcome = limiter.limit(key).await?;
    if outcome.success {
        Ok(())
    } else {
        Err(ApiError::RateLimited {
            retry_after: period,
        })
    }
}
