//! Customer-service cases: opened by screening inside the submission's batch when it finds complaint language (the
//! review keeps its stage), opened by staff from any review, listed with due times, moved through their states with
//! an archive row each, refused on a racing change and isolated per tenant. Their webhook events: `webhooks.rs`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::archive::{assert_chain_intact, ndjson};
use crate::api::client::{
    clean_review, edge, expect_accepted, expect_error, send, unique_word, valid_review_with,
};
use crate::api::fixture::{ROLES, TestTenant, now_ms, person};
use crate::api::moderation::{json_of, review_at};

const HOUR_MS: i64 = 3_600_000;

/// A review whose body carries complaint language (and nothing screening would reject), with a consented
/// contact e-mail for the service desk.
pub(crate) fn complaint_review() -> Value {
    valid_review_with(json!({
        "body": format!("They froze my account and the {} app never explains why.", unique_word()),
        "contact_email": "worried@example.org",
        "contact_consent": true,
    }))
}

fn cases(tenant: &TestTenant, role: &str, query: &str) -> Value {
    json_of(
        tenant.call(
            role,
            Method::GET,
            &format!("/v1/admin/escalations{query}"),
            None,
        ),
        StatusCode::OK,
    )
}

fn items(list: &Value) -> Vec<Value> {
    list["items"].as_array().expect("items").clone()
}

pub(crate) fn case_of_review(tenant: &TestTenant, review_id: &str) -> Option<Value> {
    items(&cases(tenant, "moderator", "?limit=200"))
        .into_iter()
        .find(|case| case["review_id"] == review_id)
}

pub(crate) fn open_case(
    tenant: &TestTenant,
    role: &str,
    review_id: &str,
    body: Value,
) -> reqwest::blocking::Response {
    tenant.call(
        role,
        Method::POST,
        &format!("/v1/admin/reviews/{review_id}/escalations"),
        Some(&body),
    )
}

pub(crate) fn patch_case(
    tenant: &TestTenant,
    role: &str,
    id: &str,
    body: Value,
) -> reqwest::blocking::Response {
    tenant.call(
        role,
        Method::PATCH,
        &format!("/v1/admin/escalations/{id}"),
        Some(&body),
    )
}

fn record(tenant: &TestTenant, review_id: &str) -> Value {
    json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{review_id}"),
            None,
        ),
        StatusCode::OK,
    )
}

/// The archive rows of one case (escalation rows name it in their content, kept as the note).
fn case_rows(tenant: &TestTenant, case_id: &str) -> Vec<Value> {
    ndjson(tenant, "")
        .into_iter()
        .filter(|row| {
            row["action"]
                .as_str()
                .is_some_and(|a| a.starts_with("escalation_"))
                && row["note"]
                    .as_str()
                    .is_some_and(|note| note.contains(case_id))
        })
        .collect()
}

/// A staff-opened case on a fresh review at `compliance_review`; returns the case.
fn staff_case(tenant: &TestTenant) -> Value {
    staff_case_at(tenant, None)
}

/// `staff_case`, with the case opened at the instant `at` (Unix ms) when given (test clock).
fn staff_case_at(tenant: &TestTenant, at: Option<i64>) -> Value {
    let review = expect_accepted(tenant.submit(&clean_review()));
    json_of(
        tenant.call_at(
            at,
            "moderator",
            Method::POST,
            &format!("/v1/admin/reviews/{}/escalations", review.id),
            Some(&json!({})),
        ),
        StatusCode::CREATED,
    )
}

pub(crate) fn put_settings(tenant: &TestTenant, changes: Value) {
    let mut settings = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/settings", None),
        StatusCode::OK,
    );
    settings
        .as_object_mut()
        .unwrap()
        .extend(changes.as_object().cloned().unwrap());
    json_of(
        tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&settings)),
        StatusCode::OK,
    );
}

