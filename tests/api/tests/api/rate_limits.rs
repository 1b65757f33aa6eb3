//! Rate limits of the public writes (per client address and tenant, and per tenant, `edge/wrangler.toml`): over a
//! limit is 429 `rate_limited` with `retry_after` and `Retry-After`; another address of the same tenant is
//! unaffected; a replay of an accepted submission is answered before any rate limit; one address, whatever
//! User-Agent it sends and whatever it asks for, never spends the tenant's budget. Each test has a tenant of its
//! own; a visitor is a client bound to a loopback address of its own (`Edge::visitor`).

use std::collections::HashSet;
use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use candor_domain::dto::SubmitAccepted;
use reqwest::blocking::{RequestBuilder, Response};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::api::archive::archived_submissions;
use crate::api::client::{
    Visitor, clean_review, edge, expect_accepted, expect_error, header, send, send_once, unique_key,
};
use crate::api::fixture::{PRODUCT, TestTenant};
use crate::api::moderation::review_at;

/// The per-visitor binding of `edge/wrangler.toml`: 20 writes per 10 s.
const VISITOR_LIMIT: usize = 20;
const VISITOR_PERIOD_SECONDS: u32 = 10;
/// The per-tenant binding: 1,000 writes per 60 s.
const TENANT_LIMIT: usize = 1_000;
const TENANT_PERIOD_SECONDS: u32 = 60;

/// A submission from one visitor (not `client::submission_to`, which sends each from the next address).
fn submission(tenant: &TestTenant, visitor: &Visitor, key: &str, body: &str) -> RequestBuilder {
    visitor
        .request(
            Method::POST,
            &format!("/v1/t/{}/products/{PRODUCT}/reviews", tenant.id),
        )
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", key)
        .body(body.to_owned())
}

/// Asserts a 429 of the visitor's limit (see `expect_limited`).
fn expect_rate_limited(response: Response) {
    expect_limited(response, VISITOR_PERIOD_SECONDS);
}

/// Asserts a 429 in the one error format, with `retry_after` in the body and a matching `Retry-After` header: the
/// period of the limit that refused (10 s per visitor, 60 s per tenant).
fn expect_limited(response: Response, period_seconds: u32) {
    let retry_header = header(&response, "Retry-After");
    let detail = expect_error(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(detail.retry_after, Some(period_seconds));
    assert_eq!(retry_header, period_seconds.to_string());
}

/// The tenant's stored reviews, counted from the archive export (one `submit` row per stored review).
fn review_rows(tenant: &TestTenant) -> i64 {
    archived_submissions(tenant) as i64
}

/// Sends every request at the same moment (one thread each, released by one barrier) and returns the answers in
/// request order. A burst reaches the limiter within a fraction of a period however slow the machine is, so the
/// tests below do not depend on how fast the edge answers: the limiter counts in fixed windows, and a burst of
/// `2 × limit + 1` writes meets at most two of them, so at least one write is refused.
fn burst(requests: Vec<RequestBuilder>) -> Vec<Response> {
    let start = Barrier::new(requests.len());
    thread::scope(|scope| {
        let senders: Vec<_> = requests
            .into_iter()
            .map(|request| {
                let start = &start;
                scope.spawn(move || {
                    start.wait();
                    send_once(request)
                })
            })
            .collect();
        senders
            .into_iter()
            .map(|sender| sender.join().expect("a sender thread panicked"))
            .collect()
    })
}

#[test]
fn a_visitor_over_the_limit_gets_429_while_other_visitors_and_replays_pass() {
    let tenant = TestTenant::new();
    let flooder = edge().visitor();
    let first_key = unique_key("flood");
    let first_body = clean_review().to_string();
    // `send` retries a 503 (storage contention with concurrently running tests) with the same key.
    let first = expect_accepted(send(submission(&tenant, &flooder, &first_key, &first_body)));
    // `2 × limit + 1` writes at once: within the (at most two) windows they meet, at most twice the limit passes.
    let flood = burst(
        (0..=2 * VISITOR_LIMIT)
            .map(|_| {
                submission(
                    &tenant,
                    &flooder,
                    &unique_key("flood"),
                    &clean_review().to_string(),
                )
            })
            .collect(),
    );
    let (mut accepted, mut unavailable, mut limited) = (1, 0, 0);
    for response in flood {
        match response.status() {
            StatusCode::TOO_MANY_REQUESTS => {
                expect_rate_limited(response);
                limited += 1;
            }
            // Counted by the limiter, nothing stored: this test does not retry it.
            StatusCode::SERVICE_UNAVAILABLE => unavailable += 1,
            _ => {
                expect_accepted(response);
                accepted += 1;
            }
        }
    }
    assert!(
        limited > 0,
        "{accepted} writes of one visitor passed without a 429"
    );
    // A 429 needs a window in which this visitor already wrote the whole limit.
    assert!(
        accepted + unavailable >= VISITOR_LIMIT,
        "limited after only {accepted} writes"
    );

    // Another visitor of the same tenant is not limited by the first one's writes.
    let other = expect_accepted(send(submission(
        &tenant,
        &edge().visitor(),
        &unique_key("other"),
        &clean_review().to_string(),
    )));
    assert_ne!(other.id, first.id);

    // The flooder's replay of an accepted submission still gets its first answer.
    let replay = expect_accepted(send(submission(&tenant, &flooder, &first_key, &first_body)));
    assert_eq!(replay, first);
    assert_eq!(review_rows(&tenant), accepted as i64 + 1);
}

#[test]
fn the_other_public_writes_share_the_visitors_limit() {
    let tenant = TestTenant::new();
    let visitor = edge().visitor();
    // Each vote on an unknown review is a 404, but it still counts as a write attempt of this visitor.
    spend_the_limit(&tenant, &visitor);
    // The same visitor is limited on every public write: a flag and a withdrawal as well.
    let flag = send_once(
        visitor
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/no-such-review/flags", tenant.id),
            )
            .header("Content-Type", "application/json")
            .body(r#"{"reason":"off_topic"}"#),
    );
    let withdraw = send_once(
        visitor
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/no-such-review/withdraw", tenant.id),
            )
            .header("Authorization", "Bearer not-a-status-token"),
    );
    // A new window may have begun in between; then these are answered on their merits.
    for response in [flag, withdraw] {
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            expect_rate_limited(response);
        } else {
            assert!(
                [StatusCode::NOT_FOUND, StatusCode::UNAUTHORIZED].contains(&response.status()),
                "{}",
                response.status()
            );
        }
    }
}

