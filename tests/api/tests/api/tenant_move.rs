//! A tenant on its own database: `cargo xtask tenant move` moves a tenant from the home database (`DB`) to the second
//! one (`DB_2`) while the edge serves it. While it moves its writes answer 503 `tenant_moving` and its reads go on;
//! afterwards every public answer is the same, the chain is intact with the move archived in it, and every read and
//! write goes to the new database only (a token revoked after the move stays revoked, new reviews count there and
//! not in the old copy). Half of the rest of the suite's tenants live in `DB_2` from the start (`fixture::database_for`).

use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::archive::assert_chain_intact;
use crate::api::client::{
    clean_review, edge, expect_accepted, expect_error, expect_json_text, header, send,
};
use crate::api::fixture::{TestTenant, now_ms, platform_key};

fn operator(method: Method, path: &str, body: Option<Value>) -> reqwest::blocking::Response {
    let mut request = edge()
        .request(method, path)
        .header("Authorization", format!("Bearer {}", platform_key()));
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json")
            .body(body.to_string());
    }
    send(request)
}

fn operator_json(method: Method, path: &str, body: Option<Value>) -> Value {
    let text = expect_json_text(operator(method, path, body), StatusCode::OK);
    serde_json::from_str(&text).expect("JSON")
}

/// Publishes a clean review through compliance and the owner; returns its id.
fn published(tenant: &TestTenant) -> String {
    let accepted = expect_accepted(tenant.submit(&clean_review()));
    for role in ["compliance", "owner"] {
        let response = tenant.decide(role, &accepted.id, json!({ "decision": "approve" }));
        assert_eq!(response.status(), StatusCode::OK, "{role} approves");
    }
    accepted.id
}

fn public(tenant: &TestTenant) -> (Value, Value) {
    let read = |path: String| -> Value {
        let text = expect_json_text(edge().get_uncached(&path), StatusCode::OK);
        serde_json::from_str(&text).expect("JSON")
    };
    (read(tenant.summary_path()), read(tenant.reviews_path()))
}

