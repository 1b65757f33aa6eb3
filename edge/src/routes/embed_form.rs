//! `GET /v1/t/{tenant}/embed/{product}/form?locale=`: the product's review form as HTML, which the loader fetches
//! into the first view when a visitor opens "Write a review" (the first view does not carry it). Reads the product
//! exactly as the summary does (`ops::summary`: its language, its attribute questions, a hidden line answers an
//! empty body) and is cached like the first view (`edge_cache`; every write that forgets a summary forgets it too).
//!
//! Never reads the store before the caches were asked.

use worker::{Request, Response, RouteContext};

use crate::edge_cache::{self, Lookup, Slot};
use crate::error::ApiError;
use crate::store::Store;
use crate::{http, ops, render};

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let url = request.url()?;
    let chinese = http::query_param(&url, "locale").is_some_and(|locale| locale.starts_with("zh"));
    let if_none_match = request.headers().get("If-None-Match").ok().flatten();
    let tenant = http::param(&ctx, "tenant")?.to_owned();
    let product = http::param(&ctx, "product")?.to_owned();
    let slot = Slot::form(
        &url.origin().ascii_serialization(),
        &tenant,
        &product,
        chinese,
    );
    let fill = match edge_cache::lookup(slot, false, if_none_match).await? {
        Lookup::Hit(response) => return Ok(response),
        Lookup::Miss(fill) => fill,
    };
    let store = Store::open(&ctx.env)?;
    // 404 for an unknown product passes through; the tenant may not offer the language asked for.
    let summary = ops::summary::build(&store, &tenant, &product, chinese).await?;
    fill.answer(render::review_form(&summary).into_bytes())
        .await
}
