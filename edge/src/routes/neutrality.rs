//! `GET /v1/admin/reports/neutrality?product=&from=&to=`: per product and star bucket, submitted, approved,
//! rejected, approval rate with its 95 % interval and time to decision of reviews submitted in the period, and
//! warnings where two buckets differ by more than the tenant's threshold. Compliance and the owner may read it: they
//! answer for moderation being neutral; it shows rejection figures, which are internal.

use candor_domain::Role;
use candor_domain::neutrality::{DEFAULT_ALERT_POINTS, NeutralityReport, report, warnings};
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
    let threshold_points = store
        .settings(&staff.tenant)
        .await?
        .map_or(DEFAULT_ALERT_POINTS, |settings| {
            settings.neutrality_alert_points
        });
    let products = report(&products, &submissions);
    let mut response = Response::from_json(&NeutralityReport {
        warnings: warnings(&products, threshold_points),
        threshold_points,
        products,
        product: query.product,
        from: query.period.from_ms,
        to: query.period.to_ms,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
