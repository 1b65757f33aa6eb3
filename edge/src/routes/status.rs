//! `GET /v1/t/{tenant}/reviews/{id}/status`: the author, holding the status token, sees the stage and the public reason.

use candor_domain::dto::ReviewStatus;
use worker::{Request, Response, RouteContext};

use crate::error::ApiError;
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
    let (stage, reason_code) = Store::open(&ctx.env)?
        .review_status(tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    let mut response = Response::from_json(&ReviewStatus {
        id: review_id.to_owned(),
        stage,
        reason_code,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
