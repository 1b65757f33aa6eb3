//! Visitor actions on published reviews: reports with a reason (the review stays published and waits for compliance
//! until compliance clears the flag or rejects it; only the first flag moves it) and one helpful vote per client
//! address (keyed hash). Each visitor is a client bound to a loopback address of its own (`Edge::visitor`).

use std::sync::Barrier;
use std::thread;

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{Visitor, edge, expect_error, expect_summary, send};
use crate::api::fixture::TestTenant;
use crate::api::moderation::{json_of, review_at, submit_held};

fn flag(tenant: &TestTenant, id: &str, visitor: &Visitor, body: Value) -> Response {
    send(
        visitor
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{id}/flags", tenant.id),
            )
            .header("Content-Type", "application/json")
            .body(body.to_string()),
    )
}

fn helpful(tenant: &TestTenant, id: &str, visitor: &Visitor) -> Response {
    send(visitor.request(
        Method::POST,
        &format!("/v1/t/{}/reviews/{id}/helpful", tenant.id),
    ))
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
    let (visitor_a, visitor_b) = (edge().visitor(), edge().visitor());
    let answer = json_of(
        flag(
            &tenant,
            &id,
            &visitor_a,
            json!({ "reason": "off_topic", "note": "not about savings" }),
        ),
        StatusCode::CREATED,
    );
    assert_eq!(answer["status"], "received");
    // Still published and counted; now in compliance's flag queue.
    assert!(listed(&tenant, &id));
    assert_eq!(expect_summary(edge().get(&tenant.summary_path())).count, 1);
    assert_eq!(flagged_queue_ids(&tenant), std::slice::from_ref(&id));
    let record = tenant.record(&id);
    assert_eq!(
        (record["stage"].as_str(), record["flagged"].as_bool()),
        (Some("published"), Some(true))
    );
    assert_eq!(record["waiting_for"], "compliance");
    // A second visitor may report it too; the same visitor only once.
    json_of(
        flag(&tenant, &id, &visitor_b, json!({ "reason": "profanity" })),
        StatusCode::CREATED,
    );
    expect_error(
        flag(
            &tenant,
            &id,
            &visitor_a,
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
            &edge().visitor(),
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
    let actor = flag_row["actor"].as_str().unwrap();
    assert!(
        actor.len() == 64
            && actor.bytes().all(|b| b.is_ascii_hexdigit())
            && !actor.contains("127."),
        "visitors appear only as a keyed hash, never as an address: {actor}"
    );
}

#[test]
fn flags_need_a_published_review_and_a_known_reason() {
    let tenant = TestTenant::new();
    let v = edge().visitor();
    let (held, _) = submit_held(&tenant);
    expect_error(
        flag(&tenant, &held, &v, json!({ "reason": "off_topic" })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let (id, _) = review_at(&tenant, "published", json!({}));
    for reason in ["i_dislike_it", "withdrawn_by_author"] {
        let detail = expect_error(
            flag(&tenant, &id, &v, json!({ "reason": reason })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].field, "reason");
    }
    expect_error(
        flag(
            &tenant,
            &id,
            &v,
            json!({ "reason": "off_topic", "note": "n".repeat(1_001) }),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    expect_error(
        flag(&tenant, &id, &v, json!({ "why": "x" })),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    let other = TestTenant::new();
    expect_error(
        flag(&other, &id, &v, json!({ "reason": "off_topic" })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn one_helpful_vote_per_visitor() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "published", json!({}));
    let (other, _) = review_at(&tenant, "published", json!({}));
    let (v1, v2, v3) = (edge().visitor(), edge().visitor(), edge().visitor());
    assert_eq!(
        json_of(helpful(&tenant, &id, &v1), StatusCode::OK)["helpful"],
        1
    );
    expect_error(
        helpful(&tenant, &id, &v1),
        StatusCode::CONFLICT,
        "already_voted",
    );
    assert_eq!(
        json_of(helpful(&tenant, &id, &v2), StatusCode::OK)["helpful"],
        2
    );
    assert_eq!(
        json_of(helpful(&tenant, &id, &v3), StatusCode::OK)["helpful"],
        3
    );
    // The same visitor may vote on another review.
    assert_eq!(
        json_of(helpful(&tenant, &other, &v1), StatusCode::OK)["helpful"],
        1
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
        helpful(&tenant, &held, &v1),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_error(
        helpful(&tenant, "no-such-review", &v1),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

/// A new User-Agent does not make a new visitor: votes are deduplicated on the client's address.
#[test]
fn a_new_user_agent_does_not_buy_a_second_helpful_vote() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "published", json!({}));
    let voter = edge().visitor();
    let vote = |agent: &str| {
        send(
            voter
                .request(
                    Method::POST,
                    &format!("/v1/t/{}/reviews/{id}/helpful", tenant.id),
                )
                .header("User-Agent", agent),
        )
    };
    assert_eq!(json_of(vote("Browser/1.0"), StatusCode::OK)["helpful"], 1);
    for agent in ["Browser/2.0", "Another/9.9 (fresh)", ""] {
        expect_error(vote(agent), StatusCode::CONFLICT, "already_voted");
    }
    let page: Value = json_of(edge().get(&tenant.reviews_path()), StatusCode::OK);
    assert_eq!(page["reviews"][0]["helpful"], 1);
}

/// The actions of a review's trail, oldest first.
fn trail_actions(tenant: &TestTenant, id: &str) -> Vec<String> {
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
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

/// How many flags compliance's flag queue counts for the review.
fn open_flags(tenant: &TestTenant, id: &str) -> i64 {
    let queue = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            "/v1/admin/queue?stage=flagged",
            None,
        ),
        StatusCode::OK,
    );
    queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not in the flag queue: {queue}"))["open_flags"]
        .as_i64()
        .unwrap()
}

/// Ten visitors report one review: it becomes flagged once (one archive row), and every report is counted.
#[test]
fn ten_flags_make_one_transition() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "published", json!({}));
    let start = Barrier::new(5);
    // Five at once (a race for the first flag), then five more one after another.
    thread::scope(|scope| {
        for _ in 0..5 {
            let (tenant, id, start) = (&tenant, &id, &start);
            scope.spawn(move || {
                let visitor = edge().visitor();
                start.wait();
                json_of(
                    flag(tenant, id, &visitor, json!({ "reason": "off_topic" })),
                    StatusCode::CREATED,
                );
            });
        }
    });
    for _ in 0..5 {
        json_of(
            flag(
                &tenant,
                &id,
                &edge().visitor(),
                json!({ "reason": "profanity" }),
            ),
            StatusCode::CREATED,
        );
    }
    assert_eq!(
        trail_actions(&tenant, &id),
        ["submit", "pass", "approve", "approve", "flag"]
    );
    assert_eq!(open_flags(&tenant, &id), 10);
}

/// Compliance decides a flagged review while more visitors report it: the decision lands (never a 409), the
/// reports never undo it, and the trail shows one flag and the decision.
#[test]
fn flags_never_race_compliances_decision() {
    const LATE_FLAGS: usize = 12;
    for decision in [
        json!({ "decision": "clear_flag", "note": "fair criticism" }),
        json!({ "decision": "reject", "reason_code": "off_topic" }),
    ] {
        let tenant = TestTenant::new();
        let (id, _) = review_at(&tenant, "published", json!({}));
        json_of(
            flag(
                &tenant,
                &id,
                &edge().visitor(),
                json!({ "reason": "off_topic" }),
            ),
            StatusCode::CREATED,
        );
        let start = Barrier::new(LATE_FLAGS + 1);
        let decided = thread::scope(|scope| {
            for _ in 0..LATE_FLAGS {
                let (tenant, id, start) = (&tenant, &id, &start);
                scope.spawn(move || {
                    let visitor = edge().visitor();
                    start.wait();
                    let response = flag(
                        tenant,
                        id,
                        &visitor,
                        json!({ "reason": "spam_or_advertising" }),
                    );
                    // Before a rejection the report is recorded; after it the review is no longer public.
                    assert!(
                        [StatusCode::CREATED, StatusCode::NOT_FOUND].contains(&response.status()),
                        "a late flag: {}",
                        response.status()
                    );
                });
            }
            start.wait();
            json_of(
                tenant.decide("compliance", &id, decision.clone()),
                StatusCode::OK,
            )
        });
        let expected_stage = if decision["decision"] == "reject" {
            "rejected"
        } else {
            "published"
        };
        assert_eq!(decided["stage"], expected_stage);
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
            (Some(expected_stage), Some(false)),
            "no late flag undoes the decision"
        );
        let last = decision["decision"].as_str().unwrap();
        assert_eq!(
            trail_actions(&tenant, &id),
            ["submit", "pass", "approve", "approve", "flag", last]
        );
    }
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
            .header("Origin", "https://evil.example"),
    );
    expect_error(response, StatusCode::FORBIDDEN, "origin_not_allowed");
}