fn count_of(check: &Value, table: &str, side: &str) -> u64 {
    check["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|row| row["table"] == table)
        .and_then(|row| row[side].as_u64())
        .unwrap_or_else(|| panic!("no count of {table} in {check}"))
}

#[test]
fn a_tenant_moves_to_its_own_database_and_loses_nothing() {
    let id = format!("t-move-{}", now_ms());
    let tenant = TestTenant::new_in(id.clone(), "DB");
    let published_ids: Vec<String> = (0..3).map(|_| published(&tenant)).collect();
    let held = expect_accepted(tenant.submit(&clean_review()));
    let late_token = tenant.add_token("moderator", "Late Mod", now_ms() + 86_400_000, None);
    let before = public(&tenant);
    assert_eq!(
        before.0["count"], 3,
        "three published reviews: {}",
        before.0
    );
    let placement = operator_json(
        Method::GET,
        &format!("/v1/platform/tenants/{id}/placement"),
        None,
    );
    assert_eq!(placement["database"], "DB");

    // Frozen: writes answer 503 tenant_moving with a pause, reads go on.
    let frozen = operator_json(
        Method::POST,
        &format!("/v1/platform/tenants/{id}/move"),
        Some(json!({ "to": "DB_2" })),
    );
    assert_eq!(frozen["moving_to"], "DB_2", "{frozen}");
    let refused = tenant.submit(&clean_review());
    assert_eq!(header(&refused, "retry-after"), "30");
    let detail = expect_error(refused, StatusCode::SERVICE_UNAVAILABLE, "tenant_moving");
    assert_eq!(detail.retry_after, Some(30));
    expect_error(
        tenant.decide("compliance", &held.id, json!({ "decision": "approve" })),
        StatusCode::SERVICE_UNAVAILABLE,
        "tenant_moving",
    );
    assert_eq!(
        public(&tenant),
        before,
        "reads are served while the tenant moves"
    );

    // The dry run compares and changes nothing.
    let xtask =
        std::env::var("CANDOR_XTASK").expect("CANDOR_XTASK: run through `cargo xtask test`");
    let edge_url = std::env::var("CANDOR_EDGE_URL").expect("CANDOR_EDGE_URL");
    let run = |extra: &[&str]| {
        let output = Command::new(&xtask)
            .args(["tenant", "move", &id, "--to", "DB_2", "--edge", &edge_url])
            .args(extra)
            .env("CANDOR_PLATFORM_KEY", platform_key())
            .output()
            .expect("cargo xtask tenant move runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "tenant move failed: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    };
    let dry = run(&["--dry-run"]);
    assert!(
        dry.contains("dry run: nothing was frozen, copied or switched"),
        "{dry}"
    );
    assert!(
        dry.contains("identical: false"),
        "the target is still empty: {dry}"
    );

    let moved = run(&[]);
    assert!(
        moved.contains(&format!("{id} now lives in DB_2")),
        "{moved}"
    );
    assert!(moved.contains("identical: true"), "{moved}");
    let placement = operator_json(
        Method::GET,
        &format!("/v1/platform/tenants/{id}/placement"),
        None,
    );
    assert_eq!(placement["database"], "DB_2");
    assert_eq!(placement["moving_to"], Value::Null);

    // The same public answers, the same chain with the move archived at its end.
    assert_eq!(public(&tenant), before, "the public answers did not change");
    let rows = tenant.archive_all();
    assert_chain_intact(&tenant, &rows);
    let last_decision = rows
        .iter()
        .rev()
        .find(|row| row["action"] != "archive_exported")
        .expect("rows");
    assert_eq!(last_decision["action"], "tenant_moved", "{last_decision}");
    assert_eq!(last_decision["actor"], "platform");

    // Writes work again, in DB_2: the held review is decided, a new one is published.
    for role in ["compliance", "owner"] {
        let response = tenant.decide(role, &held.id, json!({ "decision": "approve" }));
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{role} approves after the move"
        );
    }
    published(&tenant);
    let after = public(&tenant);
    assert_eq!(after.0["count"], 5, "{}", after.0);
    for id in &published_ids {
        assert!(
            after.1.to_string().contains(id.as_str()),
            "review {id} is still listed"
        );
    }

    // No read goes to the old copy: a token revoked after the move is refused (the old copy still holds it
    // unrevoked), and the old copy did not get the new reviews.
    let tokens = tenant.call("admin", Method::GET, "/v1/admin/tokens", None);
    let tokens: Value =
        serde_json::from_str(&expect_json_text(tokens, StatusCode::OK)).expect("JSON");
    let late = tokens["tokens"]
        .as_array()
        .or_else(|| tokens.as_array())
        .expect("a token list")
        .iter()
        .find(|token| token["person_name"] == "Late Mod" || token["display_name"] == "Late Mod")
        .unwrap_or_else(|| panic!("the late moderator's token in {tokens}"))["id"]
        .as_str()
        .expect("token id")
        .to_owned();
    let revoked = tenant.call(
        "admin",
        Method::DELETE,
        &format!("/v1/admin/tokens/{late}"),
        None,
    );
    assert_eq!(revoked.status(), StatusCode::OK);
    expect_error(
        send(tenant.staff(&late_token, Method::GET, "/v1/admin/queue")),
        StatusCode::UNAUTHORIZED,
        "token_revoked",
    );
    let compared = operator_json(
        Method::GET,
        &format!("/v1/platform/tenants/{id}/move/check?to=DB"),
        None,
    );
    assert_eq!(compared["source"], "DB_2");
    assert_eq!(count_of(&compared, "reviews", "source"), 5);
    assert_eq!(
        count_of(&compared, "reviews", "target"),
        4,
        "the old copy kept what it had: {compared}"
    );

    // A second move back is refused while the old copy holds the tenant's rows.
    expect_error(
        operator(
            Method::POST,
            &format!("/v1/platform/tenants/{id}/move"),
            Some(json!({ "to": "DB" })),
        ),
        StatusCode::CONFLICT,
        "target_not_empty",
    );
}

#[test]
fn a_move_is_refused_to_an_unbound_database_and_without_the_operator_key() {
    let tenant = TestTenant::new_in(format!("t-nomove-{}", now_ms()), "DB");
    let path = format!("/v1/platform/tenants/{}/move", tenant.id);
    expect_error(
        operator(Method::POST, &path, Some(json!({ "to": "DB_9" }))),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let without_key = send(
        edge()
            .request(Method::POST, &path)
            .header("Content-Type", "application/json")
            .body(json!({ "to": "DB_2" }).to_string()),
    );
    expect_error(
        without_key,
        StatusCode::UNAUTHORIZED,
        "platform_key_required",
    );
    expect_error(
        operator(Method::POST, &format!("{path}/finish"), None),
        StatusCode::CONFLICT,
        "move_not_under_way",
    );
    expect_error(
        operator(
            Method::GET,
            "/v1/platform/tenants/no-such-tenant/placement",
            None,
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // Nothing was frozen: the tenant still takes submissions.
    expect_accepted(tenant.submit(&clean_review()));
}