#[test]
fn complaint_language_opens_a_case_with_the_submission_and_the_review_keeps_its_stage() {
    let tenant = TestTenant::new();
    let before = now_ms();
    let accepted = expect_accepted(tenant.submit(&complaint_review()));
    assert_eq!(
        accepted.status.as_str(),
        "screening",
        "held for the moderator, as any finding"
    );
    let case = case_of_review(&tenant, &accepted.id).expect("screening opened a case");
    assert_eq!(case["reason"], "complaint_language");
    assert_eq!(case["opened_by"], "screener");
    assert_eq!(case["status"], "open");
    assert_eq!(case["product"], "savings");
    assert_eq!(case["overdue"], false);
    assert_eq!(case["assignee"], Value::Null);
    assert_eq!(case["webhook"]["state"], "none", "no webhook configured");
    let opened_at = case["opened_at"].as_i64().unwrap();
    assert!(opened_at >= before - 1_000);
    assert_eq!(case["due_at"].as_i64().unwrap(), opened_at + 24 * HOUR_MS);

    // Publication is decided independently: the moderator passes it, the case stays open.
    json_of(
        tenant.decide("moderator", &accepted.id, json!({ "decision": "pass" })),
        StatusCode::OK,
    );
    let record = record(&tenant, &accepted.id);
    assert_eq!(record["stage"], "compliance_review");
    assert_eq!(record["escalations"][0]["id"], case["id"]);
    assert_eq!(record["escalations"][0]["status"], "open");

    // Archived in the same chain, by the screener, right after the submission's own row.
    let rows = ndjson(&tenant, "");
    let opened = rows
        .iter()
        .position(|row| row["action"] == "escalation_opened")
        .expect("an archive row for the case");
    assert_eq!(rows[opened]["actor"], "screener");
    assert_eq!(rows[opened - 1]["action"], "submit");
    assert_eq!(rows[opened - 1]["review_id"], accepted.id.as_str());
    assert_chain_intact(&tenant, &rows);

    // A text without complaint language opens none.
    let clean = expect_accepted(tenant.submit(&clean_review()));
    assert!(case_of_review(&tenant, &clean.id).is_none());
}

#[test]
fn a_replayed_complaint_submission_opens_one_case() {
    let tenant = TestTenant::new();
    let body = complaint_review().to_string();
    let key = format!("replay-{}", unique_word());
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(
            expect_accepted(send(edge().submission_to(
                &tenant.id,
                "savings",
                Some(&key),
                body.clone(),
            )))
            .id,
        );
    }
    assert!(ids.iter().all(|id| id == &ids[0]));
    let all = items(&cases(&tenant, "owner", ""));
    assert_eq!(all.len(), 1, "{all:?}");
}

