//! `GET /v1/t/{tenant}/products/{product}/reviews?sort=newest|highest|lowest|helpful&rating=&locale=&cursor=&limit=`:
//! one page of published reviews as JSON (`ops::review_pages`), cached at the edge for 30 s.

use worker::{Request, Response, RouteContext};

use crate::error::ApiError;
use crate::http;
use crate::ops::review_pages::{self, PageRequest};
use crate::store::Store;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?;
    let product_id = http::param(&ctx, "product")?;
    let page_request = PageRequest::from_url(&request.url()?)?;
    let store = Store::open(&ctx.env)?;
    let page = review_pages::read(&store, tenant, product_id, page_request).await?;
    let mut response = Response::from_json(&page)?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=0, s-maxage=30")?;
    Ok(response)
}
