//! The widget's public reads — the first view (`/embed/{product}`: fragment, `?locale=zh-CN`, `?page=1`), the review
//! form fetched when a visitor opens it (`/embed/{product}/form`) and the list's pages (`/embed/{product}/reviews`) — carry a strong ETag and shared-cache headers and answer `304` to a
//! matching `If-None-Match`, whichever cache tier answers; a write changes the ETag on the very next read, and a
//! refusal is never cached. (Read-after-write of their content: `moderation.rs` and `catalogue.rs`.)

use candor_domain::public_answers::RenderedReviewPage;
use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::api::client::{PRODUCT, TENANT, edge, expect_error, header, send};
use crate::api::fixture::{self, TestTenant};
use crate::api::moderation::review_at;

const CACHE_CONTROL: &str = "public, max-age=0, s-maxage=30";

fn conditional(path: &str, if_none_match: &str) -> Response {
    send(
        edge()
            .request(Method::GET, path)
            .header("If-None-Match", if_none_match),
    )
}

/// Reads `path` twice (the second from a cache), then asks with its ETag: `304` without a body, the same ETag and
/// headers; a stale tag gets the whole body again. Returns the ETag.
fn answers_304_to_its_etag(path: &str, content_type: &str) -> String {
    let first = edge().get(path);
    assert_eq!(first.status(), StatusCode::OK, "{path}");
    let etag = header(&first, "ETag");
    assert!(
        etag.len() > 2 && etag.starts_with('"') && etag.ends_with('"'),
        "a strong, quoted ETag on {path}: {etag:?}"
    );
    assert_eq!(header(&first, "Cache-Control"), CACHE_CONTROL, "{path}");
    assert_eq!(header(&first, "Content-Type"), content_type, "{path}");
    let body = first.text().expect("readable");
    assert!(!body.is_empty(), "{path}");

    let second = edge().get(path);
    assert_eq!(
        header(&second, "ETag"),
        etag,
        "the cached copy has the same ETag: {path}"
    );
    assert_eq!(second.text().expect("readable"), body, "{path}");

    for tags in [etag.clone(), format!("\"stale\", {etag}")] {
        let not_modified = conditional(path, &tags);
        assert_eq!(
            not_modified.status(),
            StatusCode::NOT_MODIFIED,
            "{path} with {tags}"
        );
        assert_eq!(header(&not_modified, "ETag"), etag);
        assert_eq!(header(&not_modified, "Cache-Control"), CACHE_CONTROL);
        assert!(
            not_modified.text().expect("readable").is_empty(),
            "a 304 has no body"
        );
    }
    let stale = conditional(path, "\"0000000000000000\"");
    assert_eq!(stale.status(), StatusCode::OK);
    assert_eq!(stale.text().expect("readable"), body);
    etag
}

#[test]
fn first_view_answers_304_to_its_etag_in_every_variant() {
    let base = format!("/v1/t/{TENANT}/embed/{PRODUCT}");
    let html = "text/html; charset=utf-8";
    let fragment = answers_304_to_its_etag(&base, html);
    let chinese = answers_304_to_its_etag(&format!("{base}?locale=zh-CN"), html);
    let page = answers_304_to_its_etag(&format!("{base}?page=1"), html);
    assert_ne!(fragment, chinese, "one cached copy per language");
    assert_ne!(fragment, page, "the iframe page is not the fragment");
}

