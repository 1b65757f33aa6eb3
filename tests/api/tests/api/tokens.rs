//! Staff tokens: `Authorization: Bearer` on /v1/admin/*, 401 for missing/invalid/revoked tokens and tokens of a
//! deactivated person, 403 for a wrong role, and the admin's `GET/POST /v1/admin/tokens`, `DELETE
//! /v1/admin/tokens/{id}` (a token belongs to a person and acts in their role; shown once, hashed at rest).
//! Expiry cannot be reached through the API (tokens live whole days); `edge/src/auth.rs` unit-tests it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{TEST_CLOCK, edge, expect_error, expect_json_text, send};
use crate::api::fixture::{ROLES, TestTenant, now_ms, person};

/// The person a token is issued for: a fresh person of the tenant in `role`.
fn new_person(tenant: &TestTenant, role: &str, name: &str) -> String {
    tenant.add_person(role, name)
}

/// Every staff endpoint so far, with a harmless request each.
const STAFF_ENDPOINTS: [(&str, &str); 6] = [
    ("GET", "/v1/admin/tokens"),
    ("POST", "/v1/admin/tokens"),
    ("DELETE", "/v1/admin/tokens/some-id"),
    ("GET", "/v1/admin/queue"),
    ("GET", "/v1/admin/reviews/some-id"),
    ("POST", "/v1/admin/reviews/some-id/decisions"),
];

fn method(name: &str) -> Method {
    Method::from_bytes(name.as_bytes()).expect("a method")
}

fn json_of(response: reqwest::blocking::Response, status: StatusCode) -> Value {
    serde_json::from_str(&expect_json_text(response, status)).expect("JSON")
}

fn issue(tenant: &TestTenant, body: Value) -> reqwest::blocking::Response {
    tenant.call("admin", Method::POST, "/v1/admin/tokens", Some(&body))
}

#[test]
fn staff_endpoints_without_a_token_are_401_token_required() {
    for (name, path) in STAFF_ENDPOINTS {
        let response = send(
            edge()
                .request(method(name), path)
                .header("Content-Type", "application/json")
                .body("{}"),
        );
        expect_error(response, StatusCode::UNAUTHORIZED, "token_required");
    }
}

#[test]
fn unknown_or_malformed_tokens_are_401_token_invalid() {
    let tenant = TestTenant::new();
    for token in [
        "cst_0000",
        "not-a-staff-token",
        &format!("{}x", tenant.token("admin")),
    ] {
        for (name, path) in STAFF_ENDPOINTS {
            let response = send(tenant.staff(token, method(name), path));
            expect_error(response, StatusCode::UNAUTHORIZED, "token_invalid");
        }
    }
    // A status token (for authors) is no staff token.
    let response = send(tenant.staff(&"ab".repeat(32), Method::GET, "/v1/admin/queue"));
    expect_error(response, StatusCode::UNAUTHORIZED, "token_invalid");
}

#[test]
fn revoked_token_is_401_token_revoked() {
    let tenant = TestTenant::new();
    let token = tenant.add_token(
        "moderator",
        "Revoked Mod",
        now_ms() + 86_400_000,
        Some(now_ms()),
    );
    let response = send(tenant.staff(&token, Method::GET, "/v1/admin/queue"));
    expect_error(response, StatusCode::UNAUTHORIZED, "token_revoked");
}

