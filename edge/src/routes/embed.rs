//! `GET /v1/t/{tenant}/embed/{product}`: the first-view HTML fragment (`?locale=`), or with `?page=1` a full page
//! for an `<iframe>`. Reads the product exactly as the summary route does (`ops::summary`), renders it with the
//! disclosure in the visitor's language and the newest reviews (`ops::first_view`), and is cached like the
//! summary (`edge_cache`: the isolate's memory, then the Cache API; `ETag`, `s-maxage=30`; every write that forgets
//! a summary forgets these keys too).
//!
//! Never reads the store before the caches were asked.

use worker::{Request, Response, RouteContext};

use crate::edge_cache::{self, Lookup, Slot};
use crate::error::ApiError;
use crate::store::Store;
use crate::{http, ops, render};

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let url = request.url()?;
    let query = |name: &str| http::query_param(&url, name);
    let chinese = query("locale").is_some_and(|locale| locale.starts_with("zh"));
    let full_page = query("page").as_deref() == Some("1");
    let if_none_match = request.headers().get("If-None-Match").ok().flatten();
    let tenant = http::param(&ctx, "tenant")?.to_owned();
    let product = http::param(&ctx, "product")?.to_owned();
    let slot = Slot::first_view(
        &url.origin().ascii_serialization(),
        &tenant,
        &product,
        chinese,
        full_page,
    );
    let fill = match edge_cache::lookup(slot, false, if_none_match).await? {
        Lookup::Hit(response) => return Ok(response),
        Lookup::Miss(fill) => fill,
    };
    let store = Store::open(&ctx.env)?;

    // One source of truth for what a product shows: the summary the summary route serves (404 passes through).
    let summary = ops::summary::build(&store, &tenant, &product, chinese).await?;
    let html = if full_page {
        render::page(&summary, &summary.locale)
    } else {
        ops::first_view::html(
            &store,
            &tenant,
            &summary,
            None,
            &url.origin().ascii_serialization(),
        )
        .await?
    };
    fill.answer(html.into_bytes()).await
}