/// Concurrent copies of one submission that arrive before the first is stored are not replays yet, so the
/// visitor's limit refuses them like any other write (nothing is stored for a 429). Here the visitor has spent its
/// limit first: the copies are refused, and their retries after `retry_after` make exactly one review, with one
/// answer for every copy.
#[test]
fn concurrent_copies_from_a_limited_visitor_are_refused_then_stored_once_on_retry() {
    const COPIES: usize = 2 * VISITOR_LIMIT;
    let tenant = TestTenant::new();
    let visitor = edge().visitor();
    spend_the_limit(&tenant, &visitor);
    let key = unique_key("copies");
    let body = clean_review().to_string();
    let responses = burst(
        (0..COPIES)
            .map(|_| submission(&tenant, &visitor, &key, &body))
            .collect(),
    );
    let mut answers: Vec<SubmitAccepted> = Vec::new();
    let mut refused = 0;
    for response in responses {
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            expect_rate_limited(response);
            refused += 1;
        } else if response.status() == StatusCode::SERVICE_UNAVAILABLE {
            // Storage contention with concurrently running tests: retried below like a refused copy.
            refused += 1;
        } else {
            // The limiter's window may have turned during the race: then one copy is stored, the rest replay it.
            answers.push(expect_accepted(response));
        }
    }
    assert!(refused > 0, "a visitor over its limit is refused");
    if answers.is_empty() {
        assert_eq!(review_rows(&tenant), 0, "a 429 stores nothing");
    }
    // The client retries each refused copy after `retry_after`: the first retry is stored, the rest are replays.
    for _ in 0..refused {
        let answer = loop {
            let response = send_once(submission(&tenant, &visitor, &key, &body));
            match response.status() {
                StatusCode::TOO_MANY_REQUESTS => expect_rate_limited(response),
                StatusCode::SERVICE_UNAVAILABLE => {}
                _ => break expect_accepted(response),
            }
            thread::sleep(Duration::from_secs(1));
        };
        answers.push(answer);
    }
    let ids: HashSet<&str> = answers.iter().map(|answer| answer.id.as_str()).collect();
    assert_eq!(ids.len(), 1, "one key, one review");
    assert!(answers.iter().all(|answer| answer == &answers[0]));
    assert_eq!(review_rows(&tenant), 1);
}

