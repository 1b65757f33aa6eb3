//! The automatic screening stage at intake, seen from outside: the 202 answer's `status` and the status
//! endpoint's `{stage, reason_code}`. Clean text passes to `compliance_review`; a valid card number, a valid
//! IBAN or link spam is rejected with a reason; every other finding holds the review at `screening`.
//!
//! Every text here carries a fresh `unique_word()`, so no case is ever held as a duplicate of an earlier run
//! unless it means to be.

use candor_domain::Stage;
use candor_domain::dto::{SubmitAccepted, Summary};
use reqwest::blocking::Response;
use serde_json::{Value, json};

use crate::api::client::{
    OTHER_PRODUCT, PRODUCT, TENANT, clean_body, edge, expect_accepted, expect_summary, header,
    stored_status, unique_word, valid_review_with,
};

const PERSONAL_INFORMATION: &str = "personal_information";
const SPAM_OR_ADVERTISING: &str = "spam_or_advertising";

/// Where screening leaves a text: the stage, and the public reason of a rejection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Pass,
    Hold,
    Reject(&'static str),
}

impl Expect {
    fn stage(self) -> Stage {
        match self {
            Expect::Pass => Stage::ComplianceReview,
            Expect::Hold => Stage::Screening,
            Expect::Reject(_) => Stage::Rejected,
        }
    }

    fn reason(self) -> Option<&'static str> {
        match self {
            Expect::Reject(reason) => Some(reason),
            Expect::Pass | Expect::Hold => None,
        }
    }
}

/// Asserts that the 202 answer and the status endpoint both show where `expect` says the review stands.
#[track_caller]
fn assert_outcome(response: Response, expect: Expect, what: &str) -> SubmitAccepted {
    let accepted = expect_accepted(response);
    assert_eq!(accepted.status, expect.stage(), "{what}: answered stage");
    let status = stored_status(&accepted);
    assert_eq!(status.stage, expect.stage(), "{what}: stored stage");
    assert_eq!(
        status.reason_code.as_deref(),
        expect.reason(),
        "{what}: public reason"
    );
    accepted
}

/// A review for the seeded product with this body.
fn with_body(body: &str) -> Value {
    valid_review_with(json!({ "body": body }))
}

/// Bodies (with `{w}` replaced by a fresh unique word) and where screening must leave them.
fn body_cases() -> Vec<(String, Expect)> {
    let cases: [(&str, Expect); 22] = [
        (
            "The advisers answer quickly and the {w} fees are fair.",
            Expect::Pass,
        ),
        ("费用很低，顾问回复很快，整体体验不错 {w}。", Expect::Pass),
        (
            "Use my referral code when you open a {w} account, no link needed.",
            Expect::Pass,
        ),
        (
            "I paid with my card 4111 1111 1111 1111 in the {w} app.",
            Expect::Reject(PERSONAL_INFORMATION),
        ),
        (
            "My card 5500-0000-0000-0004 works fine in the {w} app.",
            Expect::Reject(PERSONAL_INFORMATION),
        ),
        (
            "My card 4111111111111111 works fine in the {w} app.",
            Expect::Reject(PERSONAL_INFORMATION),
        ),
        (
            "Transfers to GB82 WEST 1234 5698 7654 32 arrive fast with {w}.",
            Expect::Reject(PERSONAL_INFORMATION),
        ),
        (
            "Click here https://deals.example.com to get the {w} bonus.",
            Expect::Reject(SPAM_OR_ADVERTISING),
        ),
        (
            "Compare www.alpha.com and www.beta.net and www.gamma.org with {w}.",
            Expect::Reject(SPAM_OR_ADVERTISING),
        ),
        (
            // Personal information outranks spam as the reason.
            "Click here https://deals.example.com and pay with 4111 1111 1111 1111 for {w}.",
            Expect::Reject(PERSONAL_INFORMATION),
        ),
        (
            // Not Luhn-valid: an account-like number, held rather than rejected.
            "My number 4111 1111 1111 1112 works fine in the {w} app.",
            Expect::Hold,
        ),
        (
            "Write to me at reader@example.com about the {w} app.",
            Expect::Hold,
        ),
        ("Call me on 555-123-4567 about the {w} app.", Expect::Hold),
        (
            "My SSN 123-45-6789 was asked for by the {w} form.",
            Expect::Hold,
        ),
        (
            "I compared the fees on www.example.com before choosing {w}.",
            Expect::Hold,
        ),
        (
            "There was an error with my transfer in the {w} app.",
            Expect::Hold,
        ),
        ("I asked the {w} team for a refund last week.", Expect::Hold),
        ("This looks like fraud to me, says {w}.", Expect::Hold),
        ("The {w} app is shit but the fees are low.", Expect::Hold),
        (
            "THE FEES ARE LOW AND THE APP EXPLAINS EVERY CHARGE {W}",
            Expect::Hold,
        ),
        ("Wow!!!!!!!!!! the {w} app is great value.", Expect::Hold),
        ("我要退款，{w} 一直没有处理。", Expect::Hold),
    ];
    cases
        .into_iter()
        .map(|(body, expect)| {
            let word = unique_word();
            let body = body
                .replace("{w}", &word)
                .replace("{W}", &word.to_uppercase());
            (body, expect)
        })
        .collect()
}

