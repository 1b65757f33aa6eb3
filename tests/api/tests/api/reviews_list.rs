//! `GET /v1/t/{tenant}/products/{product}/reviews`: published reviews only, good and bad, newest first by default,
//! star and locale filters only when asked, limit clamped to 50, opaque keyset cursor.

use std::collections::BTreeSet;

use candor_domain::Stage;
use candor_domain::dto::ReviewPage;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::api::client::{
    clean_body, edge, expect_accepted, expect_error, expect_json_text, send, valid_review_with,
};
use crate::api::fixture::TestTenant;
use crate::api::moderation::{json_of, review_at, submit_held};

const DAY_MS: i64 = 86_400_000;

fn page(path: &str) -> ReviewPage {
    let text = expect_json_text(edge().get(path), StatusCode::OK);
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("not a ReviewPage ({error}): {text}"))
}

/// Publishes `n` reviews of the tenant's product through the API: ratings cycle 1..5, every third is Chinese,
/// each submitted one day before the previous (test clock), `i % 4` helpful votes each. Returns their ids, newest
/// first. Adds one held and one rejected review that must never be listed.
fn insert_published(tenant: &TestTenant, n: usize) -> Vec<String> {
    let base = 1_767_225_600_000i64;
    let mut ids = Vec::new();
    for i in 0..n {
        let review = valid_review_with(json!({
            "rating": i % 5 + 1,
            "locale": if i % 3 == 0 { "zh-CN" } else { "en" },
            "title": format!("Title {i}"),
            "nickname": format!("N{i}"),
            "body": clean_body(),
        }));
        let submitted = base + (n - i) as i64 * DAY_MS;
        let accepted = expect_accepted(tenant.submit_at(Some(submitted), &review));
        assert_eq!(
            accepted.status,
            Stage::ComplianceReview,
            "a clean review passes screening"
        );
        for role in ["compliance", "owner"] {
            json_of(
                tenant.decide_at(
                    Some(submitted),
                    role,
                    &accepted.id,
                    json!({ "decision": "approve" }),
                ),
                StatusCode::OK,
            );
        }
        for vote in 0..i % 4 {
            // Each vote from the next client address in turn: distinct voters.
            let _ = vote;
            let voted = send(edge().request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{}/helpful", tenant.id, accepted.id),
            ));
            assert_eq!(voted.status(), StatusCode::OK, "helpful vote");
        }
        ids.push(accepted.id);
    }
    submit_held(tenant);
    let (rejected, _) = review_at(tenant, "compliance_review", json!({}));
    json_of(
        tenant.decide(
            "compliance",
            &rejected,
            json!({ "decision": "reject", "reason_code": "off_topic" }),
        ),
        StatusCode::OK,
    );
    ids
}

#[test]
fn list_is_newest_first_published_only_and_includes_negative_reviews() {
    let tenant = TestTenant::new();
    let ids = insert_published(&tenant, 7);
    let page = page(&format!("{}?limit=50", tenant.reviews_path()));
    assert!(page.visible);
    assert_eq!(page.sort, "newest");
    let listed: Vec<&str> = page.reviews.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(listed, ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        page.reviews.iter().any(|r| r.rating == 1),
        "one-star reviews are shown"
    );
    assert!(page.next_cursor.is_none());
    assert!(page.reviews.iter().all(|r| !r.verified_client));
}