/// Spends the visitor's limit with a burst of helpful votes on an unknown review (each a 404, each counted against
/// the visitor's own limit, never the tenant's): at least one is refused.
fn spend_the_limit(tenant: &TestTenant, visitor: &Visitor) {
    let path = format!("/v1/t/{}/reviews/no-such-review/helpful", tenant.id);
    let votes = burst(
        (0..=2 * VISITOR_LIMIT)
            .map(|_| visitor.request(Method::POST, &path))
            .collect(),
    );
    let mut refused = 0;
    for response in votes {
        match response.status() {
            StatusCode::TOO_MANY_REQUESTS => {
                expect_rate_limited(response);
                refused += 1;
            }
            StatusCode::SERVICE_UNAVAILABLE => {} // storage contention; the vote still counted
            _ => {
                expect_error(response, StatusCode::NOT_FOUND, "not_found");
            }
        }
    }
    assert!(
        refused > 0,
        "{} votes of one visitor without a 429",
        2 * VISITOR_LIMIT + 1
    );
}

/// A helpful vote on `review` from the next address in turn: the first from an address is counted, the rest are
/// 409 `already_voted`, and each passed the cheap checks, so each spends the tenant's budget.
fn vote_from_the_next_address(tenant: &TestTenant, review: &str) -> Response {
    send_once(edge().request(
        Method::POST,
        &format!("/v1/t/{}/reviews/{review}/helpful", tenant.id),
    ))
}

/// Many addresses, each far below their own limit, together spend the tenant's limit with writes that pass the
/// cheap checks: then every visitor of that tenant is refused (retry after the tenant's period), and another tenant
/// is not.
#[test]
fn a_crowd_of_visitors_spends_the_tenants_limit_and_no_other_tenants() {
    // Enough senders that the edge, not the client, sets the pace. More than the limit must arrive within one
    // period, so `cargo xtask test` runs this test alone, after the rest of the suite (`RUN_ALONE` in the xtask).
    const SENDERS: usize = 32;
    let tenant = TestTenant::new();
    let (review, _) = review_at(&tenant, "published", json!({}));
    let sent = AtomicUsize::new(0);
    let refused = AtomicBool::new(false);
    thread::scope(|scope| {
        for _ in 0..SENDERS {
            scope.spawn(|| {
                // Within two fixed windows at most twice the limit passes.
                while !refused.load(Ordering::Relaxed)
                    && sent.fetch_add(1, Ordering::Relaxed) <= 2 * TENANT_LIMIT + SENDERS
                {
                    let response = vote_from_the_next_address(&tenant, &review);
                    match response.status() {
                        // An address that came round too often within 10 s meets its own limit: not the point here.
                        StatusCode::TOO_MANY_REQUESTS
                            if header(&response, "Retry-After")
                                == VISITOR_PERIOD_SECONDS.to_string() =>
                        {
                            expect_rate_limited(response);
                        }
                        StatusCode::TOO_MANY_REQUESTS => {
                            expect_limited(response, TENANT_PERIOD_SECONDS);
                            refused.store(true, Ordering::Relaxed);
                        }
                        StatusCode::SERVICE_UNAVAILABLE => {} // storage contention; it counted
                        StatusCode::OK => {}
                        _ => {
                            expect_error(response, StatusCode::CONFLICT, "already_voted");
                        }
                    }
                }
            });
        }
    });
    assert!(
        refused.load(Ordering::Relaxed),
        "{} writes of one tenant without a 429",
        sent.load(Ordering::Relaxed)
    );
    assert!(
        sent.load(Ordering::Relaxed) >= TENANT_LIMIT,
        "refused too early"
    );
    // A visitor who has not written at all is refused too: the tenant's budget is spent.
    expect_limited(
        send_once(edge().visitor().request(
            Method::POST,
            &format!("/v1/t/{}/reviews/{review}/helpful", tenant.id),
        )),
        TENANT_PERIOD_SECONDS,
    );
    // Another tenant's visitors are not.
    let other = TestTenant::new();
    expect_accepted(other.submit(&clean_review()));
}

