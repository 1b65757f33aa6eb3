//! Firm responses: drafted by staff on a published review, public only after an owner other than the drafter
//! approved it, never public when rejected, one live response per review, archived at every step, and isolated
//! per tenant.

use candor_domain::dto::{PublicReview, ReviewPage};
use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::archive::{assert_chain_intact, ndjson};
use crate::api::client::{edge, expect_error, expect_json_text};
use crate::api::fixture::{PRODUCT, ROLES, TestTenant, now_ms};
use crate::api::moderation::{json_of, review_at};

const ANSWER: &str = "Thank you for telling us.\nOur service team has called you about the fee.";

fn draft(tenant: &TestTenant, role: &str, review_id: &str, body: &str) -> Response {
    tenant.call(
        role,
        Method::POST,
        &format!("/v1/admin/reviews/{review_id}/responses"),
        Some(&json!({ "body": body })),
    )
}

fn decide(tenant: &TestTenant, token: &str, id: &str, body: Value) -> Response {
    crate::api::client::send(
        tenant
            .staff(
                token,
                Method::POST,
                &format!("/v1/admin/responses/{id}/decisions"),
            )
            .header("Content-Type", "application/json")
            .body(body.to_string()),
    )
}

fn public_review(tenant: &TestTenant, review_id: &str) -> PublicReview {
    let text = expect_json_text(edge().get(&tenant.reviews_path()), StatusCode::OK);
    let page: ReviewPage = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    page.reviews
        .into_iter()
        .find(|review| review.id == review_id)
        .expect("the published review is listed")
}

/// Archive rows about one response (their content, kept as the note, names it).
fn response_rows(tenant: &TestTenant, id: &str) -> Vec<Value> {
    ndjson(tenant, "")
        .into_iter()
        .filter(|row| {
            row["action"]
                .as_str()
                .is_some_and(|a| a.starts_with("response_"))
                && row["note"].as_str().is_some_and(|note| note.contains(id))
        })
        .collect()
}

