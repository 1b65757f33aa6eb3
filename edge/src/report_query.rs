//! The query parameters the staff reports share: `product` (optional, one of the token's tenant's products) and
//! the period `from`/`to` (`YYYY-MM-DD` or milliseconds; `to` exclusive; see `candor_domain::calendar::Period`).

use candor_domain::calendar::Period;
use worker::Url;

use crate::auth::Staff;
use crate::error::ApiError;
use crate::http::query_param;
use crate::store::Store;

pub struct ReportQuery {
    pub product: Option<String>,
    pub period: Period,
}

/// Parses product and period (the default period ends with the day of the request's clock); 422 with one error per bad field, 404 for a product the tenant does not have.
pub async fn parse(url: &Url, store: &Store, staff: &Staff) -> Result<ReportQuery, ApiError> {
    let tenant = staff.tenant.as_str();
    let period = Period::parse(
        query_param(url, "from").as_deref(),
        query_param(url, "to").as_deref(),
        staff.clock.now_ms(),
    )
    .map_err(|errors| {
        ApiError::InvalidFields(
            errors
                .into_iter()
                .map(|(field, code)| (field.to_owned(), code))
                .collect(),
        )
    })?;
    let product = query_param(url, "product");
    if let Some(product) = &product
        && !store.product_ids(tenant).await?.contains(product)
    {
        return Err(ApiError::NotFound("product"));
    }
    Ok(ReportQuery { product, period })
}
