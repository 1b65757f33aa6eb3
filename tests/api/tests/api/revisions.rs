//! `POST /v1/t/{tenant}/reviews/{id}/revisions`: after a fixable rejection the author's revised text becomes a new
//! review that is screened again; the original keeps its text and is superseded once. Four-eyes spans revisions.

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{
    StatusTokenOf, TEST_CLOCK, clean_review, edge, expect_accepted, expect_error,
    expect_review_status, send, unique_key,
};
use crate::api::fixture::{TestTenant, now_ms};
use crate::api::moderation::{json_of, review_at, submit_held};

fn revise(tenant: &TestTenant, id: &str, token: &str, key: &str, body: &Value) -> Response {
    revise_at(None, tenant, id, token, key, body)
}

/// A revision sent at the instant `at` (ms) on the edge's test clock when given.
fn revise_at(
    at: Option<i64>,
    tenant: &TestTenant,
    id: &str,
    token: &str,
    key: &str,
    body: &Value,
) -> Response {
    let mut request = edge()
        .request(
            Method::POST,
            &format!("/v1/t/{}/reviews/{id}/revisions", tenant.id),
        )
        .header("Authorization", format!("Bearer {token}"))
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(body.to_string());
    if let Some(at) = at {
        request = request.header(TEST_CLOCK, at.to_string());
    }
    send(request)
}

/// The author may revise for 30 days after the rejection: on day 31 the edge answers 409
/// `revision_window_closed` and stores nothing; on day 29 the revision is accepted.
#[test]
fn a_revision_is_possible_for_30_days_after_the_rejection() {
    let tenant = TestTenant::new();
    let rejected_at = now_ms();
    let (original, token) = rejected(&tenant, "personal_information");
    const DAY_MS: i64 = 86_400_000;
    expect_error(
        revise_at(
            Some(rejected_at + 31 * DAY_MS),
            &tenant,
            &original,
            &token,
            &unique_key("late-revision"),
            &clean_review(),
        ),
        StatusCode::CONFLICT,
        "revision_window_closed",
    );
    let accepted = expect_accepted(revise_at(
        Some(rejected_at + 29 * DAY_MS),
        &tenant,
        &original,
        &token,
        &unique_key("timely-revision"),
        &clean_review(),
    ));
    assert_ne!(accepted.id, original);
}

fn rejected(tenant: &TestTenant, reason: &str) -> (String, String) {
    let (id, token) = submit_held(tenant);
    json_of(
        tenant.decide(
            "moderator",
            &id,
            json!({ "decision": "reject", "reason_code": reason }),
        ),
        StatusCode::OK,
    );
    (id, token)
}

#[test]
fn a_revision_after_a_fixable_rejection_is_a_new_review_screened_again() {
    let tenant = TestTenant::new();
    let (original, token) = rejected(&tenant, "personal_information");
    let key = unique_key("revise");
    let body = clean_review();
    let accepted = expect_accepted(revise(&tenant, &original, &token, &key, &body));
    assert_ne!(accepted.id, original);
    assert_eq!(
        accepted.status.as_str(),
        "compliance_review",
        "clean text passes screening"
    );
    // A replay gives the same answer; the revision's own status token works.
    let again = expect_accepted(revise(&tenant, &original, &token, &key, &body));
    assert_eq!(again, accepted);
    let status =
        expect_review_status(edge().status(&tenant.id, &accepted.id, Some(accepted.token())));
    assert_eq!(status.stage.as_str(), "compliance_review");
    // The original is still rejected, with its text, and points to the revision.
    let status = expect_review_status(edge().status(&tenant.id, &original, Some(&token)));
    assert_eq!(status.stage.as_str(), "rejected");
    let record = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{original}"),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(record["superseded_by"], accepted.id.as_str());
    assert!(
        record["body"]
            .as_str()
            .unwrap()
            .contains("someone@example.com"),
        "never edited"
    );
    let revision = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{}", accepted.id),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(revision["revision_of"], original.as_str());
    let trail = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{original}/audit"),
            None,
        ),
        StatusCode::OK,
    );
    let last = trail["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "revised");
    let trail = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{}/audit", accepted.id),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(trail["entries"][0]["action"], "revise");
    assert_eq!(
        trail["entries"][0]["prev_hash"], last["row_hash"],
        "one batch, one chain"
    );
    // Only once.
    expect_error(
        revise(
            &tenant,
            &original,
            &token,
            &unique_key("revise"),
            &clean_review(),
        ),
        StatusCode::CONFLICT,
        "already_revised",
    );
}

