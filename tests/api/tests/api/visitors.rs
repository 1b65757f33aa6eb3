//! Visitor actions on published reviews: reports with a reason (the review stays published and waits for compliance
//! until compliance clears the flag or rejects it) and one helpful vote per visitor (keyed visitor hash).

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{edge, expect_error, expect_summary, send};
use crate::api::fixture::TestTenant;
use crate::api::moderation::{json_of, review_at, submit_held};

/// The header the local test configuration honours in place of IP + user agent.
const VISITOR: &str = "X-Candor-Test-Visitor";

fn flag(tenant: &TestTenant, id: &str, visitor: &str, body: Value) -> Response {
    send(
        edge()
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{id}/flags", tenant.id),
            )
            .header(VISITOR, visitor)
            .header("Content-Type", "application/json")
            .body(body.to_string()),
    )
}

fn helpful(tenant: &TestTenant, id: &str, visitor: Option<&str>) -> Response {
    let mut request = edge().request(
        Method::POST,
        &format!("/v1/t/{}/reviews/{id}/helpful", tenant.id),
    );
    if let Some(visitor) = visitor {
        request = request.header(VISITOR, visitor);
    }
    send(request)
}

fn flagged_queue_ids(tenant: &TestTenant) -> Vec<String> {
    let queue = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            "/v1/admin/queue?stage=flagged",
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(queue["stage"], "flagged");
    queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

fn listed(tenant: &TestTenant, id: &str) -> bool {
    let text = edge().get(&tenant.reviews_path()).text().unwrap();
    text.contains(id)
}

#[test]
fn a_flagged_review_stays_published_until_compliance_rejects_it() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(
        &tenant,
        "published",
        json!({ "rating": 1, "would_recommend": false }),
    );
    let answer = json_of(
        flag(
            &tenant,
            &id,
            "visitor-a",
            json!({ "reason": "off_topic", "note": "not about savings" }),
        ),
        StatusCode::CREATED,
    );
    assert_eq!(answer["status"], "received");
    // Still published and counted; now in compliance's flag queue.
    assert!(listed(&tenant, &id));
    assert_eq!(expect_summary(edge().get(&tenant.summary_path())).count, 1);
    assert_eq!(flagged_queue_ids(&tenant), std::slice::from_ref(&id));
    let record = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{id}"),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(
        (record["stage"].as_str(), record["flagged"].as_bool()),
        (Some("published"), Some(true))
    );
    assert_eq!(record["waiting_for"], "compliance");
    // A second visitor may report it too; the same visitor only once.
    json_of(
        flag(&tenant, &id, "visitor-b", json!({ "reason": "profanity" })),
        StatusCode::CREATED,
    );
    expect_error(
        flag(
            &tenant,
            &id,
            "visitor-a",
            json!({ "reason": "spam_or_advertising" }),
        ),
        StatusCode::CONFLICT,
        "already_flagged",
    );
    // Only compliance decides; the owner cannot.
    expect_error(
        tenant.decide(
            "owner",
            &id,
            json!({ "decision": "reject", "reason_code": "off_topic" }),
        ),
        StatusCode::FORBIDDEN,
        "wrong_role",
    );
    let answer = json_of(
        tenant.decide(
            "compliance",
            &id,
            json!({ "decision": "reject", "reason_code": "off_topic" }),
        ),
        StatusCode::OK,
    );
    assert_eq!(answer["stage"], "rejected");
    assert!(!listed(&tenant, &id));
    let summary = expect_summary(edge().get(&tenant.summary_path()));
    assert_eq!(
        (summary.count, summary.histogram),
        (0, Some([0, 0, 0, 0, 0]))
    );
    assert!(flagged_queue_ids(&tenant).is_empty());
}

