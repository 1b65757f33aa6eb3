//! `GET /v1/t/{tenant}/products/{product}/summary`: the product's aggregate (`ops::summary`), cached with an `ETag`
//! (`edge_cache`: the isolate's memory, then the Cache API); `?locale=zh…` labels the attributes in Chinese.
//!
//! Never builds anything before the caches were asked: a hit costs what the no-op route costs, plus one lookup.

use worker::{Request, Response, RouteContext};

use crate::edge_cache::{self, Lookup, Slot};
use crate::error::ApiError;
use crate::store::Store;
use crate::{http, ops, runtime};

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?;
    let product_id = http::param(&ctx, "product")?;
    let url = request.url()?;
    let chinese = url
        .query_pairs()
        .any(|(name, value)| name == "locale" && value.starts_with("zh"));
    let if_none_match = request.headers().get("If-None-Match").ok().flatten();
    let origin = url.origin().ascii_serialization();
    // `cargo xtask bench` measures the uncached read too: only with the local test hooks on can it skip the cache.
    let bypass = request.headers().has(edge_cache::TEST_BYPASS_HEADER)?
        && runtime::test_hooks_enabled(&ctx.env);
    let slot = Slot::summary(&origin, tenant, product_id, chinese);
    let fill = match edge_cache::lookup(slot, bypass, if_none_match).await? {
        Lookup::Hit(response) => return Ok(response),
        Lookup::Miss(fill) => fill,
    };
    let store = Store::open(&ctx.env)?;
    let summary = ops::summary::build(&store, tenant, product_id, chinese).await?;

    let body = serde_json::to_vec(&summary)
        .map_err(|_| ApiError::Misconfigured("summary serialisation"))?;
    fill.answer(body).await
}
