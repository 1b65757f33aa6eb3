//! Moderation on the staff API: queues with findings, age and SLA state; the review record and its archive trail;
//! decisions by the role that owns the stage, four-eyes across stages, reasons, and the one-batch guarantee that a
//! racing second decision changes nothing.

use candor_domain::dto::{ReviewPage, Summary};
use candor_domain::public_answers::RenderedReviewPage;
use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{
    StatusTokenOf, clean_body, edge, expect_accepted, expect_error, expect_json_text,
    expect_review_status, expect_summary, valid_review_with,
};
use crate::api::fixture::{ROLES, TestTenant, now_ms, person};

pub fn json_of(response: Response, status: StatusCode) -> Value {
    serde_json::from_str(&expect_json_text(response, status)).expect("JSON")
}

/// A review screening holds at `screening` for a moderator (it names an e-mail address), with a contact e-mail.
pub fn held_review() -> Value {
    valid_review_with(json!({
        "body": format!("{} Write to me at someone@example.com if you need more.", clean_body()),
        "contact_email": "author@example.org",
        "contact_consent": true,
    }))
}

/// Submits a held review and returns its id and status token.
pub fn submit_held(tenant: &TestTenant) -> (String, String) {
    let accepted = expect_accepted(tenant.submit(&held_review()));
    assert_eq!(accepted.status.as_str(), "screening");
    let token = accepted.token().to_owned();
    (accepted.id, token)
}

/// Submits a review with the given rating/attributes and walks it to `stage` (screening, compliance_review,
/// owner_review or published) with the tenant's moderator, compliance and owner.
pub fn review_at(tenant: &TestTenant, stage: &str, changes: Value) -> (String, String) {
    walk_to(tenant, stage, changes, None, None)
}

/// Like `review_at`, but submitted at the instant `submitted` and every decision taken at `decided` (Unix ms,
/// through the test clock): the review's times are exactly these, without touching the database.
pub fn review_timed(
    tenant: &TestTenant,
    stage: &str,
    changes: Value,
    submitted: i64,
    decided: i64,
) -> (String, String) {
    walk_to(tenant, stage, changes, Some(submitted), Some(decided))
}

fn walk_to(
    tenant: &TestTenant,
    stage: &str,
    changes: Value,
    submitted: Option<i64>,
    decided: Option<i64>,
) -> (String, String) {
    let mut review = held_review();
    review
        .as_object_mut()
        .unwrap()
        .extend(changes.as_object().cloned().unwrap_or_default());
    let accepted = expect_accepted(tenant.submit_at(submitted, &review));
    let steps = [
        ("screening", "moderator", "pass"),
        ("compliance_review", "compliance", "approve"),
        ("owner_review", "owner", "approve"),
    ];
    for (at, role, decision) in steps {
        if at == stage {
            break;
        }
        json_of(
            tenant.decide_at(decided, role, &accepted.id, json!({ "decision": decision })),
            StatusCode::OK,
        );
    }
    let token = accepted.token().to_owned();
    (accepted.id, token)
}

fn queue(tenant: &TestTenant, role: &str, query: &str) -> Value {
    json_of(
        tenant.call(role, Method::GET, &format!("/v1/admin/queue{query}"), None),
        StatusCode::OK,
    )
}

fn item<'a>(queue: &'a Value, id: &str) -> Option<&'a Value> {
    queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["id"] == id)
}

/// The summary as a visitor reads it, through the edge cache: after a write it shows the write only if the write
/// forgot the cached copy.
fn summary(tenant: &TestTenant) -> Summary {
    expect_summary(edge().get(&tenant.summary_path()))
}

/// The summary computed from what D1 holds now, skipping the edge cache (a cached copy would hide a wrong change).
fn stored_summary(tenant: &TestTenant) -> Summary {
    expect_summary(edge().get_uncached(&tenant.summary_path()))
}

fn list(tenant: &TestTenant) -> ReviewPage {
    let text = expect_json_text(edge().get(&tenant.reviews_path()), StatusCode::OK);
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("not a ReviewPage ({error}): {text}"))
}

