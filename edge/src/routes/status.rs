//! `GET /v1/t/{tenant}/reviews/{id}/status`: the author, holding the status token, sees the stage and the public reason
//! (the code, and the statement of reasons in `?locale=en|zh-CN`, English by default).

use candor_domain::dto::ReviewStatus;
use candor_domain::{Locale, ReasonCode, Stage};
use worker::{Request, Response, RouteContext};

use crate::clock::Clock;
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
    let status = Store::open(&ctx.env)?
        .review_status(tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    status_token::require_unexpired(status.submitted_at, Clock::of(&request, &ctx.env).now_ms())?;
    let mut response =
        Response::from_json(&view(&request, review_id, status.stage, status.reason_code))?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

/// The author's view of a review: stage, reason code and the statement of reasons in the requested language.
pub fn view(
    request: &Request,
    review_id: &str,
    stage: Stage,
    reason_code: Option<String>,
) -> ReviewStatus {
    let locale = request
        .url()
        .ok()
        .and_then(|url| {
            url.query_pairs()
                .find(|(name, _)| name == "locale")
                .and_then(|(_, value)| Locale::parse(&value))
        })
        .unwrap_or(Locale::En);
    let reason = reason_code
        .as_deref()
        .and_then(ReasonCode::parse)
        .map(|reason| reason.statement(locale).to_owned());
    ReviewStatus {
        id: review_id.to_owned(),
        stage,
        reason_code,
        reason,
    }
}
