//! `GET /v1/admin/reports/neutrality`: per product and star bucket, submitted, approved, rejected, approval rate and
//! time to decision, against a workload with known answers. Each review is submitted and decided at chosen instants
//! through the test clock (`X-Candor-Test-Clock`, test hooks only), so the durations are exact; the test never
//! touches the database.

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{edge, expect_error, send};
use crate::api::fixture::{TestTenant, now_ms};
use crate::api::moderation::{json_of, review_timed};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 86_400_000;

fn report(tenant: &TestTenant, role: &str, query: &str) -> Response {
    tenant.call(
        role,
        Method::GET,
        &format!("/v1/admin/reports/neutrality?{query}"),
        None,
    )
}

/// When the review entered its final stage, from its archive trail.
fn decided_at(tenant: &TestTenant, id: &str, stage: &str) -> i64 {
    let trail = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{id}/audit"),
            None,
        ),
        StatusCode::OK,
    );
    trail["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["to_stage"] == stage && entry["from_stage"] != stage)
        .and_then(|entry| entry["at"].as_i64())
        .unwrap_or_else(|| panic!("no move to {stage} in {trail}"))
}

fn rated(rating: u8) -> Value {
    json!({ "rating": rating })
}

/// A review of `rating` stars submitted at `submitted`, passed at once and rejected by compliance `after` later.
fn rejected_after(tenant: &TestTenant, rating: u8, submitted: i64, after: i64) -> String {
    let (id, _) = review_timed(
        tenant,
        "compliance_review",
        rated(rating),
        submitted,
        submitted,
    );
    json_of(
        tenant.decide_at(
            Some(submitted + after),
            "compliance",
            &id,
            json!({ "decision": "reject", "reason_code": "off_topic" }),
        ),
        StatusCode::OK,
    );
    id
}

/// A review of `rating` stars submitted at `submitted` and published `after` later.
fn published_after(tenant: &TestTenant, rating: u8, submitted: i64, after: i64) -> String {
    review_timed(
        tenant,
        "published",
        rated(rating),
        submitted,
        submitted + after,
    )
    .0
}

fn bucket(answer: &Value, rating: usize) -> &Value {
    let product = &answer["products"][0];
    assert_eq!(product["product"], "savings");
    let bucket = &product["stars"][rating - 1];
    assert_eq!(bucket["rating"], rating);
    bucket
}

#[test]
fn neutrality_report_matches_a_known_workload() {
    let tenant = TestTenant::new();
    let from = now_ms() - 7 * DAY;
    let period = format!("from={from}&to={}", now_ms() + DAY);

    // Every review is submitted at `submitted` and decided at a known distance after it, through the test clock.
    let submitted = now_ms() - 3 * DAY;
    // One star: published after 3 h, rejected after 1 h, one pending, one withdrawn.
    let one_published = published_after(&tenant, 1, submitted, 3 * HOUR);
    let one_rejected = rejected_after(&tenant, 1, submitted, HOUR);
    review_timed(&tenant, "compliance_review", rated(1), submitted, submitted);
    let (one_withdrawn, token) =
        review_timed(&tenant, "compliance_review", rated(1), submitted, submitted);
    let withdrawn = send(
        edge()
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{one_withdrawn}/withdraw", tenant.id),
            )
            .header("Authorization", format!("Bearer {token}")),
    );
    assert_eq!(withdrawn.status(), StatusCode::OK);
    // Five stars: published after 2 h and 4 h, rejected after 9 h.
    published_after(&tenant, 5, submitted, 2 * HOUR);
    published_after(&tenant, 5, submitted, 4 * HOUR);
    rejected_after(&tenant, 5, submitted, 9 * HOUR);
    // Three stars, submitted just before the period: not counted.
    published_after(&tenant, 3, from - 1, HOUR);
    // The archive keeps the instants the test clock named.
    assert_eq!(
        decided_at(&tenant, &one_published, "published"),
        submitted + 3 * HOUR
    );
    assert_eq!(
        decided_at(&tenant, &one_rejected, "rejected"),
        submitted + HOUR
    );

    let answer = json_of(report(&tenant, "compliance", &period), StatusCode::OK);
    assert_eq!(answer["products"].as_array().unwrap().len(), 1);
    let one = bucket(&answer, 1);
    assert_eq!(
        (
            &one["submitted"],
            &one["approved"],
            &one["rejected"],
            &one["withdrawn"],
            &one["pending"]
        ),
        (&json!(4), &json!(1), &json!(1), &json!(1), &json!(1))
    );
    assert_eq!(one["approval_rate"], 0.5);
    assert_eq!(one["decision_ms_median"], (2 * HOUR) as f64);
    assert_eq!(one["decision_ms_mean"], (2 * HOUR) as f64);
    let five = bucket(&answer, 5);
    assert_eq!(
        (
            &five["submitted"],
            &five["approved"],
            &five["rejected"],
            &five["withdrawn"],
            &five["pending"]
        ),
        (&json!(3), &json!(2), &json!(1), &json!(0), &json!(0))
    );
    assert_eq!(five["approval_rate"], 2.0 / 3.0);
    assert_eq!(five["decision_ms_median"], (4 * HOUR) as f64);
    assert_eq!(five["decision_ms_mean"], (5 * HOUR) as f64);
    for rating in [2, 3, 4] {
        let empty = bucket(&answer, rating);
        assert_eq!(empty["submitted"], 0, "{rating} stars");
        assert_eq!(empty["approval_rate"], Value::Null);
        assert_eq!(empty["decision_ms_median"], Value::Null);
    }

    // The owner reads the same; one product only gives the same numbers.
    let owners = json_of(
        report(&tenant, "owner", &format!("product=savings&{period}")),
        StatusCode::OK,
    );
    assert_eq!(owners["products"], answer["products"]);

    // Another tenant's token sees none of these reviews.
    let stranger = TestTenant::new();
    let theirs = json_of(report(&stranger, "compliance", &period), StatusCode::OK);
    for rating in 1..=5 {
        assert_eq!(bucket(&theirs, rating)["submitted"], 0);
    }
}

