//! `GET /v1/admin/me` (every staff role, token or Access): who the request acts for — person, role, tenant — and
//! which kind of credential proved it. The console asks this first.

use candor_domain::me::Me;
use worker::{Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::store::Store;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    let person = store
        .person(&staff.tenant, &staff.person_id)
        .await?
        .ok_or(ApiError::NotFound("person"))?;
    let tenant = store
        .tenant(&staff.tenant)
        .await?
        .ok_or(ApiError::NotFound("tenant"))?;
    let me = Me {
        person_id: person.id,
        email: person.email,
        display_name: person.display_name,
        role: staff.role,
        tenant_id: tenant.id,
        tenant_name: tenant.name,
        credential: staff.credential,
    };
    let mut response = Response::from_json(&me)?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