#[test]
fn compliance_may_clear_a_flag_and_the_review_stays() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "published", json!({}));
    json_of(
        flag(
            &tenant,
            &id,
            "visitor-c",
            json!({ "reason": "legal_or_compliance" }),
        ),
        StatusCode::CREATED,
    );
    // Flags belong to compliance's stage: the officer who approved the review may decide its flag too.
    let answer = json_of(
        tenant.decide(
            "compliance",
            &id,
            json!({ "decision": "clear_flag", "note": "harsh but fair" }),
        ),
        StatusCode::OK,
    );
    assert_eq!(
        (answer["stage"].as_str(), answer["flagged"].as_bool()),
        (Some("published"), Some(false))
    );
    assert!(listed(&tenant, &id));
    assert!(flagged_queue_ids(&tenant).is_empty());
    let trail = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{id}/audit"),
            None,
        ),
        StatusCode::OK,
    );
    let actions: Vec<&str> = trail["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["submit", "pass", "approve", "approve", "flag", "clear_flag"]
    );
    let flag_row = &trail["entries"][4];
    assert_eq!(flag_row["role"], "visitor");
    assert_eq!(flag_row["note"], "reported as legal_or_compliance");
    assert!(
        !flag_row["actor"].as_str().unwrap().contains("visitor-c"),
        "visitors appear only as a keyed hash"
    );
}

#[test]
fn flags_need_a_published_review_and_a_known_reason() {
    let tenant = TestTenant::new();
    let (held, _) = submit_held(&tenant);
    expect_error(
        flag(&tenant, &held, "v", json!({ "reason": "off_topic" })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let (id, _) = review_at(&tenant, "published", json!({}));
    for reason in ["i_dislike_it", "withdrawn_by_author"] {
        let detail = expect_error(
            flag(&tenant, &id, "v", json!({ "reason": reason })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].field, "reason");
    }
    expect_error(
        flag(
            &tenant,
            &id,
            "v",
            json!({ "reason": "off_topic", "note": "n".repeat(1_001) }),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    expect_error(
        flag(&tenant, &id, "v", json!({ "why": "x" })),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    let other = TestTenant::new();
    expect_error(
        flag(&other, &id, "v", json!({ "reason": "off_topic" })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn one_helpful_vote_per_visitor() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "published", json!({}));
    let (other, _) = review_at(&tenant, "published", json!({}));
    assert_eq!(
        json_of(helpful(&tenant, &id, Some("v1")), StatusCode::OK)["helpful"],
        1
    );
    expect_error(
        helpful(&tenant, &id, Some("v1")),
        StatusCode::CONFLICT,
        "already_voted",
    );
    assert_eq!(
        json_of(helpful(&tenant, &id, Some("v2")), StatusCode::OK)["helpful"],
        2
    );
    // Without the test header, the visitor is the keyed hash of IP and user agent: this client, twice.
    assert_eq!(
        json_of(helpful(&tenant, &id, None), StatusCode::OK)["helpful"],
        3
    );
    expect_error(
        helpful(&tenant, &id, None),
        StatusCode::CONFLICT,
        "already_voted",
    );
    // Helpful order puts it first.
    let page: Value = json_of(
        edge().get(&format!("{}?sort=helpful", tenant.reviews_path())),
        StatusCode::OK,
    );
    assert_eq!(page["reviews"][0]["id"], id.as_str());
    assert_eq!(page["reviews"][0]["helpful"], 3);
    assert_eq!(page["reviews"][1]["id"], other.as_str());
    let (held, _) = submit_held(&tenant);
    expect_error(
        helpful(&tenant, &held, Some("v1")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_error(
        helpful(&tenant, "no-such-review", Some("v1")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn visitor_writes_from_a_foreign_origin_are_refused() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "published", json!({}));
    let response = send(
        edge()
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{id}/helpful", tenant.id),
            )
            .header(VISITOR, "v-origin")
            .header("Origin", "https://evil.example"),
    );
    expect_error(response, StatusCode::FORBIDDEN, "origin_not_allowed");
}