#[test]
fn only_admin_manages_tokens_other_roles_are_403() {
    let tenant = TestTenant::new();
    for role in ROLES.into_iter().filter(|role| *role != "admin") {
        expect_error(
            tenant.call(role, Method::GET, "/v1/admin/tokens", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
        expect_error(
            tenant.call(
                role,
                Method::POST,
                "/v1/admin/tokens",
                Some(&json!({ "person_id": tenant.person_id("owner") })),
            ),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
        expect_error(
            tenant.call(role, Method::DELETE, "/v1/admin/tokens/admin-1", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
}

#[test]
fn issued_token_is_shown_once_never_archived_and_works_until_it_expires() {
    let tenant = TestTenant::new();
    let nora = new_person(&tenant, "moderator", "Nora New");
    let issued = json_of(
        issue(&tenant, json!({ "person_id": nora, "expires_in_days": 7 })),
        StatusCode::CREATED,
    );
    let token = issued["token"]
        .as_str()
        .expect("the token is in the answer");
    let id = issued["id"].as_str().expect("an id");
    assert!(token.starts_with("cst_") && token.len() == 68, "{token}");
    assert_eq!(
        issued["role"], "moderator",
        "the token acts in the person's role"
    );
    assert_eq!(issued["person_id"], nora.as_str());
    let lifetime = issued["expires_at"].as_i64().unwrap() - issued["created_at"].as_i64().unwrap();
    assert_eq!(lifetime, 7 * 86_400_000);

    // The list shows it without its text.
    let list = expect_json_text(
        tenant.call("admin", Method::GET, "/v1/admin/tokens", None),
        StatusCode::OK,
    );
    assert!(
        !list.contains(token),
        "the token text is never listed again"
    );
    let list: Value = serde_json::from_str(&list).unwrap();
    let listed = list["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .expect("the new token is listed");
    assert_eq!(listed["status"], "active");
    assert_eq!(listed["person_id"], nora.as_str());
    assert_eq!(listed["display_name"], "Nora New");
    assert_eq!(listed["role"], "moderator");
    assert!(listed.get("token").is_none() && listed.get("token_hash").is_none());

    // The archive records the issue without the token text.
    let archive = export_text(&tenant, "");
    assert!(archive.contains(id), "the issue is archived");
    assert!(
        !archive.contains(token),
        "no archive row holds the token text"
    );
    assert!(!export_text(&tenant, "?format=csv").contains(token));

    // It authenticates as a moderator until it expires (test clock), then never again.
    let expires_at = issued["expires_at"].as_i64().unwrap();
    let queue_at = |at: Option<i64>| {
        let mut request = tenant.staff(token, Method::GET, "/v1/admin/queue");
        if let Some(at) = at {
            request = request.header(TEST_CLOCK, at.to_string());
        }
        send(request)
    };
    expect_json_text(queue_at(None), StatusCode::OK);
    expect_json_text(queue_at(Some(expires_at - 1)), StatusCode::OK);
    expect_error(
        queue_at(Some(expires_at)),
        StatusCode::UNAUTHORIZED,
        "token_expired",
    );
}

#[test]
fn revocation_takes_effect_at_once_and_is_not_repeatable() {
    let tenant = TestTenant::new();
    let otto = new_person(&tenant, "owner", "Otto Leaving");
    let issued = json_of(
        issue(&tenant, json!({ "person_id": otto })),
        StatusCode::CREATED,
    );
    let token = issued["token"].as_str().unwrap();
    let id = issued["id"].as_str().unwrap();
    expect_json_text(
        send(tenant.staff(token, Method::GET, "/v1/admin/queue")),
        StatusCode::OK,
    );

    let revoked = json_of(
        tenant.call(
            "admin",
            Method::DELETE,
            &format!("/v1/admin/tokens/{id}"),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(revoked["status"], "revoked");
    expect_error(
        send(tenant.staff(token, Method::GET, "/v1/admin/queue")),
        StatusCode::UNAUTHORIZED,
        "token_revoked",
    );
    expect_error(
        tenant.call(
            "admin",
            Method::DELETE,
            &format!("/v1/admin/tokens/{id}"),
            None,
        ),
        StatusCode::CONFLICT,
        "token_already_revoked",
    );
    let list = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/tokens", None),
        StatusCode::OK,
    );
    let listed = list["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(listed["status"], "revoked");
}

#[test]
fn issuing_and_revoking_are_archived_with_the_admin_as_actor() {
    let tenant = TestTenant::new();
    let mark = new_person(&tenant, "marketer", "Mark Eting");
    let issued = json_of(
        issue(&tenant, json!({ "person_id": mark })),
        StatusCode::CREATED,
    );
    let id = issued["id"].as_str().unwrap();
    json_of(
        tenant.call(
            "admin",
            Method::DELETE,
            &format!("/v1/admin/tokens/{id}"),
            None,
        ),
        StatusCode::OK,
    );
    let rows: Vec<Value> = tenant
        .archive()
        .into_iter()
        .filter(|row| row["action"] != "person_created")
        .collect();
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["token_issued", "token_revoked"]);
    let admin_token_id = tenant_token_id(&tenant, "admin");
    for row in &rows {
        assert_eq!(row["actor"], person("admin"));
        assert_eq!(row["role"], "admin");
        assert_eq!(
            row["person_id"],
            tenant.person_id("admin"),
            "the acting person"
        );
        assert_eq!(
            row["credential_id"],
            admin_token_id.as_str(),
            "the acting credential"
        );
        assert!(row["review_id"].is_null());
        assert!(row["note"].as_str().unwrap().contains(id));
        assert!(row["note"].as_str().unwrap().contains(&mark));
    }
}

#[test]
fn another_tenants_token_is_404_and_never_listed() {
    let mine = TestTenant::new();
    let theirs = TestTenant::new();
    let officer = new_person(&theirs, "compliance", "Their Officer");
    let issued = json_of(
        issue(&theirs, json!({ "person_id": officer })),
        StatusCode::CREATED,
    );
    let id = issued["id"].as_str().unwrap();
    let token = issued["token"].as_str().unwrap();
    expect_error(
        mine.call(
            "admin",
            Method::DELETE,
            &format!("/v1/admin/tokens/{id}"),
            None,
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_json_text(
        send(theirs.staff(token, Method::GET, "/v1/admin/queue")),
        StatusCode::OK,
    );
    let list = expect_json_text(
        mine.call("admin", Method::GET, "/v1/admin/tokens", None),
        StatusCode::OK,
    );
    assert!(
        !list.contains(id) && !list.contains("Their Officer"),
        "{list}"
    );
    let list: Value = serde_json::from_str(&list).unwrap();
    assert_eq!(list["tokens"].as_array().unwrap().len(), ROLES.len());
    // Nor can an admin issue a token for another tenant's person.
    let detail = expect_error(
        issue(&mine, json!({ "person_id": officer })),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].field, "person_id");
}

#[test]
fn invalid_token_requests_are_refused_by_field() {
    let tenant = TestTenant::new();
    let owner = tenant.person_id("owner");
    for (body, field) in [
        (json!({ "person_id": "nobody" }), "person_id"),
        (json!({ "person_id": "P".repeat(81) }), "person_id"),
        (
            json!({ "person_id": owner, "expires_in_days": 0 }),
            "expires_in_days",
        ),
        (
            json!({ "person_id": owner, "expires_in_days": 366 }),
            "expires_in_days",
        ),
    ] {
        let detail = expect_error(
            issue(&tenant, body),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].field, field);
    }
    expect_error(
        issue(&tenant, json!({ "person_id": owner, "tenant": "harbor" })),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    // The role comes from the person; a body naming one is refused.
    expect_error(
        issue(&tenant, json!({ "person_id": owner, "role": "admin" })),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    let response = send(
        tenant
            .staff(tenant.token("admin"), Method::POST, "/v1/admin/tokens")
            .header("Content-Type", "text/plain")
            .body("role=owner"),
    );
    expect_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
}

/// The id of the token a role's first holder uses (from the admin's token list).
fn tenant_token_id(tenant: &TestTenant, role: &str) -> String {
    let list = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/tokens", None),
        StatusCode::OK,
    );
    list["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["person_id"] == tenant.person_id(role))
        .and_then(|t| t["id"].as_str())
        .expect("the role's token is listed")
        .to_owned()
}

#[test]
fn a_deactivated_persons_tokens_are_401_and_come_back_with_the_person() {
    let tenant = TestTenant::new();
    let moderator = tenant.person_id("moderator").to_owned();
    let queue = || send(tenant.staff(tenant.token("moderator"), Method::GET, "/v1/admin/queue"));
    expect_json_text(queue(), StatusCode::OK);
    let patch = |active: bool| {
        tenant.call(
            "admin",
            Method::PATCH,
            &format!("/v1/admin/people/{moderator}"),
            Some(&json!({ "active": active })),
        )
    };
    let person = json_of(patch(false), StatusCode::OK);
    assert_eq!(person["active"], false);
    expect_error(queue(), StatusCode::UNAUTHORIZED, "person_inactive");
    // No new token for a deactivated person either.
    expect_error(
        issue(&tenant, json!({ "person_id": moderator })),
        StatusCode::CONFLICT,
        "person_inactive",
    );
    let list = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/tokens", None),
        StatusCode::OK,
    );
    let listed = list["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["person_id"] == moderator.as_str())
        .unwrap()
        .clone();
    assert_eq!(listed["status"], "inactive");
    json_of(patch(true), StatusCode::OK);
    expect_json_text(queue(), StatusCode::OK);
    let actions: Vec<String> = tenant
        .archive()
        .iter()
        .map(|row| row["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["person_deactivated", "person_activated"]);
}

#[test]
fn a_role_change_applies_to_the_persons_existing_tokens() {
    let tenant = TestTenant::new();
    let marketer = tenant.person_id("marketer").to_owned();
    expect_error(
        tenant.call("marketer", Method::GET, "/v1/admin/queue", None),
        StatusCode::FORBIDDEN,
        "wrong_role",
    );
    tenant.set_role(&marketer, "moderator");
    expect_json_text(
        tenant.call("marketer", Method::GET, "/v1/admin/queue", None),
        StatusCode::OK,
    );
}

/// The tenant's archive export as text (admin), in the format the query asks for.
fn export_text(tenant: &TestTenant, query: &str) -> String {
    let response = tenant.call(
        "admin",
        Method::GET,
        &format!("/v1/admin/audit{query}"),
        None,
    );
    assert_eq!(response.status(), StatusCode::OK);
    response.text().expect("a body")
}