#[test]
fn a_draft_is_public_only_after_the_owner_approves_it() {
    let tenant = TestTenant::new();
    let (review, _) = review_at(&tenant, "published", json!({ "rating": 2 }));
    let before = now_ms();
    let drafted = json_of(
        draft(&tenant, "compliance", &review, &format!("  {ANSWER} ")),
        StatusCode::CREATED,
    );
    assert_eq!(drafted["status"], "pending");
    assert_eq!(drafted["body"], ANSWER, "trimmed once at intake");
    assert_eq!(drafted["drafted_by"], tenant.person_id("compliance"));
    assert_eq!(drafted["review_id"], review.as_str());
    assert_eq!(
        public_review(&tenant, &review).response,
        None,
        "a draft is not public"
    );
    // The first view (cached at the edge) shows the newest reviews; the draft is not in it.
    let first_view = || {
        let response = edge().get(&format!("/v1/t/{}/embed/{PRODUCT}", tenant.id));
        assert_eq!(response.status(), StatusCode::OK);
        response.text().expect("the first view is readable")
    };
    assert!(!first_view().contains("Our service team has called you"));

    let id = drafted["id"].as_str().unwrap();
    let approved = json_of(
        decide(
            &tenant,
            tenant.token("owner"),
            id,
            json!({ "decision": "approve", "note": "Fine to publish." }),
        ),
        StatusCode::OK,
    );
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["decided_by"], tenant.person_id("owner"));
    let shown = public_review(&tenant, &review)
        .response
        .expect("the approved response is public");
    assert_eq!(shown.body, ANSWER);
    assert!(shown.approved_at >= before);
    assert_eq!(shown.approved_at, approved["decided_at"].as_i64().unwrap());
    assert!(
        first_view().contains("Our service team has called you about the fee."),
        "the approval replaced the cached first view, which shows the response"
    );

    let record = json_of(
        tenant.call(
            "moderator",
            Method::GET,
            &format!("/v1/admin/reviews/{review}"),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(record["responses"][0]["id"], id);
    assert_eq!(record["responses"][0]["status"], "approved");
    assert_eq!(
        record["stage"], "published",
        "the review itself is unchanged"
    );

    let rows = response_rows(&tenant, id);
    let steps: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| {
            (
                row["action"].as_str().unwrap(),
                row["role"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("response_drafted", "compliance"),
            ("response_approved", "owner")
        ]
    );
    let archived: Value = serde_json::from_str(rows[0]["note"].as_str().unwrap()).unwrap();
    assert_eq!(
        archived["body"], ANSWER,
        "the archive keeps the communication's text"
    );
    assert_chain_intact(&tenant, &ndjson(&tenant, ""));

    // One live response per review: another draft waits until this one is rejected (it never is now).
    expect_error(
        draft(&tenant, "owner", &review, "Another answer."),
        StatusCode::CONFLICT,
        "response_exists",
    );
    expect_error(
        decide(
            &tenant,
            tenant.token("owner"),
            id,
            json!({ "decision": "reject" }),
        ),
        StatusCode::CONFLICT,
        "response_already_decided",
    );
}

#[test]
fn a_rejected_response_is_never_public_and_may_be_replaced() {
    let tenant = TestTenant::new();
    let (review, _) = review_at(&tenant, "published", json!({}));
    let first = json_of(
        draft(
            &tenant,
            "moderator",
            &review,
            "We are sorry; call us anytime.",
        ),
        StatusCode::CREATED,
    );
    let first_id = first["id"].as_str().unwrap();
    expect_error(
        draft(&tenant, "compliance", &review, "A second answer."),
        StatusCode::CONFLICT,
        "response_exists",
    );
    let rejected = json_of(
        decide(
            &tenant,
            tenant.token("owner"),
            first_id,
            json!({ "decision": "reject", "note": "Too vague." }),
        ),
        StatusCode::OK,
    );
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["decision_note"], "Too vague.");
    assert_eq!(public_review(&tenant, &review).response, None);
    expect_error(
        decide(
            &tenant,
            tenant.token("owner"),
            first_id,
            json!({ "decision": "approve" }),
        ),
        StatusCode::CONFLICT,
        "response_already_decided",
    );
    let steps: Vec<Value> = response_rows(&tenant, first_id)
        .iter()
        .map(|row| row["action"].clone())
        .collect();
    assert_eq!(
        steps,
        [json!("response_drafted"), json!("response_rejected")]
    );

    let second = json_of(
        draft(&tenant, "moderator", &review, ANSWER),
        StatusCode::CREATED,
    );
    json_of(
        decide(
            &tenant,
            tenant.token("owner"),
            second["id"].as_str().unwrap(),
            json!({ "decision": "approve" }),
        ),
        StatusCode::OK,
    );
    assert_eq!(
        public_review(&tenant, &review).response.unwrap().body,
        ANSWER
    );
}

#[test]
fn the_owner_who_drafted_a_response_cannot_approve_it() {
    let tenant = TestTenant::new();
    let (review, _) = review_at(&tenant, "published", json!({}));
    let drafted = json_of(
        draft(&tenant, "owner", &review, ANSWER),
        StatusCode::CREATED,
    );
    let id = drafted["id"].as_str().unwrap();
    for decision in ["approve", "reject"] {
        expect_error(
            decide(
                &tenant,
                tenant.token("owner"),
                id,
                json!({ "decision": decision }),
            ),
            StatusCode::FORBIDDEN,
            "four_eyes",
        );
    }
    assert_eq!(public_review(&tenant, &review).response, None);
    let deputy_id = tenant.add_person("owner", "Deputy Owner");
    let (_, deputy) = tenant.issue_token(&deputy_id, 1);
    let approved = json_of(
        decide(&tenant, &deputy, id, json!({ "decision": "approve" })),
        StatusCode::OK,
    );
    assert_eq!(approved["decided_by"], deputy_id.as_str());
    assert_eq!(
        public_review(&tenant, &review).response.unwrap().body,
        ANSWER
    );
}

#[test]
fn responses_need_a_published_review_a_bounded_body_and_a_known_decision() {
    let tenant = TestTenant::new();
    let (waiting, _) = review_at(&tenant, "owner_review", json!({}));
    expect_error(
        draft(&tenant, "compliance", &waiting, ANSWER),
        StatusCode::CONFLICT,
        "review_not_published",
    );
    let (review, _) = review_at(&tenant, "published", json!({}));
    for (body, code) in [
        ("   ", "required"),
        (&"x".repeat(5_001)[..], "too_long"),
        ("a\u{202E}b", "forbidden_character"),
    ] {
        let detail = expect_error(
            draft(&tenant, "compliance", &review, body),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(
            (
                detail.fields[0].field.as_str(),
                detail.fields[0].code.as_str()
            ),
            ("body", code)
        );
    }
    json_of(
        draft(&tenant, "compliance", &review, &"字".repeat(5_000)),
        StatusCode::CREATED,
    );
    expect_error(
        tenant.call(
            "compliance",
            Method::POST,
            &format!("/v1/admin/reviews/{review}/responses"),
            Some(&json!({ "body": ANSWER, "pinned": true })),
        ),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    expect_error(
        draft(&tenant, "compliance", "no-such-review", ANSWER),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let (other, _) = review_at(&tenant, "published", json!({}));
    let id = json_of(
        draft(&tenant, "compliance", &other, ANSWER),
        StatusCode::CREATED,
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let detail = expect_error(
        decide(
            &tenant,
            tenant.token("owner"),
            &id,
            json!({ "decision": "publish" }),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].field, "decision");
    expect_error(
        decide(
            &tenant,
            tenant.token("owner"),
            "no-such-response",
            json!({ "decision": "approve" }),
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn only_reviewing_staff_draft_and_only_owners_decide() {
    let tenant = TestTenant::new();
    let (review, _) = review_at(&tenant, "published", json!({}));
    for role in ["admin", "marketer"] {
        expect_error(
            draft(&tenant, role, &review, ANSWER),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    let id = json_of(
        draft(&tenant, "moderator", &review, ANSWER),
        StatusCode::CREATED,
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for role in ROLES.into_iter().filter(|role| *role != "owner") {
        expect_error(
            decide(
                &tenant,
                tenant.token(role),
                &id,
                json!({ "decision": "approve" }),
            ),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    assert_eq!(public_review(&tenant, &review).response, None);
}

#[test]
fn another_tenants_reviews_and_responses_are_not_found() {
    let ours = TestTenant::new();
    let theirs = TestTenant::new();
    let (review, _) = review_at(&ours, "published", json!({}));
    let id = json_of(
        draft(&ours, "compliance", &review, ANSWER),
        StatusCode::CREATED,
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    expect_error(
        draft(&theirs, "compliance", &review, ANSWER),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_error(
        decide(
            &theirs,
            theirs.token("owner"),
            &id,
            json!({ "decision": "approve" }),
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_eq!(
        public_review(&ours, &review).response,
        None,
        "still pending"
    );
}