#[test]
fn staff_open_a_case_from_any_review_without_touching_its_stage() {
    let tenant = TestTenant::new();
    for stage in ["compliance_review", "published"] {
        let (review, _) = review_at(&tenant, stage, json!({}));
        let case = json_of(
            open_case(
                &tenant,
                "compliance",
                &review,
                json!({ "note": "Client asked for a call back.", "assignee": "Dana (service desk)" }),
            ),
            StatusCode::CREATED,
        );
        assert_eq!(case["reason"], "staff");
        assert_eq!(case["opened_by"], tenant.person_id("compliance"));
        assert_eq!(case["status"], "open");
        assert_eq!(case["assignee"], "Dana (service desk)");
        assert_eq!(case["note"], "Client asked for a call back.");
        assert_eq!(case["review_id"], review.as_str());
        assert_eq!(record(&tenant, &review)["stage"], stage);
        // One active case per review: a second one is refused while the first is open.
        expect_error(
            open_case(&tenant, "owner", &review, json!({})),
            StatusCode::CONFLICT,
            "escalation_already_open",
        );
        let rows = case_rows(&tenant, case["id"].as_str().unwrap());
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["action"], "escalation_opened");
        assert_eq!(rows[0]["actor"], person("compliance"));
        assert_eq!(rows[0]["role"], "compliance");
    }
    let (review, _) = review_at(&tenant, "screening", json!({}));
    expect_error(
        open_case(&tenant, "moderator", "no-such-review", json!({})),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let detail = expect_error(
        open_case(
            &tenant,
            "moderator",
            &review,
            json!({ "note": "x".repeat(2_001) }),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].field, "note");
    expect_error(
        open_case(
            &tenant,
            "moderator",
            &review,
            json!({ "assignee": "two\nlines" }),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    expect_error(
        open_case(&tenant, "moderator", &review, json!({ "priority": "high" })),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
}

#[test]
fn a_case_moves_open_in_progress_resolved_and_reopens_with_an_archive_row_each() {
    let tenant = TestTenant::new();
    let case = staff_case(&tenant);
    let id = case["id"].as_str().unwrap();
    let moved = json_of(
        patch_case(
            &tenant,
            "moderator",
            id,
            json!({ "status": "in_progress", "assignee": "Lee" }),
        ),
        StatusCode::OK,
    );
    assert_eq!(moved["status"], "in_progress");
    assert_eq!(moved["assignee"], "Lee");
    assert_eq!(moved["version"], 1);
    // A resolved case cannot go back to work without being reopened; the same state is no move.
    let resolved = json_of(
        patch_case(
            &tenant,
            "owner",
            id,
            json!({ "status": "resolved", "note": "Refund explained by phone." }),
        ),
        StatusCode::OK,
    );
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["assignee"], "Lee", "unchanged when absent");
    assert!(resolved["resolved_at"].as_i64().is_some());
    assert_eq!(resolved["overdue"], false);
    for status in ["in_progress", "resolved"] {
        let detail = expect_error(
            patch_case(&tenant, "owner", id, json!({ "status": status })),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].code, "invalid_transition", "{status}");
    }
    let reopened = json_of(
        patch_case(
            &tenant,
            "compliance",
            id,
            json!({ "status": "open", "assignee": null }),
        ),
        StatusCode::OK,
    );
    assert_eq!(reopened["status"], "open");
    assert_eq!(reopened["assignee"], Value::Null);
    assert_eq!(reopened["resolved_at"], Value::Null);
    let detail = expect_error(
        patch_case(&tenant, "compliance", id, json!({})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].code, "nothing_to_change");
    expect_error(
        patch_case(&tenant, "compliance", id, json!({ "status": "closed" })),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    expect_error(
        patch_case(
            &tenant,
            "compliance",
            "no-such-case",
            json!({ "status": "resolved" }),
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let rows = case_rows(&tenant, id);
    let actions: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| {
            (
                row["action"].as_str().unwrap(),
                row["role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("escalation_opened", "moderator"),
            ("escalation_changed", "moderator"),
            ("escalation_changed", "owner"),
            ("escalation_changed", "compliance"),
        ]
    );
    let resolution: Value = serde_json::from_str(rows[2]["note"].as_str().unwrap()).unwrap();
    assert_eq!(resolution["from"], "in_progress");
    assert_eq!(resolution["to"], "resolved");
    assert_eq!(resolution["note"], "Refund explained by phone.");
    assert_chain_intact(&tenant, &ndjson(&tenant, ""));
}

#[test]
fn a_change_on_a_stale_version_or_a_racing_change_answers_409_and_writes_nothing() {
    let tenant = TestTenant::new();
    let case = staff_case(&tenant);
    let id = case["id"].as_str().unwrap().to_owned();
    json_of(
        patch_case(
            &tenant,
            "moderator",
            &id,
            json!({ "assignee": "Kim", "version": 0 }),
        ),
        StatusCode::OK,
    );
    expect_error(
        patch_case(
            &tenant,
            "owner",
            &id,
            json!({ "status": "resolved", "version": 0 }),
        ),
        StatusCode::CONFLICT,
        "escalation_changed",
    );

    // Six people move the same case at once, all from version 1: one wins.
    let statuses: Vec<StatusCode> = std::thread::scope(|scope| {
        let handles: Vec<_> = [
            "moderator",
            "compliance",
            "owner",
            "moderator",
            "compliance",
            "owner",
        ]
        .into_iter()
        .map(|role| {
            let (tenant, id) = (&tenant, &id);
            scope.spawn(move || {
                patch_case(
                    tenant,
                    role,
                    id,
                    json!({ "status": "in_progress", "version": 1 }),
                )
                .status()
            })
        })
        .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    let lost = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((won, lost), (1, 5), "{statuses:?}");
    let now = case_of_review(&tenant, case["review_id"].as_str().unwrap()).unwrap();
    assert_eq!(now["version"], 2);
    assert_eq!(now["status"], "in_progress");
    assert_eq!(
        case_rows(&tenant, &id).len(),
        3,
        "opened, assigned, one move"
    );
}

#[test]
fn the_list_filters_by_status_sorts_by_due_time_pages_and_flags_overdue_cases() {
    let tenant = TestTenant::new();
    // The first case is opened 25 h ago under the default 24 h target (test clock): it is an hour overdue now.
    let opened = now_ms() - 25 * HOUR_MS;
    let first = staff_case_at(&tenant, Some(opened));
    assert_eq!(first["opened_at"], opened);
    assert_eq!(first["due_at"], opened + 24 * HOUR_MS);
    put_settings(
        &tenant,
        json!({ "sla_hours": { "screening": 4, "compliance_review": 24, "owner_review": 24, "escalation": 2 } }),
    );
    let second = staff_case(&tenant);
    let third = staff_case(&tenant);
    assert_eq!(
        second["due_at"].as_i64().unwrap(),
        second["opened_at"].as_i64().unwrap() + 2 * HOUR_MS,
        "the due time follows the tenant's escalation target"
    );
    json_of(
        patch_case(
            &tenant,
            "owner",
            third["id"].as_str().unwrap(),
            json!({ "status": "in_progress" }),
        ),
        StatusCode::OK,
    );

    let due = items(&cases(&tenant, "compliance", "?sort=due"));
    let ids: Vec<&Value> = due.iter().map(|case| &case["id"]).collect();
    assert_eq!(
        ids,
        [&first["id"], &second["id"], &third["id"]],
        "soonest due first"
    );
    assert_eq!(due[0]["overdue"], true);
    assert_eq!(due[1]["overdue"], false);
    // Read three hours on (test clock), the second case is past its 2 h target too.
    let later_at = now_ms() + 3 * HOUR_MS;
    let later = json_of(
        tenant.call_at(
            Some(later_at),
            "compliance",
            Method::GET,
            "/v1/admin/escalations?sort=due",
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(later["now"], later_at);
    assert_eq!(items(&later)[1]["overdue"], true);

    let open = items(&cases(&tenant, "compliance", "?status=open&sort=due"));
    let open_ids: Vec<&Value> = open.iter().map(|case| &case["id"]).collect();
    assert_eq!(open_ids, [&first["id"], &second["id"]]);
    let working = items(&cases(&tenant, "compliance", "?status=in_progress"));
    assert_eq!(working.len(), 1);
    assert_eq!(working[0]["id"], third["id"]);
    assert!(items(&cases(&tenant, "compliance", "?status=resolved")).is_empty());

    // Paging one at a time visits every case once, in order.
    let mut seen = Vec::new();
    let mut query = "?sort=due&limit=1".to_owned();
    loop {
        let page = cases(&tenant, "moderator", &query);
        seen.extend(items(&page).into_iter().map(|case| case["id"].clone()));
        match page["next_cursor"].as_str() {
            Some(cursor) => query = format!("?sort=due&limit=1&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            first["id"].clone(),
            second["id"].clone(),
            third["id"].clone()
        ]
    );
    let newest = items(&cases(&tenant, "moderator", "?sort=opened"));
    assert_eq!(newest[0]["id"], third["id"]);

    for query in ["?status=closed", "?sort=rating", "?limit=many"] {
        expect_error(
            tenant.call(
                "moderator",
                Method::GET,
                &format!("/v1/admin/escalations{query}"),
                None,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    expect_error(
        tenant.call(
            "moderator",
            Method::GET,
            "/v1/admin/escalations?sort=opened&cursor=zz",
            None,
        ),
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
    );
}

#[test]
fn another_tenants_cases_are_not_found_and_never_listed() {
    let ours = TestTenant::new();
    let theirs = TestTenant::new();
    let case = staff_case(&ours);
    let id = case["id"].as_str().unwrap();
    let review = case["review_id"].as_str().unwrap();
    expect_error(
        patch_case(&theirs, "owner", id, json!({ "status": "resolved" })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_error(
        open_case(&theirs, "owner", review, json!({})),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    staff_case(&theirs);
    let listed = items(&cases(&theirs, "owner", "?limit=200"));
    assert_eq!(listed.len(), 1);
    assert!(
        listed
            .iter()
            .all(|c| c["id"] != id && c["review_id"] != review)
    );
    assert_eq!(
        case_of_review(&ours, review).unwrap()["status"],
        "open",
        "untouched"
    );
}

#[test]
fn only_moderators_compliance_and_owners_work_cases() {
    let tenant = TestTenant::new();
    let review = expect_accepted(tenant.submit(&clean_review())).id;
    let mut case_id = String::new();
    for role in ROLES {
        let allowed = matches!(role, "moderator" | "compliance" | "owner");
        let opened = open_case(&tenant, role, &review, json!({}));
        let listed = tenant.call(role, Method::GET, "/v1/admin/escalations", None);
        if allowed {
            if opened.status() == StatusCode::CREATED {
                case_id = json_of(opened, StatusCode::CREATED)["id"]
                    .as_str()
                    .unwrap()
                    .to_owned();
            } else {
                expect_error(opened, StatusCode::CONFLICT, "escalation_already_open");
            }
            json_of(listed, StatusCode::OK);
        } else {
            expect_error(opened, StatusCode::FORBIDDEN, "wrong_role");
            expect_error(listed, StatusCode::FORBIDDEN, "wrong_role");
        }
    }
    for role in ROLES {
        let patched = patch_case(
            &tenant,
            role,
            &case_id,
            json!({ "note": format!("seen by {role}") }),
        );
        if matches!(role, "moderator" | "compliance" | "owner") {
            json_of(patched, StatusCode::OK);
        } else {
            expect_error(patched, StatusCode::FORBIDDEN, "wrong_role");
        }
    }
    expect_error(
        edge().get("/v1/admin/escalations"),
        StatusCode::UNAUTHORIZED,
        "token_required",
    );
}
