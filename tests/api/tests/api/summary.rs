//! `GET /v1/t/{tenant}/products/{product}/summary`: published aggregates only, with an ETag and shared-cache headers.

use candor_domain::Stage;
use candor_domain::dto::{AttributeQuestion, Summary};
use reqwest::{Method, StatusCode};

use crate::api::client::{
    PRODUCT, TENANT, clean_review, edge, expect_accepted, expect_error, expect_summary, header,
    send,
};

fn summary_path(tenant: &str, product: &str) -> String {
    format!("/v1/t/{tenant}/products/{product}/summary")
}

#[test]
fn summary_counts_only_the_published_seed_reviews() {
    let summary = expect_summary(edge().get(&summary_path(TENANT, PRODUCT)));
    assert_eq!(summary.tenant, TENANT);
    assert_eq!(summary.product, PRODUCT);
    assert_eq!(summary.product_name, "Roth IRA");
    assert!(summary.visible);
    // Eight published reviews; the seeded screening review (and every test submission) is not counted.
    assert_eq!(summary.count, 8);
    assert_eq!(summary.histogram, Some([1, 1, 1, 2, 3]));
    assert_eq!(summary.mean, Some(3.625));
    assert_eq!(summary.would_recommend_percent, Some(75));
}

#[test]
fn summary_lists_the_product_attributes_in_form_order() {
    let summary = expect_summary(edge().get(&summary_path(TENANT, PRODUCT)));
    let expected = [
        ("fees", "Fees"),
        ("advice", "Advice"),
        ("service", "Service"),
    ]
    .map(|(key, label)| AttributeQuestion {
        key: key.to_owned(),
        label: label.to_owned(),
    });
    assert_eq!(summary.attributes, expected);
}

#[test]
fn summary_of_another_product_has_its_own_attributes() {
    let summary = expect_summary(edge().get(&summary_path(TENANT, "high-yield-savings")));
    assert_eq!(summary.product, "high-yield-savings");
    assert_eq!(summary.count, 1);
    let keys: Vec<&str> = summary.attributes.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(keys, ["interest_rates", "service"]);
}

#[test]
fn summary_carries_an_etag_and_shared_cache_control() {
    let response = edge().get(&summary_path(TENANT, PRODUCT));
    let etag = header(&response, "ETag");
    let cache_control = header(&response, "Cache-Control");
    expect_summary(response);
    assert!(
        etag.len() > 2 && etag.starts_with('"') && etag.ends_with('"'),
        "a strong, quoted ETag: {etag:?}"
    );
    assert_eq!(cache_control, "public, max-age=0, s-maxage=30");
}

#[test]
fn summary_etag_is_stable_between_reads() {
    let first = header(&edge().get(&summary_path(TENANT, PRODUCT)), "ETag");
    let second = header(&edge().get(&summary_path(TENANT, PRODUCT)), "ETag");
    assert_eq!(first, second);
}

#[test]
fn summary_with_matching_if_none_match_is_not_modified() {
    let path = summary_path(TENANT, PRODUCT);
    let etag = header(&edge().get(&path), "ETag");
    let response = send(
        edge()
            .request(Method::GET, &path)
            .header("If-None-Match", &etag),
    );
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&response, "ETag"), etag);
    assert_eq!(
        header(&response, "Cache-Control"),
        "public, max-age=0, s-maxage=30"
    );
    assert!(
        response.text().expect("readable").is_empty(),
        "a 304 has no body"
    );
}

#[test]
fn summary_with_etag_among_several_in_if_none_match_is_not_modified() {
    let path = summary_path(TENANT, PRODUCT);
    let etag = header(&edge().get(&path), "ETag");
    let response = send(
        edge()
            .request(Method::GET, &path)
            .header("If-None-Match", format!("\"stale\", {etag}")),
    );
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
}

#[test]
fn summary_with_stale_if_none_match_returns_the_full_body() {
    let path = summary_path(TENANT, PRODUCT);
    let response = send(
        edge()
            .request(Method::GET, &path)
            .header("If-None-Match", "\"0000000000000000\""),
    );
    let summary = expect_summary(response);
    assert_eq!(summary.count, 8);
}

#[test]
fn summary_of_unknown_product_is_not_found() {
    expect_error(
        edge().get(&summary_path(TENANT, "no-such-product")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn summary_of_unknown_tenant_is_not_found() {
    expect_error(
        edge().get(&summary_path("no-such-tenant", PRODUCT)),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn summary_with_overlong_path_parameter_is_not_found() {
    let long = "p".repeat(129);
    expect_error(
        edge().get(&summary_path(TENANT, &long)),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn submitted_reviews_do_not_change_the_summary() {
    let path = summary_path(TENANT, PRODUCT);
    let before_response = edge().get(&path);
    let etag_before = header(&before_response, "ETag");
    let before = expect_summary(before_response);

    let review = clean_review();
    let passed = expect_accepted(edge().submit(&review));
    assert_eq!(passed.status, Stage::ComplianceReview);
    let held = expect_accepted(edge().submit(&review));
    assert_eq!(
        held.status,
        Stage::Screening,
        "the second copy is a duplicate"
    );

    // Read from D1, not the edge cache: a cached copy would equal `before` whatever the submissions stored.
    let after_response = edge().get_uncached(&path);
    let etag_after = header(&after_response, "ETag");
    let after = expect_summary(after_response);
    assert_eq!(
        after, before,
        "unpublished reviews never reach the aggregate"
    );
    assert_eq!(after.count, 8);
    assert_eq!(etag_after, etag_before);
}

fn labels(summary: &Summary) -> Vec<(&str, &str)> {
    summary
        .attributes
        .iter()
        .map(|a| (a.key.as_str(), a.label.as_str()))
        .collect()
}

#[test]
fn summary_with_chinese_locale_labels_the_attributes_in_chinese() {
    let path = summary_path(TENANT, PRODUCT);
    let chinese = expect_summary(edge().get(&format!("{path}?locale=zh-CN")));
    assert_eq!(
        labels(&chinese),
        [
            ("fees", "费用"),
            ("advice", "投资建议"),
            ("service", "客户服务")
        ]
    );
    // Only the labels follow the locale: the aggregate is the same.
    let english = expect_summary(edge().get(&path));
    assert_eq!(
        Summary {
            attributes: english.attributes.clone(),
            attribute_scores: english.attribute_scores.clone(),
            locale: english.locale.clone(),
            ..chinese
        },
        english
    );
}

#[test]
fn summary_of_another_product_in_chinese() {
    let summary = expect_summary(edge().get(&format!(
        "{}?locale=zh-CN",
        summary_path(TENANT, "high-yield-savings")
    )));
    assert_eq!(
        labels(&summary),
        [("interest_rates", "利率"), ("service", "客户服务")]
    );
}

#[test]
fn summary_labels_are_english_by_default_and_for_english() {
    let path = summary_path(TENANT, PRODUCT);
    let expected = [
        ("fees", "Fees"),
        ("advice", "Advice"),
        ("service", "Service"),
    ];
    for query in ["", "?locale=en", "?locale=fr", "?other=zh-CN"] {
        let summary = expect_summary(edge().get(&format!("{path}{query}")));
        assert_eq!(labels(&summary), expected, "{query:?}");
    }
}

#[test]
fn summary_etag_differs_between_locales() {
    let path = summary_path(TENANT, PRODUCT);
    let english = header(&edge().get(&path), "ETag");
    let chinese = header(&edge().get(&format!("{path}?locale=zh-CN")), "ETag");
    assert_ne!(
        english, chinese,
        "a cache must not serve one locale's labels for another"
    );
}