/// The first view as a visitor reads it, through the edge's caches (the isolate's memory, then the Cache API).
pub fn first_view(tenant: &TestTenant) -> String {
    let response = edge().get(&tenant.first_view_path());
    assert_eq!(response.status(), StatusCode::OK);
    response.text().expect("the first view is readable")
}

/// The HTML of the widget list's first page, through the edge's caches.
pub fn list_page_html(tenant: &TestTenant) -> String {
    let page: RenderedReviewPage = serde_json::from_str(&expect_json_text(
        edge().get(&tenant.list_page_path()),
        StatusCode::OK,
    ))
    .expect("a RenderedReviewPage");
    page.html
}

#[test]
fn held_review_waits_in_the_moderator_queue_with_findings_age_and_sla() {
    let tenant = TestTenant::new();
    let before = now_ms();
    let (id, _) = submit_held(&tenant);
    let queue = queue(&tenant, "moderator", "");
    assert_eq!(queue["stage"], "screening");
    assert_eq!(queue["sort"], "age");
    let item = item(&queue, &id).expect("the held review is queued");
    assert_eq!(item["product"], "savings");
    let kinds: Vec<&str> = item["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"email"), "{kinds:?}");
    assert!(item["age_seconds"].as_i64().unwrap() < 120);
    assert!(item["waiting_since"].as_i64().unwrap() >= before - 1_000);
    assert_eq!(item["sla"]["target_hours"], 4);
    assert_eq!(item["sla"]["state"], "on_track");
    assert_eq!(
        item["sla"]["due_at"].as_i64().unwrap(),
        item["waiting_since"].as_i64().unwrap() + 4 * 3_600_000
    );
    assert!(
        item.get("rating").is_none(),
        "queues never show the star value"
    );
}

#[test]
fn queue_defaults_to_the_role_stage_and_lists_oldest_first() {
    let tenant = TestTenant::new();
    let (first, _) = review_at(&tenant, "compliance_review", json!({}));
    let (second, _) = review_at(&tenant, "compliance_review", json!({}));
    let (owners, _) = review_at(&tenant, "owner_review", json!({}));
    let compliance = queue(&tenant, "compliance", "");
    assert_eq!(compliance["stage"], "compliance_review");
    let ids: Vec<&str> = compliance["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    assert_eq!(compliance["items"][0]["sla"]["target_hours"], 24);
    let owner = queue(&tenant, "owner", "");
    assert_eq!(owner["stage"], "owner_review");
    assert!(item(&owner, &owners).is_some());
    // Any deciding role may look at another stage's queue.
    let seen = queue(&tenant, "moderator", "?stage=owner_review&sort=age");
    assert!(item(&seen, &owners).is_some());
}

#[test]
fn queue_refuses_unknown_stage_or_sort_and_non_deciding_roles() {
    let tenant = TestTenant::new();
    for query in [
        "?stage=published",
        "?stage=nonsense",
        "?sort=rating",
        "?limit=many",
    ] {
        expect_error(
            tenant.call(
                "moderator",
                Method::GET,
                &format!("/v1/admin/queue{query}"),
                None,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    for role in ["admin", "marketer"] {
        expect_error(
            tenant.call(role, Method::GET, "/v1/admin/queue", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
}

#[test]
fn review_record_shows_staff_whether_there_is_a_contact_and_who_it_waits_for() {
    let tenant = TestTenant::new();
    let (id, _) = submit_held(&tenant);
    let record = json_of(
        tenant.call(
            "moderator",
            Method::GET,
            &format!("/v1/admin/reviews/{id}"),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(record["id"], id.as_str());
    assert_eq!(record["stage"], "screening");
    assert_eq!(record["waiting_for"], "moderator");
    // The record says only that a contact is stored; the e-mail itself is an archived read of compliance or owner.
    assert_eq!(record["has_contact"], true);
    assert!(record.get("contact_email").is_none(), "{record}");
    assert_eq!(record["flags"], serde_json::json!([]));
    expect_error(
        tenant.call(
            "moderator",
            Method::GET,
            &format!("/v1/admin/reviews/{id}/contact"),
            None,
        ),
        StatusCode::FORBIDDEN,
        "wrong_role",
    );
    let contact = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{id}/contact"),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(contact["email"], "author@example.org");
    assert_eq!(record["rating"], 4);
    assert_eq!(record["attributes"]["fees"], 5);
    assert!(!record["findings"].as_array().unwrap().is_empty());
    assert_eq!(record["content_hash"].as_str().unwrap().len(), 64);
    for role in ["admin", "marketer"] {
        expect_error(
            tenant.call(role, Method::GET, &format!("/v1/admin/reviews/{id}"), None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
}

#[test]
fn another_tenants_review_is_404_for_every_staff_endpoint() {
    let mine = TestTenant::new();
    let theirs = TestTenant::new();
    let (id, _) = submit_held(&theirs);
    for path in [
        format!("/v1/admin/reviews/{id}"),
        format!("/v1/admin/reviews/{id}/audit"),
    ] {
        expect_error(
            mine.call("moderator", Method::GET, &path, None),
            StatusCode::NOT_FOUND,
            "not_found",
        );
    }
    expect_error(
        mine.decide("moderator", &id, json!({ "decision": "pass" })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert!(item(&queue(&mine, "moderator", ""), &id).is_none());
    // Still waiting, untouched, at its own tenant.
    assert!(item(&queue(&theirs, "moderator", ""), &id).is_some());
}

#[test]
fn a_review_walked_through_every_stage_is_published_in_summary_and_list() {
    let tenant = TestTenant::new();
    let (id, status_token) = submit_held(&tenant);
    // Read once before the publication, so cached copies exist: the publication must replace them.
    assert_eq!(summary(&tenant).count, 0);
    assert!(!first_view(&tenant).contains(&id));
    assert!(!list_page_html(&tenant).contains(&id));
    for (role, decision, stage) in [
        ("moderator", "pass", "compliance_review"),
        ("compliance", "approve", "owner_review"),
        ("owner", "approve", "published"),
    ] {
        let answer = json_of(
            tenant.decide(
                role,
                &id,
                json!({ "decision": decision, "note": format!("{role} ok") }),
            ),
            StatusCode::OK,
        );
        assert_eq!(answer["stage"], stage);
        assert_eq!(answer["decision"], decision);
        if stage != "published" {
            assert_eq!(
                stored_summary(&tenant).count,
                0,
                "nothing counts before publication"
            );
        }
    }
    // Read-after-write: the very next reads show the publication (summary, first view and the widget's list).
    let summary = summary(&tenant);
    assert_eq!(summary.count, 1);
    assert!(
        first_view(&tenant).contains(&id),
        "the first view shows the new review"
    );
    assert!(
        list_page_html(&tenant).contains(&id),
        "the list page shows the new review"
    );
    assert_eq!(summary.mean, Some(4.0));
    assert_eq!(summary.histogram, Some([0, 0, 0, 1, 0]));
    assert_eq!(summary.would_recommend_percent, Some(100));
    let scores: Vec<(&str, u64, Option<f64>)> = summary
        .attribute_scores
        .iter()
        .map(|s| (s.key.as_str(), s.count, s.mean))
        .collect();
    assert_eq!(scores, [("fees", 1, Some(5.0)), ("service", 1, Some(4.0))]);

    let page = list(&tenant);
    assert_eq!(page.reviews.len(), 1);
    assert_eq!(page.reviews[0].id, id);
    let listed = expect_json_text(edge().get(&tenant.reviews_path()), StatusCode::OK);
    assert!(
        !listed.contains("author@example.org"),
        "the contact e-mail is never public"
    );

    let status = expect_review_status(edge().status(&tenant.id, &id, Some(&status_token)));
    assert_eq!(status.stage.as_str(), "published");

    // The trail: intake, then one row per decision, by the named people, chained by hash.
    let trail = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{id}/audit"),
            None,
        ),
        StatusCode::OK,
    );
    let entries = trail["entries"].as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["submit", "pass", "approve", "approve"]);
    let actors: Vec<&str> = entries
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert_eq!(
        actors[1..],
        [person("moderator"), person("compliance"), person("owner")]
            .each_ref()
            .map(String::as_str)
    );
    let seqs: Vec<i64> = entries
        .iter()
        .map(|e| e["review_seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4]);
    for pair in entries.windows(2) {
        assert_eq!(
            pair[1]["prev_hash"], pair[0]["row_hash"],
            "one chain, no gaps (this tenant did nothing else)"
        );
    }
    assert_eq!(entries[3]["note"], "owner ok");
    assert_eq!(entries[3]["to_stage"], "published");
}

/// The decision that moves a review on from each waiting stage, and the role that owns that stage.
const FORWARD: [(&str, &str, &str); 3] = [
    ("screening", "moderator", "pass"),
    ("compliance_review", "compliance", "approve"),
    ("owner_review", "owner", "approve"),
];

#[test]
fn role_matrix_only_the_role_owning_the_stage_decides() {
    let tenant = TestTenant::new();
    for (stage, owner_role, forward) in FORWARD {
        let (id, _) = review_at(&tenant, stage, json!({}));
        for role in ROLES {
            if role == owner_role {
                continue;
            }
            for decision in ["pass", "approve", "reject", "send_back", "clear_flag"] {
                let body = if decision == "reject" {
                    json!({ "decision": decision, "reason_code": "off_topic" })
                } else {
                    json!({ "decision": decision })
                };
                let response = tenant.decide(role, &id, body);
                expect_error(response, StatusCode::FORBIDDEN, "wrong_role");
            }
        }
        // The owning role: decisions the stage does not have are 409, its own forward decision 200.
        for decision in ["pass", "approve", "send_back", "clear_flag"] {
            if decision == forward || (decision == "send_back" && stage != "screening") {
                continue;
            }
            expect_error(
                tenant.decide(owner_role, &id, json!({ "decision": decision })),
                StatusCode::CONFLICT,
                "decision_not_allowed",
            );
        }
        let answer = json_of(
            tenant.decide(owner_role, &id, json!({ "decision": forward })),
            StatusCode::OK,
        );
        assert_eq!(answer["from"], stage);
    }
}

#[test]
fn send_back_returns_a_review_one_stage() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "owner_review", json!({}));
    let answer = json_of(
        tenant.decide("owner", &id, json!({ "decision": "send_back" })),
        StatusCode::OK,
    );
    assert_eq!(answer["stage"], "compliance_review");
    let answer = json_of(
        tenant.decide(
            "compliance",
            &id,
            json!({ "decision": "send_back", "note": "check the e-mail again" }),
        ),
        StatusCode::OK,
    );
    assert_eq!(answer["stage"], "screening");
    // The same people may decide their own stages again.
    json_of(
        tenant.decide("moderator", &id, json!({ "decision": "pass" })),
        StatusCode::OK,
    );
}

#[test]
fn published_review_accepts_no_staff_decision_without_a_flag() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "published", json!({}));
    expect_error(
        tenant.decide("compliance", &id, json!({ "decision": "clear_flag" })),
        StatusCode::CONFLICT,
        "not_flagged",
    );
    expect_error(
        tenant.decide("owner", &id, json!({ "decision": "approve" })),
        StatusCode::CONFLICT,
        "decision_not_allowed",
    );
    for role in ["admin", "marketer"] {
        expect_error(
            tenant.decide(
                role,
                &id,
                json!({ "decision": "reject", "reason_code": "off_topic" }),
            ),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
}

/// One decision with a given token (not a role's first holder).
fn decide_with(
    tenant: &TestTenant,
    token: &str,
    id: &str,
    body: Value,
) -> reqwest::blocking::Response {
    crate::api::client::send(
        tenant
            .staff(
                token,
                Method::POST,
                &format!("/v1/admin/reviews/{id}/decisions"),
            )
            .header("Content-Type", "application/json")
            .body(body.to_string()),
    )
}

#[test]
fn four_eyes_the_same_person_cannot_decide_two_stages() {
    let tenant = TestTenant::new();
    let (id, _) = submit_held(&tenant);
    let sam = tenant.add_person("moderator", "Sam Same");
    let (_, first_token) = tenant.issue_token(&sam, 1);
    json_of(
        decide_with(&tenant, &first_token, &id, json!({ "decision": "pass" })),
        StatusCode::OK,
    );
    // The same person becomes compliance, under another display name, with a second token: still one person.
    json_of(
        tenant.call(
            "admin",
            Method::PATCH,
            &format!("/v1/admin/people/{sam}"),
            Some(&json!({ "role": "compliance", "display_name": "Samantha Other" })),
        ),
        StatusCode::OK,
    );
    let (_, second_token) = tenant.issue_token(&sam, 1);
    for token in [&second_token, &first_token] {
        expect_error(
            decide_with(&tenant, token, &id, json!({ "decision": "approve" })),
            StatusCode::FORBIDDEN,
            "four_eyes",
        );
    }
    // A different person with the very same display name as Sam had is someone else: they may decide.
    let twin = tenant.add_person("compliance", "Sam Same");
    let (_, twin_token) = tenant.issue_token(&twin, 1);
    json_of(
        decide_with(&tenant, &twin_token, &id, json!({ "decision": "approve" })),
        StatusCode::OK,
    );
    let trail = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{id}/audit"),
            None,
        ),
        StatusCode::OK,
    );
    let people: Vec<&str> = trail["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|entry| entry["person_id"].as_str())
        .collect();
    assert_eq!(
        people,
        [sam.as_str(), twin.as_str()],
        "decisions name person ids"
    );
}

#[test]
fn reject_needs_a_reason_and_the_author_sees_it() {
    let tenant = TestTenant::new();
    let (id, status_token) = submit_held(&tenant);
    // A refused decision is 422 `validation_failed` with the domain's code on the field it concerns.
    for (body, field, code) in [
        (
            json!({ "decision": "reject" }),
            "reason_code",
            "reason_required",
        ),
        (
            json!({ "decision": "reject", "reason_code": "withdrawn_by_author" }),
            "reason_code",
            "reason_not_for_rejection",
        ),
        (
            json!({ "decision": "reject", "reason_code": "too_positive" }),
            "reason_code",
            "invalid_choice",
        ),
        (
            json!({ "decision": "pass", "reason_code": "off_topic" }),
            "reason_code",
            "reason_not_allowed",
        ),
        (
            json!({ "decision": "pass", "note": "x".repeat(2_001) }),
            "note",
            "note_too_long",
        ),
    ] {
        let detail = expect_error(
            tenant.decide("moderator", &id, body),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(
            (
                detail.fields[0].field.as_str(),
                detail.fields[0].code.as_str()
            ),
            (field, code)
        );
    }
    let answer = json_of(
        tenant.decide(
            "moderator",
            &id,
            json!({ "decision": "reject", "reason_code": "personal_information" }),
        ),
        StatusCode::OK,
    );
    assert_eq!(answer["stage"], "rejected");
    let status = expect_review_status(edge().status(&tenant.id, &id, Some(&status_token)));
    assert_eq!(status.stage.as_str(), "rejected");
    assert_eq!(status.reason_code.as_deref(), Some("personal_information"));
    assert!(item(&queue(&tenant, "moderator", ""), &id).is_none());
}

#[test]
fn decision_bodies_are_strict() {
    let tenant = TestTenant::new();
    let (id, _) = submit_held(&tenant);
    for (body, status, code) in [
        (
            json!({ "decision": "publish" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({ "decision": "flag" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({ "decision": "pass", "tenant": "harbor" }),
            StatusCode::BAD_REQUEST,
            "wrong_shape",
        ),
        (
            json!({ "decision": 1 }),
            StatusCode::BAD_REQUEST,
            "wrong_shape",
        ),
        (json!({}), StatusCode::BAD_REQUEST, "wrong_shape"),
    ] {
        expect_error(tenant.decide("moderator", &id, body), status, code);
    }
    expect_error(
        tenant.decide("moderator", "no-such-review", json!({ "decision": "pass" })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn two_racing_publications_one_wins_one_is_409_and_aggregates_count_once() {
    let tenant = TestTenant::new();
    let second_owner = tenant.add_token("owner", "Second Owner", now_ms() + 86_400_000, None);
    let rounds = 3;
    for round in 0..rounds {
        let (id, _) = review_at(
            &tenant,
            "owner_review",
            json!({ "rating": 2, "attributes": { "fees": 1 } }),
        );
        let path = format!("/v1/admin/reviews/{id}/decisions");
        let tokens = [tenant.token("owner").to_owned(), second_owner.clone()];
        let barrier = std::sync::Barrier::new(2);
        let statuses: Vec<(StatusCode, String)> = std::thread::scope(|scope| {
            let handles: Vec<_> = tokens
                .iter()
                .map(|token| {
                    let (barrier, path, tenant) = (&barrier, &path, &tenant);
                    scope.spawn(move || {
                        let request = tenant
                            .staff(token, Method::POST, path)
                            .header("Content-Type", "application/json")
                            .body(json!({ "decision": "approve" }).to_string());
                        barrier.wait();
                        let response = crate::api::client::send_once(request);
                        (response.status(), response.text().unwrap())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let ok = statuses
            .iter()
            .filter(|(s, _)| *s == StatusCode::OK)
            .count();
        let conflicts = statuses
            .iter()
            .filter(|(s, _)| *s == StatusCode::CONFLICT)
            .count();
        assert_eq!((ok, conflicts), (1, 1), "round {round}: {statuses:?}");
        let summary = summary(&tenant);
        assert_eq!(summary.count, round + 1, "published once per review");
        assert_eq!(summary.histogram, Some([0, round + 1, 0, 0, 0]));
        let fees = &summary.attribute_scores[0];
        assert_eq!(
            (fees.key.as_str(), fees.count, fees.histogram[0]),
            ("fees", round + 1, round + 1)
        );
        let trail = json_of(
            tenant.call(
                "owner",
                Method::GET,
                &format!("/v1/admin/reviews/{id}/audit"),
                None,
            ),
            StatusCode::OK,
        );
        let publications = trail["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["to_stage"] == "published")
            .count();
        assert_eq!(publications, 1, "one archive row for the one publication");
    }
}

#[test]
fn withdrawing_a_published_review_takes_it_out_of_summary_and_list() {
    let tenant = TestTenant::new();
    let (id, status_token) = review_at(
        &tenant,
        "published",
        json!({ "rating": 1, "would_recommend": false }),
    );
    let (kept, _) = review_at(&tenant, "published", json!({ "rating": 5 }));
    assert_eq!(summary(&tenant).count, 2);
    assert_eq!(summary(&tenant).histogram, Some([1, 0, 0, 0, 1]));
    assert!(first_view(&tenant).contains(&id));
    assert!(list_page_html(&tenant).contains(&id));
    let withdraw = |token: Option<&str>| {
        let mut request = edge().request(
            Method::POST,
            &format!("/v1/t/{}/reviews/{id}/withdraw", tenant.id),
        );
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        crate::api::client::send(request)
    };
    expect_error(withdraw(None), StatusCode::UNAUTHORIZED, "unauthorized");
    expect_error(
        withdraw(Some(&"0".repeat(64))),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    let status = expect_review_status(withdraw(Some(&status_token)));
    assert_eq!(status.stage.as_str(), "withdrawn");
    assert_eq!(status.reason_code.as_deref(), Some("withdrawn_by_author"));
    let summary = summary(&tenant);
    assert_eq!(summary.count, 1);
    assert_eq!(summary.histogram, Some([0, 0, 0, 0, 1]));
    assert_eq!(summary.would_recommend_percent, Some(100));
    assert!(
        !first_view(&tenant).contains(&id),
        "gone from the first view at once"
    );
    assert!(
        !list_page_html(&tenant).contains(&id),
        "gone from the list page at once"
    );
    assert!(first_view(&tenant).contains(&kept));
    let ids: Vec<String> = list(&tenant).reviews.into_iter().map(|r| r.id).collect();
    assert_eq!(ids, [kept]);
    expect_error(
        withdraw(Some(&status_token)),
        StatusCode::CONFLICT,
        "decision_not_allowed",
    );
}

#[test]
fn an_author_may_withdraw_while_the_review_waits() {
    let tenant = TestTenant::new();
    let (id, status_token) = submit_held(&tenant);
    let response = crate::api::client::send(
        edge()
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{id}/withdraw", tenant.id),
            )
            .header("Authorization", format!("Bearer {status_token}")),
    );
    assert_eq!(expect_review_status(response).stage.as_str(), "withdrawn");
    assert!(item(&queue(&tenant, "moderator", ""), &id).is_none());
    expect_error(
        tenant.decide("moderator", &id, json!({ "decision": "pass" })),
        StatusCode::CONFLICT,
        "decision_not_allowed",
    );
}
