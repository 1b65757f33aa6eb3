//! Zero loss under storage faults: with the test hooks on, `X-Candor-Test-Faults`
//! makes a share of a request's D1 calls fail before they are sent or after they committed. Clients that retry
//! with the same Idempotency-Key until they get their 202 store every submission exactly once, always get the same
//! answer, and the archive's hash chain stays intact.
//!
//! Staff writes (which carry no key) are answered from what they wrote: a batch that committed but was reported
//! failed is neither refused (409) nor written again, and when the edge answers 503 (the outcome unknown) the
//! client reads the state before it tries again.
//!
//! That the header is ignored without the test hooks cannot be shown against this edge (it runs with them on); the
//! gate is unit-tested in `edge/src/faults.rs` (`without_test_hooks_the_header_is_ignored_even_when_malformed`).

use std::collections::{HashMap, HashSet};

use candor_domain::dto::SubmitAccepted;
use reqwest::blocking::{RequestBuilder, Response};
use reqwest::{Method, StatusCode};

use crate::api::archive::{archived_submissions, assert_chain_intact, ndjson};
use crate::api::client::{
    clean_review, edge, expect_accepted, expect_error, header, send, send_once, unique_key,
};
use crate::api::escalations::{case_of_review, open_case};
use crate::api::fixture::{PRODUCT, TestTenant};
use crate::api::moderation::{json_of, review_at, submit_held};
use serde_json::{Value, json};

const FAULTS: &str = "X-Candor-Test-Faults";
/// Heavy faults: 40 % of all D1 calls fail, half of them after D1 committed.
const HEAVY: &str = "before=0.2,after=0.2";
/// Every batch commits and is then reported as failed; reads answer as usual.
const COMMITTED_BUT_FAILED: &str = "after=1,only=batches";
const SUBMISSIONS: usize = 12;
const MAX_ATTEMPTS: usize = 400;
/// Reviews decided under heavy faults.
const DECISIONS: usize = 6;

/// A submission under a fault plan. Every attempt comes from the next loopback address (`Edge::request`), so the
/// retries of this test never meet the per-visitor rate limit (that is `rate_limits.rs`'s subject).
fn submission(tenant: &TestTenant, key: &str, body: &str, faults: &str) -> RequestBuilder {
    edge()
        .request(
            Method::POST,
            &format!("/v1/t/{}/products/{PRODUCT}/reviews", tenant.id),
        )
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .header(FAULTS, faults)
        .body(body.to_owned())
}

/// Asserts a 503 `storage_unavailable` that tells the client when to retry.
fn expect_storage_unavailable(response: Response) {
    let retry_header = header(&response, "Retry-After");
    let detail = expect_error(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "storage_unavailable",
    );
    assert!(
        detail.retry_after.is_some(),
        "a 503 body carries retry_after"
    );
    assert!(!retry_header.is_empty(), "a 503 carries Retry-After");
}

/// The ids of the tenant's reviews waiting at `compliance_review` (where screening leaves a clean review), read
/// through the staff queue.
fn compliance_queue(tenant: &TestTenant) -> Vec<String> {
    let queue = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            "/v1/admin/queue?stage=compliance_review&limit=100",
            None,
        ),
        StatusCode::OK,
    );
    queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().expect("an id").to_owned())
        .collect()
}

