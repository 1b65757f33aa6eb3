//! `GET/PUT /v1/admin/settings` (admin): allowed origins, locales, theme, captcha, aggregate rule, SLA targets,
//! webhook, JSON-LD. The whole document is replaced and validated by `candor_domain::settings`; every change archived.

use candor_domain::Role;
use candor_domain::settings::TenantSettings;
use worker::{Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::auth::{self, Staff};
use crate::error::ApiError;
use crate::routes::transition::{CHAIN_ATTEMPTS, pause_before_retry};
use crate::store::{StaffWrite, Store};
use crate::{edge_cache, http, runtime};

async fn admin(request: &Request, store: &Store) -> Result<Staff, ApiError> {
    let staff = auth::authenticate(request, store).await?;
    staff.require(&[Role::Admin])?;
    Ok(staff)
}

fn answer(settings: &TenantSettings) -> Result<Response, ApiError> {
    let mut response = Response::from_json(settings)?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = admin(&request, &store).await?;
    let settings = store
        .settings(&staff.tenant)
        .await?
        .ok_or(ApiError::NotFound("tenant"))?;
    answer(&settings)
}

pub async fn put(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = admin(&request, &store).await?;
    let settings: TenantSettings = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let problems = settings.problems();
    if !problems.is_empty() {
        return Err(ApiError::InvalidFields(problems));
    }
    let content = serde_json::to_string(&settings)
        .map_err(|_| ApiError::Misconfigured("settings serialisation"))?;
    let origins_json = serde_json::to_string(&settings.allowed_origins)
        .map_err(|_| ApiError::Misconfigured("settings serialisation"))?;
    let mut stored = settings.clone();
    stored.allowed_origins = Vec::new();
    let settings_json = serde_json::to_string(&stored)
        .map_err(|_| ApiError::Misconfigured("settings serialisation"))?;
    for attempt in 0..CHAIN_ATTEMPTS {
        let head = store.audit_head(&staff.tenant).await?;
        let row = audit::staff_change(
            &staff.tenant,
            head,
            &StaffChange {
                action: "settings_updated",
                actor: &staff.person,
                role: staff.role.as_str(),
                content: &content,
                note: Some(content.clone()),
            },
            runtime::now_ms(),
        );
        let write = StaffWrite::PutSettings {
            settings_json: &settings_json,
            origins_json: &origins_json,
            updated_by: &staff.person,
        };
        match store.apply_staff_write(&staff.tenant, &write, &row).await {
            Ok(_) => {
                // The aggregate rule shows in every summary of the tenant.
                let products: Vec<String> = store
                    .catalogue_products(&staff.tenant)
                    .await?
                    .into_iter()
                    .map(|product| product.id)
                    .collect();
                let origin = request.url()?.origin().ascii_serialization();
                edge_cache::forget_summaries(&origin, &staff.tenant, &products).await;
                return answer(&settings);
            }
            Err(error) => {
                worker::console_warn!("settings attempt {attempt} failed, retrying: {error}");
                pause_before_retry(attempt).await;
            }
        }
    }
    Err(ApiError::StorageUnavailable)
}