#[test]
fn cursor_pages_through_every_review_once_in_each_order() {
    let tenant = TestTenant::new();
    let ids: BTreeSet<String> = insert_published(&tenant, 23).into_iter().collect();
    for sort in ["newest", "highest", "lowest", "helpful"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut path = format!("{}?sort={sort}&limit=5", tenant.reviews_path());
            if let Some(cursor) = &cursor {
                path.push_str(&format!("&cursor={cursor}"));
            }
            let page = page(&path);
            assert_eq!(page.sort, sort);
            assert!(page.reviews.len() <= 5);
            seen.extend(page.reviews);
            pages += 1;
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(pages, 5, "{sort}: 23 reviews in pages of 5");
        let unique: BTreeSet<String> = seen.iter().map(|r| r.id.clone()).collect();
        assert_eq!(unique, ids, "{sort}: every review exactly once");
        assert_eq!(seen.len(), ids.len());
        let in_order = seen.windows(2).all(|pair| {
            let (a, b) = (&pair[0], &pair[1]);
            match sort {
                "newest" => a.created_at >= b.created_at,
                "highest" => {
                    (a.rating, a.created_at) >= (b.rating, b.created_at) || a.rating > b.rating
                }
                "lowest" => {
                    a.rating < b.rating || (a.rating == b.rating && a.created_at >= b.created_at)
                }
                _ => {
                    a.helpful > b.helpful
                        || (a.helpful == b.helpful && a.created_at >= b.created_at)
                }
            }
        });
        assert!(
            in_order,
            "{sort}: {:?}",
            seen.iter()
                .map(|r| (r.rating, r.helpful, r.created_at))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn star_and_locale_filters_apply_only_when_asked() {
    let tenant = TestTenant::new();
    insert_published(&tenant, 15);
    let ones = page(&format!("{}?rating=1&limit=50", tenant.reviews_path()));
    assert_eq!(ones.reviews.len(), 3);
    assert!(ones.reviews.iter().all(|r| r.rating == 1));
    let chinese = page(&format!("{}?locale=zh-CN&limit=50", tenant.reviews_path()));
    assert_eq!(chinese.reviews.len(), 5);
    assert!(chinese.reviews.iter().all(|r| r.locale == "zh-CN"));
    let both = page(&format!(
        "{}?locale=en&rating=2&limit=50",
        tenant.reviews_path()
    ));
    assert!(
        both.reviews
            .iter()
            .all(|r| r.locale == "en" && r.rating == 2)
    );
    assert_eq!(
        page(&format!("{}?limit=50", tenant.reviews_path()))
            .reviews
            .len(),
        15
    );
}

#[test]
fn limit_is_clamped_to_fifty() {
    let tenant = TestTenant::new();
    insert_published(&tenant, 55);
    let page_of_many = page(&format!("{}?limit=500", tenant.reviews_path()));
    assert_eq!(page_of_many.reviews.len(), 50);
    assert!(page_of_many.next_cursor.is_some());
    assert_eq!(
        page(&format!("{}?limit=0", tenant.reviews_path()))
            .reviews
            .len(),
        1
    );
    assert_eq!(
        page(&tenant.reviews_path()).reviews.len(),
        10,
        "ten by default"
    );
}

#[test]
fn bad_list_parameters_are_refused() {
    let tenant = TestTenant::new();
    insert_published(&tenant, 3);
    let path = tenant.reviews_path();
    for (query, field) in [
        ("sort=best", "sort"),
        ("rating=6", "rating"),
        ("rating=0", "rating"),
        ("locale=fr", "locale"),
        ("limit=-1", "limit"),
    ] {
        let detail = expect_error(
            edge().get(&format!("{path}?{query}")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].field, field, "{query}");
    }
    expect_error(
        edge().get(&format!("{path}?cursor=zz")),
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
    );
    // A cursor of one order cannot page another.
    let newest = page(&format!("{path}?limit=1"));
    let cursor = newest.next_cursor.expect("more than one review");
    expect_error(
        edge().get(&format!("{path}?sort=highest&cursor={cursor}")),
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
    );
    expect_error(
        edge().get(&format!("/v1/t/{}/products/nothing/reviews", tenant.id)),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn hidden_product_line_lists_nothing() {
    let tenant = TestTenant::new();
    insert_published(&tenant, 3);
    json_of(
        tenant.call(
            "marketer",
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(&json!({ "visible": false })),
        ),
        StatusCode::OK,
    );
    let page = page(&tenant.reviews_path());
    assert!(!page.visible);
    assert!(page.reviews.is_empty());
    assert!(page.next_cursor.is_none());
}

#[test]
fn list_never_shows_contact_emails_or_unpublished_reviews() {
    let tenant = TestTenant::new();
    let (held, _) = submit_held(&tenant);
    let (published, _) = review_at(&tenant, "published", json!({}));
    let text = expect_json_text(edge().get(&tenant.reviews_path()), StatusCode::OK);
    assert!(!text.contains("author@example.org"));
    assert!(!text.contains(&held));
    assert!(text.contains(&published));
}
