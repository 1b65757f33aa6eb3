//! `GET /v1/t/{tenant}/embed/{product}/reviews?lang=&sort=&rating=&locale=&cursor=&limit=`: one page of the reviews
//! list as escaped HTML items for the interactive widget, `{"html", "next_cursor"}`. The same page as the reviews
//! route's (`ops::review_pages`: same parameters, same validation, same firm responses) and renders the page with the widget's own markup
//! (`candor-widget`, feature `ssr`), so the wasm carries no review markup and the list looks exactly like the first
//! view's. `lang` is the visitor's interface language; `locale` filters reviews, as on the reviews route. Cached like
//! the first view (`edge_cache`, `ETag`, forgotten with the product's summary), one key per valid query.
//!
//! Never caches a refusal: the query is validated before the caches are asked.

use candor_domain::public_answers::RenderedReviewPage;
use worker::{Request, Response, RouteContext, Url};

use crate::edge_cache::{self, Lookup, Slot};
use crate::error::ApiError;
use crate::http;
use crate::ops::review_pages::{self, PageRequest};
use crate::store::Store;

/// The parameters that choose a page, in the order of its cache key.
const PARAMETERS: [&str; 6] = ["lang", "sort", "rating", "locale", "cursor", "limit"];

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let url = request.url()?;
    let query = |name: &str| http::query_param(&url, name);
    let lang = query("lang").unwrap_or_default();
    let tenant = http::param(&ctx, "tenant")?;
    let product_id = http::param(&ctx, "product")?;
    let page_request = PageRequest::from_url(&url)?;
    let if_none_match = request.headers().get("If-None-Match").ok().flatten();
    let slot = Slot::review_page(
        &url.origin().ascii_serialization(),
        tenant,
        product_id,
        &canonical_query(&query)?,
    );
    let fill = match edge_cache::lookup(slot, false, if_none_match).await? {
        Lookup::Hit(response) => return Ok(response),
        Lookup::Miss(fill) => fill,
    };
    let store = Store::open(&ctx.env)?;
    // The tenant may not offer the visitor's language: the items are rendered in the one the widget is shown in.
    let (page, lang) =
        review_pages::read_offered(&store, tenant, product_id, page_request, &lang).await?;
    let body = serde_json::to_vec(&RenderedReviewPage {
        html: candor_widget::review_items(&lang, &page.reviews),
        next_cursor: page.next_cursor,
    })
    .map_err(|_| ApiError::Misconfigured("review page serialisation"))?;
    fill.answer(body).await
}

/// The parameters that choose the page, in one order and encoding (others are ignored, as the route ignores them).
fn canonical_query(query: &impl Fn(&str) -> Option<String>) -> Result<String, ApiError> {
    let mut canonical = Url::parse("https://key.invalid/")
        .map_err(|_| ApiError::Misconfigured("review page cache key"))?;
    {
        let mut pairs = canonical.query_pairs_mut();
        for name in PARAMETERS {
            pairs.append_pair(name, query(name).as_deref().unwrap_or_default());
        }
    }
    Ok(canonical.query().unwrap_or_default().to_owned())
}