#[test]
fn retried_submissions_under_heavy_faults_are_stored_exactly_once() {
    let tenant = TestTenant::new();
    let run = unique_key("faulty");
    let mut failures = 0;
    let mut answers: HashMap<String, (String, SubmitAccepted)> = HashMap::new();
    for i in 0..SUBMISSIONS {
        let key = format!("{run}-{i}");
        let body = clean_review().to_string();
        let mut attempts = 0;
        // The client retries until it has its 202, then once more: a late retry must get the same answer.
        let mut accepted: Vec<SubmitAccepted> = Vec::new();
        while accepted.len() < 2 {
            attempts += 1;
            assert!(
                attempts <= MAX_ATTEMPTS,
                "submission {i}: no 202 after {MAX_ATTEMPTS} attempts"
            );
            let response = send_once(submission(&tenant, &key, &body, HEAVY));
            if response.status() == StatusCode::ACCEPTED {
                accepted.push(expect_accepted(response));
            } else {
                expect_storage_unavailable(response);
                failures += 1;
            }
        }
        assert_eq!(
            accepted[0], accepted[1],
            "submission {i}: a retry gets the first answer"
        );
        answers.insert(key, (body, accepted.remove(0)));
    }
    assert!(failures > 0, "the fault plan made calls fail");

    let ids: HashSet<&str> = answers
        .values()
        .map(|(_, answer)| answer.id.as_str())
        .collect();
    assert_eq!(ids.len(), SUBMISSIONS, "every key got its own review");
    let queued = compliance_queue(&tenant);
    assert_eq!(queued.len(), SUBMISSIONS, "exactly once each");
    assert_eq!(
        queued.iter().map(String::as_str).collect::<HashSet<_>>(),
        ids
    );
    // Without faults every key still answers with its one review.
    for (key, (body, answer)) in &answers {
        let replay = expect_accepted(send(submission(&tenant, key, body, "")));
        assert_eq!(&replay, answer, "{key}");
    }

    let rows = ndjson(&tenant, "");
    let submits: Vec<&str> = rows
        .iter()
        .filter(|row| row["action"] == "submit")
        .map(|row| row["review_id"].as_str().unwrap())
        .collect();
    assert_eq!(submits.len(), SUBMISSIONS, "one archived intake per review");
    assert_eq!(submits.iter().copied().collect::<HashSet<_>>(), ids);
    assert_chain_intact(&tenant, &rows);
}

#[test]
fn a_plan_that_fails_every_call_before_sending_stores_nothing() {
    let tenant = TestTenant::new();
    let key = unique_key("never");
    let body = clean_review().to_string();
    for _ in 0..3 {
        expect_storage_unavailable(send_once(submission(&tenant, &key, &body, "before=1")));
    }
    assert!(compliance_queue(&tenant).is_empty(), "nothing written");
    assert_eq!(archived_submissions(&tenant), 0, "nothing archived");
    // The same key without faults is a first submission, not a replay.
    let accepted = expect_accepted(send(submission(&tenant, &key, &body, "before=0")));
    assert_eq!(accepted.status.as_str(), "compliance_review");
}

#[test]
fn a_malformed_fault_plan_is_refused_while_the_test_hooks_are_on() {
    let tenant = TestTenant::new();
    for plan in ["before=2", "during=0.5", "before=0.7,after=0.7"] {
        expect_error(
            send_once(submission(
                &tenant,
                &unique_key("bad-plan"),
                &clean_review().to_string(),
                plan,
            )),
            StatusCode::BAD_REQUEST,
            "test_faults_invalid",
        );
    }
}

/// A staff request as `role` with a JSON body under the fault plan `faults`, sent once.
fn faulty(
    tenant: &TestTenant,
    role: &str,
    method: Method,
    path: &str,
    body: &Value,
    faults: &str,
) -> Response {
    send_once(
        tenant
            .staff(tenant.token(role), method, path)
            .header(FAULTS, faults)
            .header("Content-Type", "application/json")
            .body(body.to_string()),
    )
}

/// A review as staff read it (without faults).
fn stage_of(tenant: &TestTenant, review_id: &str) -> String {
    json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{review_id}"),
            None,
        ),
        StatusCode::OK,
    )["stage"]
        .as_str()
        .expect("a stage")
        .to_owned()
}

/// The archive rows that moved `review_id` from `from` to `to`.
fn moves(rows: &[Value], review_id: &str, from: &str, to: &str) -> usize {
    rows.iter()
        .filter(|row| {
            row["review_id"] == review_id && row["from_stage"] == from && row["to_stage"] == to
        })
        .count()
}

/// The archive rows of `action` whose note names `id` (staff changes keep their content as the note).
fn rows_naming(rows: &[Value], action: &str, id: &str) -> usize {
    rows.iter()
        .filter(|row| {
            row["action"] == action && row["note"].as_str().is_some_and(|note| note.contains(id))
        })
        .count()
}