#[test]
fn the_form_is_not_in_the_first_view_but_fetched_apart_cached_like_it() {
    let base = format!("/v1/t/{TENANT}/embed/{PRODUCT}");
    let first_view = edge().get(&base).text().expect("readable");
    assert!(
        first_view.contains("data-candor-form-region=\"\" hidden></div>")
            && !first_view.contains("<form"),
        "the first view carries an empty form region: {first_view}"
    );
    assert!(
        !first_view.contains("<style>"),
        "the stylesheet is the loader's"
    );
    let html = "text/html; charset=utf-8";
    let english = answers_304_to_its_etag(&format!("{base}/form"), html);
    let chinese = answers_304_to_its_etag(&format!("{base}/form?locale=zh-CN"), html);
    assert_ne!(english, chinese, "one cached form per language");
    let form = edge()
        .get(&format!("{base}/form"))
        .text()
        .expect("readable");
    assert!(
        form.contains("<form novalidate class=\"review-form\">"),
        "{form}"
    );
    for question in ["attr-fees", "attr-advice", "attr-service"] {
        assert!(
            form.contains(&format!("data-field=\"{question}\"")),
            "{question}: {form}"
        );
    }
    let chinese_form = edge()
        .get(&format!("{base}/form?locale=zh-CN"))
        .text()
        .expect("readable");
    assert!(chinese_form.contains("提交评价"), "{chinese_form}");
    expect_error(
        edge().get(&format!("/v1/t/{TENANT}/embed/no-such-product/form")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn a_new_attribute_question_is_in_the_form_on_the_very_next_read() {
    let tenant = TestTenant::new();
    let before = edge().get(&tenant.form_path()).text().expect("readable");
    assert!(
        before.contains("review-form") && !before.contains("attr-rewards"),
        "{before}"
    );
    let created = tenant.call(
        "marketer",
        Method::POST,
        "/v1/admin/attributes",
        Some(&json!({ "product": fixture::PRODUCT, "key": "rewards", "label_en": "Rewards", "label_zh": "奖励" })),
    );
    assert_eq!(created.status(), StatusCode::CREATED);
    let after = edge().get(&tenant.form_path()).text().expect("readable");
    assert!(
        after.contains("data-field=\"attr-rewards\""),
        "the cached form was forgotten: {after}"
    );
}

#[test]
fn list_page_answers_304_to_its_etag_and_each_query_has_its_own() {
    let base = format!("/v1/t/{TENANT}/embed/{PRODUCT}/reviews");
    let highest =
        answers_304_to_its_etag(&format!("{base}?lang=en&sort=highest"), "application/json");
    let lowest =
        answers_304_to_its_etag(&format!("{base}?sort=lowest&lang=en"), "application/json");
    assert_ne!(highest, lowest, "another order is another page");
    let chinese = answers_304_to_its_etag(
        &format!("{base}?lang=zh-CN&sort=highest"),
        "application/json",
    );
    assert_ne!(
        highest, chinese,
        "another interface language is another page"
    );
    // The same query spelled in another order and with an unknown parameter is the same page.
    let respelled = header(
        &edge().get(&format!("{base}?other=1&sort=highest&lang=en")),
        "ETag",
    );
    assert_eq!(respelled, highest);
}

#[test]
fn a_refused_list_query_is_never_cached() {
    let base = format!("/v1/t/{TENANT}/embed/{PRODUCT}/reviews");
    for _ in 0..2 {
        let refused = edge().get(&format!("{base}?sort=sideways"));
        assert!(refused.headers().get("ETag").is_none());
        expect_error(
            refused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    expect_error(
        edge().get(&format!("/v1/t/{TENANT}/embed/no-such-product/reviews")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_error(
        edge().get(&format!("/v1/t/{TENANT}/embed/no-such-product")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn a_publication_changes_the_etags_on_the_very_next_read() {
    let tenant = TestTenant::new();
    let summary_path = tenant.summary_path();
    let first_view_path = tenant.first_view_path();
    let list_path = tenant.list_page_path();
    let before: Vec<String> = [&summary_path, &first_view_path, &list_path]
        .into_iter()
        .map(|path| header(&edge().get(path), "ETag"))
        .collect();
    let (id, _) = review_at(&tenant, "published", json!({ "rating": 3 }));
    for (path, etag) in [&summary_path, &first_view_path, &list_path]
        .into_iter()
        .zip(&before)
    {
        // A client holding the old version gets the new one, not a 304 from a cached copy.
        let response = conditional(path, etag);
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_ne!(&header(&response, "ETag"), etag, "{path}");
        let body = response.text().expect("readable");
        if path == &list_path {
            let page: RenderedReviewPage = serde_json::from_str(&body).expect("a page");
            assert!(page.html.contains(&id));
        } else if path == &first_view_path {
            assert!(body.contains(&id));
        } else {
            assert_eq!(json_of_text(&body)["count"], 1);
        }
    }
}

fn json_of_text(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

#[test]
fn a_list_page_with_a_cursor_is_cached_under_its_own_key() {
    let base = format!("/v1/t/{TENANT}/embed/{PRODUCT}/reviews?lang=en&limit=3");
    let first: RenderedReviewPage =
        serde_json::from_str(&edge().get(&base).text().expect("readable")).expect("a page");
    let cursor = first
        .next_cursor
        .expect("eight seed reviews make a second page");
    let second_path = format!("{base}&cursor={cursor}");
    answers_304_to_its_etag(&second_path, "application/json");
    let second: RenderedReviewPage =
        serde_json::from_str(&edge().get(&second_path).text().expect("readable")).expect("a page");
    assert_ne!(second.html, first.html);
}
