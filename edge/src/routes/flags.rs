//! `POST /v1/t/{tenant}/reviews/{id}/flags` `{reason, note?}`: a visitor reports a published review. The review
//! stays published and waits in compliance's flag queue until compliance clears the flag or rejects the review.
//! One report per client address and review (`visitor::review_key`).
//!
//! Only a review's first flag is a transition (published → published and flagged, with its archive row). Every
//! later flag is recorded and counted (`Store::add_flag`) but never touches the review: flags cannot race
//! compliance's decision (no version to collide with) and a cleared review is never queued again by new flags.

use candor_domain::public_answers::{FlagReceived, FlagRequest};
use candor_domain::{Actor, Decision, ReasonCode, Stage};
use worker::{Request, Response, RouteContext};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::ops::transition::{self, Move, already_flagged, state_of};
use crate::store::{NewFlag, Store};
use crate::{cors, http, rate_limit, runtime, visitor};

const NOTE_MAX_CHARS: usize = 1_000;

pub async fn post(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?.to_owned();
    let review_id = http::param(&ctx, "id")?.to_owned();
    rate_limit::visitor(&request, &ctx.env, &tenant).await?;
    let body: FlagRequest = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let reason = ReasonCode::parse(&body.reason)
        .filter(|reason| reason.is_for_rejection())
        .ok_or_else(|| {
            ApiError::invalid(
                "reason",
                "invalid_choice",
                "reason must be one of the reason codes (personal_information, profanity, spam_or_advertising, off_topic, not_a_client_experience, legal_or_compliance, duplicate, impersonation).",
            )
        })?;
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|note| !note.is_empty());
    if note.is_some_and(|note| {
        note.chars().count() > NOTE_MAX_CHARS
            || note
                .chars()
                .any(|c| candor_domain::text::is_forbidden(c, true))
    }) {
        return Err(ApiError::invalid(
            "note",
            "too_long",
            "A note has at most 1,000 printable characters.",
        ));
    }

    let store = Store::open(&ctx.env)?;
    let review = store
        .review(&tenant, &review_id)
        .await?
        .filter(|review| review.stage == Stage::Published.as_str())
        .ok_or(ApiError::NotFound("review"))?;
    let allowed = store
        .product(&tenant, &review.product_id)
        .await?
        .map(|product| product.allowed_origins)
        .unwrap_or_default();
    cors::check_write_origin(&request, &allowed)?;
    rate_limit::tenant(&ctx.env, &tenant).await?;
    let clock = Clock::of(&request, &ctx.env);
    let visitor = visitor::review_key(
        &ctx.env,
        visitor::Once::Flag,
        &tenant,
        &review_id,
        visitor::client_address(&request),
    )?;
    let flag_id = runtime::random_id()?;
    let flag = NewFlag {
        id: &flag_id,
        visitor: &visitor,
        reason: reason.code(),
        note,
    };
    if review.flagged == 0 && !store.has_flags(&tenant, &review_id).await? {
        let archived_note = format!("reported as {}", reason.code());
        let state = state_of(&store, &tenant, &review).await?;
        let origin = request.url()?.origin().ascii_serialization();
        let first = transition::commit(
            &store,
            &origin,
            &tenant,
            &review,
            &state,
            Move {
                actor: Actor::visitor(visitor.clone()),
                by: None,
                decision: Decision::Flag,
                reason: None,
                note: Some(&archived_note),
                flag: Some(flag),
                clock,
            },
        )
        .await;
        match first {
            Ok(_) => return received(&flag_id, &review_id, reason),
            // Another first flag moved the review meanwhile: this one is a later flag, recorded below.
            Err(ApiError::Conflict {
                code: "stage_already_decided",
                ..
            }) => {}
            Err(error) => return Err(error),
        }
    }
    if !store
        .add_flag(&tenant, &review_id, &flag, clock.now_ms())
        .await?
    {
        return Err(if store.flag_exists(&tenant, &review_id, &visitor).await? {
            already_flagged()
        } else {
            ApiError::NotFound("review")
        });
    }
    received(&flag_id, &review_id, reason)
}

/// The 201 answer to a stored flag.
fn received(flag_id: &str, review_id: &str, reason: ReasonCode) -> Result<Response, ApiError> {
    let mut response = Response::from_json(&FlagReceived {
        id: flag_id.to_owned(),
        review_id: review_id.to_owned(),
        reason: reason.code().to_owned(),
        status: "received".to_owned(),
    })?
    .with_status(201);
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
