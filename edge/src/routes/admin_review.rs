//! `GET /v1/admin/reviews/{id}` and `…/audit`: one review as staff see it (findings, who it waits for, visitors'
//! reports with their notes, whether a contact e-mail is stored — the e-mail itself only through the archived
//! contact read, `routes/contact.rs`) and its archive trail. Another tenant's review is 404.

use candor_domain::Role;
use candor_domain::archive::AuditTrail;
use candor_domain::staff_views::{
    EscalationView, FirmResponseView, FlagView, ReviewRecord, StageDeciderView,
};
use worker::{Env, Request, Response, RouteContext};

use crate::auth::{self, Staff};
use crate::error::ApiError;
use crate::http;
use crate::ops::staff_views;
use crate::ops::transition::state_of;
use crate::store::Store;

/// Staff who decide reviews may read them; admins and marketers decide none and see none.
const READERS: [Role; 3] = [Role::Moderator, Role::Compliance, Role::Owner];
/// The most reports the record lists (newest first).
const FLAGS_SHOWN: u32 = 100;

async fn reader(request: &Request, env: &Env, store: &Store) -> Result<Staff, ApiError> {
    let staff = auth::authenticate(request, env, store).await?;
    staff.require(&READERS)?;
    Ok(staff)
}

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = reader(&request, &ctx.env, &store).await?;
    let id = http::param(&ctx, "id")?;
    let review = store
        .review(&staff.tenant, id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    let state = state_of(&store, &staff.tenant, &review).await?;
    let attributes = serde_json::from_str(&review.attributes)
        .map_err(|_| ApiError::Misconfigured("stored review attributes"))?;
    let findings = serde_json::from_str(&review.findings)
        .map_err(|_| ApiError::Misconfigured("stored screening findings"))?;
    let now_ms = staff.clock.now_ms();
    let escalations: Vec<EscalationView> = store
        .review_escalations(&staff.tenant, id)
        .await?
        .iter()
        .map(|case| staff_views::escalation(case, now_ms))
        .collect();
    let responses: Vec<FirmResponseView> = store
        .review_responses(&staff.tenant, id)
        .await?
        .iter()
        .map(staff_views::firm_response)
        .collect();
    let flags = store
        .review_flags(&staff.tenant, id, FLAGS_SHOWN)
        .await?
        .into_iter()
        .map(|flag| FlagView {
            id: flag.id,
            reason: flag.reason,
            note: flag.note,
            created_at: flag.created_at,
        })
        .collect();
    let deciders = state
        .deciders
        .iter()
        .map(|d| StageDeciderView {
            stage: d.stage.as_str().to_owned(),
            person_id: d.actor_id.clone(),
        })
        .collect();
    let mut response = Response::from_json(&ReviewRecord {
        waiting_for: state.waiting_for().map(|role| role.as_str().to_owned()),
        id: review.id,
        product: review.product_id,
        stage: review.stage,
        version: review.version,
        flagged: review.flagged == 1,
        rating: i64::from(review.rating),
        attributes,
        would_recommend: review.would_recommend == 1,
        title: review.title,
        body: review.body,
        nickname: review.nickname,
        segment: review.segment,
        relationship: review.relationship,
        incentive: review.incentive,
        locale: review.locale,
        reason_code: review.reason_code,
        content_hash: review.content_hash,
        findings,
        deciders,
        has_contact: review.contact_email.is_some(),
        flags,
        helpful: review.helpful,
        revision_of: review.revision_of,
        superseded_by: review.superseded_by,
        created_at: review.created_at,
        updated_at: review.updated_at,
        escalations,
        responses,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

pub async fn audit(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = reader(&request, &ctx.env, &store).await?;
    let id = http::param(&ctx, "id")?;
    if store.review_version(&staff.tenant, id).await?.is_none() {
        return Err(ApiError::NotFound("review"));
    }
    let entries = store.review_audit(&staff.tenant, id).await?;
    let mut response = Response::from_json(&AuditTrail {
        review_id: id.to_owned(),
        entries,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
