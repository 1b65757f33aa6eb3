//! Cross-origin answers: preflights succeed, and every answer (success or error) lets any origin read it.

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};

use crate::api::client::{PRODUCT, TENANT, edge, header, send, unique_key, valid_review};

fn assert_any_origin(response: &Response, what: &str) {
    assert_eq!(
        header(response, "Access-Control-Allow-Origin"),
        "*",
        "{what} ({}) lets any origin read it",
        response.status()
    );
}

/// The comma-separated members of a header, lower-cased.
fn members(response: &Response, name: &str) -> Vec<String> {
    header(response, name)
        .split(',')
        .map(|member| member.trim().to_ascii_lowercase())
        .filter(|member| !member.is_empty())
        .collect()
}

#[test]
fn preflight_for_a_submission_answers_no_content_with_cors_headers() {
    let response = send(
        edge()
            .request(
                Method::OPTIONS,
                &format!("/v1/t/{TENANT}/products/{PRODUCT}/reviews"),
            )
            .header("Origin", "http://127.0.0.1:8787")
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type, idempotency-key",
            ),
    );
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_any_origin(&response, "preflight");
    let methods = members(&response, "Access-Control-Allow-Methods");
    for method in ["get", "post"] {
        assert!(
            methods.contains(&method.to_owned()),
            "{method} in {methods:?}"
        );
    }
    let headers = members(&response, "Access-Control-Allow-Headers");
    for name in ["content-type", "idempotency-key", "authorization"] {
        assert!(headers.contains(&name.to_owned()), "{name} in {headers:?}");
    }
    let max_age: u64 = header(&response, "Access-Control-Max-Age")
        .parse()
        .expect("a numeric Access-Control-Max-Age");
    assert!(max_age > 0);
    assert!(
        response.text().expect("readable").is_empty(),
        "a 204 has no body"
    );
}

#[test]
fn preflight_for_status_allows_the_authorization_header() {
    let response = send(
        edge()
            .request(
                Method::OPTIONS,
                &format!("/v1/t/{TENANT}/reviews/some-id/status"),
            )
            .header("Origin", "https://anywhere.example")
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "authorization"),
    );
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_any_origin(&response, "preflight");
    assert!(
        members(&response, "Access-Control-Allow-Headers").contains(&"authorization".to_owned())
    );
}

#[test]
fn summary_read_from_any_origin_exposes_its_etag() {
    let response = send(
        edge()
            .request(
                Method::GET,
                &format!("/v1/t/{TENANT}/products/{PRODUCT}/summary"),
            )
            .header("Origin", "https://anywhere.example"),
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_any_origin(&response, "summary");
    assert!(members(&response, "Access-Control-Expose-Headers").contains(&"etag".to_owned()));
}

#[test]
fn every_kind_of_answer_allows_any_origin() {
    let reviews = format!("/v1/t/{TENANT}/products/{PRODUCT}/reviews");
    let review = valid_review().to_string();
    let answers = [
        ("health", send(edge().request(Method::GET, "/health"))),
        (
            "summary",
            send(edge().request(
                Method::GET,
                &format!("/v1/t/{TENANT}/products/{PRODUCT}/summary"),
            )),
        ),
        ("accepted submission", edge().submit(&valid_review())),
        (
            "unknown route",
            send(edge().request(Method::GET, "/v1/nothing-here")),
        ),
        (
            "wrong method",
            send(edge().request(Method::DELETE, &reviews)),
        ),
        ("missing key", send(edge().submission(None, review.clone()))),
        (
            "forbidden origin",
            send(
                edge()
                    .submission(Some(&unique_key("cors")), review.clone())
                    .header("Origin", "https://evil.example"),
            ),
        ),
        (
            "unsupported media type",
            send(edge().submission_typed(
                TENANT,
                PRODUCT,
                Some("text/plain"),
                Some(&unique_key("cors")),
                review,
            )),
        ),
        (
            "unauthorized status",
            send(edge().request(Method::GET, &format!("/v1/t/{TENANT}/reviews/x/status"))),
        ),
    ];
    for (what, response) in &answers {
        assert_any_origin(response, what);
    }
}
