//! The operator API `POST /v1/platform/tenants`: only the Worker's `PLATFORM_KEY` opens it; it creates the tenant,
//! its first admin and one token for that admin, nothing else, and archives it; a second time is 409.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{edge, expect_error, expect_json_text, send, unique_word};
use crate::api::fixture::{create_tenant_with, platform_key, tenant_body};

fn fresh_id() -> String {
    format!("p-{}", &unique_word()[6..])
}

fn bearer() -> String {
    format!("Bearer {}", platform_key())
}

#[test]
fn without_the_operator_key_nothing_is_created() {
    let id = fresh_id();
    let body = tenant_body(&id);
    expect_error(
        create_tenant_with(None, &body),
        StatusCode::UNAUTHORIZED,
        "platform_key_required",
    );
    for wrong in [
        format!("Bearer {}x", platform_key()),
        "Bearer cst_0000".to_owned(),
        format!("Basic {}", platform_key()),
    ] {
        let code = if wrong.starts_with("Bearer") {
            "platform_key_invalid"
        } else {
            "platform_key_required"
        };
        expect_error(
            create_tenant_with(Some(&wrong), &body),
            StatusCode::UNAUTHORIZED,
            code,
        );
    }
    // Nothing exists: the tenant has no public config, and the id is still free.
    expect_error(
        edge().get(&format!("/v1/t/{id}/config")),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_json_text(
        create_tenant_with(Some(&bearer()), &body),
        StatusCode::CREATED,
    );
}

#[test]
fn it_creates_the_tenant_and_its_first_admin_only_and_archives_it() {
    let id = fresh_id();
    let mut body = tenant_body(&id);
    body["first_admin"]["email"] = json!("  Ada.Admin@Bank.TEST ");
    body["allowed_origins"] = json!(["https://bank.example"]);
    let created: Value = serde_json::from_str(&expect_json_text(
        create_tenant_with(Some(&bearer()), &body),
        StatusCode::CREATED,
    ))
    .unwrap();
    assert_eq!(created["id"], id.as_str());
    assert_eq!(created["admin"]["email"], "ada.admin@bank.test");
    assert_eq!(created["admin"]["role"], "admin");
    assert_eq!(created["token"]["role"], "admin");
    assert_eq!(created["token"]["person_id"], created["admin"]["id"]);
    let token = created["token"]["token"].as_str().unwrap();
    let admin = |method: Method, path: &str| {
        send(
            edge()
                .request(method, path)
                .header("Authorization", format!("Bearer {token}")),
        )
    };
    // Exactly one person and one token.
    let people: Value = serde_json::from_str(&expect_json_text(
        admin(Method::GET, "/v1/admin/people"),
        StatusCode::OK,
    ))
    .unwrap();
    assert_eq!(people["people"].as_array().unwrap().len(), 1);
    assert_eq!(people["people"][0]["id"], created["admin"]["id"]);
    let tokens: Value = serde_json::from_str(&expect_json_text(
        admin(Method::GET, "/v1/admin/tokens"),
        StatusCode::OK,
    ))
    .unwrap();
    assert_eq!(tokens["tokens"].as_array().unwrap().len(), 1);
    // No catalogue.
    let lines: Value = serde_json::from_str(&expect_json_text(
        admin(Method::GET, "/v1/admin/product-lines"),
        StatusCode::FORBIDDEN,
    ))
    .unwrap();
    assert_eq!(
        lines["error"]["code"], "wrong_role",
        "an admin does not even read the catalogue"
    );
    let config: Value = serde_json::from_str(&expect_json_text(
        edge().get(&format!("/v1/t/{id}/config")),
        StatusCode::OK,
    ))
    .unwrap();
    assert!(
        config["product_lines"].as_array().unwrap().is_empty(),
        "{config}"
    );
    // One archive row, by the platform, then the export's own (every export archives itself).
    let archive = admin(Method::GET, "/v1/admin/audit?format=ndjson");
    assert_eq!(archive.status(), StatusCode::OK);
    let rows: Vec<Value> = archive
        .text()
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["action"], "archive_exported");
    assert_eq!(rows[1]["person_id"], created["admin"]["id"]);
    assert_eq!(rows[0]["action"], "tenant_created");
    assert_eq!(rows[0]["actor"], "platform");
    assert!(rows[0]["person_id"].is_null() && rows[0]["credential_id"].is_null());
    assert!(
        rows[0]["note"]
            .as_str()
            .unwrap()
            .contains(created["admin"]["id"].as_str().unwrap())
    );
}

#[test]
fn a_second_creation_of_the_same_tenant_is_409() {
    let id = fresh_id();
    expect_json_text(
        create_tenant_with(Some(&bearer()), &tenant_body(&id)),
        StatusCode::CREATED,
    );
    let mut again = tenant_body(&id);
    again["first_admin"]["email"] = json!("someone.else@bank.test");
    expect_error(
        create_tenant_with(Some(&bearer()), &again),
        StatusCode::CONFLICT,
        "tenant_exists",
    );
    // The seeded demo tenant is no exception.
    expect_error(
        create_tenant_with(Some(&bearer()), &tenant_body("harbor")),
        StatusCode::CONFLICT,
        "tenant_exists",
    );
}

#[test]
fn unknown_fields_are_400_and_bad_values_422_by_field() {
    let id = fresh_id();
    let mut extra = tenant_body(&id);
    extra["people"] = json!([{ "email": "x@y.test", "display_name": "X", "role": "owner" }]);
    expect_error(
        create_tenant_with(Some(&bearer()), &extra),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    let mut nested = tenant_body(&id);
    nested["first_admin"]["role"] = json!("owner");
    expect_error(
        create_tenant_with(Some(&bearer()), &nested),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    let mut bad = tenant_body("Not A Slug");
    bad["first_admin"]["email"] = json!("nope");
    let detail = expect_error(
        create_tenant_with(Some(&bearer()), &bad),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let fields: Vec<&str> = detail.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["id", "first_admin.email"]);
    // Nothing was created by the refused requests.
    expect_json_text(
        create_tenant_with(Some(&bearer()), &tenant_body(&id)),
        StatusCode::CREATED,
    );
}
