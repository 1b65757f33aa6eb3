//! `/v1/platform/tenants/{tenant}/placement` and `…/move[/copy|/check|/finish|/cancel]`: the operator's view of where
//! a tenant's database is, and the steps of moving it (`ops::tenant_move`). Authorised by the operator key only.

use candor_domain::tenant_moves::{CopyPage, StartMove};
use worker::{Request, Response, RouteContext};

use crate::error::ApiError;
use crate::http;
use crate::ops::tenant_move;
use crate::platform_key::operator;
use crate::store::Store;

fn tenant(ctx: &RouteContext<()>) -> Result<String, ApiError> {
    ctx.param("tenant")
        .cloned()
        .ok_or(ApiError::NotFound("tenant"))
}

fn json<T: serde::Serialize>(value: &T) -> Result<Response, ApiError> {
    http::no_store(Response::from_json(value)?)
}

pub async fn placement(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    operator(&request, &ctx)?;
    let store = Store::open(&ctx.env)?;
    json(&tenant_move::placement(&store, &tenant(&ctx)?).await?)
}

pub async fn start(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    operator(&request, &ctx)?;
    let body: StartMove = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let store = Store::open(&ctx.env)?;
    json(&tenant_move::start(&store, &tenant(&ctx)?, &body.to).await?)
}

pub async fn copy(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    operator(&request, &ctx)?;
    let body: CopyPage = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let store = Store::open(&ctx.env)?;
    json(&tenant_move::copy(&store, &tenant(&ctx)?, body.after.as_deref()).await?)
}

pub async fn check(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    operator(&request, &ctx)?;
    let to = http::query_param(&request.url()?, "to");
    let store = Store::open(&ctx.env)?;
    json(&tenant_move::check(&store, &tenant(&ctx)?, to.as_deref()).await?)
}

pub async fn finish(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    operator(&request, &ctx)?;
    let store = Store::open(&ctx.env)?;
    json(&tenant_move::finish(&store, &tenant(&ctx)?).await?)
}

pub async fn cancel(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    operator(&request, &ctx)?;
    let store = Store::open(&ctx.env)?;
    json(&tenant_move::cancel(&store, &tenant(&ctx)?).await?)
}
