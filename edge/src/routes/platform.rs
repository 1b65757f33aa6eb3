//! `POST /v1/platform/tenants`: the operator creates a tenant and its first admin (with one token, shown once).
//!
//! Authorised by the Worker secret `PLATFORM_KEY` (`Authorization: Bearer <key>`, compared in constant time), never
//! by a staff token. It creates the tenant, one person (an admin) and that person's token, and nothing else: every
//! other person is created by an admin through the people API, so the operator cannot get round four-eyes.
//! The creation is archived as the tenant's first row (actor `platform`).

use candor_domain::Role;
use candor_domain::archive::{FirstAdminArchived, TenantCreated};
use candor_domain::people::{IssuedToken, Person};
use candor_domain::platform::{CreatedTenant, NewTenant};
use worker::{Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::platform_key::operator;
use crate::store::{NewPersonRow, NewTenantRow, NewToken, Store};
use crate::{auth, http, runtime};

const DAY_MS: i64 = 86_400_000;
/// How long the first admin's token is valid: long enough to set the tenant up, then issue proper ones.
const FIRST_TOKEN_DAYS: i64 = 30;

pub async fn create_tenant(
    mut request: Request,
    ctx: RouteContext<()>,
) -> Result<Response, ApiError> {
    operator(&request, &ctx)?;
    let store = Store::open(&ctx.env)?;
    let body: NewTenant = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let tenant = body.validate().map_err(ApiError::InvalidFields)?;
    if store.tenant_exists(&tenant.id).await? {
        return Err(tenant_exists());
    }
    if let Some(database) = &tenant.database {
        store
            .place_new_tenant(&tenant.id, database, runtime::now_ms())
            .await
            .map_err(|_| unknown_database(database))?;
    }
    let origins_json = serde_json::to_string(&tenant.allowed_origins)
        .map_err(|_| ApiError::Misconfigured("serialisation"))?;
    let person_id = runtime::random_id()?;
    let token_id = runtime::random_id()?;
    let token = auth::new_token()?;
    let token_hash = auth::token_hash(&token);
    let (store, tenant, origins_json, person_id, token_id, token, token_hash) = (
        &store,
        &tenant,
        &origins_json,
        &person_id,
        &token_id,
        &token,
        &token_hash,
    );
    chain::append(
        store,
        &tenant.id,
        "tenant create",
        |head| async move {
            let now_ms = runtime::now_ms();
            let expires_at = now_ms + FIRST_TOKEN_DAYS * DAY_MS;
            let content = audit::content(&TenantCreated {
                allowed_origins: &tenant.allowed_origins,
                expires_at,
                first_admin: FirstAdminArchived {
                    display_name: &tenant.admin_display_name,
                    email: &tenant.admin_email,
                    person_id,
                },
                name: &tenant.name,
                tenant: &tenant.id,
                token_id,
            })?;
            let row = audit::staff_change(
                &tenant.id,
                head,
                &StaffChange {
                    action: "tenant_created",
                    actor: "platform",
                    role: "platform",
                    content: &content,
                    note: Some(content.clone()),
                    person_id: None,
                    credential_id: None,
                },
                now_ms,
            );
            let admin = NewPersonRow {
                id: person_id,
                email: &tenant.admin_email,
                display_name: &tenant.admin_display_name,
                role: Role::Admin.as_str(),
                created_at: now_ms,
            };
            let new_token = NewToken {
                id: token_id,
                token_hash,
                role: Role::Admin.as_str(),
                person_id,
                display_name: &tenant.admin_display_name,
                created_at: now_ms,
                expires_at,
            };
            let new_tenant = NewTenantRow {
                id: &tenant.id,
                name: &tenant.name,
                allowed_origins_json: origins_json,
                created_at: now_ms,
            };
            let created = CreatedTenant {
                id: tenant.id.clone(),
                name: tenant.name.clone(),
                allowed_origins: tenant.allowed_origins.clone(),
                admin: Person {
                    id: person_id.clone(),
                    email: tenant.admin_email.clone(),
                    display_name: tenant.admin_display_name.clone(),
                    role: Role::Admin,
                    active: true,
                    created_at: now_ms,
                },
                token: IssuedToken {
                    id: token_id.clone(),
                    token: token.clone(),
                    person_id: person_id.clone(),
                    role: Role::Admin,
                    created_at: now_ms,
                    expires_at,
                },
            };
            let answer = http::no_store(Response::from_json(&created)?.with_status(201))?;
            let outcome = store
                .create_tenant(&new_tenant, &admin, &new_token, &row)
                .await;
            Ok(Step::sent(&row.row_hash, answer, outcome))
        },
        |_| async move {
            if store.tenant_exists(&tenant.id).await? {
                return Err(tenant_exists());
            }
            Ok(None)
        },
    )
    .await
}

fn unknown_database(database: &str) -> ApiError {
    ApiError::InvalidField {
        field: "database",
        code: "unknown_database",
        message: format!("This Worker has no D1 database bound as {database}."),
    }
}

fn tenant_exists() -> ApiError {
    ApiError::conflict("tenant_exists", "A tenant with this id already exists.")
}
