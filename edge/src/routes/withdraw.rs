//! `POST /v1/t/{tenant}/reviews/{id}/withdraw` (`Authorization: Bearer <status_token>`): the author withdraws their
//! review at any stage before a final one, while the token is valid (400 days after the submission); a published
//! review leaves the aggregates in the same batch. From a browser only the edge's own status frame may withdraw
//! (`caller::Caller`); the archived transition names how it was authorised.

use candor_domain::{Actor, Decision, ReasonCode};
use worker::{Request, Response, RouteContext};

use crate::caller::Caller;
use crate::clock::Clock;
use crate::error::ApiError;
use crate::ops::author_status;
use crate::ops::transition::{self, Move, state_of};
use crate::store::Store;
use crate::{cors, http, rate_limit, runtime, status_token};

pub async fn post(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?;
    let review_id = http::param(&ctx, "id")?;
    // Only the visitor, in the edge's own status frame (or a server), may withdraw: never the firm's page.
    let caller = Caller::of(&request);
    caller.require_author_page()?;
    rate_limit::visitor(&request, &ctx.env, tenant).await?;
    let token = http::bearer_token(&request).ok_or(ApiError::Unauthorized)?;
    let key = runtime::secret(&ctx.env, "STATUS_TOKEN_KEY")?;
    if !status_token::verify(key.as_bytes(), tenant, review_id, &token) {
        return Err(ApiError::Unauthorized);
    }
    let store = Store::open(&ctx.env)?;
    let review = store
        .review(tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    status_token::require_unexpired(review.created_at, Clock::of(&request, &ctx.env).now_ms())?;
    let allowed = store
        .product(tenant, &review.product_id)
        .await?
        .map(|product| product.allowed_origins)
        .unwrap_or_default();
    cors::check_write_origin(&request, &allowed)?;
    rate_limit::tenant(&ctx.env, tenant).await?;
    let state = state_of(&store, tenant, &review).await?;
    let origin = request.url()?.origin().ascii_serialization();
    let transition = transition::commit(
        &store,
        &origin,
        tenant,
        &review,
        &state,
        Move {
            actor: Actor::author(review_id),
            by: None,
            decision: Decision::Withdraw,
            reason: None,
            // The archive keeps how the withdrawal was authorised.
            note: Some(caller.authorisation()),
            flag: None,
            clock: Clock::of(&request, &ctx.env),
        },
    )
    .await?;
    let mut response = Response::from_json(&author_status::view(
        author_status::locale_of(&request.url()?),
        review_id,
        transition.to,
        transition
            .audit
            .reason
            .map(|reason| ReasonCode::code(reason).to_owned()),
    ))?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
