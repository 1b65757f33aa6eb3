//! `GET /v1/openapi.json`: the OpenAPI 3.1 document generated from the domain's types, served as a static asset,
//! whose operations are exactly the routes of the router (`edge/src/lib.rs`, the one route table) plus the document
//! itself: every route documented, every documented operation routed, every typed answer matching its schema.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::api::client::{edge, expect_json_text, send};
use crate::api::route_table;

/// `(method, path template)` of every route in the route table (`route_table::routed`), plus the document itself.
fn routed() -> BTreeSet<(String, String)> {
    let mut routes: BTreeSet<(String, String)> = route_table::routed()
        .into_iter()
        .map(|route| (route.method, route.path))
        .collect();
    // Not a route of the Worker: the document itself, a static asset the xtask writes.
    routes.insert(("get".to_owned(), "/v1/openapi.json".to_owned()));
    routes
}

fn document() -> Value {
    serde_json::from_str(&expect_json_text(
        edge().get("/v1/openapi.json"),
        StatusCode::OK,
    ))
    .expect("JSON")
}

fn documented(document: &Value) -> BTreeSet<(String, String)> {
    let mut operations = BTreeSet::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            operations.insert((method.clone(), path.clone()));
        }
    }
    operations
}

#[test]
fn the_document_is_openapi_3_1_with_the_error_format() {
    let document = document();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["components"]["schemas"]["Error"].is_object());
    assert!(document["components"]["securitySchemes"]["staffToken"].is_object());
}

#[test]
fn the_served_document_is_the_one_generated_from_the_domain_types() {
    assert_eq!(document(), candor_domain::openapi::document());
}

#[test]
fn staff_bodies_are_typed_and_strict_in_the_served_document() {
    let document = document();
    let schemas = &document["components"]["schemas"];
    let decision = &document["paths"]["/v1/admin/reviews/{id}/decisions"]["post"];
    assert_eq!(
        decision["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/DecisionRequest"
    );
    assert_eq!(
        decision["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/DecisionTaken"
    );
    assert_eq!(schemas["DecisionRequest"]["additionalProperties"], false);
    assert!(schemas["QueuePage"]["properties"]["items"].is_object());
}

#[test]
fn every_route_is_documented_and_every_documented_operation_is_routed() {
    let routed = routed();
    assert!(routed.len() > 30, "the route table was read: {routed:?}");
    let documented = documented(&document());
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let unrouted: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from the OpenAPI document: {undocumented:?}"
    );
    assert!(
        unrouted.is_empty(),
        "documented but not routed: {unrouted:?}"
    );
}

#[test]
fn every_documented_operation_answers_from_its_route() {
    for (method, path) in documented(&document()) {
        let concrete = path
            .replace("{tenant}", "harbor")
            .replace("{product}", "roth-ira")
            .replace("{id}", "x");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let response = send(
            edge()
                .request(method.clone(), &concrete)
                .header("Content-Type", "application/json")
                .body("{}"),
        );
        let status = response.status();
        let text = response.text().unwrap_or_default();
        assert!(
            status != StatusCode::METHOD_NOT_ALLOWED && !text.contains("route_not_found"),
            "{method} {concrete}: {status} {text}"
        );
    }
}
