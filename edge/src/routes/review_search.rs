//! `GET /v1/admin/reviews?stage=&product=&from=&to=&q=&cursor=&limit=` (moderator, compliance, owner): the tenant's
//! reviews in every stage, newest first (submission time), with an opaque keyset cursor; `limit` is clamped to
//! 1–100 (default 25).
//!
//! `q` looks for the text in title and body (any script, any length from one character; ASCII letters ignore
//! case) by a *bounded scan*: one request reads at most `SCAN_WINDOW` reviews of the filtered order, so its cost never
//! grows with the tenant. A text search page may therefore hold fewer than `limit` reviews, even none, and still
//! carry a `next_cursor`: the next request continues where this one stopped reading. Without `q` every page is full
//! until the last. Why a scan and not FTS5: docs/decisions/0001-staff-review-search.md.

use candor_domain::calendar::{END_OF_TIME_MS, parse_instant};
use candor_domain::staff_views::{ReviewListItem, ReviewSearchPage};
use candor_domain::{Role, Stage};
use worker::{Request, Response, RouteContext};

use crate::auth;
use crate::error::ApiError;
use crate::http;
use crate::http::query_param;
use crate::store::{SearchQuery, SearchRow, Store};

/// Who searches reviews: the roles that read them.
const READERS: [Role; 3] = [Role::Moderator, Role::Compliance, Role::Owner];
const DEFAULT_LIMIT: u32 = 25;
const MAX_LIMIT: u32 = 100;
/// The most reviews one text search reads. Measured in local D1 (warm): 0–2 ms for 500 reviews of ~1,100 characters
/// on average, 8–9 ms when all 500 have 5,000 Chinese characters and nothing matches (the decision record).
const SCAN_WINDOW: u32 = 500;
/// The longest text one may search for, in characters.
const MAX_QUERY_CHARS: usize = 100;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&READERS)?;
    let url = request.url()?;
    let stage = match query_param(&url, "stage") {
        None => None,
        Some(name) => Some(Stage::parse(&name).ok_or_else(|| {
            ApiError::invalid(
                "stage",
                "invalid_choice",
                format!(
                    "stage must be one of {}.",
                    Stage::ALL.map(Stage::as_str).join(", ")
                ),
            )
        })?),
    };
    let time = |field: &'static str, default: i64| {
        match query_param(&url, field) {
        None => Ok(default),
        Some(text) => parse_instant(&text).ok_or_else(|| {
            ApiError::invalid(
                field,
                "invalid_time",
                format!("{field} must be a date (YYYY-MM-DD, UTC midnight) or milliseconds since the Unix epoch."),
            )
        }),
    }
    };
    let from_ms = time("from", 0)?;
    let to_ms = time("to", END_OF_TIME_MS)?;
    if to_ms < from_ms {
        return Err(ApiError::invalid(
            "to",
            "out_of_range",
            "to must not be before from.",
        ));
    }
    let text = match query_param(&url, "q") {
        None => None,
        Some(raw) => {
            let text = raw.trim().to_ascii_lowercase();
            if text.chars().count() > MAX_QUERY_CHARS {
                return Err(ApiError::invalid(
                    "q",
                    "too_long",
                    format!("q must be at most {MAX_QUERY_CHARS} characters."),
                ));
            }
            (!text.is_empty()).then_some(text)
        }
    };
    let limit = http::limit(query_param(&url, "limit"), DEFAULT_LIMIT, MAX_LIMIT)?;
    let end = (to_ms, String::new());
    let before = match query_param(&url, "cursor") {
        None => end,
        Some(cursor) => decode_cursor(&cursor)?.min(end),
    };
    let product = query_param(&url, "product");
    if let Some(product) = &product
        && !store.product_ids(&staff.tenant).await?.contains(product)
    {
        return Err(ApiError::NotFound("product"));
    }
    let rows = store
        .search_reviews(
            &staff.tenant,
            &SearchQuery {
                product: product.as_deref(),
                stage: stage.map(Stage::as_str),
                from_ms,
                before,
                // Without text every review read is a match: read one more than a page to know if another follows.
                window: if text.is_some() {
                    SCAN_WINDOW
                } else {
                    limit + 1
                },
                text: text.as_deref(),
                limit: limit + 1,
            },
        )
        .await?;
    let (hits, next_cursor) = page(rows, limit, text.is_some());
    let items = hits
        .into_iter()
        .map(|row| ReviewListItem {
            id: row.id,
            product: row.product_id,
            stage: row.stage,
            flagged: row.flagged == 1,
            rating: i64::from(row.rating),
            title: row.title,
            excerpt: row.excerpt,
            locale: row.locale,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
        .collect();
    http::no_store(Response::from_json(&ReviewSearchPage {
        items,
        next_cursor,
    })?)
}

/// The page out of what the store read: at most `limit` matches, and where the next page starts — after the last
/// match when there are more than a page, else (text search only) after the last review read when the window was
/// full, else nowhere (the end).
fn page(rows: Vec<SearchRow>, limit: u32, text_search: bool) -> (Vec<SearchRow>, Option<String>) {
    let (mut hits, tail): (Vec<SearchRow>, Vec<SearchRow>) =
        rows.into_iter().partition(|row| row.hit == 1);
    let next_cursor = if hits.len() > limit as usize {
        hits.truncate(limit as usize);
        hits.last().map(encode_cursor)
    } else if text_search {
        tail.first()
            .filter(|last| last.scanned >= i64::from(SCAN_WINDOW))
            .map(encode_cursor)
    } else {
        None
    };
    (hits, next_cursor)
}

/// The position after a review: its submission time and id.
fn encode_cursor(row: &SearchRow) -> String {
    hex::encode(format!("reviews\n{}\n{}", row.created_at, row.id).as_bytes())
}

fn decode_cursor(cursor: &str) -> Result<(i64, String), ApiError> {
    let invalid = || {
        ApiError::bad_request(
            "invalid_cursor",
            "This cursor is not one this endpoint gave out; start from the first page.",
        )
    };
    let bytes = hex::decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let mut parts = text.split('\n');
    let (Some("reviews"), Some(key), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    if id.is_empty() {
        return Err(invalid());
    }
    Ok((key.parse().map_err(|_| invalid())?, id.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(hit: bool, n: i64, scanned: i64) -> SearchRow {
        SearchRow {
            hit: u8::from(hit),
            id: format!("r{n}"),
            product_id: "p".into(),
            stage: "published".into(),
            flagged: 0,
            rating: 4,
            title: String::new(),
            excerpt: String::new(),
            locale: "en".into(),
            created_at: n,
            updated_at: n,
            scanned,
        }
    }

    fn after(n: i64) -> Option<String> {
        Some(encode_cursor(&row(true, n, 0)))
    }

    /// Matches `hits` (newest first, from 100 down) and the window's last review `last`, having read `scanned`.
    fn read(hits: i64, last: i64, scanned: i64) -> Vec<SearchRow> {
        let mut rows: Vec<SearchRow> = (0..hits).map(|i| row(true, 100 - i, 0)).collect();
        rows.push(row(false, last, scanned));
        rows
    }

    #[test]
    fn a_page_continues_after_its_last_match_when_more_matched() {
        let (items, next) = page(read(4, 50, 500), 3, true);
        assert_eq!(items.len(), 3);
        assert_eq!(next, after(98));
        let (items, next) = page(read(4, 97, 4), 3, false);
        assert_eq!(items.len(), 3);
        assert_eq!(next, after(98));
    }

    #[test]
    fn a_short_text_page_continues_after_the_window_only_when_the_window_was_full() {
        // The bounded scan read all 500 it may: there may be more matches further back.
        let (items, next) = page(read(1, 7, i64::from(SCAN_WINDOW)), 3, true);
        assert_eq!(items.len(), 1);
        assert_eq!(next, after(7));
        // Even with no match at all.
        let (items, next) = page(read(0, 7, i64::from(SCAN_WINDOW)), 3, true);
        assert!(items.is_empty());
        assert_eq!(next, after(7));
        // It read fewer: the reviews ran out, this is the end.
        assert_eq!(page(read(1, 7, 42), 3, true).1, None);
        // Without text the window is one page and one more: a short page is the end.
        assert_eq!(page(read(2, 7, 2), 3, false).1, None);
        assert_eq!(page(Vec::new(), 3, true).1, None);
    }

    #[test]
    fn cursors_round_trip_and_foreign_ones_are_refused() {
        let cursor = hex::encode("reviews\n1767225600000\nabc");
        assert_eq!(
            decode_cursor(&cursor).unwrap(),
            (1_767_225_600_000, "abc".to_owned())
        );
        for foreign in [
            "zz",
            &hex::encode("opened\n1\nabc"),
            &hex::encode("reviews\n1\n"),
            &hex::encode("reviews\nx\nabc"),
            &hex::encode("reviews\n1\nabc\nmore"),
        ] {
            assert!(decode_cursor(foreign).is_err(), "{foreign}");
        }
    }
}