#[test]
fn neutrality_report_is_for_compliance_and_the_owner_only() {
    let tenant = TestTenant::new();
    for role in ["moderator", "admin", "marketer"] {
        expect_error(
            report(&tenant, role, ""),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    let fields = expect_error(
        report(&tenant, "owner", "from=2026-13-01"),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .fields;
    assert_eq!(fields.len(), 1);
    assert_eq!(
        (fields[0].field.as_str(), fields[0].code.as_str()),
        ("from", "invalid_time")
    );
    expect_error(
        report(&tenant, "owner", "product=no-such-product"),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

/// Puts the tenant's settings with `neutrality_alert_points` (absent: the default applies).
fn alert_points(tenant: &TestTenant, points: Option<u32>) -> Response {
    let mut body = crate::api::settings::settings(json!({}));
    let document = body.as_object_mut().unwrap();
    match points {
        Some(points) => document.insert("neutrality_alert_points".into(), json!(points)),
        None => document.remove("neutrality_alert_points"),
    };
    tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&body))
}

#[test]
fn buckets_carry_decisions_and_a_wilson_interval_and_a_gap_beyond_the_threshold_warns() {
    let tenant = TestTenant::new();
    let submitted = now_ms() - 2 * DAY;
    let period = format!("from={}&to={}", now_ms() - 7 * DAY, now_ms() + DAY);
    // One star: 15 of 30 decisions approved (50 %); five stars: 30 of 30 (100 %); four stars: 29 decisions only.
    for index in 0..30 {
        if index < 15 {
            published_after(&tenant, 1, submitted, HOUR);
        } else {
            rejected_after(&tenant, 1, submitted, HOUR);
        }
        published_after(&tenant, 5, submitted, 2 * HOUR);
        if index < 29 {
            rejected_after(&tenant, 4, submitted, HOUR);
        }
    }
    let close = |value: &Value, expected: f64| (value.as_f64().unwrap() - expected).abs() < 1e-4;

    // Settings stored without the threshold read as 10 points.
    json_of(alert_points(&tenant, None), StatusCode::OK);
    let answer = json_of(report(&tenant, "owner", &period), StatusCode::OK);
    assert_eq!(answer["threshold_points"], 10);
    let one = bucket(&answer, 1);
    assert_eq!(one["decisions"], 30);
    assert_eq!(one["approval_rate"], 0.5);
    assert!(close(&one["approval_interval"][0], 0.3315), "{one}");
    assert!(close(&one["approval_interval"][1], 0.6685), "{one}");
    let five = bucket(&answer, 5);
    assert!(close(&five["approval_interval"][0], 0.8865), "{five}");
    assert!(close(&five["approval_interval"][1], 1.0), "{five}");
    assert_eq!(bucket(&answer, 4)["decisions"], 29);
    assert_eq!(bucket(&answer, 2)["approval_interval"], Value::Null);
    // 1★ against 5★ differ by 50 points; 4★ (0 %, 29 decisions) is never compared.
    assert_eq!(
        answer["warnings"],
        json!([{
            "product": "savings",
            "ratings": [1, 5],
            "approval_rates": [0.5, 1.0],
            "difference_points": 50.0
        }])
    );

    // The tenant's threshold decides: 50 points is not more than 50.
    json_of(alert_points(&tenant, Some(50)), StatusCode::OK);
    let relaxed = json_of(report(&tenant, "compliance", &period), StatusCode::OK);
    assert_eq!(relaxed["threshold_points"], 50);
    assert_eq!(relaxed["warnings"], json!([]));
    json_of(alert_points(&tenant, Some(49)), StatusCode::OK);
    let strict = json_of(report(&tenant, "compliance", &period), StatusCode::OK);
    assert_eq!(strict["warnings"].as_array().unwrap().len(), 1);

    // The threshold is 1-100 percentage points.
    for points in [0, 101] {
        let refused = expect_error(
            alert_points(&tenant, Some(points)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(
            crate::api::client::field_codes(&refused),
            [("neutrality_alert_points", "out_of_range")]
        );
    }
}