#[test]
fn a_card_number_in_the_body_is_rejected_for_personal_information() {
    let body = format!(
        "I paid with my card 4111 1111 1111 1111 in the {} app.",
        unique_word()
    );
    assert_outcome(
        edge().submit(&with_body(&body)),
        Expect::Reject(PERSONAL_INFORMATION),
        "card number",
    );
}

#[test]
fn an_email_address_in_the_body_holds_the_review_at_screening() {
    let body = format!(
        "Write to me at reader@example.com about the {} app.",
        unique_word()
    );
    assert_outcome(edge().submit(&with_body(&body)), Expect::Hold, "e-mail");
}

#[test]
fn link_spam_in_the_body_is_rejected_as_spam_or_advertising() {
    let promoted = format!(
        "Click here https://deals.example.com to get the {} bonus.",
        unique_word()
    );
    let three_links = format!(
        "Compare www.alpha.com and www.beta.net and www.gamma.org with {}.",
        unique_word()
    );
    for body in [promoted, three_links] {
        assert_outcome(
            edge().submit(&with_body(&body)),
            Expect::Reject(SPAM_OR_ADVERTISING),
            &body,
        );
    }
}

#[test]
fn each_kind_of_text_reaches_its_stage() {
    for (body, expect) in body_cases() {
        assert_outcome(edge().submit(&with_body(&body)), expect, &body);
    }
}

#[test]
fn findings_in_the_title_nickname_and_segment_count_too() {
    let cases = [
        (
            json!({ "title": "Card 4111 1111 1111 1111" }),
            Expect::Reject(PERSONAL_INFORMATION),
        ),
        (json!({ "nickname": "reader@example.com" }), Expect::Hold),
        (json!({ "segment": "Fraud victim" }), Expect::Hold),
        (
            json!({ "title": "Click here", "segment": "www.deals.example.com" }),
            Expect::Reject(SPAM_OR_ADVERTISING),
        ),
    ];
    for (mut changes, expect) in cases {
        changes["body"] = json!(clean_body());
        let what = changes.to_string();
        assert_outcome(edge().submit(&valid_review_with(changes)), expect, &what);
    }
}

#[test]
fn the_private_contact_email_is_not_screened() {
    let review = valid_review_with(json!({
        "body": clean_body(),
        "contact_email": "reader@example.com",
        "contact_consent": true
    }));
    assert_outcome(edge().submit(&review), Expect::Pass, "contact e-mail");
}

#[test]
fn the_same_clean_body_submitted_twice_is_held_the_second_time_as_a_duplicate() {
    let review = valid_review_with(json!({ "body": clean_body() }));
    let first = assert_outcome(edge().submit(&review), Expect::Pass, "first copy");
    let second = assert_outcome(edge().submit(&review), Expect::Hold, "second copy");
    assert_ne!(first.id, second.id, "a new key stores a new review");
}

