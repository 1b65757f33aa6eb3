//! `GET /v1/admin/analytics?product=&from=&to=&bucket=week|month`: trends of the tenant's published reviews per ISO
//! week or calendar month (count, mean, histogram, would-recommend share, per-attribute count and mean) and the
//! clicks on the call to action. Any staff role may read it: it shows only published ratings, the same facts the
//! public summary shows, split by week or month.

use candor_domain::Role;
use candor_domain::analytics::{AnalyticsReport, BucketKind, bucketed};
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
    let kind = match query_param(&url, "bucket") {
        None => BucketKind::Week,
        Some(text) => BucketKind::parse(&text).ok_or_else(|| {
            ApiError::invalid("bucket", "invalid_choice", "bucket must be week or month.")
        })?,
    };
    let query = report_query::parse(&url, &store, &staff).await?;
    let (ratings, attributes) = store
        .published_day_counts(&staff.tenant, query.product.as_deref(), query.period)
        .await?;
    let clicks = store
        .cta_day_clicks(&staff.tenant, query.product.as_deref(), query.period)
        .await?;
    let products = store.product_ids(&staff.tenant).await?;
    let mut response = Response::from_json(&AnalyticsReport {
        buckets: bucketed(query.period, kind, &ratings, &attributes, &clicks),
        products,
        product: query.product,
        from: query.period.from_ms,
        to: query.period.to_ms,
        bucket: kind.as_str().to_owned(),
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
