//! Firm responses: `POST /v1/admin/reviews/{id}/responses` (staff draft one to a published review),
//! `POST /v1/admin/responses/{id}/decisions` (the owner approves or rejects it, never the drafter) and
//! `GET /v1/admin/responses?status=pending` (the responses awaiting the owner, oldest first).
//!
//! A response is a firm communication: public only after the owner approved it, archived with its text's hash at
//! every step, never rewritten. It never changes the review it answers.

use candor_domain::Role;
use candor_domain::archive::{ResponseDecided, ResponseDrafted};
use candor_domain::firm_response::{self, ResponseDecision, ResponseError, ResponseStatus};
use candor_domain::staff_requests::{ResponseDecisionRequest, ResponseDraft};
use candor_domain::staff_views::FirmResponseList;
use worker::{Env, Request, Response, RouteContext};

use crate::audit::{self, StaffChange, sha256_hex};
use crate::auth::{self, Staff};
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::http::query_param;
use crate::ops::staff_views;
use crate::store::{NewResponse, ResponseRow, Store};
use crate::{edge_cache, http, runtime};

/// The most responses one list shows: the oldest, which the owner decides first.
const LIST_LIMIT: u32 = 200;

/// Who drafts: the people who read reviews and their staff-only context (moderators, compliance officers, owners).
/// Marketers are left out on purpose: answering reviews must not become a marketing lever, and the owner's approval makes every response a principal-approved communication.
const DRAFTERS: [Role; 3] = [Role::Moderator, Role::Compliance, Role::Owner];

async fn staff_with(
    request: &Request,
    env: &Env,
    store: &Store,
    roles: &[Role],
) -> Result<Staff, ApiError> {
    let staff = auth::authenticate(request, env, store).await?;
    staff.require(roles)?;
    Ok(staff)
}

fn not_published() -> ApiError {
    ApiError::conflict(
        "review_not_published",
        "Only a published review can carry a firm response.",
    )
}

fn response_exists() -> ApiError {
    ApiError::conflict(
        "response_exists",
        "This review already has a pending or approved response; the owner decides it first (a rejected one can be replaced).",
    )
}

pub async fn draft(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?.with_faults(crate::faults::requested(&request, &ctx.env)?);
    let staff = staff_with(&request, &ctx.env, &store, &DRAFTERS).await?;
    let review_id = http::param(&ctx, "id")?;
    let body: ResponseDraft = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let text = firm_response::parse_body(&body.body)
        .map_err(|code| ApiError::invalid("body", code.code(), format!("body: {code}.")))?;
    let review = store
        .review(&staff.tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    if review.stage != "published" {
        return Err(not_published());
    }
    let live = |responses: &[ResponseRow]| {
        responses.iter().any(|response| {
            matches!(
                ResponseStatus::parse(&response.status),
                Some(ResponseStatus::Pending | ResponseStatus::Approved)
            )
        })
    };
    if live(&store.review_responses(&staff.tenant, review_id).await?) {
        return Err(response_exists());
    }
    let id = runtime::random_id()?;
    let body_hash = sha256_hex(text.as_bytes());
    let (store, staff, id, text, body_hash) = (&store, &staff, &id, &text, &body_hash);
    let drafted_at = chain::append(
        store,
        &staff.tenant,
        "response draft",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let content = audit::content(&ResponseDrafted {
                body: text,
                body_hash,
                response_id: id,
                review_id,
                status: "pending",
            })?;
            let row = audit::staff_change(
                &staff.tenant,
                head,
                // The archive carries the communication's text itself, not only its hash.
                &StaffChange::by(staff, "response_drafted", &content, Some(content.clone())),
                now_ms,
            );
            let new = NewResponse {
                id,
                review_id,
                body: text,
                body_hash,
                drafted_by: &staff.person_id,
                drafted_role: staff.role.as_str(),
                now_ms,
                audit: row,
            };
            let landmark = new.audit.row_hash.clone();
            match store.insert_response(&staff.tenant, &new).await {
                Ok(false) => Err(not_published()),
                outcome => Ok(Step::sent(&landmark, now_ms, outcome)),
            }
        },
        |_| async move {
            if live(&store.review_responses(&staff.tenant, review_id).await?) {
                return Err(response_exists());
            }
            Ok(None)
        },
    )
    .await?;
    // Answered from what was written (see `chain`), never from a read-back.
    let stored = ResponseRow {
        id: id.clone(),
        review_id: review_id.to_owned(),
        product_id: review.product_id.clone(),
        body: text.clone(),
        body_hash: body_hash.clone(),
        drafted_by: staff.person_id.clone(),
        drafted_role: staff.role.as_str().to_owned(),
        drafted_at,
        status: "pending".to_owned(),
        decided_by: None,
        decided_at: None,
        decision_note: None,
    };
    http::no_store(Response::from_json(&staff_views::firm_response(&stored))?.with_status(201))
}

