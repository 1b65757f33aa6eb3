//! The edge cache (Cache API, `caches.default`) for summaries and first views: one key per product and label locale
//! (and, for the first view, fragment or iframe page), filled on a miss with `s-maxage=30`, and deleted by every
//! write that changes what a summary shows (publication, withdrawal, catalogue, settings, disclosure): forgetting a
//! summary forgets its first views too, so read-after-write holds in the local data centre; elsewhere the TTL
//! bounds staleness.
//!
//! Never caches anything a visitor or staff member wrote that is not public, and never answers from a stale key on
//! purpose: a failed delete is logged and the TTL takes over.

use worker::{Cache, Response};

use crate::error::ApiError;
use crate::store::Store;

/// A request header that makes a read skip the cache, honoured only with the local test hooks on (bench).
pub const TEST_BYPASS_HEADER: &str = "X-Candor-Test-Bypass-Cache";

pub const SUMMARY_CACHE_CONTROL: &str = "public, max-age=0, s-maxage=30";

/// The cache key of a product's summary: the same for every spelling of the query, one per label language.
pub fn summary_key(origin: &str, tenant: &str, product: &str, chinese: bool) -> String {
    let locale = if chinese { "zh-CN" } else { "en" };
    format!("{origin}/v1/t/{tenant}/products/{product}/summary?locale={locale}")
}

/// A cached summary body and its ETag.
pub async fn get_summary(key: &str) -> Option<(Vec<u8>, String)> {
    let mut response = Cache::default().get(key, true).await.ok()??;
    let etag = response.headers().get("ETag").ok()??;
    let body = response.bytes().await.ok()?;
    Some((body, etag))
}

pub async fn put_summary(key: &str, body: &[u8], etag: &str) -> Result<(), ApiError> {
    let mut response = Response::from_bytes(body.to_vec())?;
    let headers = response.headers_mut();
    headers.set("Content-Type", "application/json")?;
    headers.set("ETag", etag)?;
    headers.set("Cache-Control", SUMMARY_CACHE_CONTROL)?;
    if let Err(error) = Cache::default().put(key, response).await {
        worker::console_warn!("summary cache put failed: {error}");
    }
    Ok(())
}

/// The cache key of a product's first view: one per label language, fragment or iframe page.
pub fn first_view_key(
    origin: &str,
    tenant: &str,
    product: &str,
    chinese: bool,
    page: bool,
) -> String {
    let locale = if chinese { "zh-CN" } else { "en" };
    let page = if page { "&page=1" } else { "" };
    format!("{origin}/v1/t/{tenant}/embed/{product}?locale={locale}{page}")
}

pub async fn put_first_view(key: &str, html: &[u8], etag: &str) -> Result<(), ApiError> {
    let mut response = Response::from_bytes(html.to_vec())?;
    let headers = response.headers_mut();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set("ETag", etag)?;
    headers.set("Cache-Control", SUMMARY_CACHE_CONTROL)?;
    if let Err(error) = Cache::default().put(key, response).await {
        worker::console_warn!("first-view cache put failed: {error}");
    }
    Ok(())
}

/// Deletes the cached summaries of these products (both label languages) and their first views.
pub async fn forget_summaries(origin: &str, tenant: &str, products: &[String]) {
    let cache = Cache::default();
    for product in products {
        for chinese in [false, true] {
            let key = summary_key(origin, tenant, product, chinese);
            if let Err(error) = cache.delete(key.as_str(), true).await {
                worker::console_warn!("summary cache delete failed for {key}: {error}");
            }
            // The first view shows the summary, the disclosure and the newest reviews.
            for page in [false, true] {
                let key = first_view_key(origin, tenant, product, chinese, page);
                if let Err(error) = cache.delete(key.as_str(), true).await {
                    worker::console_warn!("first-view cache delete failed for {key}: {error}");
                }
            }
        }
    }
}

/// Forgets the cached summaries of every product of the tenant (after a change that shows in all of them:
/// visibility, archiving, questions, settings, the disclosure).
pub async fn forget_tenant_summaries(
    store: &Store,
    origin: &str,
    tenant: &str,
) -> Result<(), ApiError> {
    let products: Vec<String> = store
        .catalogue_products(tenant)
        .await?
        .into_iter()
        .map(|product| product.id)
        .collect();
    forget_summaries(origin, tenant, &products).await;
    Ok(())
}