#[test]
fn final_rejections_and_waiting_reviews_cannot_be_revised() {
    let tenant = TestTenant::new();
    let (final_one, token) = rejected(&tenant, "impersonation");
    expect_error(
        revise(
            &tenant,
            &final_one,
            &token,
            &unique_key("revise"),
            &clean_review(),
        ),
        StatusCode::CONFLICT,
        "not_revisable",
    );
    let (waiting, token) = submit_held(&tenant);
    expect_error(
        revise(
            &tenant,
            &waiting,
            &token,
            &unique_key("revise"),
            &clean_review(),
        ),
        StatusCode::CONFLICT,
        "decision_not_allowed",
    );
    let (published, token) = review_at(&tenant, "published", json!({}));
    expect_error(
        revise(
            &tenant,
            &published,
            &token,
            &unique_key("revise"),
            &clean_review(),
        ),
        StatusCode::CONFLICT,
        "decision_not_allowed",
    );
}

#[test]
fn revisions_need_the_status_token_a_key_and_a_valid_text() {
    let tenant = TestTenant::new();
    let (original, token) = rejected(&tenant, "profanity");
    expect_error(
        revise(
            &tenant,
            &original,
            &"0".repeat(64),
            &unique_key("r"),
            &clean_review(),
        ),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    let response = send(
        edge()
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{original}/revisions", tenant.id),
            )
            .header("Authorization", format!("Bearer {token}"))
            .header("Content-Type", "application/json")
            .body(clean_review().to_string()),
    );
    expect_error(
        response,
        StatusCode::BAD_REQUEST,
        "idempotency_key_required",
    );
    let mut short = clean_review();
    short["body"] = json!("too short");
    expect_error(
        revise(&tenant, &original, &token, &unique_key("r"), &short),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    // Still revisable after refused attempts.
    expect_accepted(revise(
        &tenant,
        &original,
        &token,
        &unique_key("r"),
        &clean_review(),
    ));
}

#[test]
fn four_eyes_spans_the_original_and_its_revision() {
    let tenant = TestTenant::new();
    let (original, token) = submit_held(&tenant);
    json_of(
        tenant.decide("moderator", &original, json!({ "decision": "pass" })),
        StatusCode::OK,
    );
    json_of(
        tenant.decide(
            "compliance",
            &original,
            json!({ "decision": "reject", "reason_code": "off_topic" }),
        ),
        StatusCode::OK,
    );
    let revision = expect_accepted(revise(
        &tenant,
        &original,
        &token,
        &unique_key("r"),
        &clean_review(),
    ));
    json_of(
        tenant.decide("compliance", &revision.id, json!({ "decision": "approve" })),
        StatusCode::OK,
    );
    // The moderator of the original becomes an owner and holds a second token under another name: the same
    // person (id) still cannot decide this lineage's owner stage, with either token.
    let moderator = tenant.person_id("moderator").to_owned();
    tenant.set_role(&moderator, "owner");
    json_of(
        tenant.call(
            "admin",
            Method::PATCH,
            &format!("/v1/admin/people/{moderator}"),
            Some(&json!({ "display_name": "Renamed Owner" })),
        ),
        StatusCode::OK,
    );
    let (_, owner_hat) = tenant.issue_token(&moderator, 1);
    for token in [owner_hat.as_str(), tenant.token("moderator")] {
        let response = send(
            tenant
                .staff(
                    token,
                    Method::POST,
                    &format!("/v1/admin/reviews/{}/decisions", revision.id),
                )
                .header("Content-Type", "application/json")
                .body(json!({ "decision": "approve" }).to_string()),
        );
        expect_error(response, StatusCode::FORBIDDEN, "four_eyes");
    }
    json_of(
        tenant.decide("owner", &revision.id, json!({ "decision": "approve" })),
        StatusCode::OK,
    );
    // The archive names the person and the lineage on every stage decision of both reviews.
    let decisions: Vec<serde_json::Value> = tenant
        .archive()
        .into_iter()
        .filter(|row| {
            matches!(
                row["role"].as_str(),
                Some("moderator" | "compliance" | "owner")
            ) && !row["review_id"].is_null()
        })
        .collect();
    assert_eq!(decisions.len(), 4);
    for row in &decisions {
        assert_eq!(row["lineage_id"], original.as_str(), "{row}");
        assert!(row["person_id"].is_string() && row["credential_id"].is_string());
        assert_eq!(row["hash_version"], 2);
    }
    assert_eq!(decisions[0]["person_id"], moderator.as_str());
}
