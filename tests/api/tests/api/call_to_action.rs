//! A product's call to action (`cta` on `PATCH /v1/admin/products/{id}`): set, refused per field, removed with
//! `null`, another tenant's product 404, archived, shown in the public summary in the visitor's language and in the
//! first view; and the tenant's `locales` and `theme` settings at work on the summary and the first view.

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{edge, expect_error, expect_summary, field_codes};
use crate::api::fixture::{PRODUCT, TestTenant};
use crate::api::moderation::{json_of, review_at};

const ORIGIN: &str = "https://bank.example";

fn settings(tenant: &TestTenant, changes: Value) {
    let mut body = json!({
        "allowed_origins": [ORIGIN],
        "locales": ["en", "zh-CN"],
        "theme": {},
        "captcha": null,
        "aggregate_rule": "all_reviews",
        "sla_hours": { "screening": 4, "compliance_review": 24, "owner_review": 24, "escalation": 24 },
        "webhook_url": null,
        "json_ld": false
    });
    body.as_object_mut()
        .unwrap()
        .extend(changes.as_object().cloned().unwrap_or_default());
    json_of(
        tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&body)),
        StatusCode::OK,
    );
}

fn patch(tenant: &TestTenant, product: &str, body: Value) -> Response {
    tenant.call(
        "marketer",
        Method::PATCH,
        &format!("/v1/admin/products/{product}"),
        Some(&body),
    )
}

fn roth_cta() -> Value {
    json!({
        "url": "https://bank.example/open/savings?from=reviews",
        "label": { "en": "Open a Savings Account", "zh-CN": "开立储蓄账户" }
    })
}

fn first_view(tenant: &TestTenant, locale: &str) -> String {
    let response = edge().get(&format!(
        "/v1/t/{}/embed/{PRODUCT}?locale={locale}",
        tenant.id
    ));
    assert_eq!(response.status(), StatusCode::OK);
    response.text().unwrap()
}

