//! What the author of a review sees of it (status and withdraw answer the same): its stage, the public reason code
//! and the statement of reasons in the language asked for with `?locale=en|zh-CN` (English by default).

use candor_domain::dto::ReviewStatus;
use candor_domain::{Locale, ReasonCode, Stage};
use worker::{Request, RouteContext, Url};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::store::Store;
use crate::{http, runtime, status_token};

/// The author's view of the review in the path, for the holder of its unexpired status token (401 otherwise).
pub async fn read(request: &Request, ctx: &RouteContext<()>) -> Result<ReviewStatus, ApiError> {
    let tenant = http::param(ctx, "tenant")?;
    let review_id = http::param(ctx, "id")?;
    let token = http::bearer_token(request).ok_or(ApiError::Unauthorized)?;
    let key = runtime::secret(&ctx.env, "STATUS_TOKEN_KEY")?;
    if !status_token::verify(key.as_bytes(), tenant, review_id, &token) {
        return Err(ApiError::Unauthorized);
    }
    let status = Store::open(&ctx.env)?
        .review_status(tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    status_token::require_unexpired(status.submitted_at, Clock::of(request, &ctx.env).now_ms())?;
    Ok(view(
        locale_of(&request.url()?),
        review_id,
        status.stage,
        status.reason_code,
    ))
}

/// The language of the statement of reasons: `?locale=` when it names one, English otherwise.
pub fn locale_of(url: &Url) -> Locale {
    url.query_pairs()
        .find(|(name, _)| name == "locale")
        .and_then(|(_, value)| Locale::parse(&value))
        .unwrap_or(Locale::En)
}

/// The author's view of a review.
pub fn view(
    locale: Locale,
    review_id: &str,
    stage: Stage,
    reason_code: Option<String>,
) -> ReviewStatus {
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
