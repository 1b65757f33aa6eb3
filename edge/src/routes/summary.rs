//! `GET /v1/t/{tenant}/products/{product}/summary`: the product's aggregate (`ops::summary`), cached at the edge
//! with an `ETag`; `?locale=zh…` labels the attributes in Chinese.

use worker::{Request, Response, RouteContext};

use crate::audit::sha256_hex;
use crate::error::ApiError;
use crate::store::Store;
use crate::{edge_cache, http, ops, runtime};

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?;
    let product_id = http::param(&ctx, "product")?;
    let chinese = wants_chinese(&request);
    let origin = request.url()?.origin().ascii_serialization();
    let key = edge_cache::summary_key(&origin, tenant, product_id, chinese);
    // `cargo xtask bench` measures the uncached read too: only with the local test hooks on can it skip the cache.
    let bypass = runtime::test_hooks_enabled(&ctx.env)
        && request.headers().has(edge_cache::TEST_BYPASS_HEADER)?;
    if !bypass && let Some((body, etag)) = edge_cache::get_summary(&key).await {
        return respond(&request, body, &etag);
    }
    let store = Store::open(&ctx.env)?;
    let summary = ops::summary::build(&store, tenant, product_id, chinese).await?;

    let body = serde_json::to_string(&summary)
        .map_err(|_| ApiError::Misconfigured("summary serialisation"))?;
    let etag = format!("\"{}\"", &sha256_hex(body.as_bytes())[..32]);
    edge_cache::put_summary(&key, body.as_bytes(), &etag).await?;
    respond(&request, body.into_bytes(), &etag)
}

/// The summary or `304` when the client holds this version.
fn respond(request: &Request, body: Vec<u8>, etag: &str) -> Result<Response, ApiError> {
    let not_modified = request
        .headers()
        .get("If-None-Match")
        .ok()
        .flatten()
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let mut response = if not_modified {
        Response::empty()?.with_status(304)
    } else {
        Response::from_bytes(body)?
    };
    let headers = response.headers_mut();
    headers.set("Content-Type", "application/json")?;
    headers.set("ETag", etag)?;
    headers.set("Cache-Control", edge_cache::SUMMARY_CACHE_CONTROL)?;
    Ok(response)
}

/// Whether `?locale=` asks for Chinese labels (English otherwise).
fn wants_chinese(request: &Request) -> bool {
    request
        .url()
        .map(|url| {
            url.query_pairs()
                .any(|(name, value)| name == "locale" && value.starts_with("zh"))
        })
        .unwrap_or(false)
}
