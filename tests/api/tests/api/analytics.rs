//! `GET /v1/admin/analytics`: published reviews per ISO week (UTC, Monday start) against a workload with known
//! answers. Each review is submitted at a chosen instant through the test clock (`X-Candor-Test-Clock`, test hooks
//! only); the test never touches the database.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{TEST_CLOCK, edge, expect_accepted, expect_error, send, unique_key};
use crate::api::fixture::TestTenant;
use crate::api::moderation::{held_review, json_of, review_timed};

/// 2026-03-02, a Monday (ISO week 2026-W10), 00:00 UTC.
const MONDAY_W10: i64 = 1_772_409_600_000;
const DAY: i64 = 86_400_000;
/// The period of the workload: three weeks, W10 to W12, `to` exclusive.
const PERIOD: &str = "from=2026-03-02&to=2026-03-23";

fn analytics(tenant: &TestTenant, role: &str, query: &str) -> reqwest::blocking::Response {
    tenant.call(
        role,
        Method::GET,
        &format!("/v1/admin/analytics?{query}"),
        None,
    )
}

/// Publishes a review of `product` (not necessarily the fixture's), submitted and decided at `at` (test clock),
/// and returns its id.
fn published_in(tenant: &TestTenant, product: &str, changes: Value, at: i64) -> String {
    let mut review = held_review();
    review
        .as_object_mut()
        .unwrap()
        .extend(changes.as_object().cloned().unwrap_or_default());
    let accepted = expect_accepted(send(
        edge()
            .submission_to(
                &tenant.id,
                product,
                Some(&unique_key("analytics")),
                review.to_string(),
            )
            .header(TEST_CLOCK, at.to_string()),
    ));
    for (role, decision) in [
        ("moderator", "pass"),
        ("compliance", "approve"),
        ("owner", "approve"),
    ] {
        json_of(
            tenant.decide_at(
                Some(at),
                role,
                &accepted.id,
                json!({ "decision": decision }),
            ),
            StatusCode::OK,
        );
    }
    accepted.id
}

/// The known workload: savings reviews in W10 and W12 (none in W11), one just outside each end of the period,
/// one not yet published, and a review of a second product in W12. Each is submitted at its instant through the
/// test clock.
fn workload(tenant: &TestTenant) {
    json_of(
        tenant.call(
            "marketer",
            Method::POST,
            "/v1/admin/products",
            Some(&json!({ "id": "checking", "line_id": "savings-line", "name": "Checking" })),
        ),
        StatusCode::CREATED,
    );
    let with = |rating: u8, attributes: Value, would_recommend: bool| json!({ "rating": rating, "attributes": attributes, "would_recommend": would_recommend });
    let at = |stage: &str, changes: Value, at: i64| review_timed(tenant, stage, changes, at, at);
    // Monday 00:00: the first instant of the period.
    at(
        "published",
        with(5, json!({ "fees": 5, "service": 4 }), true),
        MONDAY_W10,
    );
    // Sunday 23:59:59.999: still W10.
    at(
        "published",
        with(2, json!({ "fees": 1 }), false),
        MONDAY_W10 + 7 * DAY - 1,
    );
    // Wednesday of W12.
    at(
        "published",
        with(4, json!({ "fees": 3, "service": 5 }), true),
        MONDAY_W10 + 16 * DAY + DAY / 2,
    );
    // Just before `from`.
    at(
        "published",
        with(1, json!({ "fees": 1 }), false),
        MONDAY_W10 - 1,
    );
    // `to` is exclusive.
    at(
        "published",
        with(1, json!({ "fees": 1 }), false),
        MONDAY_W10 + 21 * DAY,
    );
    // Not published.
    at(
        "compliance_review",
        with(1, json!({ "fees": 1 }), false),
        MONDAY_W10 + DAY,
    );
    // The other product, W12.
    published_in(
        tenant,
        "checking",
        with(1, json!({}), false),
        MONDAY_W10 + 16 * DAY,
    );
}

fn week(answer: &Value, index: usize) -> &Value {
    &answer["buckets"][index]
}

