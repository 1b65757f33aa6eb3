//! Cloudflare Turnstile on submissions and revisions, verified by the edge against the local Turnstile stand-in
//! (`CANDOR_TURNSTILE_URL`, started by `cargo xtask test`; it speaks Turnstile's siteverify protocol). A tenant
//! chooses only its site key; the token travels in the `Captcha-Token` header; a replay is never verified again.

use std::sync::OnceLock;
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::archive::archived_submissions;
use crate::api::client::{
    StatusTokenOf, clean_review, edge, expect_accepted, expect_error, header, send, send_once,
    unique_key,
};
use crate::api::fixture::{PRODUCT, TestTenant};
use crate::api::moderation::json_of;

const SITE_KEY: &str = "0x4AAAAAAAcandorTestKey";

fn stand_in() -> &'static (String, Client) {
    static STAND_IN: OnceLock<(String, Client)> = OnceLock::new();
    STAND_IN.get_or_init(|| {
        let url = std::env::var("CANDOR_TURNSTILE_URL").unwrap_or_default();
        assert!(
            !url.trim().is_empty(),
            "CANDOR_TURNSTILE_URL is not set: run the API suite through `cargo xtask test`"
        );
        let client = Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("the HTTP client builds");
        (url.trim().trim_end_matches('/').to_owned(), client)
    })
}

/// What a visitor gets by solving the challenge (clicking the stand-in's checkbox does exactly this request).
fn solved_token() -> String {
    let (url, client) = stand_in();
    let answer: Value = client
        .post(format!("{url}/turnstile/v0/challenge"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("sitekey={SITE_KEY}&hostname=127.0.0.1"))
        .send()
        .expect("the stand-in answers")
        .json()
        .expect("JSON");
    assert_eq!(answer["success"], true, "{answer}");
    answer["token"].as_str().expect("a token").to_owned()
}

/// How often siteverify was asked about `token`.
fn verifications(token: &str) -> u64 {
    let (url, client) = stand_in();
    let answer: Value = client
        .get(format!("{url}/turnstile/v0/verifications?response={token}"))
        .send()
        .expect("the stand-in answers")
        .json()
        .expect("JSON");
    answer["count"].as_u64().expect("a count")
}

fn with_captcha(tenant: &TestTenant) {
    let settings = json!({
        "allowed_origins": [],
        "locales": ["en", "zh-CN"],
        "captcha": { "site_key": SITE_KEY },
        "aggregate_rule": "all_reviews",
    });
    json_of(
        tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&settings)),
        StatusCode::OK,
    );
}

fn submit(tenant: &TestTenant, key: &str, review: &Value, token: Option<&str>) -> Response {
    let mut request = edge().submission_to(&tenant.id, PRODUCT, Some(key), review.to_string());
    if let Some(token) = token {
        request = request.header("Captcha-Token", token);
    }
    send(request)
}

fn revise(tenant: &TestTenant, id: &str, status_token: &str, token: Option<&str>) -> Response {
    let mut request = edge()
        .request(
            Method::POST,
            &format!("/v1/t/{}/reviews/{id}/revisions", tenant.id),
        )
        .header("Authorization", format!("Bearer {status_token}"))
        .header("Idempotency-Key", unique_key("captcha-revise"))
        .header("Content-Type", "application/json")
        .body(clean_review().to_string());
    if let Some(token) = token {
        request = request.header("Captcha-Token", token);
    }
    send(request)
}

#[test]
fn a_tenant_with_captcha_refuses_a_submission_without_a_token() {
    let tenant = TestTenant::new();
    with_captcha(&tenant);
    expect_error(
        submit(&tenant, &unique_key("captcha"), &clean_review(), None),
        StatusCode::UNPROCESSABLE_ENTITY,
        "captcha_required",
    );
    expect_error(
        submit(&tenant, &unique_key("captcha"), &clean_review(), Some("  ")),
        StatusCode::UNPROCESSABLE_ENTITY,
        "captcha_required",
    );
}

