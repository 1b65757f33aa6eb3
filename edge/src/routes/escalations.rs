//! Customer-service cases: `POST /v1/admin/reviews/{id}/escalations` (staff open one), `GET /v1/admin/escalations`
//! (the list with due times) and `PATCH /v1/admin/escalations/{id}` (status, assignee, note); and the case screening
//! opens inside a submission's batch when it finds complaint language.
//!
//! Never changes a review's stage: publication is decided independently. Every change is archived in the same batch,
//! and a webhook event goes into the outbox in that batch; the firm's service desk hears of it after the answer has
//! gone out (`webhook.rs`).

use candor_domain::Role;
use candor_domain::archive::EscalationChanged;
use candor_domain::escalation::{self, EscalationError, EscalationReason, EscalationStatus};
use candor_domain::staff_requests::{EscalationPatch, OpenEscalation};
use candor_domain::staff_views::{EscalationPage, EscalationView};
use candor_domain::webhook::event_id;
use worker::{Env, Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::auth::{self, Staff};
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::http;
use crate::ops::cases;
use crate::ops::staff_views;
use crate::store::{EscalationQuery, EscalationRow, EscalationSort, EscalationUpdate, Store};
use crate::webhook;

/// The people who read reviews may escalate them and work the cases: moderators, compliance officers and owners
/// (they escalate problem reviews to customer service). Admins and marketers see no reviews.
const CASE_WORKERS: [Role; 3] = [Role::Moderator, Role::Compliance, Role::Owner];
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

async fn case_worker(request: &Request, env: &Env, store: &Store) -> Result<Staff, ApiError> {
    let staff = auth::authenticate(request, env, store).await?;
    staff.require(&CASE_WORKERS)?;
    Ok(staff)
}

fn invalid_text(field: &'static str, code: candor_domain::ValidationCode) -> ApiError {
    ApiError::invalid(field, code.code(), format!("{field}: {code}."))
}

fn already_open(case: &EscalationRow) -> ApiError {
    ApiError::conflict(
        "escalation_already_open",
        format!(
            "This review already has an active case ({}); update that one instead.",
            case.id
        ),
    )
}

pub async fn open(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?.with_faults(crate::faults::requested(&request, &ctx.env)?);
    let staff = case_worker(&request, &ctx.env, &store).await?;
    let review_id = http::param(&ctx, "id")?;
    let body: OpenEscalation = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let note = body
        .note
        .as_deref()
        .map(escalation::parse_note)
        .transpose()
        .map_err(|code| invalid_text("note", code))?;
    let assignee = body
        .assignee
        .as_deref()
        .map(escalation::parse_assignee)
        .transpose()
        .map_err(|code| invalid_text("assignee", code))?;
    let review = store
        .review(&staff.tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    if let Some(active) = store.active_escalation(&staff.tenant, review_id).await? {
        return Err(already_open(&active));
    }
    let (store, staff, note, assignee) = (&store, &staff, &note, &assignee);
    let case = chain::append(
        store,
        &staff.tenant,
        "escalation open",
        |head| async move {
            let case = cases::new_case(
                store,
                &staff.tenant,
                review_id,
                EscalationReason::Staff,
                Some(staff),
                assignee.clone(),
                note.clone(),
                head,
                staff.clock.now_ms(),
            )
            .await?;
            let landmark = case.audit.row_hash.clone();
            let outcome = store.open_escalation(&staff.tenant, &case).await;
            Ok(Step::sent(&landmark, case, outcome))
        },
        |_| async move {
            match store.active_escalation(&staff.tenant, review_id).await? {
                Some(active) => Err(already_open(&active)),
                None => Ok(None),
            }
        },
    )
    .await?;
    let stored = case.written(&review.product_id);
    let mut response = http::no_store(Response::from_json(&staff_views::escalation(
        &stored,
        staff.clock.now_ms(),
    ))?)?
    .with_status(201);
    if let Some(event) = cases::webhook_event(Some(&case)) {
        webhook::schedule(&mut response, &staff.tenant, &event)?;
    }
    Ok(response)
}

pub async fn list(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = case_worker(&request, &ctx.env, &store).await?;
    let url = request.url()?;
    let query = |name: &str| http::query_param(&url, name);
    let status = match query("status") {
        None => None,
        Some(name) => Some(EscalationStatus::parse(&name).ok_or_else(|| {
            ApiError::invalid(
                "status",
                "invalid_choice",
                "status must be open, in_progress or resolved.",
            )
        })?),
    };
    let sort = match query("sort").as_deref() {
        None | Some("due") => EscalationSort::Due,
        Some("opened") => EscalationSort::Opened,
        Some(_) => {
            return Err(ApiError::invalid(
                "sort",
                "invalid_choice",
                "sort must be due (soonest first) or opened (newest first).",
            ));
        }
    };
    let limit = http::limit(query("limit"), DEFAULT_LIMIT, MAX_LIMIT)?;
    let after = query("cursor")
        .map(|cursor| decode_cursor(&cursor, sort))
        .transpose()?;
    let mut rows = store
        .escalations(
            &staff.tenant,
            &EscalationQuery {
                status: status.map(EscalationStatus::as_str),
                sort,
                after,
                limit: limit + 1,
            },
        )
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|last| encode_cursor(sort, last))
    } else {
        None
    };
    let now_ms = staff.clock.now_ms();
    let items: Vec<EscalationView> = rows
        .iter()
        .map(|case| staff_views::escalation(case, now_ms))
        .collect();
    http::no_store(Response::from_json(&EscalationPage {
        status: status.map(|status| status.as_str().to_owned()),
        sort: sort_name(sort).to_owned(),
        now: now_ms,
        items,
        next_cursor,
    })?)
}

