//! `GET /v1/t/{tenant}/embed/{product}`: the first-view HTML fragment (`?locale=`), or with `?page=1` a full page
//! for an `<iframe>`. Reads the product exactly as the summary route does (it asks that route), renders through
//! `render.rs`, and is cached like the summary (`ETag`, `s-maxage=30`).

use candor_domain::dto::Summary;
use worker::{Request, Response, RouteContext};

use crate::audit::sha256_hex;
use crate::error::ApiError;
use crate::render;
use crate::routes::summary;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let url = request.url()?;
    let query = |name: &str| {
        url.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    let locale = query("locale").unwrap_or_else(|| "en".to_owned());
    let full_page = query("page").as_deref() == Some("1");
    let if_none_match = request.headers().get("If-None-Match").ok().flatten();

    // One source of truth for what a product shows: the summary route's answer (its 404s pass through).
    let mut answer = summary::get(request, ctx).await?;
    let summary: Summary = serde_json::from_slice(&answer.bytes().await?)
        .map_err(|_| ApiError::Misconfigured("summary for the first view"))?;

    let html = if full_page {
        render::page(&summary, &locale)
    } else {
        render::fragment(&summary, &locale)
    };
    let etag = format!("\"{}\"", &sha256_hex(html.as_bytes())[..32]);
    let not_modified =
        if_none_match.is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let mut response = if not_modified {
        Response::empty()?.with_status(304)
    } else {
        Response::from_bytes(html.into_bytes())?
    };
    let headers = response.headers_mut();
    headers.set("Content-Type", "text/html; charset=utf-8")?;
    headers.set("ETag", &etag)?;
    headers.set("Cache-Control", "public, max-age=0, s-maxage=30")?;
    Ok(response)
}
