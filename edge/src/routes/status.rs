//! `GET /v1/t/{tenant}/reviews/{id}/status`: the author, holding the status token, sees the stage and the public reason
//! (the code, and the statement of reasons in `?locale=en|zh-CN`, English by default).

use worker::{Request, Response, RouteContext};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::ops::author_status;
use crate::store::Store;
use crate::{http, runtime, status_token};

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?;
    let review_id = http::param(&ctx, "id")?;
    let token = http::bearer_token(&request).ok_or(ApiError::Unauthorized)?;
    let key = runtime::secret(&ctx.env, "STATUS_TOKEN_KEY")?;
    if !status_token::verify(key.as_bytes(), tenant, review_id, &token) {
        return Err(ApiError::Unauthorized);
    }
    let status = Store::open(&ctx.env)?
        .review_status(tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    status_token::require_unexpired(status.submitted_at, Clock::of(&request, &ctx.env).now_ms())?;
    let mut response = Response::from_json(&author_status::view(
        author_status::locale_of(&request.url()?),
        review_id,
        status.stage,
        status.reason_code,
    ))?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
