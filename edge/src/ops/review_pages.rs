//! Pages of a product's published reviews — good and bad, newest first unless the visitor asks otherwise — with
//! their approved firm responses and an opaque keyset cursor. Shared by the reviews route (JSON), the widget's list
//! (HTML items) and the first view (its newest reviews).
//!
//! Never filters by rating unless the visitor asked for one star value; never shows contact e-mails.

use std::collections::BTreeMap;

use candor_domain::dto::{FirmResponse, PublicReview, ReviewPage};
use worker::Url;

use crate::error::ApiError;
use crate::http;
use crate::store::{ListAfter, ListQuery, ListSort, PublicRow, Store};

const DEFAULT_LIMIT: u32 = 10;
const MAX_LIMIT: u32 = 50;

/// What a visitor asked for: `?sort=newest|highest|lowest|helpful&rating=&locale=&cursor=&limit=`.
pub struct PageRequest {
    sort: ListSort,
    rating: Option<u8>,
    locale: Option<String>,
    after: Option<ListAfter>,
    limit: u32,
}

fn sort_name(sort: ListSort) -> &'static str {
    match sort {
        ListSort::Newest => "newest",
        ListSort::Highest => "highest",
        ListSort::Lowest => "lowest",
        ListSort::Helpful => "helpful",
    }
}

impl PageRequest {
    /// The request in a URL's query; 422 naming the parameter for a bad value, 400 for a foreign cursor.
    pub fn from_url(url: &Url) -> Result<PageRequest, ApiError> {
        let query = |name: &str| http::query_param(url, name);
        let sort = match query("sort").as_deref() {
            None | Some("newest") => ListSort::Newest,
            Some("highest") => ListSort::Highest,
            Some("lowest") => ListSort::Lowest,
            Some("helpful") => ListSort::Helpful,
            Some(_) => {
                return Err(ApiError::invalid(
                    "sort",
                    "invalid_choice",
                    "sort must be newest, highest, lowest or helpful.",
                ));
            }
        };
        let rating = match query("rating") {
            None => None,
            Some(text) => Some(
                text.parse::<u8>()
                    .ok()
                    .filter(|stars| (1..=5).contains(stars))
                    .ok_or_else(|| {
                        ApiError::invalid("rating", "out_of_range", "rating must be 1 to 5.")
                    })?,
            ),
        };
        let locale = match query("locale").as_deref() {
            None => None,
            Some(locale @ ("en" | "zh-CN")) => Some(locale.to_owned()),
            Some(_) => {
                return Err(ApiError::invalid(
                    "locale",
                    "invalid_choice",
                    "locale must be en or zh-CN.",
                ));
            }
        };
        let limit = http::limit(query("limit"), DEFAULT_LIMIT, MAX_LIMIT)?;
        let after = query("cursor")
            .map(|cursor| decode_cursor(&cursor, sort))
            .transpose()?;
        Ok(PageRequest {
            sort,
            rating,
            locale,
            after,
            limit,
        })
    }
}

/// The page `request` asks for of `product_id`'s published reviews; 404 for a product the tenant does not have, an
/// empty page for a hidden product line.
pub async fn read(
    store: &Store,
    tenant: &str,
    product_id: &str,
    request: PageRequest,
) -> Result<ReviewPage, ApiError> {
    Ok(read_offered(store, tenant, product_id, request, "")
        .await?
        .0)
}

