//! Rate limits of the public writes: one `[[ratelimits]]` binding per visitor (keyed visitor hash) and one per
//! tenant (`edge/wrangler.toml`). Every public write calls `public_write` in one line, after answering replays.
//!
//! Never stores anything: the bindings count in Cloudflare's memory; over the limit is 429 with `retry_after`.

use worker::{Env, Request};

use crate::error::ApiError;
use crate::visitor;

/// Binding names and their periods in seconds (as in `wrangler.toml`; the binding cannot tell how long is left of
/// its window, so a refused client is told to wait one whole period).
const VISITOR_LIMITER: (&str, u32) = ("VISITOR_LIMITER", 10);
const TENANT_LIMITER: (&str, u32) = ("TENANT_LIMITER", 60);

/// Counts one public write of this visitor at this tenant; 429 `rate_limited` when either limit is spent.
pub async fn public_write(request: &Request, env: &Env, tenant: &str) -> Result<(), ApiError> {
    let visitor = visitor::visitor_key(request, env, tenant)?;
    // The visitor's own limit first: a visitor over it does not use up the tenant's budget.
    take(env, VISITOR_LIMITER, format!("visitor:{visitor}")).await?;
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
