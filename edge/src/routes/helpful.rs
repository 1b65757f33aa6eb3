//! `POST /v1/t/{tenant}/reviews/{id}/helpful`: one "helpful" vote per client address (a keyed hash per review,
//! `visitor::review_key`) on a published review. Not archived: it changes no review and no aggregate.

use candor_domain::Stage;
use candor_domain::public_answers::HelpfulCount;
use worker::{Request, Response, RouteContext};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::store::Store;
use crate::{cors, http, rate_limit, visitor};

pub async fn post(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?;
    let review_id = http::param(&ctx, "id")?;
    rate_limit::visitor(&request, &ctx.env, tenant).await?;
    let store = Store::open(&ctx.env)?;
    let review = store
        .review(tenant, review_id)
        .await?
        .filter(|review| review.stage == Stage::Published.as_str())
        .ok_or(ApiError::NotFound("review"))?;
    let allowed = store
        .product(tenant, &review.product_id)
        .await?
        .map(|product| product.allowed_origins)
        .unwrap_or_default();
    cors::check_write_origin(&request, &allowed)?;
    rate_limit::tenant(&ctx.env, tenant).await?;
    let visitor = visitor::review_key(
        &ctx.env,
        visitor::Once::Helpful,
        tenant,
        review_id,
        visitor::client_address(&request),
    )?;
    if !store
        .vote_helpful(
            tenant,
            review_id,
            &visitor,
            Clock::of(&request, &ctx.env).now_ms(),
        )
        .await?
    {
        return Err(ApiError::conflict(
            "already_voted",
            "You already marked this review as helpful.",
        ));
    }
    let helpful = store.helpful_count(tenant, review_id).await?;
    let mut response = Response::from_json(&HelpfulCount {
        review_id: review_id.to_owned(),
        helpful,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
