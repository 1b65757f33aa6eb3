//! `GET/PUT /v1/admin/settings` (admin): allowed origins, locales, theme, captcha, aggregate rule, SLA targets,
//! webhook, JSON-LD, Access application audience (unique across tenants: 409 `access_audience_taken`). The whole
//! document is replaced and validated by `candor_domain::settings`; every change archived.

use candor_domain::Role;
use candor_domain::archive::UrlDigest;
use candor_domain::settings::TenantSettings;
use worker::{Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::store::{StaffWrite, Store};
use crate::{audit, chain, edge_cache, http, runtime};

fn answer(settings: &TenantSettings) -> Result<Response, ApiError> {
    let mut response = Response::from_json(settings)?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate_as(&request, &ctx.env, &store, &[Role::Admin]).await?;
    let settings = store
        .settings(&staff.tenant)
        .await?
        .ok_or(ApiError::NotFound("tenant"))?;
    answer(&settings)
}

pub async fn put(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate_as(&request, &ctx.env, &store, &[Role::Admin]).await?;
    let settings: TenantSettings = http::parse_json(&http::read_json_body(&mut request).await?)?;
    // The loopback test receiver is a valid destination only while the test hooks are on.
    let problems = settings.problems_with(runtime::test_hooks_enabled(&ctx.env));
    if !problems.is_empty() {
        return Err(ApiError::InvalidFields(problems));
    }
    // One Access application signs in the people of one tenant (the column is unique too; a race between two
    // tenants claiming one audience leaves one of them 503 after the retries, with nothing written).
    if let Some(audience) = &settings.access_audience
        && let Some(holder) = store.tenant_by_access_audience(audience).await?
        && holder != staff.tenant
    {
        return Err(ApiError::Conflict {
            code: "access_audience_taken",
            message: "Another tenant's settings already name this Access application audience."
                .to_owned(),
        });
    }
    // The archive keeps the webhook URL's SHA-256, never the URL: URLs carry credentials (tokens in the query).
    let mut archived = serde_json::to_value(&settings)
        .map_err(|_| ApiError::Misconfigured("settings serialisation"))?;
    if let Some(url) = &settings.webhook_url {
        archived["webhook_url"] = serde_json::to_value(UrlDigest {
            sha256: audit::sha256_hex(url.as_bytes()),
        })
        .map_err(|_| ApiError::Misconfigured("settings serialisation"))?;
    }
    let content = archived.to_string();
    let origins_json = serde_json::to_string(&settings.allowed_origins)
        .map_err(|_| ApiError::Misconfigured("settings serialisation"))?;
    let mut stored = settings.clone();
    stored.allowed_origins = Vec::new();
    let settings_json = serde_json::to_string(&stored)
        .map_err(|_| ApiError::Misconfigured("settings serialisation"))?;
    let write = StaffWrite::PutSettings {
        settings_json: &settings_json,
        origins_json: &origins_json,
        access_audience: settings.access_audience.as_deref(),
        updated_by: &staff.person_id,
    };
    chain::staff_change(
        &store,
        &staff,
        "settings_updated",
        &content,
        &content,
        &write,
    )
    .await?;
    // The aggregate rule shows in every summary of the tenant.
    let origin = request.url()?.origin().ascii_serialization();
    edge_cache::forget_tenant_summaries(&store, &origin, &staff.tenant).await?;
    answer(&settings)
}