#[test]
fn a_token_turnstile_refuses_is_refused_and_nothing_is_stored() {
    let tenant = TestTenant::new();
    with_captcha(&tenant);
    let detail = expect_error(
        submit(
            &tenant,
            &unique_key("captcha"),
            &clean_review(),
            Some("forged.token.value"),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "captcha_failed",
    );
    assert!(
        detail.message.contains("invalid-input-response"),
        "{}",
        detail.message
    );
    // Cloudflare's dummy token passes only with a test secret, never with the Worker's own.
    expect_error(
        submit(
            &tenant,
            &unique_key("captcha"),
            &clean_review(),
            Some("XXXX.DUMMY.TOKEN.XXXX"),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "captcha_failed",
    );
    assert_eq!(archived_submissions(&tenant), 0, "no review was stored");
}

#[test]
fn a_solved_captcha_lets_the_review_in_and_a_replay_is_never_verified_again() {
    let tenant = TestTenant::new();
    with_captcha(&tenant);
    let token = solved_token();
    let key = unique_key("captcha");
    let review = clean_review();
    let accepted = expect_accepted(submit(&tenant, &key, &review, Some(&token)));
    assert_eq!(verifications(&token), 1);
    // The replay is answered from the stored answer: with no token, or a token Turnstile would refuse, and
    // without asking siteverify again.
    assert_eq!(
        expect_accepted(submit(&tenant, &key, &review, None)),
        accepted
    );
    assert_eq!(
        expect_accepted(submit(&tenant, &key, &review, Some("forged.token.value"))),
        accepted
    );
    assert_eq!(
        expect_accepted(submit(&tenant, &key, &review, Some(&token))),
        accepted
    );
    assert_eq!(verifications(&token), 1, "a replay is never verified again");
    // The token is spent: another submission with it is refused as a duplicate.
    let detail = expect_error(
        submit(
            &tenant,
            &unique_key("captcha"),
            &clean_review(),
            Some(&token),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "captcha_failed",
    );
    assert!(
        detail.message.contains("timeout-or-duplicate"),
        "{}",
        detail.message
    );
}

#[test]
fn a_tenant_without_captcha_needs_no_token() {
    let tenant = TestTenant::new();
    expect_accepted(submit(
        &tenant,
        &unique_key("captcha"),
        &clean_review(),
        None,
    ));
    let config = json_of(
        edge().get(&format!("/v1/t/{}/config", tenant.id)),
        StatusCode::OK,
    );
    assert_eq!(config["captcha"], Value::Null);
}

#[test]
fn revisions_need_a_solved_captcha_too() {
    let tenant = TestTenant::new();
    let accepted = expect_accepted(submit(
        &tenant,
        &unique_key("captcha"),
        &clean_review(),
        None,
    ));
    json_of(
        tenant.decide(
            "compliance",
            &accepted.id,
            json!({ "decision": "reject", "reason_code": "off_topic" }),
        ),
        StatusCode::OK,
    );
    with_captcha(&tenant);
    expect_error(
        revise(&tenant, &accepted.id, accepted.token(), None),
        StatusCode::UNPROCESSABLE_ENTITY,
        "captcha_required",
    );
    let revision = expect_accepted(revise(
        &tenant,
        &accepted.id,
        accepted.token(),
        Some(&solved_token()),
    ));
    assert_ne!(revision.id, accepted.id);
}

#[test]
fn a_tenant_cannot_choose_where_the_turnstile_secret_is_sent() {
    let tenant = TestTenant::new();
    let settings = json!({
        "allowed_origins": [],
        "locales": ["en"],
        "captcha": { "site_key": SITE_KEY, "verify_url": "https://collector.example/siteverify" },
        "aggregate_rule": "all_reviews",
    });
    expect_error(
        tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&settings)),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    let mut bad_key = settings.clone();
    bad_key["captcha"] = json!({ "site_key": "key\"><script>" });
    let detail = expect_error(
        tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&bad_key)),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].field, "captcha.site_key");
}

#[test]
fn an_unreachable_turnstile_answers_503_with_retry_after_and_stores_nothing() {
    let tenant = TestTenant::new();
    with_captcha(&tenant);
    // The stand-in answers HTTP 500 for this token, as siteverify would during an outage.
    let response = send_once(
        edge()
            .submission_to(
                &tenant.id,
                PRODUCT,
                Some(&unique_key("captcha")),
                clean_review().to_string(),
            )
            .header("Captcha-Token", "standin.outage"),
    );
    assert_eq!(header(&response, "Retry-After"), "2");
    let detail = expect_error(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "captcha_unavailable",
    );
    assert_eq!(detail.retry_after, Some(2));
    assert_eq!(archived_submissions(&tenant), 0, "nothing was written");
}
