//! `GET /v1/t/{tenant}/embed/{product}/reviews?lang=&sort=&rating=&locale=&cursor=&limit=`: one page of the reviews
//! list as escaped HTML items for the interactive widget, `{"html", "next_cursor"}`. It asks the reviews route
//! (same parameters, same validation, same firm responses) and renders the page with the widget's own markup
//! (`candor-widget`, feature `ssr`), so the wasm carries no review markup and the list looks exactly like the first
//! view's. `lang` is the visitor's interface language; `locale` filters reviews, as on the reviews route.

use candor_domain::dto::ReviewPage;
use worker::{Request, Response, RouteContext};

use crate::error::ApiError;
use crate::routes::reviews;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let lang = request
        .url()?
        .query_pairs()
        .find(|(key, _)| key == "lang")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let mut answer = reviews::get(request, ctx).await?;
    let page: ReviewPage = serde_json::from_slice(&answer.bytes().await?)
        .map_err(|_| ApiError::Misconfigured("review page for the widget"))?;
    let mut response = Response::from_json(&serde_json::json!({
        "html": candor_widget::review_items(&lang, &page.reviews),
        "next_cursor": page.next_cursor,
    }))?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=0, s-maxage=30")?;
    Ok(response)
}
