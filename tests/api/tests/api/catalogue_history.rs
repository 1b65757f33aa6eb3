//! What the marketer's console shows beside the catalogue and the disclosure: each catalogue item's history from the
//! archive (`/v1/admin/catalogue/history`), every disclosure version (`/v1/admin/disclosure/versions`) and the
//! widget with a draft disclosure before it is published (`/v1/admin/disclosure/preview`).

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{edge, expect_error};
use crate::api::fixture::{PRODUCT, ROLES, TestTenant, person};
use crate::api::moderation::{first_view, json_of, review_at};

fn marketer(tenant: &TestTenant, method: Method, path: &str, body: Option<Value>) -> Response {
    tenant.call("marketer", method, path, body.as_ref())
}

fn history(tenant: &TestTenant, subject: &str, item: &str) -> Vec<Value> {
    let answer = json_of(
        marketer(
            tenant,
            Method::GET,
            &format!("/v1/admin/catalogue/history?subject={subject}&item={item}"),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(
        (answer["subject"].as_str(), answer["item"].as_str()),
        (Some(subject), Some(item))
    );
    answer["entries"].as_array().unwrap().clone()
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|row| row["action"].as_str().unwrap())
        .collect()
}

#[test]
fn each_catalogue_item_lists_its_own_changes_newest_first_as_the_archive_holds_them() {
    let tenant = TestTenant::new();
    for (path, body) in [
        (
            "/v1/admin/product-lines/savings-line",
            json!({ "visible": false }),
        ),
        (
            "/v1/admin/product-lines/savings-line",
            json!({ "visible": true }),
        ),
        (
            "/v1/admin/products/savings",
            json!({ "name": "Everyday Savings" }),
        ),
        (
            "/v1/admin/attributes/savings.fees",
            json!({ "label_zh": "收费" }),
        ),
    ] {
        json_of(
            marketer(&tenant, Method::PATCH, path, Some(body)),
            StatusCode::OK,
        );
    }
    let line = history(&tenant, "product_line", "savings-line");
    assert_eq!(
        actions(&line),
        [
            "product_line_updated",
            "product_line_updated",
            "product_line_created"
        ],
        "newest first, back to the line's creation"
    );
    let notes: Vec<&str> = line
        .iter()
        .map(|row| row["note"].as_str().unwrap())
        .collect();
    assert!(
        notes[0].contains("visible false → true") && notes[1].contains("visible true → false"),
        "{notes:?}"
    );
    let marketer_id = tenant.person_id("marketer");
    for row in &line {
        assert_eq!(
            row["person_id"], marketer_id,
            "attributed to the person who changed it"
        );
        assert_eq!(row["role"], "marketer");
        assert!(row["at"].as_i64().unwrap() > 0);
    }
    // The very rows of the archive: same sequence numbers and hashes as the export.
    let archive = tenant.archive_all();
    for row in &line {
        assert!(
            archive.contains(row),
            "{row} is not an archive row as exported"
        );
    }
    assert_eq!(
        actions(&history(&tenant, "product", PRODUCT)),
        ["product_updated", "product_created"]
    );
    let fees = history(&tenant, "attribute", "savings.fees");
    assert_eq!(actions(&fees), ["attribute_updated", "attribute_created"]);
    assert!(
        fees[0]["note"].as_str().unwrap().contains("收费"),
        "{}",
        fees[0]
    );
    assert_eq!(
        actions(&history(&tenant, "attribute", "savings.service")),
        ["attribute_created"],
        "another question of the same product keeps its own history"
    );
    assert!(history(&tenant, "product_line", "no-such-line").is_empty());
}

#[test]
fn catalogue_history_is_the_marketers_own_tenants_and_refuses_bad_queries() {
    let mine = TestTenant::new();
    let theirs = TestTenant::new();
    json_of(
        marketer(
            &theirs,
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(json!({ "visible": false })),
        ),
        StatusCode::OK,
    );
    // Same item name in both tenants: mine shows only my creation, never their change.
    assert_eq!(
        actions(&history(&mine, "product_line", "savings-line")),
        ["product_line_created"]
    );
    for (query, field) in [
        ("subject=settings&item=x", "subject"),
        ("item=savings-line", "subject"),
        ("subject=product", "item"),
        (&format!("subject=product&item={}", "a".repeat(200)), "item"),
    ] {
        let response = marketer(
            &mine,
            Method::GET,
            &format!("/v1/admin/catalogue/history?{query}"),
            None,
        );
        let body = json_of(response, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["fields"][0]["field"], field, "{query}");
    }
    for role in ROLES.into_iter().filter(|role| *role != "marketer") {
        expect_error(
            mine.call(
                role,
                Method::GET,
                "/v1/admin/catalogue/history?subject=product&item=savings",
                None,
            ),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
}

#[test]
fn every_disclosure_version_is_listed_newest_first() {
    let tenant = TestTenant::new();
    let empty = json_of(
        marketer(&tenant, Method::GET, "/v1/admin/disclosure/versions", None),
        StatusCode::OK,
    );
    assert_eq!(empty["versions"], json!([]));
    for text in ["First wording.", "Second wording."] {
        json_of(
            marketer(
                &tenant,
                Method::PUT,
                "/v1/admin/disclosure",
                Some(json!({ "texts": { "en": text, "zh-CN": "中文" } })),
            ),
            StatusCode::OK,
        );
    }
    let listed = json_of(
        marketer(&tenant, Method::GET, "/v1/admin/disclosure/versions", None),
        StatusCode::OK,
    );
    let versions = listed["versions"].as_array().unwrap();
    let seen: Vec<(i64, &str)> = versions
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().unwrap(),
                v["texts"]["en"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(seen, [(2, "Second wording."), (1, "First wording.")]);
    assert_eq!(versions[1]["texts"]["zh-CN"], "中文");
    assert_eq!(versions[0]["created_by"], tenant.person_id("marketer"));
    assert_eq!(
        versions[0]["created_by_name"],
        person("marketer"),
        "named, for people who cannot list people"
    );
    expect_error(
        tenant.call(
            "compliance",
            Method::GET,
            "/v1/admin/disclosure/versions",
            None,
        ),
        StatusCode::FORBIDDEN,
        "wrong_role",
    );
}

fn preview(tenant: &TestTenant, body: Value) -> Response {
    marketer(
        tenant,
        Method::POST,
        "/v1/admin/disclosure/preview",
        Some(body),
    )
}

#[test]
fn a_draft_disclosure_is_previewed_in_the_widget_without_being_published() {
    let tenant = TestTenant::new();
    let (review, _) = review_at(&tenant, "published", json!({ "rating": 2 }));
    json_of(
        marketer(
            &tenant,
            Method::PUT,
            "/v1/admin/disclosure",
            Some(json!({ "texts": { "en": "Published wording." } })),
        ),
        StatusCode::OK,
    );
    let draft = json!({
        "product": PRODUCT,
        "locale": "en",
        "texts": { "en": "Draft <b>wording</b> & more.", "zh-CN": "草稿说明" },
    });
    let shown = json_of(preview(&tenant, draft.clone()), StatusCode::OK);
    assert_eq!(
        (
            shown["product"].as_str(),
            shown["locale"].as_str(),
            shown["visible"].as_bool()
        ),
        (Some(PRODUCT), Some("en"), Some(true))
    );
    let html = shown["html"].as_str().unwrap();
    assert!(
        html.starts_with("<style>"),
        "the widget's stylesheet comes first"
    );
    assert!(
        html.contains("Draft &lt;b&gt;wording&lt;/b&gt; &amp; more."),
        "the draft, escaped: {html}"
    );
    assert!(!html.contains("Published wording.") && !html.contains("<b>"));
    assert!(
        html.contains(&review),
        "the newest reviews as the first view shows them"
    );
    // Nothing was published: the public first view and the versions are unchanged.
    let public = first_view(&tenant);
    assert!(public.contains("Published wording.") && !public.contains("Draft"));
    let versions = json_of(
        marketer(&tenant, Method::GET, "/v1/admin/disclosure/versions", None),
        StatusCode::OK,
    );
    assert_eq!(versions["versions"].as_array().unwrap().len(), 1);
    // In Chinese the Chinese draft is shown.
    let mut chinese = draft.clone();
    chinese["locale"] = json!("zh-CN");
    let shown = json_of(preview(&tenant, chinese), StatusCode::OK);
    assert_eq!(shown["locale"], "zh-CN");
    assert!(shown["html"].as_str().unwrap().contains("草稿说明"));
    // A hidden line shows nothing, as on every embed.
    json_of(
        marketer(
            &tenant,
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(json!({ "visible": false })),
        ),
        StatusCode::OK,
    );
    let hidden = json_of(preview(&tenant, draft.clone()), StatusCode::OK);
    assert_eq!(
        (hidden["visible"].as_bool(), hidden["html"].as_str()),
        (Some(false), Some(""))
    );
}

#[test]
fn a_preview_refuses_what_publishing_refuses() {
    let tenant = TestTenant::new();
    let mut unknown = json!({ "product": "nope", "locale": "en", "texts": { "en": "Fine." } });
    expect_error(
        preview(&tenant, unknown.clone()),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    unknown["product"] = json!(PRODUCT);
    unknown["texts"]["en"] = json!("x".repeat(2_001));
    let body = json_of(
        preview(&tenant, unknown.clone()),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(body["error"]["fields"][0]["field"], "texts.en");
    unknown["texts"] = json!({ "en": "Fine.", "zh-CN": "bad\u{7}" });
    let body = json_of(
        preview(&tenant, unknown.clone()),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    assert_eq!(body["error"]["fields"][0]["field"], "texts.zh-CN");
    unknown["extra"] = json!(1);
    expect_error(
        preview(&tenant, unknown),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    expect_error(
        tenant.call(
            "owner",
            Method::POST,
            "/v1/admin/disclosure/preview",
            Some(&json!({ "product": PRODUCT, "locale": "en", "texts": { "en": "Fine." } })),
        ),
        StatusCode::FORBIDDEN,
        "wrong_role",
    );
    assert_eq!(edge().get("/health").status(), StatusCode::OK);
}
