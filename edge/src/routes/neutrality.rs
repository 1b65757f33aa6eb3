//! `GET /v1/admin/reports/neutrality?product=&from=&to=`: per product and star bucket, submitted, approved,
//! rejected, approval rate and time to decision of reviews submitted in the period. Compliance and the owner may
//! read it: they answer for moderation being neutral; it shows rejection figures, which are internal.

use candor_domain::Role;
use candor_domain::neutrality::{NeutralityReport, report};
use worker::{Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::report_query;
use crate::store::Store;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&[Role::Compliance, Role::Owner])?;
    let query = report_query::parse(&request.url()?, &store, &staff).await?;
    let submissions = store
        .submissions_with_decisions(&staff.tenant, query.product.as_deref(), query.period)
        .await?;
    let products = match &query.product {
        Some(product) => vec![product.clone()],
        None => store.product_ids(&staff.tenant).await?,
    };
    let mut response = Response::from_json(&NeutralityReport {
        products: report(&products, &submissions),
        product: query.product,
        from: query.period.from_ms,
        to: query.period.to_ms,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