pub async fn patch(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?.with_faults(crate::faults::requested(&request, &ctx.env)?);
    let staff = case_worker(&request, &ctx.env, &store).await?;
    let id = http::param(&ctx, "id")?;
    let body: EscalationPatch = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let requested_status = body
        .status
        .as_deref()
        .map(|name| {
            EscalationStatus::parse(name).ok_or_else(|| {
                ApiError::invalid(
                    "status",
                    "invalid_choice",
                    "status must be open, in_progress or resolved.",
                )
            })
        })
        .transpose()?;
    let note = body
        .note
        .as_deref()
        .map(escalation::parse_note)
        .transpose()
        .map_err(|code| invalid_text("note", code))?;
    let assignee = match &body.assignee {
        None => None,
        Some(None) => Some(None),
        Some(Some(name)) => Some(Some(
            escalation::parse_assignee(name).map_err(|code| invalid_text("assignee", code))?,
        )),
    };
    if requested_status.is_none() && assignee.is_none() && note.is_none() {
        return Err(escalation_refusal(EscalationError::NothingToChange));
    }
    let case = store
        .escalation(&staff.tenant, id)
        .await?
        .ok_or(ApiError::NotFound("escalation"))?;
    if body.version.is_some_and(|version| version != case.version) {
        return Err(changed_meanwhile());
    }
    let current = EscalationStatus::parse(&case.status)
        .ok_or(ApiError::Misconfigured("stored escalation status"))?;
    let status = match requested_status {
        Some(next) => current.change_to(next).map_err(escalation_refusal)?,
        None => current,
    };
    let webhook_pending = status != current
        && store
            .settings(&staff.tenant)
            .await?
            .is_some_and(|settings| settings.webhook_url.is_some());
    let assignee = match assignee {
        Some(assignee) => assignee,
        None => case.assignee.clone(),
    };
    let note = note.or_else(|| case.note.clone());
    let (store, staff, case, assignee, note) = (&store, &staff, &case, &assignee, &note);
    let stored = chain::append(
        store,
        &staff.tenant,
        "escalation change",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let resolved_at = match status {
                EscalationStatus::Resolved if current == EscalationStatus::Resolved => {
                    case.resolved_at
                }
                EscalationStatus::Resolved => Some(now_ms),
                _ => None,
            };
            let content = audit::content(&EscalationChanged {
                assignee: assignee.as_deref(),
                escalation_id: &case.id,
                from: current.as_str(),
                note: note.as_deref(),
                review_id: &case.review_id,
                to: status.as_str(),
                version: case.version + 1,
            })?;
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(staff, "escalation_changed", &content, Some(content.clone())),
                now_ms,
            );
            let update = EscalationUpdate {
                id: &case.id,
                version: case.version,
                status: status.as_str(),
                assignee: assignee.as_deref(),
                note: note.as_deref(),
                resolved_at,
                webhook_pending,
                now_ms,
            };
            match store.update_escalation(&staff.tenant, &update, &row).await {
                Ok(false) => Err(changed_meanwhile()),
                outcome => Ok(Step::sent(&row.row_hash, update.written(case), outcome)),
            }
        },
        |_| async move {
            if status == EscalationStatus::Open
                && current == EscalationStatus::Resolved
                && let Some(active) = store
                    .active_escalation(&staff.tenant, &case.review_id)
                    .await?
            {
                return Err(already_open(&active));
            }
            Ok(None)
        },
    )
    .await?;
    let mut response = http::no_store(Response::from_json(&staff_views::escalation(
        &stored,
        staff.clock.now_ms(),
    ))?)?;
    if webhook_pending {
        webhook::schedule(
            &mut response,
            &staff.tenant,
            &event_id(id, case.version + 1),
        )?;
    }
    Ok(response)
}

fn escalation_refusal(error: EscalationError) -> ApiError {
    let field = match error {
        EscalationError::InvalidTransition { .. } => "status",
        EscalationError::NothingToChange => "body",
    };
    let text = error.to_string();
    let mut chars = text.chars();
    let message = match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => text,
    };
    ApiError::invalid(field, error.code(), message)
}

fn changed_meanwhile() -> ApiError {
    ApiError::conflict(
        "escalation_changed",
        "Someone changed this case a moment ago; reload it and try again.",
    )
}

fn sort_name(sort: EscalationSort) -> &'static str {
    match sort {
        EscalationSort::Due => "due",
        EscalationSort::Opened => "opened",
    }
}

/// The cursor names its order, so a cursor of one order cannot page another.
fn encode_cursor(sort: EscalationSort, last: &EscalationRow) -> String {
    let key = match sort {
        EscalationSort::Due => last.due_at,
        EscalationSort::Opened => last.opened_at,
    };
    hex::encode(format!("{}\n{key}\n{}", sort_name(sort), last.id).as_bytes())
}

fn decode_cursor(cursor: &str, sort: EscalationSort) -> Result<(i64, String), ApiError> {
    let invalid = || {
        ApiError::bad_request(
            "invalid_cursor",
            "This cursor is not one this endpoint gave out for this sort order; start from the first page.",
        )
    };
    let bytes = hex::decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = text.split('\n');
    let (Some(name), Some(key), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    if name != sort_name(sort) || id.is_empty() {
        return Err(invalid());
    }
    Ok((key.parse().map_err(|_| invalid())?, id.to_owned()))
}