/// A write of `flooder` for something that does not exist (404), with a User-Agent never sent before: a helpful
/// vote, a flag or a submission in turn.
fn missing_target_write(tenant: &TestTenant, flooder: &Visitor, attempt: usize) -> RequestBuilder {
    let agent = format!("Flood/{attempt} ({})", unique_key("agent"));
    let request = match attempt % 3 {
        0 => flooder.request(
            Method::POST,
            &format!("/v1/t/{}/reviews/no-such-review/helpful", tenant.id),
        ),
        1 => flooder
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/no-such-review/flags", tenant.id),
            )
            .header("Content-Type", "application/json")
            .body(r#"{"reason":"off_topic"}"#),
        _ => flooder
            .request(
                Method::POST,
                &format!("/v1/t/{}/products/no-such-product/reviews", tenant.id),
            )
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", unique_key("flood"))
            .body(clean_review().to_string()),
    };
    request.header("User-Agent", agent)
}

/// Asserts a 404, a 503 of storage contention or a 429 of the visitor's own limit (10 s), never the tenant's
/// (60 s); true for the 429.
fn expect_not_found_or_visitor_limited(response: Response) -> bool {
    match response.status() {
        StatusCode::TOO_MANY_REQUESTS => {
            expect_rate_limited(response);
            true
        }
        StatusCode::SERVICE_UNAVAILABLE => false, // storage contention while looking the target up
        _ => {
            expect_error(response, StatusCode::NOT_FOUND, "not_found");
            false
        }
    }
}

/// One address sends more writes than the tenant's whole budget, each with a new User-Agent and each for something
/// that does not exist (404): a burst of them meets its own limit, the 404s never touch the tenant's budget (no
/// answer is ever the tenant's 429), and a real visitor from another address is accepted afterwards.
#[test]
fn one_address_with_fresh_user_agents_cannot_lock_out_the_tenant() {
    let tenant = TestTenant::new();
    let flooder = edge().visitor();
    let opening = burst(
        (0..=2 * VISITOR_LIMIT)
            .map(|attempt| missing_target_write(&tenant, &flooder, attempt))
            .collect(),
    );
    let refused = opening
        .into_iter()
        .map(expect_not_found_or_visitor_limited)
        .filter(|refused| *refused)
        .count();
    assert!(
        refused > 0,
        "{} writes of one address with fresh User-Agents, no 429",
        2 * VISITOR_LIMIT + 1
    );
    // The rest of more than the tenant's budget, one after another: still only 404s and the visitor's own 429s.
    for attempt in 2 * VISITOR_LIMIT + 1..TENANT_LIMIT + VISITOR_LIMIT {
        expect_not_found_or_visitor_limited(send_once(missing_target_write(
            &tenant, &flooder, attempt,
        )));
    }
    // The tenant's real visitors are not locked out.
    expect_accepted(send(submission(
        &tenant,
        &edge().visitor(),
        &unique_key("real"),
        &clean_review().to_string(),
    )));
}

/// One address floods valid submissions at once, each with a new User-Agent: its own limit refuses some of them
/// (never the tenant's budget), what passed is stored once each, and another address is still accepted.
#[test]
fn a_flood_of_valid_writes_from_one_address_is_stopped_by_its_own_limit() {
    let tenant = TestTenant::new();
    let flooder = edge().visitor();
    let flood = burst(
        (0..=2 * VISITOR_LIMIT)
            .map(|attempt| {
                submission(
                    &tenant,
                    &flooder,
                    &unique_key("valid-flood"),
                    &clean_review().to_string(),
                )
                .header(
                    "User-Agent",
                    format!("Flood/{attempt} ({})", unique_key("agent")),
                )
            })
            .collect(),
    );
    let (mut accepted, mut refused) = (0, 0);
    for response in flood {
        match response.status() {
            StatusCode::TOO_MANY_REQUESTS => {
                expect_rate_limited(response);
                refused += 1;
            }
            StatusCode::SERVICE_UNAVAILABLE => {} // nothing stored, not retried
            _ => {
                expect_accepted(response);
                accepted += 1;
            }
        }
    }
    assert!(
        refused > 0,
        "{accepted} valid writes from one address with fresh User-Agents, no 429"
    );
    expect_accepted(send(submission(
        &tenant,
        &edge().visitor(),
        &unique_key("bystander"),
        &clean_review().to_string(),
    )));
    assert_eq!(review_rows(&tenant), accepted as i64 + 1);
}
