//! `GET /v1/t/{tenant}/reviews/{id}/status`: only the holder of the review's status token learns its stage.

use candor_domain::Stage;
use candor_domain::dto::SubmitAccepted;
use reqwest::{Method, StatusCode};

use crate::api::client::{
    StatusTokenOf, TENANT, clean_review, edge, expect_accepted, expect_error, expect_review_status,
    header, send, stored_status, unique_key, valid_review,
};

fn submitted() -> SubmitAccepted {
    expect_accepted(edge().submit(&valid_review()))
}

#[test]
fn status_with_the_issued_token_reports_the_stage_without_a_reason() {
    let accepted = expect_accepted(edge().submit(&clean_review()));
    let response = edge().status(TENANT, &accepted.id, Some(accepted.token()));
    assert_eq!(header(&response, "Cache-Control"), "no-store");
    let status = expect_review_status(response);
    assert_eq!(status.id, accepted.id);
    assert_eq!(status.stage, Stage::ComplianceReview);
    assert_eq!(status.reason_code, None);
}

#[test]
fn status_of_a_held_duplicate_reports_screening_without_a_reason() {
    let review = clean_review();
    expect_accepted(edge().submit(&review));
    let held = expect_accepted(edge().submit(&review));
    assert_eq!(held.status, Stage::Screening);
    let status = stored_status(&held);
    assert_eq!(status.stage, Stage::Screening);
    assert_eq!(
        status.reason_code, None,
        "a held review has no public reason yet"
    );
}

#[test]
fn status_without_a_token_is_unauthorized() {
    let accepted = submitted();
    expect_error(
        edge().status(TENANT, &accepted.id, None),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
}

#[test]
fn status_with_a_malformed_token_is_unauthorized() {
    let accepted = submitted();
    for token in ["not-hex", "00", "zz", &"0".repeat(64)] {
        expect_error(
            edge().status(TENANT, &accepted.id, Some(token)),
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        );
    }
}

#[test]
fn status_with_a_tampered_token_is_unauthorized() {
    let accepted = submitted();
    let mut tampered = accepted.token().to_owned().into_bytes();
    let last = tampered.len() - 1;
    tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
    let tampered = String::from_utf8(tampered).expect("hex stays ASCII");
    expect_error(
        edge().status(TENANT, &accepted.id, Some(&tampered)),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
}

#[test]
fn status_token_with_another_auth_scheme_is_unauthorized() {
    let accepted = submitted();
    for authorization in [
        format!("Basic {}", accepted.token()),
        format!("bearer{}", accepted.token()),
        accepted.token().to_owned(),
    ] {
        let response = send(
            edge()
                .request(
                    Method::GET,
                    &format!("/v1/t/{TENANT}/reviews/{}/status", accepted.id),
                )
                .header("Authorization", authorization),
        );
        expect_error(response, StatusCode::UNAUTHORIZED, "unauthorized");
    }
}

#[test]
fn status_token_of_one_review_does_not_open_another() {
    let first = submitted();
    let second = submitted();
    expect_error(
        edge().status(TENANT, &second.id, Some(first.token())),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
}

#[test]
fn status_token_under_another_tenant_path_is_unauthorized() {
    let accepted = submitted();
    expect_error(
        edge().status("other-tenant", &accepted.id, Some(accepted.token())),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
}

#[test]
fn status_of_an_unknown_review_is_unauthorized_without_revealing_whether_it_exists() {
    // Without a token for that exact id nobody can probe which ids exist.
    let accepted = submitted();
    expect_error(
        edge().status(TENANT, "no-such-review", Some(accepted.token())),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
}

#[test]
fn status_token_from_a_replayed_submission_still_opens_the_review() {
    let key = unique_key("status-replay");
    let body = clean_review().to_string();
    let first = expect_accepted(send(edge().submission(Some(&key), body.clone())));
    let replayed = expect_accepted(send(edge().submission(Some(&key), body)));
    assert_eq!(replayed, first);
    assert_eq!(stored_status(&replayed).stage, Stage::ComplianceReview);
}
