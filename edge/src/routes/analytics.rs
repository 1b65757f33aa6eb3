//! `GET /v1/admin/analytics?product=&from=&to=&bucket=week`: trends of the tenant's published reviews per ISO week
//! (count, mean, histogram, would-recommend share, per-attribute count and mean). Any staff role may read it: it
//! shows only published ratings, the same facts the public summary shows, split by week.

use candor_domain::Role;
use candor_domain::analytics::{AnalyticsReport, weekly};
use worker::{Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::http::query_param;
use crate::report_query;
use crate::store::Store;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&[
        Role::Moderator,
        Role::Compliance,
        Role::Owner,
        Role::Admin,
        Role::Marketer,
    ])?;
    let url = request.url()?;
    if !matches!(query_param(&url, "bucket").as_deref(), None | Some("week")) {
        return Err(ApiError::invalid(
            "bucket",
            "invalid_choice",
            "bucket must be week.",
        ));
    }
    let query = report_query::parse(&url, &store, &staff).await?;
    let (ratings, attributes) = store
        .published_day_counts(&staff.tenant, query.product.as_deref(), query.period)
        .await?;
    let mut response = Response::from_json(&AnalyticsReport {
        weeks: weekly(query.period, &ratings, &attributes),
        product: query.product,
        from: query.period.from_ms,
        to: query.period.to_ms,
        bucket: "week".to_owned(),
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