#[test]
fn weekly_analytics_match_a_known_workload() {
    let tenant = TestTenant::new();
    workload(&tenant);

    let all = json_of(analytics(&tenant, "marketer", PERIOD), StatusCode::OK);
    assert_eq!(all["bucket"], "week");
    assert_eq!(all["from"], MONDAY_W10);
    assert_eq!(all["to"], MONDAY_W10 + 21 * DAY);
    let weeks = all["buckets"].as_array().unwrap();
    let labels: Vec<&str> = weeks.iter().map(|w| w["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["2026-W10", "2026-W11", "2026-W12"]);
    let starts: Vec<&str> = weeks.iter().map(|w| w["start"].as_str().unwrap()).collect();
    assert_eq!(starts, ["2026-03-02", "2026-03-09", "2026-03-16"]);

    let w10 = week(&all, 0);
    assert_eq!(w10["count"], 2);
    assert_eq!(w10["mean"], 3.5);
    assert_eq!(w10["histogram"], json!([0, 1, 0, 0, 1]));
    assert_eq!(w10["would_recommend_pct"], 50.0);
    assert_eq!(
        w10["attributes"],
        json!({ "fees": { "count": 2, "mean": 3.0 }, "service": { "count": 1, "mean": 4.0 } })
    );
    let w11 = week(&all, 1);
    assert_eq!(w11["count"], 0);
    assert_eq!(w11["mean"], Value::Null);
    assert_eq!(w11["would_recommend_pct"], Value::Null);
    assert_eq!(w11["histogram"], json!([0, 0, 0, 0, 0]));
    assert_eq!(w11["attributes"], json!({}));
    let w12 = week(&all, 2);
    assert_eq!(w12["count"], 2);
    assert_eq!(w12["mean"], 2.5);
    assert_eq!(w12["histogram"], json!([1, 0, 0, 1, 0]));
    assert_eq!(w12["would_recommend_pct"], 50.0);
    assert_eq!(
        w12["attributes"],
        json!({ "fees": { "count": 1, "mean": 3.0 }, "service": { "count": 1, "mean": 5.0 } })
    );

    // One product only; the period given in milliseconds means the same.
    let query = format!(
        "product=savings&from={MONDAY_W10}&to={}&bucket=week",
        MONDAY_W10 + 21 * DAY
    );
    let savings = json_of(analytics(&tenant, "owner", &query), StatusCode::OK);
    assert_eq!(savings["product"], "savings");
    assert_eq!(week(&savings, 0), week(&all, 0));
    assert_eq!(week(&savings, 2)["count"], 1);
    assert_eq!(week(&savings, 2)["mean"], 4.0);
    assert_eq!(week(&savings, 2)["would_recommend_pct"], 100.0);
    let checking = json_of(
        analytics(&tenant, "compliance", &format!("product=checking&{PERIOD}")),
        StatusCode::OK,
    );
    assert_eq!(week(&checking, 2)["count"], 1);
    assert_eq!(week(&checking, 2)["histogram"], json!([1, 0, 0, 0, 0]));
    assert_eq!(week(&checking, 2)["attributes"], json!({}));
    assert_eq!(week(&checking, 0)["count"], 0);

    // Every staff role may read it.
    for role in ["moderator", "admin"] {
        assert_eq!(analytics(&tenant, role, PERIOD).status(), StatusCode::OK);
    }

    // Another tenant's token sees none of these reviews, even for a product id both tenants have.
    let stranger = TestTenant::new();
    for query in [PERIOD.to_owned(), format!("product=savings&{PERIOD}")] {
        let theirs = json_of(analytics(&stranger, "owner", &query), StatusCode::OK);
        let counts: Vec<i64> = theirs["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["count"].as_i64().unwrap())
            .collect();
        assert_eq!(counts, [0, 0, 0], "{query}");
    }
    expect_error(
        analytics(&stranger, "owner", &format!("product=checking&{PERIOD}")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn analytics_refuse_bad_parameters_with_field_errors() {
    let tenant = TestTenant::new();
    let fields = |query: &str| -> Vec<(String, String)> {
        expect_error(
            analytics(&tenant, "owner", query),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .fields
        .into_iter()
        .map(|field| (field.field, field.code))
        .collect()
    };
    let pair = |field: &str, code: &str| (field.to_owned(), code.to_owned());
    assert_eq!(
        fields("from=yesterday&to=2026-02-30"),
        [pair("from", "invalid_time"), pair("to", "invalid_time")]
    );
    assert_eq!(
        fields("from=2026-03-09&to=2026-03-02"),
        [pair("to", "not_after_from")]
    );
    assert_eq!(
        fields("from=2020-01-01&to=2026-01-01"),
        [pair("to", "period_too_long")]
    );
    assert_eq!(fields("bucket=day"), [pair("bucket", "invalid_choice")]);
    expect_error(
        analytics(&tenant, "owner", "product=no-such-product"),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // Without a period: the twelve weeks up to the end of today (a 13th when today is not a Monday).
    let default = json_of(analytics(&tenant, "owner", ""), StatusCode::OK);
    let weeks = default["buckets"].as_array().unwrap().len();
    assert!((12..=13).contains(&weeks), "{weeks} weeks");
    assert_eq!(
        default["to"].as_i64().unwrap() - default["from"].as_i64().unwrap(),
        84 * DAY
    );
    expect_error(
        edge().get("/v1/admin/analytics"),
        StatusCode::UNAUTHORIZED,
        "token_required",
    );
}

#[test]
fn monthly_analytics_bucket_by_calendar_month_and_sum_their_weeks() {
    let tenant = TestTenant::new();
    workload(&tenant);

    // February and March 2026: the review just before 2 March and the one on 23 March count in March now.
    let months = json_of(
        analytics(
            &tenant,
            "moderator",
            "bucket=month&from=2026-02-01&to=2026-04-01",
        ),
        StatusCode::OK,
    );
    assert_eq!(months["bucket"], "month");
    let labels: Vec<&str> = months["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-02", "2026-03"]);
    assert_eq!(months["buckets"][0]["count"], 0);
    assert_eq!(months["buckets"][0]["start"], "2026-02-01");
    let march = &months["buckets"][1];
    assert_eq!(march["start"], "2026-03-01");
    assert_eq!(march["count"], 6);
    assert_eq!(march["histogram"], json!([3, 1, 0, 1, 1]));
    assert_eq!(march["mean"], 14.0 / 6.0);
    assert_eq!(march["would_recommend_pct"], 200.0 / 6.0);
    assert_eq!(march["attributes"]["fees"]["count"], 5);
    assert_eq!(march["cta_clicks"], 0);

    // A month cut by the period holds what its weeks hold.
    let cut = json_of(
        analytics(&tenant, "owner", &format!("bucket=month&{PERIOD}")),
        StatusCode::OK,
    );
    let weeks = json_of(analytics(&tenant, "owner", PERIOD), StatusCode::OK);
    assert_eq!(cut["buckets"].as_array().unwrap().len(), 1);
    let week_counts: Vec<u64> = weeks["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["count"].as_u64().unwrap())
        .collect();
    assert_eq!(cut["buckets"][0]["count"], week_counts.iter().sum::<u64>());
    assert_eq!(cut["buckets"][0]["count"], 4);
}
