//! Zero loss under storage faults: with the test hooks on, `X-Candor-Test-Faults`
//! makes a share of a request's D1 calls fail before they are sent or after they committed. Clients that retry
//! with the same Idempotency-Key until they get their 202 store every submission exactly once, always get the same
//! answer, and the archive's hash chain stays intact.
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
use crate::api::fixture::{PRODUCT, TestTenant};
use crate::api::moderation::json_of;

const FAULTS: &str = "X-Candor-Test-Faults";
/// Heavy faults: 40 % of all D1 calls fail, half of them after D1 committed.
const HEAVY: &str = "before=0.2,after=0.2";
const SUBMISSIONS: usize = 12;
const MAX_ATTEMPTS: usize = 400;

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
