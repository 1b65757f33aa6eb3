//! `GET/PUT /v1/admin/disclosure` (marketer): the disclosure shown next to the aggregate, per locale. Every change is
//! a new version (the old ones stay), archived like every staff change; summaries and the config name the version.

use candor_domain::Role;
use candor_domain::archive::DisclosurePublished;
use candor_domain::staff_requests::DisclosureUpdate;
use candor_domain::staff_views::{CurrentDisclosure, DisclosureTexts, NoDisclosure};
use worker::{Env, Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::auth::{self, Staff};
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::ops::staff_views;
use crate::store::{DisclosureRow, StaffWrite, Store};
use crate::{edge_cache, http};

const TEXT_MAX_CHARS: usize = 2_000;

async fn marketer(request: &Request, env: &Env, store: &Store) -> Result<Staff, ApiError> {
    let staff = auth::authenticate(request, env, store).await?;
    staff.require(&[Role::Marketer])?;
    Ok(staff)
}

fn text(field: &'static str, value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty()
        || trimmed.chars().count() > TEXT_MAX_CHARS
        || trimmed.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(ApiError::invalid(
            field,
            "invalid_text",
            "A disclosure text has 1 to 2,000 printable characters.",
        ));
    }
    Ok(trimmed.to_owned())
}

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let body = match store.disclosure(&staff.tenant).await? {
        Some(row) => CurrentDisclosure::Version(staff_views::disclosure(&row)),
        None => CurrentDisclosure::None(NoDisclosure {
            version: None,
            texts: None,
        }),
    };
    let mut response = Response::from_json(&body)?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

pub async fn put(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let body: DisclosureUpdate = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let text_en = text("texts.en", &body.texts.en)?;
    let text_zh = body
        .texts
        .zh_cn
        .as_deref()
        .map(|zh| text("texts.zh-CN", zh))
        .transpose()?;
    let (store, staff, text_en, text_zh) = (&store, &staff, &text_en, &text_zh);
    let stored = chain::append(
        store,
        &staff.tenant,
        "disclosure",
        |head| async move {
            // A concurrent change takes the same version number and loses the primary key: read again and retry.
            let version = store
                .disclosure(&staff.tenant)
                .await?
                .map_or(1, |current| current.version + 1);
            let content = audit::content(&DisclosurePublished {
                texts: &DisclosureTexts {
                    en: text_en.clone(),
                    zh_cn: text_zh.clone(),
                },
                version,
            })?;
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(
                    staff,
                    "disclosure_published",
                    &content,
                    Some(format!("disclosure version {version}")),
                ),
                staff.clock.now_ms(),
            );
            let written = DisclosureRow {
                version,
                text_en: text_en.clone(),
                text_zh: text_zh.clone(),
                created_at: row.at_ms,
                created_by: staff.person_id.clone(),
            };
            let write = StaffWrite::InsertDisclosure {
                version,
                text_en,
                text_zh: text_zh.as_deref(),
                created_by: &staff.person_id,
            };
            // Answered from what was written: a read-back could name a racing newer version.
            let outcome = store.apply_staff_write(&staff.tenant, &write, &row).await;
            Ok(Step::sent(&row.row_hash, written, outcome))
        },
        chain::never_refused,
    )
    .await?;
    // Every summary names the disclosure version it is shown with.
    let origin = request.url()?.origin().ascii_serialization();
    edge_cache::forget_tenant_summaries(store, &origin, &staff.tenant).await?;
    let mut response = Response::from_json(&staff_views::disclosure(&stored))?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