/// `GET /v1/admin/responses?status=pending`: the roles that draft or decide responses see those awaiting a
/// decision, oldest first (at most 200). Only `pending` is listed: approved ones show with their reviews, and every
/// decision is in the archive.
pub async fn list(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = staff_with(&request, &ctx.env, &store, &DRAFTERS).await?;
    let url = request.url()?;
    match query_param(&url, "status").as_deref() {
        None | Some("pending") => {}
        Some(_) => {
            return Err(ApiError::invalid(
                "status",
                "invalid_choice",
                "status must be pending.",
            ));
        }
    }
    let items = store
        .responses_with_status(&staff.tenant, ResponseStatus::Pending.as_str(), LIST_LIMIT)
        .await?
        .iter()
        .map(staff_views::firm_response)
        .collect();
    http::no_store(Response::from_json(&FirmResponseList { items })?)
}

pub async fn decide(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?.with_faults(crate::faults::requested(&request, &ctx.env)?);
    let staff = staff_with(&request, &ctx.env, &store, &[Role::Owner]).await?;
    let id = http::param(&ctx, "id")?;
    let body: ResponseDecisionRequest =
        http::parse_json(&http::read_json_body(&mut request).await?)?;
    let decision = ResponseDecision::parse(&body.decision).ok_or_else(|| {
        ApiError::invalid(
            "decision",
            "invalid_choice",
            "decision must be approve or reject.",
        )
    })?;
    let note = body
        .note
        .as_deref()
        .map(firm_response::parse_note)
        .transpose()
        .map_err(|code| ApiError::invalid("note", code.code(), format!("note: {code}.")))?;
    let response = store
        .response(&staff.tenant, id)
        .await?
        .ok_or(ApiError::NotFound("response"))?;
    let status = ResponseStatus::parse(&response.status)
        .ok_or(ApiError::Misconfigured("stored response status"))?;
    let next = firm_response::decide(status, &response.drafted_by, &staff.person_id, decision)
        .map_err(refusal)?;
    if next == ResponseStatus::Approved
        && store
            .review_status(&staff.tenant, &response.review_id)
            .await?
            .is_none_or(|status| status.stage.as_str() != "published")
    {
        return Err(not_published());
    }
    let (store, staff, response, note) = (&store, &staff, &response, &note);
    let stored = chain::append(
        store,
        &staff.tenant,
        "response decision",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let content = audit::content(&ResponseDecided {
                body_hash: &response.body_hash,
                decision: decision.as_str(),
                note: note.as_deref(),
                response_id: &response.id,
                review_id: &response.review_id,
                status: next.as_str(),
            })?;
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(
                    staff,
                    match next {
                        ResponseStatus::Approved => "response_approved",
                        _ => "response_rejected",
                    },
                    &content,
                    Some(content.clone()),
                ),
                now_ms,
            );
            let written = ResponseRow {
                status: next.as_str().to_owned(),
                decided_by: Some(staff.person_id.clone()),
                decided_at: Some(now_ms),
                decision_note: note.clone(),
                ..response.clone()
            };
            match store
                .decide_response(
                    &staff.tenant,
                    &response.id,
                    next.as_str(),
                    &staff.person_id,
                    note.as_deref(),
                    &row,
                )
                .await
            {
                Ok(false) => Err(refusal(ResponseError::AlreadyDecided(
                    store
                        .response(&staff.tenant, &response.id)
                        .await?
                        .and_then(|now| ResponseStatus::parse(&now.status))
                        .unwrap_or(ResponseStatus::Approved),
                ))),
                outcome => Ok(Step::sent(&row.row_hash, written, outcome)),
            }
        },
        chain::never_refused,
    )
    .await?;
    if next == ResponseStatus::Approved {
        // The approved response shows with the review wherever reviews are cached.
        let origin = request.url()?.origin().ascii_serialization();
        edge_cache::forget_summaries(
            &origin,
            &staff.tenant,
            std::slice::from_ref(&response.product_id),
        )
        .await;
    }
    http::no_store(Response::from_json(&staff_views::firm_response(&stored))?)
}

/// Already decided is a conflict (409); deciding one's own draft is four-eyes (403).
fn refusal(error: ResponseError) -> ApiError {
    let text = error.to_string();
    let mut chars = text.chars();
    let message = match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => text,
    };
    match error {
        ResponseError::AlreadyDecided(_) => ApiError::conflict(error.code(), message),
        ResponseError::FourEyes => ApiError::forbidden(error.code(), message),
    }
}
