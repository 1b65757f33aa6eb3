//! Process faults: the local edge is killed (SIGKILL to workerd) in the middle of a submission load and restarted
//! on the same state by `cargo xtask test` (its "process faults" step, which runs this test alone against an edge of
//! its own). Every submission that got a 2xx is there, the clients' retries complete without duplicates, and webhook
//! events left pending in the outbox at the kill are sent by the Cron sweep after the restart.
//!
//! The xtask and this test meet through two files: the test writes `CANDOR_KILL_REQUEST` when a third of the load is
//! under way; the xtask kills workerd, restarts the edge on the same port and state and writes `CANDOR_KILL_DONE`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::api::client::{clean_body, edge, expect_accepted, send, valid_review_with};
use crate::api::escalations::case_of_review;
use crate::api::fixture::TestTenant;
use crate::api::load::{self, LoadPlan};
use crate::api::moderation::json_of;
use crate::api::webhooks::{receiver, tenant_with_webhook, verify_delivery};

/// Cases opened just before the kill, whose events wait in the outbox.
const PENDING_EVENTS: usize = 5;

fn path_from_env(name: &str) -> PathBuf {
    let value = std::env::var(name).unwrap_or_default();
    assert!(
        !value.is_empty(),
        "{name} is not set: this test needs `cargo xtask test` to kill and restart the edge (its process-fault step)"
    );
    PathBuf::from(value)
}

#[test]
fn a_killed_and_restarted_edge_keeps_every_answered_submission_and_sends_pending_webhooks() {
    let kill_request = path_from_env("CANDOR_KILL_REQUEST");
    let kill_done = path_from_env("CANDOR_KILL_DONE");

    // Webhook events pending in the outbox when the edge dies: the case changes commit with their outbox rows; the
    // test hook holds back their Queue messages, so that they are certainly undelivered at the kill.
    let desk = TestTenant::new();
    let (url, received) = receiver();
    let secret = tenant_with_webhook(&desk, &url);
    let mut cases: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..PENDING_EVENTS {
        let review =
            expect_accepted(desk.submit(&valid_review_with(json!({ "body": clean_body() })))).id;
        let opened = send(
            desk.staff(
                desk.token("moderator"),
                Method::POST,
                &format!("/v1/admin/reviews/{review}/escalations"),
            )
            .header("Content-Type", "application/json")
            .header("X-Candor-Test-Queue", "hold")
            .body("{}"),
        );
        let case = json_of(opened, StatusCode::CREATED);
        assert_eq!(case["webhook"]["state"], "pending");
        cases.insert(case["id"].as_str().expect("a case id").to_owned(), review);
    }

    let plan = LoadPlan::from_env(240, 3, 8);
    let run = load::run_with(plan, "", "process-fault", &|| {
        std::fs::write(&kill_request, "kill").expect("the kill request is written");
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    while !kill_done.exists() {
        assert!(
            Instant::now() < deadline,
            "the xtask never reported the restart"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    let report = run.check();
    run.print(&report);
    assert_eq!(report.accepted, plan.submissions);
    assert_eq!(report.stored, plan.submissions);
    assert!(
        run.submitting.no_answer > 0,
        "some submissions met the dead edge (else the kill came too late to prove anything)"
    );

    // After the restart the sweep sends every pending event (test hooks: rows untouched for 2 s).
    let mut delivered = BTreeSet::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while delivered.len() < cases.len() {
        assert!(
            Instant::now() < deadline,
            "the sweep sent {} of {} pending events",
            delivered.len(),
            cases.len()
        );
        let swept = edge().get("/__scheduled?cron=*/5+*+*+*+*");
        assert!(swept.status().is_success(), "{}", swept.status());
        while let Ok(event) = received.recv_timeout(Duration::from_millis(500)) {
            verify_delivery(&secret, &event);
            let event_id = event.header("X-Candor-Event-Id").to_owned();
            let case = event_id.trim_end_matches(".0").to_owned();
            assert!(
                cases.contains_key(&case),
                "an event of a known case: {event_id}"
            );
            delivered.insert(case);
        }
    }
    for (case, review) in &cases {
        let delivered = (0..40).any(|_| {
            std::thread::sleep(Duration::from_millis(250));
            case_of_review(&desk, review).expect("the case")["webhook"]["state"] == "delivered"
        });
        assert!(delivered, "case {case} shows its event delivered");
    }
}
