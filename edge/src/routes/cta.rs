//! `GET /v1/t/{tenant}/products/{product}/cta?locale=`: a visitor follows a product's call to action. Counts the
//! click (per tenant, product and UTC day) and answers 302 to the URL the catalogue holds for that product — the URL
//! never comes from the request, so this is no open redirect. A hidden product line, a product without a call to
//! action (or whose URL is no longer on the tenant's origins) and an unknown product are 404.
//!
//! Rate limited with the visitor limiter; stores a count only, never who clicked.

use worker::{Request, Response, RouteContext};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::store::Store;
use crate::{http, ops, rate_limit};

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?;
    let product = http::param(&ctx, "product")?;
    rate_limit::visitor(&request, &ctx.env, tenant).await?;
    let chinese = request
        .url()?
        .query_pairs()
        .any(|(name, value)| name == "locale" && value.starts_with("zh"));
    let store = Store::open(&ctx.env)?;
    let summary = ops::summary::build(&store, tenant, product, chinese).await?;
    let cta = summary
        .cta
        .filter(|_| summary.visible)
        .ok_or(ApiError::NotFound("call to action"))?;
    store
        .count_cta_click(tenant, product, Clock::of(&request, &ctx.env).now_ms())
        .await?;
    let mut response = Response::empty()?.with_status(302);
    let headers = response.headers_mut();
    headers.set("Location", &cta.url)?;
    headers.set("Cache-Control", "no-store")?;
    Ok(response)
}
