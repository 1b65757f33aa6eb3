//! `GET/PUT /v1/admin/settings` (admin only): validated as a whole, archived, and in effect at once — allowed origins
//! for browser writes, the aggregate rule of summaries, SLA targets of queues, and what the public config shows.

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{
    clean_review, edge, expect_accepted, expect_error, expect_summary, send, unique_key,
};
use crate::api::fixture::{PRODUCT, ROLES, TestTenant, person};
use crate::api::moderation::{json_of, review_at, submit_held};

/// A whole settings document (allowed origin `https://bank.example`, theme accent `#0a5`) with `overrides` applied.
pub fn settings(overrides: Value) -> Value {
    let mut base = json!({
        "allowed_origins": ["https://bank.example"],
        "locales": ["en", "zh-CN"],
        "theme": { "accent": "#0a5" },
        "captcha": null,
        "aggregate_rule": "all_reviews",
        "sla_hours": { "screening": 4, "compliance_review": 24, "owner_review": 24, "escalation": 24 },
        "webhook_url": null,
        "json_ld": false,
        "neutrality_alert_points": 10
    });
    base.as_object_mut()
        .unwrap()
        .extend(overrides.as_object().cloned().unwrap_or_default());
    base
}

fn put(tenant: &TestTenant, body: Value) -> Response {
    tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&body))
}

fn submit_from(tenant: &TestTenant, origin: &str) -> Response {
    send(
        edge()
            .submission_to(
                &tenant.id,
                PRODUCT,
                Some(&unique_key("origin")),
                clean_review().to_string(),
            )
            .header("Origin", origin),
    )
}

#[test]
fn a_new_tenant_has_the_default_settings() {
    let tenant = TestTenant::new();
    let current = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/settings", None),
        StatusCode::OK,
    );
    assert_eq!(current["aggregate_rule"], "all_reviews");
    assert_eq!(current["locales"], json!(["en", "zh-CN"]));
    assert_eq!(
        current["sla_hours"],
        json!({ "screening": 4, "compliance_review": 24, "owner_review": 24, "escalation": 24 })
    );
    assert_eq!(current["allowed_origins"], json!([]));
    assert_eq!(current["json_ld"], false);
    assert_eq!(current["neutrality_alert_points"], 10);
}

#[test]
fn saved_settings_are_archived_and_the_config_shows_only_public_parts() {
    let tenant = TestTenant::new();
    let body = settings(json!({ "captcha": { "site_key": "site-key-1" } }));
    assert_eq!(json_of(put(&tenant, body.clone()), StatusCode::OK), body);
    assert_eq!(
        json_of(
            tenant.call("admin", Method::GET, "/v1/admin/settings", None),
            StatusCode::OK
        ),
        body
    );
    let config = json_of(
        edge().get(&format!("/v1/t/{}/config", tenant.id)),
        StatusCode::OK,
    );
    assert_eq!(config["theme"]["accent"], "#0a5");
    assert_eq!(config["captcha"]["site_key"], "site-key-1");
    // The script URL is the Worker's configuration (here the local Turnstile stand-in), explicit rendering.
    assert!(
        config["captcha"]["script_url"]
            .as_str()
            .unwrap()
            .ends_with("/turnstile/v0/api.js?render=explicit"),
        "{config}"
    );
    let text = config.to_string();
    assert!(
        !text.contains("verify") && !text.contains("bank.example"),
        "{text}"
    );
    let rows = tenant.archive();
    assert_eq!(rows[0]["action"], "settings_updated");
    assert_eq!(rows[0]["actor"], person("admin"));
    assert_eq!(rows[0]["person_id"], tenant.person_id("admin"));
}

#[test]
fn allowed_origins_govern_browser_writes_at_once() {
    let tenant = TestTenant::new();
    expect_error(
        submit_from(&tenant, "https://bank.example"),
        StatusCode::FORBIDDEN,
        "origin_not_allowed",
    );
    json_of(put(&tenant, settings(json!({}))), StatusCode::OK);
    expect_accepted(submit_from(&tenant, "https://bank.example"));
    expect_error(
        submit_from(&tenant, "https://evil.example"),
        StatusCode::FORBIDDEN,
        "origin_not_allowed",
    );
}

#[test]
fn the_aggregate_rule_picks_the_population_summaries_show() {
    let tenant = TestTenant::new();
    review_at(
        &tenant,
        "published",
        json!({ "rating": 5, "relationship": "employee" }),
    );
    review_at(&tenant, "published", json!({ "rating": 1 }));
    let all = expect_summary(edge().get(&tenant.summary_path()));
    assert_eq!((all.count, all.mean), (2, Some(3.0)));
    assert_eq!(all.population, "all");
    json_of(
        put(
            &tenant,
            settings(json!({ "aggregate_rule": "independent_only" })),
        ),
        StatusCode::OK,
    );
    let independent = expect_summary(edge().get(&tenant.summary_path()));
    assert_eq!(
        (independent.count, independent.mean),
        (1, Some(1.0)),
        "the employee's review is left out"
    );
    assert_eq!(
        independent.population, "independent",
        "the summary says which"
    );
    let config = json_of(
        edge().get(&format!("/v1/t/{}/config", tenant.id)),
        StatusCode::OK,
    );
    assert_eq!(
        config["aggregate_rule"], "independent_only",
        "the widget can say which population it shows"
    );
}

#[test]
fn sla_targets_come_from_the_settings() {
    let tenant = TestTenant::new();
    let (id, _) = submit_held(&tenant);
    json_of(
        put(
            &tenant,
            settings(
                json!({ "sla_hours": { "screening": 1, "compliance_review": 8, "owner_review": 48 } }),
            ),
        ),
        StatusCode::OK,
    );
    let queue = json_of(
        tenant.call("moderator", Method::GET, "/v1/admin/queue", None),
        StatusCode::OK,
    );
    let item = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id.as_str())
        .unwrap()
        .clone();
    assert_eq!(item["sla"]["target_hours"], 1);
}

#[test]
fn invalid_settings_are_refused_field_by_field_and_only_admins_may_touch_them() {
    let tenant = TestTenant::new();
    let bad = settings(json!({
        "allowed_origins": ["http://bank.example", "https://ok.example/path"],
        "locales": ["fr"],
        "theme": { "accent": "red;} body {display:none" },
        "sla_hours": { "screening": 0, "compliance_review": 24, "owner_review": 24 },
        "webhook_url": "javascript:alert(1)"
    }));
    let detail = expect_error(
        put(&tenant, bad),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let fields: Vec<&str> = detail.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "allowed_origins[0]",
            "allowed_origins[1]",
            "locales[0]",
            "theme.accent",
            "sla_hours.screening",
            "webhook_url"
        ]
    );
    expect_error(
        put(&tenant, settings(json!({ "tenant": "harbor" }))),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    for role in ROLES.into_iter().filter(|r| *r != "admin") {
        expect_error(
            tenant.call(role, Method::GET, "/v1/admin/settings", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
        expect_error(
            tenant.call(
                role,
                Method::PUT,
                "/v1/admin/settings",
                Some(&settings(json!({}))),
            ),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    let current = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/settings", None),
        StatusCode::OK,
    );
    assert_eq!(current["allowed_origins"], json!([]), "nothing was saved");
}
