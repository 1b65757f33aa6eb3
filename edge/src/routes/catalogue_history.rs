//! `GET /v1/admin/catalogue/history?subject=product_line|product|attribute&item=` (marketer): the archive rows that
//! changed one catalogue item, newest first — who, with which credential, when and what (the row's note), exactly
//! as the archive holds them (each row still verifies in the chain export). Read-only.

use candor_domain::Role;
use candor_domain::catalogue::{CatalogueHistory, CatalogueSubject};
use worker::{Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::http;
use crate::store::Store;

/// The most rows one history answers (an item changed more often shows its newest changes; the export has all).
const HISTORY_LIMIT: u32 = 100;
/// The longest item name: a product id, `.`, an attribute key (each at most 64).
const ITEM_MAX_CHARS: usize = 129;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&[Role::Marketer])?;
    let url = request.url()?;
    let subject = http::query_param(&url, "subject")
        .as_deref()
        .and_then(CatalogueSubject::parse)
        .ok_or_else(|| {
            ApiError::invalid(
                "subject",
                "invalid_subject",
                "subject is product_line, product or attribute.",
            )
        })?;
    let item = http::query_param(&url, "item")
        .filter(|item| item.chars().count() <= ITEM_MAX_CHARS)
        .ok_or_else(|| {
            ApiError::invalid(
                "item",
                "invalid_item",
                "item is the id of a product line or product, or {product}.{key} of an attribute question.",
            )
        })?;
    let entries = store
        .catalogue_history(&staff.tenant, subject, &item, HISTORY_LIMIT)
        .await?;
    let mut response = Response::from_json(&CatalogueHistory {
        subject,
        item,
        entries,
    })?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
