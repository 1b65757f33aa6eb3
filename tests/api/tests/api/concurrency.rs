//! Racing submissions: one Idempotency-Key stores one review however many copies race; distinct keys all get stored.

use std::collections::HashSet;
use std::sync::Barrier;
use std::thread;

use candor_domain::Stage;
use candor_domain::dto::SubmitAccepted;
use reqwest::StatusCode;
use reqwest::blocking::Response;

use crate::api::client::{
    clean_review, edge, expect_accepted, expect_error, header, send, send_once, stored_status,
    unique_key,
};

const RACERS: usize = 20;

/// Sends `RACERS` submissions at once, the i-th under `key(i)` with body `body(i)`, each exactly once; answers in order.
fn race(
    key: impl Fn(usize) -> String + Sync,
    body: impl Fn(usize) -> String + Sync,
) -> Vec<Response> {
    let start = Barrier::new(RACERS);
    thread::scope(|scope| {
        let racers: Vec<_> = (0..RACERS)
            .map(|i| {
                let (key, body, start) = (key(i), body(i), &start);
                scope.spawn(move || {
                    let request = edge().submission(Some(&key), body);
                    start.wait();
                    send_once(request)
                })
            })
            .collect();
        racers
            .into_iter()
            .map(|racer| racer.join().expect("a racer thread panicked"))
            .collect()
    })
}

/// `count` distinct clean review bodies, serialised: each passes screening on its own.
fn clean_bodies(count: usize) -> Vec<String> {
    (0..count).map(|_| clean_review().to_string()).collect()
}

/// The 202 answer for `key`: a racer's own, or, after a 503 that told the client to retry, the retry's (same key, same body).
fn settle(key: &str, body: &str, response: Response) -> SubmitAccepted {
    if response.status() != StatusCode::SERVICE_UNAVAILABLE {
        return expect_accepted(response);
    }
    assert!(
        !header(&response, "Retry-After").is_empty(),
        "a 503 tells the client when to retry"
    );
    let detail = expect_error(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "storage_unavailable",
    );
    assert!(
        detail.retry_after.is_some(),
        "a 503 body carries retry_after"
    );
    expect_accepted(send(edge().submission(Some(key), body.to_owned())))
}

/// A clean, unique body passes screening: answered and stored at `compliance_review`.
fn assert_stored_past_screening(answer: &SubmitAccepted) {
    assert_eq!(answer.status, Stage::ComplianceReview);
    let status = stored_status(answer);
    assert_eq!(status.stage, Stage::ComplianceReview);
    assert_eq!(status.reason_code, None);
}

#[test]
fn concurrent_duplicates_with_one_key_are_all_accepted_as_one_review() {
    let key = unique_key("race-one");
    let body = clean_review().to_string();
    let answers: Vec<SubmitAccepted> = race(|_| key.clone(), |_| body.clone())
        .into_iter()
        .map(expect_accepted)
        .collect();
    let first = &answers[0];
    for answer in &answers {
        assert_eq!(answer, first, "every duplicate gets the first answer");
    }
    assert_stored_past_screening(first);
}

/// The edge retries a lost race for the tenant's audit-chain head with random backoff, so no racer sees a 503.
#[test]
fn concurrent_submissions_with_distinct_keys_are_all_accepted_at_once() {
    let run = unique_key("race-strict");
    let bodies = clean_bodies(RACERS);
    let answers: Vec<SubmitAccepted> = race(|i| format!("{run}-{i}"), |i| bodies[i].clone())
        .into_iter()
        .map(expect_accepted)
        .collect();
    let ids: HashSet<&str> = answers.iter().map(|answer| answer.id.as_str()).collect();
    assert_eq!(ids.len(), RACERS, "every key gets its own review");
    answers.iter().for_each(assert_stored_past_screening);
}

#[test]
fn concurrent_submissions_with_distinct_keys_are_each_stored_once_after_client_retries() {
    let run = unique_key("race-many");
    let key = |i: usize| format!("{run}-{i}");
    let bodies = clean_bodies(RACERS);
    let answers: Vec<SubmitAccepted> = race(key, |i| bodies[i].clone())
        .into_iter()
        .enumerate()
        .map(|(i, response)| settle(&key(i), &bodies[i], response))
        .collect();
    let ids: HashSet<&str> = answers.iter().map(|answer| answer.id.as_str()).collect();
    assert_eq!(ids.len(), RACERS, "every key gets its own review");
    for (i, answer) in answers.iter().enumerate() {
        assert_stored_past_screening(answer);
        let replay = expect_accepted(send(edge().submission(Some(&key(i)), bodies[i].clone())));
        assert_eq!(&replay, answer, "key {i} keeps its one review");
    }
}

#[test]
fn concurrent_races_on_two_keys_store_two_reviews() {
    let run = unique_key("race-two");
    let key = |i: usize| format!("{run}-{}", i % 2);
    let bodies = clean_bodies(2);
    let answers: Vec<SubmitAccepted> = race(key, |i| bodies[i % 2].clone())
        .into_iter()
        .enumerate()
        .map(|(i, response)| settle(&key(i), &bodies[i % 2], response))
        .collect();
    let ids: HashSet<&str> = answers.iter().map(|answer| answer.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "two keys, two reviews");
    for (i, answer) in answers.iter().enumerate() {
        assert_eq!(
            answer,
            &answers[i % 2],
            "racer {i} got its key's one answer"
        );
    }
    answers[..2].iter().for_each(assert_stored_past_screening);
}

#[test]
fn concurrent_copies_of_one_body_with_distinct_keys_pass_screening_once() {
    let run = unique_key("race-dup");
    let body = clean_review().to_string();
    let answers: Vec<SubmitAccepted> = race(|i| format!("{run}-{i}"), |_| body.clone())
        .into_iter()
        .enumerate()
        .map(|(i, response)| settle(&format!("{run}-{i}"), &body, response))
        .collect();
    let passed = answers
        .iter()
        .filter(|answer| answer.status == Stage::ComplianceReview)
        .count();
    let held = answers
        .iter()
        .filter(|answer| answer.status == Stage::Screening)
        .count();
    assert_eq!(
        (passed, held),
        (1, RACERS - 1),
        "the first copy passes, every later copy is a duplicate"
    );
    for answer in &answers {
        assert_eq!(stored_status(answer).stage, answer.status);
    }
}
