//! `GET /v1/admin/queue?stage=&sort=age&limit=`: the items waiting at one stage, oldest first, with the screener's
//! findings, their age and where they stand against the stage's SLA target.
//!
//! Shows no star values: deciding who waits longest never depends on the rating.

use candor_domain::settings::SlaHours;
use candor_domain::sla::{SlaState, default_target_hours};
use candor_domain::staff_views::{QueueItem, QueuePage, QueueSla};
use candor_domain::{Role, Stage};
use worker::{Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::http;
use crate::store::Store;

const DEFAULT_LIMIT: u32 = 100;
const MAX_LIMIT: u32 = 200;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&[Role::Moderator, Role::Compliance, Role::Owner])?;
    let url = request.url()?;
    let query = |name: &str| http::query_param(&url, name);
    // `stage=flagged` is compliance's second queue: published reviews a visitor reported.
    let (stage, flagged) = match query("stage").as_deref() {
        None | Some("") => (staff.role.decides().unwrap_or(Stage::Screening), false),
        Some("flagged") => (Stage::Published, true),
        Some(name) => match Stage::parse(name) {
            Some(stage @ (Stage::Screening | Stage::ComplianceReview | Stage::OwnerReview)) => {
                (stage, false)
            }
            _ => {
                return Err(ApiError::invalid(
                    "stage",
                    "invalid_choice",
                    "stage must be screening, compliance_review, owner_review or flagged.",
                ));
            }
        },
    };
    match query("sort").as_deref() {
        None | Some("") | Some("age") => {}
        Some(_) => {
            return Err(ApiError::invalid(
                "sort",
                "invalid_choice",
                "Queues sort by age only (oldest first).",
            ));
        }
    }
    let limit = http::limit(query("limit"), DEFAULT_LIMIT, MAX_LIMIT)?;

    let sla_hours = store
        .settings(&staff.tenant)
        .await?
        .map(|settings| settings.sla_hours)
        .unwrap_or_default();
    let now_ms = staff.clock.now_ms();
    let items: Vec<QueueItem> = store
        .queue(&staff.tenant, stage, flagged, limit)
        .await?
        .into_iter()
        .map(|row| {
            let age_ms = (now_ms - row.updated_at).max(0);
            let sla = target_hours(&sla_hours, stage, flagged).map(|target_hours| QueueSla {
                target_hours,
                due_at: row.updated_at + i64::from(target_hours) * 3_600_000,
                state: SlaState::of(age_ms, target_hours).as_str().to_owned(),
            });
            Ok(QueueItem {
                id: row.id,
                product: row.product_id,
                stage: row.stage,
                flagged: row.flagged == 1,
                open_flags: row.open_flags,
                title: row.title,
                locale: row.locale,
                findings: serde_json::from_str(&row.findings)
                    .map_err(|_| ApiError::Misconfigured("stored screening findings"))?,
                submitted_at: row.created_at,
                waiting_since: row.updated_at,
                age_seconds: age_ms / 1000,
                sla,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let mut response = Response::from_json(&QueuePage {
        stage: if flagged { "flagged" } else { stage.as_str() }.to_owned(),
        sort: "age".to_owned(),
        now: now_ms,
        items,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

/// The tenant's target for a stage; the domain's defaults say which stages have one.
fn target_hours(hours: &SlaHours, stage: Stage, flagged: bool) -> Option<u32> {
    default_target_hours(stage, flagged)?;
    Some(match stage {
        Stage::Screening => hours.screening,
        Stage::OwnerReview => hours.owner_review,
        _ => hours.compliance_review,
    })
}
