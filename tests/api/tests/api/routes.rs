//! The route table's edges: unknown paths and wrong methods answer in the one error format.

use reqwest::{Method, StatusCode};

use crate::api::client::{PRODUCT, TENANT, edge, expect_error, send};

#[test]
fn unknown_route_is_route_not_found() {
    for path in [
        "/v1/nothing-here",
        "/v1/t/harbor",
        "/v2/t/harbor/products/roth-ira/summary",
    ] {
        expect_error(edge().get(path), StatusCode::NOT_FOUND, "route_not_found");
    }
}

#[test]
fn unknown_route_with_post_is_route_not_found() {
    let response = send(
        edge()
            .request(Method::POST, "/v1/nothing-here")
            .header("Content-Type", "application/json")
            .body("{}"),
    );
    expect_error(response, StatusCode::NOT_FOUND, "route_not_found");
}

#[test]
fn wrong_method_on_known_route_is_method_not_allowed() {
    let summary = format!("/v1/t/{TENANT}/products/{PRODUCT}/summary");
    let reviews = format!("/v1/t/{TENANT}/products/{PRODUCT}/reviews");
    let cases = [
        (Method::DELETE, "/health".to_owned()),
        (Method::POST, summary.clone()),
        (Method::PUT, summary),
        (Method::DELETE, reviews.clone()),
        (Method::PATCH, reviews),
    ];
    for (method, path) in cases {
        let response = send(edge().request(method.clone(), &path));
        let detail = expect_error(
            response,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        );
        assert!(detail.fields.is_empty(), "{method} {path}: no field errors");
    }
}
