//! `POST /v1/t/{tenant}/products/{product}/reviews`: accepted exactly once per Idempotency-Key, every refusal a code a client can act on.

use candor_domain::{Stage, ValidationCode};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api::client::{
    ALLOWED_ORIGINS, MAX_BODY_BYTES, OTHER_PRODUCT, PRODUCT, StatusTokenOf, TENANT, clean_review,
    edge, expect_accepted, expect_error, expect_json_text, expect_review_status, send,
    stored_status, unique_key, valid_review, valid_review_with,
};
use crate::api::fixture::{self, TestTenant};
use crate::api::streamed::{chunked, send_streamed, take_the_dev_proxy_hold};

fn submit_with_key(key: &str, review: &Value) -> reqwest::blocking::Response {
    send(edge().submission(Some(key), review.to_string()))
}

/// `(field, code)` pairs of a 422 answer, in the order the edge reported them.
fn refused_fields(review: &Value) -> Vec<(String, String)> {
    let detail = expect_error(
        edge().submit(review),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert!(!detail.fields.is_empty(), "a 422 names the refused fields");
    for field in &detail.fields {
        assert!(
            !field.message.trim().is_empty(),
            "every field error has a message"
        );
    }
    detail
        .fields
        .into_iter()
        .map(|field| (field.field, field.code))
        .collect()
}

fn pair(field: &str, code: ValidationCode) -> (String, String) {
    (field.to_owned(), code.code().to_owned())
}

/// A valid review serialised with trailing whitespace so the whole body is exactly `size` bytes.
fn review_body_of_size(size: usize) -> String {
    let mut body = valid_review().to_string();
    assert!(body.len() <= size);
    body.push_str(&" ".repeat(size - body.len()));
    body
}

#[test]
fn clean_submission_is_accepted_at_compliance_review_with_a_status_token() {
    let accepted = expect_accepted(edge().submit(&clean_review()));
    assert_eq!(accepted.status, Stage::ComplianceReview);
    assert!(!accepted.id.is_empty(), "an id is assigned");
    assert!(!accepted.token().is_empty(), "a status token is issued");
}

#[test]
fn accepted_submission_is_stored_and_visible_to_its_author() {
    let accepted = expect_accepted(edge().submit(&clean_review()));
    let status = stored_status(&accepted);
    assert_eq!(status.stage, accepted.status);
    assert_eq!(status.stage, Stage::ComplianceReview);
    assert_eq!(status.reason_code, None);
}

#[test]
fn each_accepted_submission_gets_its_own_id_and_token() {
    let first = expect_accepted(edge().submit(&valid_review()));
    let second = expect_accepted(edge().submit(&valid_review()));
    assert_ne!(first.id, second.id);
    assert_ne!(first.token(), second.token());
}

#[test]
fn submission_with_every_optional_field_is_accepted() {
    let review = valid_review_with(json!({
        "attributes": { "fees": 1, "advice": 2, "service": 3 },
        "would_recommend": false,
        "segment": "Self-directed",
        "relationship": "employee",
        "incentive": "discount",
        "locale": "zh-CN",
        "title": "手续费低",
        "body": "开户很快，手续费也很低，客服用中文耐心回答了我的所有问题。",
        "contact_email": "reader@example.com",
        "contact_consent": true
    }));
    expect_accepted(edge().submit(&review));
}

#[test]
fn json_content_type_with_charset_is_accepted() {
    let response = send(edge().submission_typed(
        TENANT,
        PRODUCT,
        Some("application/json; charset=utf-8"),
        Some(&unique_key("charset")),
        valid_review().to_string(),
    ));
    expect_accepted(response);
}

#[test]
fn submission_without_idempotency_key_is_refused() {
    let response = send(edge().submission(None, valid_review().to_string()));
    expect_error(
        response,
        StatusCode::BAD_REQUEST,
        "idempotency_key_required",
    );
}

#[test]
fn submission_with_blank_idempotency_key_is_refused() {
    let response = send(edge().submission(Some("   "), valid_review().to_string()));
    expect_error(
        response,
        StatusCode::BAD_REQUEST,
        "idempotency_key_required",
    );
}

#[test]
fn idempotency_key_of_129_characters_is_refused() {
    let key = format!("{}-", unique_key("long"));
    let key = format!("{key}{}", "k".repeat(129 - key.len()));
    assert_eq!(key.chars().count(), 129);
    let response = send(edge().submission(Some(&key), valid_review().to_string()));
    expect_error(response, StatusCode::BAD_REQUEST, "idempotency_key_invalid");
}

#[test]
fn idempotency_key_of_128_characters_is_accepted() {
    let key = format!("{}-", unique_key("long"));
    let key = format!("{key}{}", "k".repeat(128 - key.len()));
    assert_eq!(key.chars().count(), 128);
    expect_accepted(send(
        edge().submission(Some(&key), valid_review().to_string()),
    ));
}

#[test]
fn replay_with_same_key_and_body_returns_the_first_answer() {
    let key = unique_key("replay");
    let review = clean_review();
    let first = expect_json_text(submit_with_key(&key, &review), StatusCode::ACCEPTED);
    let second = expect_json_text(submit_with_key(&key, &review), StatusCode::ACCEPTED);
    assert_eq!(
        second, first,
        "a replay answers byte for byte what the first request got"
    );
    let third = expect_accepted(submit_with_key(&key, &review));
    assert_eq!(
        third.status,
        Stage::ComplianceReview,
        "a replay is not screened again (it would be its own duplicate)"
    );
    assert_eq!(stored_status(&third).stage, Stage::ComplianceReview);
}

#[test]
fn reused_key_with_a_different_body_is_refused() {
    let key = unique_key("reuse");
    expect_accepted(submit_with_key(&key, &valid_review()));
    let changed = valid_review_with(json!({ "title": "A different title" }));
    expect_error(
        submit_with_key(&key, &changed),
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
}

#[test]
fn reused_key_with_an_invalid_body_is_refused_as_reused() {
    let key = unique_key("reuse-invalid");
    expect_accepted(submit_with_key(&key, &valid_review()));
    expect_error(
        submit_with_key(&key, &json!({})),
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
}

/// Idempotency keys belong to a tenant: another tenant's visitor who happens to send the same key and the same body
/// gets a review of their own in their own tenant, never a replay of this tenant's answer (which would leak its
/// review id and status token), and this tenant's replay is unchanged.
#[test]
fn same_key_in_another_tenant_is_another_submission() {
    let key = unique_key("cross-tenant");
    let body = clean_review().to_string();
    let first = expect_accepted(send(edge().submission(Some(&key), body.clone())));
    let other = TestTenant::new();
    let theirs = expect_accepted(send(edge().submission_to(
        &other.id,
        fixture::PRODUCT,
        Some(&key),
        body.clone(),
    )));
    assert_ne!(theirs.id, first.id, "a replay across tenants");
    assert_ne!(theirs.token(), first.token());
    // Each review is readable in its own tenant only.
    let status = expect_review_status(edge().status(&other.id, &theirs.id, Some(theirs.token())));
    assert_eq!(status.id, theirs.id);
    let foreign = edge().status(TENANT, &theirs.id, Some(theirs.token()));
    match foreign.status() {
        StatusCode::UNAUTHORIZED => drop(expect_error(
            foreign,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )),
        _ => drop(expect_error(foreign, StatusCode::NOT_FOUND, "not_found")),
    }
    // This tenant's key still answers this tenant's first answer.
    assert_eq!(
        expect_accepted(send(edge().submission(Some(&key), body))),
        first
    );
}

/// The key answers for one request, path included: the same body to another product is another request.
#[test]
fn reused_key_for_another_product_is_refused() {
    let key = unique_key("cross-product");
    let review = valid_review_with(json!({ "attributes": { "service": 4 } }));
    expect_accepted(submit_with_key(&key, &review));
    let response =
        send(edge().submission_to(TENANT, OTHER_PRODUCT, Some(&key), review.to_string()));
    expect_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
    // The first product's answer is still the key's answer.
    expect_accepted(submit_with_key(&key, &review));
}

#[test]
fn reused_key_for_an_unknown_product_is_not_found_before_any_replay() {
    let key = unique_key("reuse-unknown-product");
    let review = valid_review();
    expect_accepted(submit_with_key(&key, &review));
    let response =
        send(edge().submission_to(TENANT, "no-such-product", Some(&key), review.to_string()));
    expect_error(response, StatusCode::NOT_FOUND, "not_found");
}

#[test]
fn replay_from_an_origin_the_tenant_did_not_allow_is_forbidden() {
    let key = unique_key("reuse-origin");
    let body = valid_review().to_string();
    expect_accepted(send(edge().submission(Some(&key), body.clone())));
    let response = send(
        edge()
            .submission(Some(&key), body.clone())
            .header("Origin", "https://evil.example"),
    );
    expect_error(response, StatusCode::FORBIDDEN, "origin_not_allowed");
    // From an allowed origin the same request still replays the stored answer.
    let replay = send(
        edge()
            .submission(Some(&key), body)
            .header("Origin", ALLOWED_ORIGINS[0]),
    );
    expect_accepted(replay);
}

#[test]
fn key_of_a_refused_submission_can_be_used_for_the_corrected_one() {
    let key = unique_key("corrected");
    expect_error(
        submit_with_key(&key, &valid_review_with(json!({ "rating": 6 }))),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    expect_accepted(submit_with_key(&key, &valid_review()));
}

#[test]
fn malformed_json_is_refused() {
    for body in ["{", "not json", "{\"rating\": 4,}", "", "[", "[1,", "nul"] {
        let response = send(edge().submission(Some(&unique_key("malformed")), body));
        expect_error(response, StatusCode::BAD_REQUEST, "malformed_json");
    }
}

#[test]
fn unknown_field_is_refused_as_wrong_shape() {
    let review = valid_review_with(json!({ "stars": 5 }));
    expect_error(
        edge().submit(&review),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
}

#[test]
fn wrong_json_types_are_refused_as_wrong_shape() {
    let cases = [
        json!({ "rating": "five" }),
        json!({ "rating": 4.5 }),
        json!({ "would_recommend": "yes" }),
        json!({ "attributes": ["fees"] }),
        json!({ "attributes": { "fees": "high" } }),
        json!({ "title": 42 }),
        json!({ "terms_accepted": 1 }),
    ];
    for changes in cases {
        let review = valid_review_with(changes.clone());
        let response = edge().submit(&review);
        let detail = expect_error(response, StatusCode::BAD_REQUEST, "wrong_shape");
        assert!(
            detail.fields.is_empty(),
            "{changes}: shape errors have no field list"
        );
    }
}

#[test]
fn scalar_body_is_refused_as_wrong_shape() {
    for body in ["42", "\"review\"", "null", "true"] {
        let response = send(edge().submission(Some(&unique_key("shape")), body));
        let detail = expect_error(response, StatusCode::BAD_REQUEST, "wrong_shape");
        assert!(detail.fields.is_empty(), "{body}");
    }
}

#[test]
fn array_body_is_refused_as_wrong_shape() {
    let positional = json!([
        4, { "fees": 5 }, true, "Positional title", "A positional body long enough to pass.",
        "Nick", null, "client", "none", "en", null, false, true
    ]);
    let wrapped = format!("[{}]", valid_review());
    for body in [
        "[]".to_owned(),
        " \n [ ] ".to_owned(),
        positional.to_string(),
        wrapped,
    ] {
        let response = send(edge().submission(Some(&unique_key("array")), body.clone()));
        let detail = expect_error(response, StatusCode::BAD_REQUEST, "wrong_shape");
        assert!(detail.fields.is_empty(), "{body}");
    }
}

#[test]
fn empty_draft_reports_every_required_field() {
    assert_eq!(
        refused_fields(&json!({})),
        vec![
            pair("rating", ValidationCode::Required),
            pair("would_recommend", ValidationCode::Required),
            pair("title", ValidationCode::Required),
            pair("body", ValidationCode::Required),
            pair("nickname", ValidationCode::Required),
            pair("relationship", ValidationCode::Required),
            pair("incentive", ValidationCode::Required),
            pair("locale", ValidationCode::Required),
            pair("terms_accepted", ValidationCode::TermsNotAccepted),
        ]
    );
}

#[test]
fn rating_outside_one_to_five_is_refused() {
    for rating in [0, 6, -1] {
        assert_eq!(
            refused_fields(&valid_review_with(json!({ "rating": rating }))),
            vec![pair("rating", ValidationCode::OutOfRange)],
            "rating {rating}"
        );
    }
}

#[test]
fn attribute_rating_outside_one_to_five_is_refused() {
    let review = valid_review_with(json!({ "attributes": { "fees": 0, "service": 9 } }));
    assert_eq!(
        refused_fields(&review),
        vec![
            pair("attributes.fees", ValidationCode::OutOfRange),
            pair("attributes.service", ValidationCode::OutOfRange),
        ]
    );
}

#[test]
fn attribute_the_product_does_not_ask_about_is_refused() {
    let review = valid_review_with(json!({ "attributes": { "interest_rates": 4 } }));
    assert_eq!(
        refused_fields(&review),
        vec![pair(
            "attributes.interest_rates",
            ValidationCode::UnknownAttribute
        )]
    );
}

#[test]
fn text_length_limits_are_enforced() {
    let cases = [
        (
            json!({ "body": "Too short." }),
            "body",
            ValidationCode::TooShort,
        ),
        (
            json!({ "body": "b".repeat(5_001) }),
            "body",
            ValidationCode::TooLong,
        ),
        (
            json!({ "title": "t".repeat(121) }),
            "title",
            ValidationCode::TooLong,
        ),
        (json!({ "title": "   " }), "title", ValidationCode::Required),
        (
            json!({ "nickname": "n".repeat(41) }),
            "nickname",
            ValidationCode::TooLong,
        ),
        (
            json!({ "segment": "s".repeat(41) }),
            "segment",
            ValidationCode::TooLong,
        ),
    ];
    for (changes, field, code) in cases {
        assert_eq!(
            refused_fields(&valid_review_with(changes)),
            vec![pair(field, code)],
            "{field} {}",
            code.code()
        );
    }
}

#[test]
fn texts_at_their_maximum_length_are_accepted() {
    let review = valid_review_with(json!({
        "title": "t".repeat(120),
        "body": "b".repeat(5_000),
        "nickname": "n".repeat(40),
        "segment": "s".repeat(40),
    }));
    let accepted = expect_accepted(edge().submit(&review));
    // One letter repeated is repetition spam to screening: stored, but held for a moderator.
    assert_eq!(accepted.status, Stage::Screening);
}

#[test]
fn control_and_bidi_override_characters_are_refused() {
    let cases = [
        (json!({ "title": "Fine\u{202E}txt.exe" }), "title"),
        (json!({ "nickname": "Sam\u{0007}" }), "nickname"),
        (json!({ "title": "Two\nlines" }), "title"),
        (
            json!({ "body": "A body long enough to pass \u{2066}isolated\u{2069} text." }),
            "body",
        ),
    ];
    for (changes, field) in cases {
        assert_eq!(
            refused_fields(&valid_review_with(changes)),
            vec![pair(field, ValidationCode::ForbiddenCharacter)],
            "{field}"
        );
    }
}

#[test]
fn newlines_in_the_body_are_accepted() {
    let review = valid_review_with(json!({
        "body": "First paragraph about fees.\n\nSecond paragraph about service."
    }));
    expect_accepted(edge().submit(&review));
}

#[test]
fn unknown_choices_are_refused() {
    let review = valid_review_with(json!({
        "relationship": "friend",
        "incentive": "bribe",
        "locale": "fr"
    }));
    assert_eq!(
        refused_fields(&review),
        vec![
            pair("relationship", ValidationCode::InvalidChoice),
            pair("incentive", ValidationCode::InvalidChoice),
            pair("locale", ValidationCode::InvalidChoice),
        ]
    );
}

#[test]
fn contact_email_must_be_plausible_and_consented() {
    let implausible = valid_review_with(json!({
        "contact_email": "not-an-address",
        "contact_consent": true
    }));
    assert_eq!(
        refused_fields(&implausible),
        vec![pair("contact_email", ValidationCode::InvalidEmail)]
    );
    let unconsented = valid_review_with(json!({ "contact_email": "reader@example.com" }));
    assert_eq!(
        refused_fields(&unconsented),
        vec![pair("contact_consent", ValidationCode::ConsentRequired)]
    );
}

#[test]
fn terms_must_be_accepted() {
    assert_eq!(
        refused_fields(&valid_review_with(json!({ "terms_accepted": false }))),
        vec![pair("terms_accepted", ValidationCode::TermsNotAccepted)]
    );
}

#[test]
fn non_json_or_missing_content_type_is_unsupported() {
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/jsonp"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        let response = send(edge().submission_typed(
            TENANT,
            PRODUCT,
            content_type,
            Some(&unique_key("media")),
            valid_review().to_string(),
        ));
        let detail = expect_error(
            response,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        );
        assert!(detail.fields.is_empty(), "{content_type:?}");
    }
}

#[test]
fn body_of_exactly_32_kib_is_accepted() {
    let body = review_body_of_size(MAX_BODY_BYTES);
    expect_accepted(send(edge().submission(Some(&unique_key("at-limit")), body)));
}

#[test]
fn body_over_32_kib_is_too_large() {
    let body = review_body_of_size(MAX_BODY_BYTES + 1);
    let response = send(edge().submission(Some(&unique_key("too-large")), body));
    expect_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[test]
fn streamed_body_over_32_kib_without_content_length_is_too_large() {
    let body = review_body_of_size(4 * MAX_BODY_BYTES).into_bytes();
    let key = unique_key("chunked");
    let response = send_streamed(|| edge().submission(Some(&key), chunked(body.clone())));
    expect_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // The edge stops reading at the cap; the local dev proxy then holds one request (`streamed.rs`).
    take_the_dev_proxy_hold();
}

#[test]
fn submission_to_unknown_product_is_not_found() {
    let response = send(edge().submission_to(
        TENANT,
        "no-such-product",
        Some(&unique_key("unknown-product")),
        valid_review().to_string(),
    ));
    expect_error(response, StatusCode::NOT_FOUND, "not_found");
}

#[test]
fn submission_to_unknown_tenant_is_not_found() {
    let response = send(edge().submission_to(
        "no-such-tenant",
        PRODUCT,
        Some(&unique_key("unknown-tenant")),
        valid_review().to_string(),
    ));
    expect_error(response, StatusCode::NOT_FOUND, "not_found");
}

#[test]
fn submission_from_an_origin_the_tenant_did_not_allow_is_forbidden() {
    for origin in ["https://evil.example", "http://127.0.0.1:9999", "null"] {
        let response = send(
            edge()
                .submission(Some(&unique_key("origin")), valid_review().to_string())
                .header("Origin", origin),
        );
        expect_error(response, StatusCode::FORBIDDEN, "origin_not_allowed");
    }
}

#[test]
fn submission_from_each_allowed_origin_is_accepted() {
    for origin in ALLOWED_ORIGINS {
        let response = send(
            edge()
                .submission(Some(&unique_key("allowed")), valid_review().to_string())
                .header("Origin", origin),
        );
        expect_accepted(response);
    }
}

#[test]
fn submission_from_the_edges_own_origin_is_accepted() {
    let response = send(
        edge()
            .submission(Some(&unique_key("own")), valid_review().to_string())
            .header("Origin", edge().origin()),
    );
    expect_accepted(response);
}

#[test]
fn submission_without_origin_is_accepted_as_server_to_server() {
    expect_accepted(edge().submit(&valid_review()));
}
