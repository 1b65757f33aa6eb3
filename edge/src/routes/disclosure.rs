//! `GET/PUT /v1/admin/disclosure` (marketer): the disclosure shown next to the aggregate, per locale. Every change is
//! a new version (the old ones stay, `…/versions` lists them), archived like every staff change; summaries and the
//! config name the version. `POST …/preview` renders a product's first view with a draft text and stores nothing.

use candor_domain::Role;
use candor_domain::archive::DisclosurePublished;
use candor_domain::staff_requests::{DisclosurePreviewRequest, DisclosureUpdate, clean_disclosure};
use candor_domain::staff_views::{
    CurrentDisclosure, DisclosurePreview, DisclosureTexts, DisclosureVersions, NoDisclosure,
};
use worker::{Env, Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::auth::{self, Staff};
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::ops::{self, staff_views};
use crate::store::{DisclosureRow, StaffWrite, Store};
use crate::{edge_cache, http};

async fn marketer(request: &Request, env: &Env, store: &Store) -> Result<Staff, ApiError> {
    let staff = auth::authenticate(request, env, store).await?;
    staff.require(&[Role::Marketer])?;
    Ok(staff)
}

/// The texts as the domain rule cleans them, or a 422 naming the field it refuses.
fn cleaned(texts: &DisclosureTexts) -> Result<DisclosureTexts, ApiError> {
    clean_disclosure(texts).map_err(|field| {
        ApiError::invalid(
            field,
            "invalid_text",
            "A disclosure text has 1 to 2,000 printable characters.",
        )
    })
}

fn no_store(mut response: Response) -> Result<Response, ApiError> {
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
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
    no_store(Response::from_json(&body)?)
}

/// `GET /v1/admin/disclosure/versions`: every version, newest first.
pub async fn versions(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let versions = store
        .disclosure_versions(&staff.tenant)
        .await?
        .iter()
        .map(staff_views::disclosure)
        .collect();
    no_store(Response::from_json(&DisclosureVersions { versions })?)
}

/// `POST /v1/admin/disclosure/preview`: a product's first view with a draft text; nothing is stored or cached.
pub async fn preview(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let body: DisclosurePreviewRequest =
        http::parse_json(&http::read_json_body(&mut request).await?)?;
    let draft = cleaned(&body.texts)?;
    let chinese = body.locale.starts_with("zh");
    // The same summary the public routes serve: an unknown or archived product is 404, a hidden line shows nothing.
    let summary = ops::summary::build(&store, &staff.tenant, &body.product, chinese).await?;
    let edge_origin = request.url()?.origin().ascii_serialization();
    let first_view =
        ops::first_view::html(&store, &staff.tenant, &summary, Some(&draft), &edge_origin).await?;
    // The shadow root's content as the loader builds it: the widget's stylesheet, then the edge's markup.
    let html = if first_view.is_empty() {
        first_view
    } else {
        [
            "<style>",
            candor_widget::style::CSS,
            "</style>",
            &first_view,
        ]
        .concat()
    };
    no_store(Response::from_json(&DisclosurePreview {
        product: summary.product.clone(),
        locale: summary.locale.clone(),
        visible: summary.visible,
        html,
    })?)
}

pub async fn put(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let body: DisclosureUpdate = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let texts = cleaned(&body.texts)?;
    let (text_en, text_zh) = (texts.en, texts.zh_cn);
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
                created_by_name: Some(staff.display_name.clone()),
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
    no_store(Response::from_json(&staff_views::disclosure(&stored))?)
}