#[test]
fn staff_writes_that_committed_but_were_reported_failed_are_answered_from_what_was_written() {
    let tenant = TestTenant::new();

    // A moderation decision: answered 200, stored and archived once (a re-read would see the review moved and
    // answer 409 `stage_already_decided`).
    let (held, _) = submit_held(&tenant);
    let decided = json_of(
        faulty(
            &tenant,
            "moderator",
            Method::POST,
            &format!("/v1/admin/reviews/{held}/decisions"),
            &json!({ "decision": "pass" }),
            COMMITTED_BUT_FAILED,
        ),
        StatusCode::OK,
    );
    assert_eq!(decided["from"], "screening");
    assert_eq!(decided["stage"], "compliance_review");
    assert_eq!(stage_of(&tenant, &held), "compliance_review");

    // A case opened and changed: each answer is the case as stored.
    let review = expect_accepted(tenant.submit(&clean_review())).id;
    let plan_body = json!({ "note": "Client asked for a call back." });
    let opened = faulty(
        &tenant,
        "moderator",
        Method::POST,
        &format!("/v1/admin/reviews/{review}/escalations"),
        &plan_body,
        COMMITTED_BUT_FAILED,
    );
    let opened = json_of(opened, StatusCode::CREATED);
    assert_eq!(Some(&opened), case_of_review(&tenant, &review).as_ref());
    let case_id = opened["id"].as_str().expect("a case id").to_owned();
    let changed = json_of(
        faulty(
            &tenant,
            "moderator",
            Method::PATCH,
            &format!("/v1/admin/escalations/{case_id}"),
            &json!({ "status": "in_progress", "version": 0 }),
            COMMITTED_BUT_FAILED,
        ),
        StatusCode::OK,
    );
    assert_eq!(changed["status"], "in_progress");
    assert_eq!(changed["version"], 1);
    assert_eq!(Some(&changed), case_of_review(&tenant, &review).as_ref());

    // A firm response drafted and approved.
    let (published, _) = review_at(&tenant, "published", json!({ "rating": 2 }));
    let drafted = json_of(
        faulty(
            &tenant,
            "compliance",
            Method::POST,
            &format!("/v1/admin/reviews/{published}/responses"),
            &json!({ "body": "Thank you; our service team will call you." }),
            COMMITTED_BUT_FAILED,
        ),
        StatusCode::CREATED,
    );
    let response_id = drafted["id"].as_str().expect("a response id").to_owned();
    let approved = json_of(
        faulty(
            &tenant,
            "owner",
            Method::POST,
            &format!("/v1/admin/responses/{response_id}/decisions"),
            &json!({ "decision": "approve", "note": "Fine to publish." }),
            COMMITTED_BUT_FAILED,
        ),
        StatusCode::OK,
    );
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["decided_by"], tenant.person_id("owner"));
    assert_eq!(approved["decision_note"], "Fine to publish.");
    assert_eq!(approved["body"], drafted["body"]);

    // A person created and renamed.
    let email = format!("{}@example.org", unique_key("faulty-person"));
    let person = json_of(
        faulty(
            &tenant,
            "admin",
            Method::POST,
            "/v1/admin/people",
            &json!({ "email": email, "display_name": "Robin", "role": "moderator" }),
            COMMITTED_BUT_FAILED,
        ),
        StatusCode::CREATED,
    );
    let person_id = person["id"].as_str().expect("a person id").to_owned();
    let renamed = json_of(
        faulty(
            &tenant,
            "admin",
            Method::PATCH,
            &format!("/v1/admin/people/{person_id}"),
            &json!({ "display_name": "Robin B." }),
            COMMITTED_BUT_FAILED,
        ),
        StatusCode::OK,
    );
    assert_eq!(renamed["display_name"], "Robin B.");
    assert_eq!(renamed["role"], "moderator");
    assert_eq!(renamed["active"], true);
    assert_eq!(renamed["created_at"], person["created_at"]);

    // Each write is archived exactly once, on an intact chain.
    let rows = ndjson(&tenant, "");
    assert_eq!(moves(&rows, &held, "screening", "compliance_review"), 1);
    assert_eq!(rows_naming(&rows, "escalation_opened", &case_id), 1);
    assert_eq!(rows_naming(&rows, "escalation_changed", &case_id), 1);
    assert_eq!(rows_naming(&rows, "response_drafted", &response_id), 1);
    assert_eq!(rows_naming(&rows, "response_approved", &response_id), 1);
    assert_eq!(rows_naming(&rows, "person_created", &person_id), 1);
    assert_eq!(rows_naming(&rows, "person_renamed", &person_id), 1);
    assert_chain_intact(&tenant, &rows);
}