#[test]
fn a_duplicate_is_found_regardless_of_case_and_whitespace() {
    let body = clean_body();
    assert_outcome(edge().submit(&with_body(&body)), Expect::Pass, "original");
    // Another case and other whitespace, but not so many capitals that it would count as shouting.
    let variant = format!(
        "  {}  ",
        body.replacen("The fees", "THE  FEES", 1)
            .replace(' ', " \n ")
    );
    let review = valid_review_with(json!({ "body": variant, "title": "Another title" }));
    assert_outcome(
        edge().submit(&review),
        Expect::Hold,
        "case and whitespace variant",
    );
}

#[test]
fn the_same_body_for_another_product_is_not_a_duplicate() {
    let review = valid_review_with(json!({ "attributes": { "service": 4 }, "body": clean_body() }));
    assert_outcome(edge().submit_to(PRODUCT, &review), Expect::Pass, PRODUCT);
    assert_outcome(
        edge().submit_to(OTHER_PRODUCT, &review),
        Expect::Pass,
        OTHER_PRODUCT,
    );
}

/// Screening reads the texts only: the same text with one star and with five stars ends in the same stage.
#[test]
fn the_rating_never_changes_the_outcome() {
    let texts = [
        (clean_body(), Expect::Pass),
        (
            format!(
                "Write to me at reader@example.com about the {} app.",
                unique_word()
            ),
            Expect::Hold,
        ),
        (
            format!(
                "I paid with my card 4111 1111 1111 1111 in the {} app.",
                unique_word()
            ),
            Expect::Reject(PERSONAL_INFORMATION),
        ),
        (
            format!(
                "Click here https://deals.example.com to get the {} bonus.",
                unique_word()
            ),
            Expect::Reject(SPAM_OR_ADVERTISING),
        ),
    ];
    for (body, expect) in texts {
        let low = valid_review_with(json!({
            "rating": 1, "would_recommend": false, "attributes": { "service": 1 }, "body": body
        }));
        let high = valid_review_with(json!({
            "rating": 5, "would_recommend": true, "attributes": { "service": 5 }, "body": body
        }));
        let low = assert_outcome(edge().submit_to(PRODUCT, &low), expect, &body);
        let high = assert_outcome(edge().submit_to(OTHER_PRODUCT, &high), expect, &body);
        assert_eq!(low.status, high.status, "{body}");
    }
}

fn summary_with_etag(product: &str) -> (Summary, String) {
    let response = edge().get(&format!("/v1/t/{TENANT}/products/{product}/summary"));
    let etag = header(&response, "ETag");
    (expect_summary(response), etag)
}

/// No screening outcome publishes anything: passed, held, duplicate and rejected reviews leave the summaries as seeded.
#[test]
fn no_screening_outcome_changes_the_published_summary() {
    let products = [PRODUCT, OTHER_PRODUCT];
    let before: Vec<(Summary, String)> = products.iter().map(|p| summary_with_etag(p)).collect();

    let mut stages = Vec::new();
    for product in products {
        let clean =
            valid_review_with(json!({ "attributes": { "service": 5 }, "body": clean_body() }));
        stages.push(expect_accepted(edge().submit_to(product, &clean)).status);
        stages.push(expect_accepted(edge().submit_to(product, &clean)).status);
        for (body, _) in body_cases() {
            let review = valid_review_with(
                json!({ "rating": 5, "attributes": { "service": 5 }, "body": body }),
            );
            stages.push(expect_accepted(edge().submit_to(product, &review)).status);
        }
    }
    for stage in [Stage::ComplianceReview, Stage::Screening, Stage::Rejected] {
        assert!(
            stages.contains(&stage),
            "some submission ended at {stage:?}"
        );
    }

    let after: Vec<(Summary, String)> = products.iter().map(|p| summary_with_etag(p)).collect();
    assert_eq!(after, before, "summaries and ETags are unchanged");
    assert_eq!(after[0].0.count, 8);
    assert_eq!(after[1].0.count, 1);
}