#[test]
fn a_call_to_action_is_set_shown_in_each_language_and_removed_with_null() {
    let tenant = TestTenant::new();
    settings(&tenant, json!({}));
    // Nothing set yet: the summary has none.
    assert_eq!(expect_summary(edge().get(&tenant.summary_path())).cta, None);

    let view = json_of(
        patch(&tenant, PRODUCT, json!({ "cta": roth_cta() })),
        StatusCode::OK,
    );
    assert_eq!(view["cta"], roth_cta());
    assert_eq!(view["name"], "Savings Account", "other fields stay");
    let listed = json_of(
        tenant.call("marketer", Method::GET, "/v1/admin/products", None),
        StatusCode::OK,
    );
    assert_eq!(listed["products"][0]["cta"], roth_cta());

    // The edge forgot its cached summaries: the change shows at once, labelled for the visitor.
    let english = expect_summary(edge().get(&tenant.summary_path()))
        .cta
        .expect("a cta");
    assert_eq!(
        (english.url.as_str(), english.label.as_str()),
        (
            "https://bank.example/open/savings?from=reviews",
            "Open a Savings Account"
        )
    );
    let chinese = expect_summary(edge().get(&format!("{}?locale=zh-CN", tenant.summary_path())))
        .cta
        .expect("a cta");
    assert_eq!(chinese.label, "开立储蓄账户");
    let html = first_view(&tenant, "en");
    // The link counts the click at the edge, which redirects to the catalogue's URL; the direct URL stays on it.
    let counting = format!(
        r#"href="{}/v1/t/{}/products/{PRODUCT}/cta?locale=en""#,
        edge().origin(),
        tenant.id
    );
    assert!(html.contains(&counting), "{html}");
    assert!(
        html.contains(r#"data-candor-url="https://bank.example/open/savings?from=reviews""#),
        "{html}"
    );
    assert!(html.contains(r#"data-candor-cta="savings""#));
    assert!(html.contains(">Open a Savings Account</a>"));
    assert!(first_view(&tenant, "zh-CN").contains(">开立储蓄账户</a>"));

    // Labels are trimmed; a locale without a label shows the other one.
    let view = json_of(
        patch(
            &tenant,
            PRODUCT,
            json!({ "cta": { "url": ORIGIN, "label": { "en": "  Open now " } } }),
        ),
        StatusCode::OK,
    );
    assert_eq!(view["cta"]["label"], json!({ "en": "Open now" }));
    let chinese = expect_summary(edge().get(&format!("{}?locale=zh-CN", tenant.summary_path())));
    assert_eq!(chinese.cta.expect("a cta").label, "Open now");

    // `null` removes it; a PATCH without `cta` leaves it alone.
    json_of(
        patch(&tenant, PRODUCT, json!({ "cta": roth_cta() })),
        StatusCode::OK,
    );
    let renamed = json_of(
        patch(&tenant, PRODUCT, json!({ "name": "Savings" })),
        StatusCode::OK,
    );
    assert_eq!(renamed["cta"], roth_cta());
    let removed = json_of(
        patch(&tenant, PRODUCT, json!({ "cta": null })),
        StatusCode::OK,
    );
    assert_eq!(removed["cta"], Value::Null);
    assert_eq!(expect_summary(edge().get(&tenant.summary_path())).cta, None);
    assert!(!first_view(&tenant, "en").contains("data-candor-cta"));

    // Every change is archived, by the marketer.
    let people: Vec<Value> = tenant
        .archive()
        .into_iter()
        .filter(|row| row["action"] == "product_updated")
        .map(|row| row["person_id"].clone())
        .collect();
    assert_eq!(people.len(), 5, "{people:?}");
    assert!(
        people
            .iter()
            .all(|person| person == tenant.person_id("marketer"))
    );
}

#[test]
fn the_archive_holds_the_call_to_action_set_and_removed() {
    let tenant = TestTenant::new();
    settings(&tenant, json!({}));
    json_of(
        patch(&tenant, PRODUCT, json!({ "cta": roth_cta() })),
        StatusCode::OK,
    );
    json_of(
        patch(&tenant, PRODUCT, json!({ "cta": null })),
        StatusCode::OK,
    );
    let rows: Vec<Value> = tenant
        .archive()
        .into_iter()
        .filter(|row| row["action"] == "product_updated")
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    // The export carries the content's hash; the content is the domain's canonical JSON (keys in order).
    let set = r#"{"changes":{"archived":null,"cta":{"label":{"en":"Open a Savings Account","zh-CN":"开立储蓄账户"},"url":"https://bank.example/open/savings?from=reviews"},"name":null},"product":"savings"}"#;
    let removed =
        r#"{"changes":{"archived":null,"cta":"removed","name":null},"product":"savings"}"#;
    for (row, content) in rows.iter().zip([set, removed]) {
        assert_eq!(
            row["content_hash"],
            crate::api::fixture::sha256_hex(content),
            "archived content {content}"
        );
        assert_eq!(row["role"], "marketer");
    }
}

#[test]
fn a_call_to_action_is_refused_field_by_field() {
    let tenant = TestTenant::new();
    settings(&tenant, json!({}));
    let cases = [
        (
            json!({ "url": "javascript:alert(1)", "label": { "en": "Open" } }),
            vec![("cta.url", "invalid_url")],
        ),
        (
            json!({ "url": "https://bank.example/\"><script>", "label": { "en": "Open" } }),
            vec![("cta.url", "invalid_url")],
        ),
        (
            json!({ "url": "http://bank.example/", "label": { "en": "Open" } }),
            vec![("cta.url", "invalid_url")],
        ),
        (
            json!({ "url": "https://evil.example/open", "label": { "en": "Open" } }),
            vec![("cta.url", "origin_not_allowed")],
        ),
        (
            json!({ "url": "https://bank.example/", "label": {} }),
            vec![("cta.label", "required")],
        ),
        (
            json!({ "url": "https://bank.example/", "label": { "en": " ", "zh-CN": "长".repeat(61) } }),
            vec![
                ("cta.label.en", "invalid_text"),
                ("cta.label.zh-CN", "invalid_text"),
            ],
        ),
    ];
    for (cta, expected) in cases {
        let detail = expect_error(
            patch(&tenant, PRODUCT, json!({ "cta": cta })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        let fields = field_codes(&detail);
        assert_eq!(fields, expected, "{cta}");
    }
    // Unknown members are refused before any rule (deny_unknown_fields).
    for cta in [
        json!({ "url": ORIGIN, "label": { "en": "Open" }, "target": "_blank" }),
        json!({ "url": ORIGIN, "label": { "fr": "Ouvrir" } }),
        json!("https://bank.example/"),
    ] {
        let response = patch(&tenant, PRODUCT, json!({ "cta": cta }));
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{cta}");
    }
    // Nothing was stored, nothing archived.
    assert_eq!(expect_summary(edge().get(&tenant.summary_path())).cta, None);
    assert!(
        tenant
            .archive()
            .iter()
            .all(|row| row["action"] != "product_updated")
    );
}

#[test]
fn another_tenants_product_is_not_found_and_only_the_marketer_sets_it() {
    let tenant = TestTenant::new();
    let other = TestTenant::new();
    settings(&tenant, json!({}));
    settings(&other, json!({}));
    // Both tenants have a product `savings`; a token of one never reaches the other's.
    json_of(
        patch(&tenant, PRODUCT, json!({ "cta": roth_cta() })),
        StatusCode::OK,
    );
    assert_eq!(expect_summary(edge().get(&other.summary_path())).cta, None);
    expect_error(
        patch(&tenant, "no-such-product", json!({ "cta": roth_cta() })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // A bad value for a product the tenant lacks is still 404: nothing is said about what the body would do.
    expect_error(
        patch(
            &tenant,
            "no-such-product",
            json!({ "cta": { "url": "https://evil.example/", "label": { "en": "x" } } }),
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let response = tenant.call(
        "admin",
        Method::PATCH,
        &format!("/v1/admin/products/{PRODUCT}"),
        Some(&json!({ "cta": null })),
    );
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[test]
fn a_call_to_action_whose_origin_was_removed_is_no_longer_shown() {
    let tenant = TestTenant::new();
    settings(&tenant, json!({}));
    json_of(
        patch(&tenant, PRODUCT, json!({ "cta": roth_cta() })),
        StatusCode::OK,
    );
    assert!(
        expect_summary(edge().get(&tenant.summary_path()))
            .cta
            .is_some()
    );
    settings(
        &tenant,
        json!({ "allowed_origins": ["https://other.example"] }),
    );
    assert_eq!(expect_summary(edge().get(&tenant.summary_path())).cta, None);
    assert!(!first_view(&tenant, "en").contains("data-candor-cta"));
}

#[test]
fn a_locale_the_tenant_does_not_offer_falls_back_to_its_first() {
    let tenant = TestTenant::new();
    settings(&tenant, json!({ "locales": ["zh-CN"] }));
    json_of(
        patch(&tenant, PRODUCT, json!({ "cta": roth_cta() })),
        StatusCode::OK,
    );
    for query in ["", "?locale=en", "?locale=fr", "?locale=zh-CN"] {
        let summary = expect_summary(edge().get(&format!("{}{query}", tenant.summary_path())));
        assert_eq!(summary.locale, "zh-CN", "{query:?}");
        assert_eq!(summary.attributes[0].label, "费用", "{query:?}");
        assert_eq!(summary.cta.expect("a cta").label, "开立储蓄账户");
    }
    let html = first_view(&tenant, "en");
    assert!(html.contains(r#"lang="zh-CN""#), "{html}");
    assert!(html.contains("费用"));
    // The list pages the interactive widget asks for are rendered in that language too.
    review_at(&tenant, "published", json!({ "rating": 5 }));
    let items = |lang: &str| {
        json_of(
            edge().get(&format!(
                "/v1/t/{}/embed/{PRODUCT}/reviews?lang={lang}",
                tenant.id
            )),
            StatusCode::OK,
        )["html"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let html = items("en");
    assert!(
        html.contains("有帮助") && !html.contains("Helpful"),
        "{html}"
    );
    // Offered again: the visitor's language wins (the settings PUT forgot the cached ones).
    settings(&tenant, json!({ "locales": ["zh-CN", "en"] }));
    let summary = expect_summary(edge().get(&format!("{}?locale=en", tenant.summary_path())));
    assert_eq!(
        (
            summary.locale.as_str(),
            summary.attributes[0].label.as_str()
        ),
        ("en", "Fees")
    );
    assert!(first_view(&tenant, "en").contains(r#"lang="en""#));
    assert!(items("en").contains("Helpful"));
    assert!(items("zh-CN").contains("有帮助"));
}

#[test]
fn the_tenant_theme_is_in_the_first_view_as_custom_properties_on_the_host() {
    let tenant = TestTenant::new();
    settings(
        &tenant,
        json!({ "theme": { "accent": "#0a5", "radius": "4px" } }),
    );
    let html = first_view(&tenant, "en");
    assert!(
        html.contains("<style data-candor-theme=\"\">:host,:host([data-theme]){--candor-accent:#0a5;--candor-radius:4px;}</style>"),
        "{html}"
    );
    settings(&tenant, json!({ "theme": {} }));
    assert!(!first_view(&tenant, "en").contains("data-candor-theme"));
}

/// 2026-03-10 12:00 UTC and 2026-04-02 12:00 UTC: two days in two months, named through the test clock.
const MARCH_10: i64 = 1_773_144_000_000;
const APRIL_2: i64 = 1_775_131_200_000;

/// A visitor follows the call to action of `product` (`query` appended), at `at` when given; the 302 is not
/// followed.
fn follow(
    visitor: &crate::api::client::Visitor,
    tenant: &TestTenant,
    product: &str,
    query: &str,
    at: Option<i64>,
) -> Response {
    let mut request = visitor.get_unfollowed(&format!(
        "/v1/t/{}/products/{product}/cta?{query}",
        tenant.id
    ));
    if let Some(at) = at {
        request = request.header(crate::api::client::TEST_CLOCK, at.to_string());
    }
    crate::api::client::send_once(request)
}

/// The clicks per month of March and April 2026 in the analytics (all products, or `product=…` in `query`).
fn monthly_clicks(tenant: &TestTenant, query: &str) -> Vec<u64> {
    let answer = json_of(
        tenant.call(
            "marketer",
            Method::GET,
            &format!("/v1/admin/analytics?bucket=month&from=2026-03-01&to=2026-05-01{query}"),
            None,
        ),
        StatusCode::OK,
    );
    answer["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|bucket| bucket["cta_clicks"].as_u64().unwrap())
        .collect()
}

#[test]
fn a_click_on_the_call_to_action_is_counted_and_redirected_to_the_catalogue_url_only() {
    let tenant = TestTenant::new();
    settings(&tenant, json!({}));
    let visitor = edge().visitor();
    // No call to action yet: nothing to follow, nothing counted.
    expect_error(
        follow(&visitor, &tenant, PRODUCT, "locale=en", Some(MARCH_10)),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    json_of(
        patch(&tenant, PRODUCT, json!({ "cta": roth_cta() })),
        StatusCode::OK,
    );
    let url = roth_cta()["url"].as_str().unwrap().to_owned();
    // The destination is the catalogue's, whatever the request asks for (no open redirect).
    for (query, at) in [
        ("locale=en&url=https://evil.example/", MARCH_10),
        ("locale=zh-CN", MARCH_10 + 3_600_000),
        ("", APRIL_2),
    ] {
        let response = follow(&visitor, &tenant, PRODUCT, query, Some(at));
        assert_eq!(response.status(), StatusCode::FOUND, "{query}");
        assert_eq!(crate::api::client::header(&response, "location"), url);
        assert_eq!(
            crate::api::client::header(&response, "cache-control"),
            "no-store"
        );
    }
    assert_eq!(monthly_clicks(&tenant, ""), [2, 1]);
    assert_eq!(monthly_clicks(&tenant, "&product=savings"), [2, 1]);
    // Weeks hold the same clicks: 2026-03-10 is in W11.
    let weekly = json_of(
        tenant.call(
            "owner",
            Method::GET,
            "/v1/admin/analytics?from=2026-03-09&to=2026-03-16",
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(weekly["buckets"][0]["label"], "2026-W11");
    assert_eq!(weekly["buckets"][0]["cta_clicks"], 2);

    // An unknown product, another tenant's, and a hidden product line: 404, not counted.
    let stranger = TestTenant::new();
    expect_error(
        follow(&visitor, &tenant, "no-such-product", "", Some(MARCH_10)),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_error(
        follow(&visitor, &stranger, PRODUCT, "", Some(MARCH_10)),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    json_of(
        tenant.call(
            "marketer",
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(&json!({ "visible": false })),
        ),
        StatusCode::OK,
    );
    expect_error(
        follow(&visitor, &tenant, PRODUCT, "", Some(MARCH_10)),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_eq!(monthly_clicks(&tenant, ""), [2, 1]);
    assert_eq!(monthly_clicks(&stranger, ""), [0, 0]);
}

#[test]
fn following_a_call_to_action_spends_the_visitors_rate_limit_and_refusals_are_not_counted() {
    let tenant = TestTenant::new();
    settings(&tenant, json!({}));
    json_of(
        patch(&tenant, PRODUCT, json!({ "cta": roth_cta() })),
        StatusCode::OK,
    );
    let visitor = edge().visitor();
    // The visitor limit is 20 a 10 s window: 41 clicks in a row meet it whatever the window's phase.
    let (mut followed, mut refused) = (0u64, 0u64);
    for _ in 0..41 {
        let response = follow(&visitor, &tenant, PRODUCT, "", Some(MARCH_10));
        match response.status() {
            StatusCode::FOUND => followed += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert!(refused > 0, "41 clicks of one visitor were never limited");
    assert_eq!(monthly_clicks(&tenant, ""), [followed, 0]);
}
