//! `POST /v1/admin/reviews/{id}/decisions` `{decision, reason_code?, note?}`: the role that owns the review's stage
//! decides it; the domain enforces roles, four-eyes and reasons; the store applies it conditionally in one batch.

use candor_domain::staff_requests::DecisionRequest;
use candor_domain::staff_views::DecisionTaken;
use candor_domain::{Decision, ReasonCode};
use worker::{Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::http;
use crate::ops::transition::{self, Move, state_of};
use crate::store::Store;

/// The decisions staff may send; `flag`, `withdraw` and `revise` belong to visitors and authors.
const STAFF_DECISIONS: [Decision; 5] = [
    Decision::Pass,
    Decision::Approve,
    Decision::Reject,
    Decision::SendBack,
    Decision::ClearFlag,
];

pub async fn post(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?.with_faults(crate::faults::requested(&request, &ctx.env)?);
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    let id = http::param(&ctx, "id")?.to_owned();
    let body: DecisionRequest = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let decision = Decision::parse(&body.decision)
        .filter(|decision| STAFF_DECISIONS.contains(decision))
        .ok_or_else(|| {
            ApiError::invalid(
                "decision",
                "invalid_choice",
                "decision must be pass, approve, reject, send_back or clear_flag.",
            )
        })?;
    let reason = match body.reason_code.as_deref() {
        None => None,
        Some(code) => Some(ReasonCode::parse(code).ok_or_else(|| {
            ApiError::invalid("reason_code", "invalid_choice", "Unknown reason code.")
        })?),
    };

    let review = store
        .review(&staff.tenant, &id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    let state = state_of(&store, &staff.tenant, &review).await?;
    let origin = request.url()?.origin().ascii_serialization();
    let transition = transition::commit(
        &store,
        &origin,
        &staff.tenant,
        &review,
        &state,
        Move {
            actor: staff.actor(),
            by: Some(&staff),
            decision,
            reason,
            note: body.note.as_deref(),
            flag: None,
            clock: staff.clock,
        },
    )
    .await?;
    let mut response = Response::from_json(&DecisionTaken {
        id: id.to_owned(),
        decision: decision.as_str().to_owned(),
        from: transition.from,
        stage: transition.to,
        flagged: transition.flagged,
        reason_code: transition
            .audit
            .reason
            .map(|reason| reason.code().to_owned()),
        version: review.version + 1,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