#[test]
fn decisions_and_case_changes_under_heavy_faults_land_once_and_are_never_refused() {
    let tenant = TestTenant::new();
    let reviews: Vec<String> = (0..DECISIONS).map(|_| submit_held(&tenant).0).collect();
    let mut unknown = 0;
    for review in &reviews {
        let mut attempts = 0;
        // The client sends the decision until it is answered; after a 503 (outcome unknown) it reads the review
        // first. Nobody else decides these reviews, so any refusal is a committed decision answered as a failure.
        loop {
            attempts += 1;
            assert!(
                attempts <= MAX_ATTEMPTS,
                "{review}: no answer after {MAX_ATTEMPTS} attempts"
            );
            let response = faulty(
                &tenant,
                "moderator",
                Method::POST,
                &format!("/v1/admin/reviews/{review}/decisions"),
                &json!({ "decision": "pass" }),
                HEAVY,
            );
            if response.status() == StatusCode::OK {
                assert_eq!(
                    json_of(response, StatusCode::OK)["stage"],
                    "compliance_review"
                );
                break;
            }
            expect_storage_unavailable(response);
            if stage_of(&tenant, review) == "compliance_review" {
                unknown += 1;
                break;
            }
        }
    }

    // One case moved open → in_progress → resolved → open under the same faults.
    let (review, _) = review_at(&tenant, "compliance_review", json!({}));
    json_of(
        open_case(&tenant, "moderator", &review, json!({})),
        StatusCode::CREATED,
    );
    for (version, status) in ["in_progress", "resolved", "open"].into_iter().enumerate() {
        let case = case_of_review(&tenant, &review).expect("the case");
        let case_id = case["id"].as_str().expect("a case id").to_owned();
        let mut attempts = 0;
        loop {
            attempts += 1;
            assert!(
                attempts <= MAX_ATTEMPTS,
                "{status}: no answer after {MAX_ATTEMPTS} attempts"
            );
            let response = faulty(
                &tenant,
                "compliance",
                Method::PATCH,
                &format!("/v1/admin/escalations/{case_id}"),
                &json!({ "status": status, "version": version }),
                HEAVY,
            );
            if response.status() == StatusCode::OK {
                let changed = json_of(response, StatusCode::OK);
                assert_eq!(changed["status"], status);
                assert_eq!(changed["version"], version + 1);
                break;
            }
            expect_storage_unavailable(response);
            let now = case_of_review(&tenant, &review).expect("the case");
            if now["version"] == version + 1 {
                assert_eq!(now["status"], status);
                unknown += 1;
                break;
            }
        }
    }
    // Rarely (every read of the probe failed) an outcome stays unknown; it is never most of them.
    assert!(unknown < DECISIONS, "{unknown} outcomes unknown");

    let rows = ndjson(&tenant, "");
    for review in &reviews {
        assert_eq!(stage_of(&tenant, review), "compliance_review");
        assert_eq!(
            moves(&rows, review, "screening", "compliance_review"),
            1,
            "{review}"
        );
    }
    let case = case_of_review(&tenant, &review).expect("the case");
    assert_eq!(case["status"], "open");
    assert_eq!(case["version"], 3);
    let case_id = case["id"].as_str().expect("a case id");
    assert_eq!(rows_naming(&rows, "escalation_changed", case_id), 3);
    assert_chain_intact(&tenant, &rows);
}