/// As `read`, with the interface language to render the page in: `lang` (`zh…` or English) if the tenant offers
/// it, otherwise the tenant's first locale (`candor_domain::settings::offered_locale`).
pub async fn read_offered(
    store: &Store,
    tenant: &str,
    product_id: &str,
    request: PageRequest,
    lang: &str,
) -> Result<(ReviewPage, String), ApiError> {
    let PageRequest {
        sort,
        rating,
        locale,
        after,
        limit,
    } = request;
    let product = store
        .product(tenant, product_id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    let (reviews, next_cursor) = if product.line_visible {
        // One more than asked tells whether another page follows.
        page(
            store,
            tenant,
            product_id,
            ListQuery {
                sort,
                rating,
                locale: locale.as_deref(),
                after,
                limit,
            },
        )
        .await?
    } else {
        (Vec::new(), None)
    };
    let page = ReviewPage {
        tenant: tenant.to_owned(),
        product: product_id.to_owned(),
        visible: product.line_visible,
        sort: sort_name(sort).to_owned(),
        reviews,
        next_cursor,
    };
    let lang = candor_domain::settings::offered_locale(&product.locales, lang).to_owned();
    Ok((page, lang))
}

/// The first page of a product's published reviews, newest first, all languages, as the first view shows it:
/// the reviews and the cursor of the page after them. The caller has checked that the product line is visible.
pub async fn newest(
    store: &Store,
    tenant: &str,
    product: &str,
    limit: u32,
) -> Result<(Vec<PublicReview>, Option<String>), ApiError> {
    page(
        store,
        tenant,
        product,
        ListQuery {
            sort: ListSort::Newest,
            rating: None,
            locale: None,
            after: None,
            limit,
        },
    )
    .await
}

/// One page of published reviews (`query.limit` of them at most) with their approved firm responses, and the
/// cursor of the page after it.
async fn page(
    store: &Store,
    tenant: &str,
    product: &str,
    query: ListQuery<'_>,
) -> Result<(Vec<PublicReview>, Option<String>), ApiError> {
    let (sort, limit) = (query.sort, query.limit);
    // One row more than asked says whether another page follows.
    let mut rows = store
        .published_reviews(
            tenant,
            product,
            &ListQuery {
                limit: limit + 1,
                ..query
            },
        )
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = if more {
        rows.last().map(|last| encode_cursor(sort, last))
    } else {
        None
    };
    // The owner-approved firm response of each review on the page, in one query.
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let mut responses: BTreeMap<String, FirmResponse> = store
        .approved_responses(tenant, &ids)
        .await?
        .into_iter()
        .map(|approved| {
            let response = FirmResponse {
                body: approved.body,
                approved_at: approved.decided_at,
            };
            (approved.review_id, response)
        })
        .collect();
    let reviews = rows
        .into_iter()
        .map(|row| {
            let response = responses.remove(&row.id);
            PublicReview {
                response,
                ..public(row)
            }
        })
        .collect();
    Ok((reviews, next))
}

fn public(row: PublicRow) -> PublicReview {
    let attributes: BTreeMap<String, u8> =
        serde_json::from_str(&row.attributes).unwrap_or_default();
    PublicReview {
        id: row.id,
        rating: row.rating,
        attributes,
        would_recommend: row.would_recommend == 1,
        title: row.title,
        body: row.body,
        nickname: row.nickname,
        segment: row.segment,
        relationship: row.relationship,
        incentive: row.incentive,
        verified_client: false,
        locale: row.locale,
        created_at: row.created_at,
        helpful: row.helpful.max(0) as u64,
        response: None,
    }
}

/// The cursor names the order it belongs to, so a cursor of one order cannot page another.
fn encode_cursor(sort: ListSort, last: &PublicRow) -> String {
    let key = match sort {
        ListSort::Newest => 0,
        ListSort::Highest | ListSort::Lowest => i64::from(last.rating),
        ListSort::Helpful => last.helpful,
    };
    let text = format!(
        "{}\n{key}\n{}\n{}",
        sort_name(sort),
        last.created_at,
        last.id
    );
    hex::encode(text.as_bytes())
}

fn decode_cursor(cursor: &str, sort: ListSort) -> Result<ListAfter, ApiError> {
    let invalid = || {
        ApiError::bad_request(
            "invalid_cursor",
            "This cursor is not one this endpoint gave out for this sort order; start from the first page.",
        )
    };
    let bytes = hex::decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = text.split('\n');
    let (Some(name), Some(key), Some(created_at), Some(id), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(invalid());
    };
    if name != sort_name(sort) || id.is_empty() {
        return Err(invalid());
    }
    Ok(ListAfter {
        key: key.parse().map_err(|_| invalid())?,
        created_at: created_at.parse().map_err(|_| invalid())?,
        id: id.to_owned(),
    })
}
