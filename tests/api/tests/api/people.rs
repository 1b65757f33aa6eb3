//! The admin's people API: `GET/POST /v1/admin/people`, `PATCH /v1/admin/people/{id}`. E-mails are unique in a
//! tenant without case, every change is archived with the acting person and credential, and granting owner,
//! compliance or admin is a notice every admin of the tenant sees.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{expect_error, expect_json_text};
use crate::api::fixture::{ROLES, TestTenant};

fn json_of(response: reqwest::blocking::Response, status: StatusCode) -> Value {
    serde_json::from_str(&expect_json_text(response, status)).expect("JSON")
}

fn create(tenant: &TestTenant, body: Value) -> reqwest::blocking::Response {
    tenant.call("admin", Method::POST, "/v1/admin/people", Some(&body))
}

fn patch(tenant: &TestTenant, id: &str, body: Value) -> reqwest::blocking::Response {
    tenant.call(
        "admin",
        Method::PATCH,
        &format!("/v1/admin/people/{id}"),
        Some(&body),
    )
}

#[test]
fn emails_are_unique_in_a_tenant_without_case_and_stored_lower_cased() {
    let tenant = TestTenant::new();
    let ana = json_of(
        create(
            &tenant,
            json!({ "email": "Ana.Lee@Bank.Test", "display_name": "Ana Lee", "role": "moderator" }),
        ),
        StatusCode::CREATED,
    );
    assert_eq!(ana["email"], "ana.lee@bank.test");
    assert_eq!(ana["active"], true);
    for email in [
        "ana.lee@bank.test",
        "ANA.LEE@BANK.TEST",
        "  Ana.Lee@bank.test ",
    ] {
        expect_error(
            create(
                &tenant,
                json!({ "email": email, "display_name": "Another Ana", "role": "owner" }),
            ),
            StatusCode::CONFLICT,
            "email_taken",
        );
    }
    // Another tenant may have a person with that e-mail.
    let other = TestTenant::new();
    json_of(
        create(
            &other,
            json!({ "email": "ANA.LEE@bank.test", "display_name": "Ana Lee", "role": "moderator" }),
        ),
        StatusCode::CREATED,
    );
    let list = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/people", None),
        StatusCode::OK,
    );
    let people = list["people"].as_array().unwrap();
    assert_eq!(
        people.len(),
        ROLES.len() + 1,
        "the refused ones were not created"
    );
    assert_eq!(
        people
            .iter()
            .filter(|p| p["email"] == "ana.lee@bank.test")
            .count(),
        1
    );
}

#[test]
fn bad_bodies_are_refused_and_only_admins_manage_people() {
    let tenant = TestTenant::new();
    for (body, field) in [
        (
            json!({ "email": "nope", "display_name": "N", "role": "owner" }),
            "email",
        ),
        (
            json!({ "email": "n@b.test", "display_name": " ", "role": "owner" }),
            "display_name",
        ),
    ] {
        let detail = expect_error(
            create(&tenant, body),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].field, field);
    }
    for body in [
        json!({ "email": "n@b.test", "display_name": "N", "role": "root" }),
        json!({ "email": "n@b.test", "display_name": "N", "role": "owner", "id": "chosen" }),
    ] {
        expect_error(
            create(&tenant, body),
            StatusCode::BAD_REQUEST,
            "wrong_shape",
        );
    }
    let owner = tenant.person_id("owner").to_owned();
    expect_error(
        patch(&tenant, &owner, json!({ "email": "new@b.test" })),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    expect_error(
        patch(&tenant, &owner, json!({})),
        StatusCode::BAD_REQUEST,
        "empty_change",
    );
    expect_error(
        patch(&tenant, "no-such-person", json!({ "active": false })),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    for role in ROLES.into_iter().filter(|role| *role != "admin") {
        expect_error(
            tenant.call(role, Method::GET, "/v1/admin/people", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
        expect_error(
            tenant.call(
                role,
                Method::POST,
                "/v1/admin/people",
                Some(&json!({ "email": "x@b.test", "display_name": "X", "role": "owner" })),
            ),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    // An admin cannot lock themselves out.
    let me = tenant.person_id("admin").to_owned();
    expect_error(
        patch(&tenant, &me, json!({ "active": false })),
        StatusCode::CONFLICT,
        "own_account",
    );
    assert!(
        tenant.archive().is_empty(),
        "refused changes archive nothing"
    );
}

#[test]
fn a_role_change_is_archived_with_person_and_credential() {
    let tenant = TestTenant::new();
    let moderator = tenant.person_id("moderator").to_owned();
    let changed = json_of(
        patch(&tenant, &moderator, json!({ "role": "marketer" })),
        StatusCode::OK,
    );
    assert_eq!(changed["role"], "marketer");
    assert_eq!(changed["id"], moderator.as_str(), "the id never changes");
    let rows = tenant.archive();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["action"], "person_role_changed");
    assert_eq!(row["person_id"], tenant.person_id("admin"));
    assert!(
        row["credential_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert_eq!(row["hash_version"], 2);
    let note = row["note"].as_str().unwrap();
    assert!(
        note.contains(&moderator)
            && note.contains("\"marketer\"")
            && note.contains("\"moderator\"")
    );
}

#[test]
fn granting_owner_is_a_notice_every_admin_sees() {
    let tenant = TestTenant::new();
    let second_admin = tenant.add_person("admin", "Second Admin");
    let (_, second_admin_token) = tenant.issue_token(&second_admin, 1);
    let notices_of = |token: &str| {
        let list = json_of(
            crate::api::client::send(tenant.staff(token, Method::GET, "/v1/admin/people")),
            StatusCode::OK,
        );
        list["notices"].as_array().unwrap().clone()
    };
    let before = notices_of(tenant.token("admin")).len();
    let marketer = tenant.person_id("marketer").to_owned();
    json_of(
        patch(&tenant, &marketer, json!({ "role": "owner" })),
        StatusCode::OK,
    );
    // A role that is not owner, compliance or admin raises none.
    let compliance = tenant.person_id("compliance").to_owned();
    json_of(
        patch(&tenant, &compliance, json!({ "role": "moderator" })),
        StatusCode::OK,
    );
    for token in [tenant.token("admin"), second_admin_token.as_str()] {
        let notices = notices_of(token);
        assert_eq!(notices.len(), before + 1, "{notices:?}");
        let newest = &notices[0];
        assert_eq!(newest["kind"], "role_granted");
        assert_eq!(newest["role"], "owner");
        assert_eq!(newest["person_id"], marketer.as_str());
        assert_eq!(newest["by_person_id"], tenant.person_id("admin"));
    }
    // Another tenant's admin sees nothing of it.
    let other = TestTenant::new();
    let theirs = notices_of_tenant(&other);
    assert!(theirs.iter().all(|n| n["person_id"] != marketer.as_str()));
}

fn notices_of_tenant(tenant: &TestTenant) -> Vec<Value> {
    let list = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/people", None),
        StatusCode::OK,
    );
    list["notices"].as_array().unwrap().clone()
}
