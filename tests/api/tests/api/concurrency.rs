//! Racing submissions: one Idempotency-Key stores one review however many copies race; distinct keys all get stored.

use std::collections::HashSet;
use std::sync::Barrier;
use std::thread;

use candor_domain::Stage;
use candor_domain::dto::SubmitAccepted;
use reqwest::StatusCode;
use reqwest::blocking::Response;

use crate::api::client::{
    TENANT, edge, expect_accepted, expect_error, expect_review_status, header, send, send_once,
    unique_key, valid_review,
};

const RACERS: usize = 20;

/// Sends `RACERS` submissions at once, the i-th under `key(i)`, each exactly once; answers in order.
fn race(key: impl Fn(usize) -> String + Sync) -> Vec<Response> {
    let body = valid_review().to_string();
    let start = Barrier::new(RACERS);
    thread::scope(|scope| {
        let racers: Vec<_> = (0..RACERS)
            .map(|i| {
                let (key, body, start) = (key(i), body.clone(), &start);
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

/// The 202 answer for `key`: a racer's own, or, after a 503 that told the client to retry, the retry's.
fn settle(key: &str, response: Response) -> SubmitAccepted {
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
    expect_accepted(send(
        edge().submission(Some(key), valid_review().to_string()),
    ))
}

fn assert_stored_in_screening(answer: &SubmitAccepted) {
    let status =
        expect_review_status(edge().status(TENANT, &answer.id, Some(&answer.status_token)));
    assert_eq!(status.id, answer.id);
    assert_eq!(status.stage, Stage::Screening);
}

#[test]
fn concurrent_duplicates_with_one_key_are_all_accepted_as_one_review() {
    let key = unique_key("race-one");
    let answers: Vec<SubmitAccepted> = race(|_| key.clone())
        .into_iter()
        .map(expect_accepted)
        .collect();
    let first = &answers[0];
    for answer in &answers {
        assert_eq!(answer, first, "every duplicate gets the first answer");
    }
    assert_stored_in_screening(first);
}

#[test]
#[ignore = "EDGE BUG: concurrent submissions with distinct keys to one tenant race for the audit chain \
            head (UNIQUE (tenant_id, prev_hash)); submit.rs retries only 3 times, immediately, so with 20 \
            racers typically 10-14 answer 503 storage_unavailable. Expected every one to be 202."]
fn concurrent_submissions_with_distinct_keys_are_all_accepted_at_once() {
    let run = unique_key("race-strict");
    let answers: Vec<SubmitAccepted> = race(|i| format!("{run}-{i}"))
        .into_iter()
        .map(expect_accepted)
        .collect();
    let ids: HashSet<&str> = answers.iter().map(|answer| answer.id.as_str()).collect();
    assert_eq!(ids.len(), RACERS, "every key gets its own review");
    answers.iter().for_each(assert_stored_in_screening);
}

#[test]
fn concurrent_submissions_with_distinct_keys_are_each_stored_once_after_client_retries() {
    let run = unique_key("race-many");
    let key = |i: usize| format!("{run}-{i}");
    let answers: Vec<SubmitAccepted> = race(key)
        .into_iter()
        .enumerate()
        .map(|(i, response)| settle(&key(i), response))
        .collect();
    let ids: HashSet<&str> = answers.iter().map(|answer| answer.id.as_str()).collect();
    assert_eq!(ids.len(), RACERS, "every key gets its own review");
    for (i, answer) in answers.iter().enumerate() {
        assert_stored_in_screening(answer);
        let replay = expect_accepted(send(
            edge().submission(Some(&key(i)), valid_review().to_string()),
        ));
        assert_eq!(&replay, answer, "key {i} keeps its one review");
    }
}

#[test]
fn concurrent_races_on_two_keys_store_two_reviews() {
    let run = unique_key("race-two");
    let key = |i: usize| format!("{run}-{}", i % 2);
    let answers: Vec<SubmitAccepted> = race(key)
        .into_iter()
        .enumerate()
        .map(|(i, response)| settle(&key(i), response))
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
    answers[..2].iter().for_each(assert_stored_in_screening);
}
