//! `GET /v1/t/{tenant}/embed/{product}/reviews?lang=&sort=&rating=&locale=&cursor=&limit=`: one page of the reviews
//! list as escaped HTML items for the interactive widget, `{"html", "next_cursor"}`. The same page as the reviews
//! route's (`ops::review_pages`: same parameters, same validation, same firm responses) and renders the page with the widget's own markup
//! (`candor-widget`, feature `ssr`), so the wasm carries no review markup and the list looks exactly like the first
//! view's. `lang` is the visitor's interface language; `locale` filters reviews, as on the reviews route.

use candor_domain::public_answers::RenderedReviewPage;
use worker::{Request, Response, RouteContext};

use crate::error::ApiError;
use crate::http;
use crate::ops::review_pages::{self, PageRequest};
use crate::store::Store;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let lang = request
        .url()?
        .query_pairs()
        .find(|(key, _)| key == "lang")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let tenant = http::param(&ctx, "tenant")?;
    let product_id = http::param(&ctx, "product")?;
    let page_request = PageRequest::from_url(&request.url()?)?;
    let store = Store::open(&ctx.env)?;
    // The tenant may not offer the visitor's language: the items are rendered in the one the widget is shown in.
    let (page, lang) =
        review_pages::read_offered(&store, tenant, product_id, page_request, &lang).await?;
    let mut response = Response::from_json(&RenderedReviewPage {
        html: candor_widget::review_items(&lang, &page.reviews),
        next_cursor: page.next_cursor,
    })?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=0, s-maxage=30")?;
    Ok(response)
}
