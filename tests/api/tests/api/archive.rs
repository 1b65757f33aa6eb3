//! The archive: `GET /v1/admin/audit?from=&to=&format=ndjson|csv` (tenant-only, chain order, CSV cells escaped),
//! the triggers that refuse UPDATE and DELETE on `audit_log` (on a scratch state no edge serves), and an intact hash chain after a mixed workload.

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::api::client::{clean_review, edge, expect_accepted, expect_error, header, send};
use crate::api::fixture::TestTenant;
use crate::api::moderation::{json_of, review_at, submit_held};
use crate::api::scratch_db::ScratchDb;

/// The `prev_hash` of a tenant's first archive row.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn export(tenant: &TestTenant, role: &str, query: &str) -> Response {
    tenant.call(role, Method::GET, &format!("/v1/admin/audit{query}"), None)
}

pub fn ndjson(tenant: &TestTenant, query: &str) -> Vec<Value> {
    let response = export(tenant, "compliance", query);
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "Content-Type").starts_with("application/x-ndjson"));
    response
        .text()
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// How many reviews the tenant's archive shows submitted: every stored submission appends one `submit` row in
/// the batch that stores the review.
pub fn archived_submissions(tenant: &TestTenant) -> usize {
    ndjson(tenant, "")
        .iter()
        .filter(|row| row["action"] == "submit")
        .count()
}

/// The edge's row hash, recomputed independently: SHA-256 over length-prefixed fields, `u64::MAX` for absent ones.
/// Hash version 2 (every row since migration 0009) appends the version, person, credential and lineage.
fn row_hash(tenant: &str, row: &Value) -> String {
    let text = |name: &str| row[name].as_str().map(str::to_owned);
    let number = |name: &str| row[name].as_i64().map(|n| n.to_string());
    let parts = [
        Some(tenant.to_owned()),
        text("review_id"),
        number("review_seq"),
        text("action"),
        text("prev_hash"),
        text("content_hash"),
        text("from_stage"),
        text("to_stage"),
        text("actor"),
        text("role"),
        text("reason_code"),
        text("note"),
        number("at"),
    ];
    let version = row["hash_version"].as_i64().expect("hash_version");
    let v2 = [
        Some(version.to_string()),
        text("person_id"),
        text("credential_id"),
        text("lineage_id"),
    ];
    let extra: &[Option<String>] = if version >= 2 { &v2 } else { &[] };
    let mut hasher = Sha256::new();
    for part in parts.iter().chain(extra) {
        match part {
            Some(text) => {
                hasher.update((text.len() as u64).to_be_bytes());
                hasher.update(text.as_bytes());
            }
            None => hasher.update(u64::MAX.to_be_bytes()),
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every row's hash is its content's, and every row links to the one before, from the genesis hash on.
pub fn assert_chain_intact(tenant: &TestTenant, rows: &[Value]) {
    let mut previous = GENESIS.to_owned();
    for row in rows {
        assert_eq!(
            row["prev_hash"],
            previous.as_str(),
            "chain broken at seq {}",
            row["seq"]
        );
        let recomputed = row_hash(&tenant.id, row);
        assert_eq!(
            row["row_hash"],
            recomputed.as_str(),
            "row {} does not hash to its content",
            row["seq"]
        );
        previous = recomputed;
    }
}

/// A bit of everything that writes to the archive.
fn mixed_workload(tenant: &TestTenant) {
    let (published, status_token) = review_at(tenant, "published", json!({ "rating": 2 }));
    let (held, _) = submit_held(tenant);
    json_of(
        tenant.decide("moderator", &held, json!({ "decision": "reject", "reason_code": "personal_information", "note": "=cmd|' /C calc'!A0" })),
        StatusCode::OK,
    );
    expect_accepted(tenant.submit(&clean_review()));
    let flagged = send(
        edge()
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{published}/flags", tenant.id),
            )
            .header("Content-Type", "application/json")
            .body(json!({ "reason": "off_topic" }).to_string()),
    );
    assert_eq!(flagged.status(), StatusCode::CREATED);
    json_of(
        tenant.decide(
            "compliance",
            &published,
            json!({ "decision": "clear_flag", "note": "+fine" }),
        ),
        StatusCode::OK,
    );
    let deputy = tenant.add_person("owner", "@Deputy");
    let issued = json_of(
        tenant.call(
            "admin",
            Method::POST,
            "/v1/admin/tokens",
            Some(&json!({ "person_id": deputy })),
        ),
        StatusCode::CREATED,
    );
    json_of(
        tenant.call(
            "admin",
            Method::DELETE,
            &format!("/v1/admin/tokens/{}", issued["id"].as_str().unwrap()),
            None,
        ),
        StatusCode::OK,
    );
    let withdrawn = send(
        edge()
            .request(
                Method::POST,
                &format!("/v1/t/{}/reviews/{published}/withdraw", tenant.id),
            )
            .header("Authorization", format!("Bearer {status_token}")),
    );
    assert_eq!(withdrawn.status(), StatusCode::OK);
}

#[test]
fn the_hash_chain_is_intact_after_a_mixed_workload() {
    let tenant = TestTenant::new();
    mixed_workload(&tenant);
    let rows = ndjson(&tenant, "");
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    for expected in [
        "submit",
        "pass",
        "approve",
        "reject",
        "flag",
        "clear_flag",
        "token_issued",
        "token_revoked",
        "withdraw",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
    let seqs: Vec<i64> = rows.iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "chain order");
    assert_chain_intact(&tenant, &rows);
}

#[test]
fn export_contains_only_the_tokens_tenant() {
    let mine = TestTenant::new();
    let theirs = TestTenant::new();
    let (my_review, _) = submit_held(&mine);
    let (their_review, _) = submit_held(&theirs);
    let text = export(&mine, "compliance", "").text().unwrap();
    assert!(text.contains(&my_review));
    assert!(!text.contains(&their_review));
    let csv = export(&theirs, "owner", "?format=csv").text().unwrap();
    assert!(csv.contains(&their_review) && !csv.contains(&my_review));
}

#[test]
fn csv_export_neutralises_formula_cells() {
    let tenant = TestTenant::new();
    mixed_workload(&tenant);
    let response = export(&tenant, "admin", "?format=csv");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "Content-Type").starts_with("text/csv"));
    assert!(header(&response, "Content-Disposition").contains(".csv"));
    let text = response.text().unwrap();
    let mut lines = text.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(
            "seq,at,review_id,review_seq,action,from_stage,to_stage,actor,role,reason_code,note,content_hash,prev_hash,row_hash,person_id,credential_id,lineage_id,hash_version"
        )
    );
    assert!(text.contains("'+fine"), "{text}");
    assert!(text.contains(",'=cmd|' /C calc'!A0,"), "{text}");
    for line in text.split("\r\n").filter(|line| !line.is_empty()) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "unescaped cell {cell:?} in {line}"
            );
        }
    }
    // Every export archives itself first: the NDJSON export that follows shows one row more (its own).
    let rows = ndjson(&tenant, "");
    assert_eq!(
        text.split("\r\n").filter(|l| !l.is_empty()).count(),
        rows.len()
    );
    assert_eq!(rows[rows.len() - 2]["action"], "archive_exported");
    assert_eq!(rows[rows.len() - 1]["action"], "archive_exported");
}

#[test]
fn export_honours_the_date_range() {
    let tenant = TestTenant::new();
    submit_held(&tenant);
    assert!(!ndjson(&tenant, "").is_empty());
    assert!(ndjson(&tenant, "?from=2999-01-01").is_empty());
    assert!(ndjson(&tenant, "?to=2000-01-01").is_empty());
    // Each export appends its own row, so the open export that follows has exactly one row more.
    assert_eq!(
        ndjson(&tenant, "?from=2000-01-01&to=2999-01-01").len() + 1,
        ndjson(&tenant, "").len()
    );
    let at = ndjson(&tenant, "")[0]["at"].as_i64().unwrap();
    assert_eq!(
        ndjson(&tenant, &format!("?from={at}&to={}", at + 1)).len(),
        1
    );
    assert!(
        ndjson(&tenant, &format!("?to={at}")).is_empty(),
        "to is exclusive"
    );
}

#[test]
fn export_refuses_bad_parameters_and_roles_without_archive_access() {
    let tenant = TestTenant::new();
    for (query, field) in [
        ("?format=xml", "format"),
        ("?from=last-week", "from"),
        ("?to=2026-02-30x", "to"),
        ("?from=2026-02-01&to=2026-01-01", "to"),
    ] {
        let detail = expect_error(
            export(&tenant, "compliance", query),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].field, field);
    }
    for role in ["moderator", "marketer"] {
        expect_error(
            export(&tenant, role, ""),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    for role in ["compliance", "owner", "admin"] {
        assert_eq!(export(&tenant, role, "").status(), StatusCode::OK, "{role}");
    }
    expect_error(
        edge().get("/v1/admin/audit"),
        StatusCode::UNAUTHORIZED,
        "token_required",
    );
}

#[test]
fn the_archive_refuses_update_and_delete_even_from_the_database_console() {
    // On a throwaway migrated state that no edge serves: the test writes its own archive rows there.
    let db = ScratchDb::migrated();
    let row = |seq: u32, review: &str, prev: &str, hash: &str| {
        format!(
            "INSERT INTO audit_log (seq, tenant_id, review_id, prev_hash, content_hash, from_stage, to_stage, actor,
               role, note, at, row_hash, action, review_seq)
             VALUES ({seq}, 'scratch', '{review}', '{prev}', 'c{seq}', NULL, 'screening', 'author', 'author', 'kept',
               1767225600000, '{hash}', 'submitted', 1);"
        )
    };
    db.run_ok(&format!(
        "{}{}",
        row(1, "r1", GENESIS, "h1"),
        row(2, "r2", "h1", "h2")
    ));
    let everything = "SELECT seq, review_id, note, to_stage, row_hash FROM audit_log ORDER BY seq";
    let before = db.run_ok(everything);
    assert_eq!(before[0].as_array().unwrap().len(), 2);
    for sql in [
        "UPDATE audit_log SET note = 'rewritten' WHERE tenant_id = 'scratch'",
        "UPDATE audit_log SET to_stage = 'published' WHERE review_id = 'r1'",
        "DELETE FROM audit_log WHERE tenant_id = 'scratch'",
        "DELETE FROM audit_log WHERE review_id = 'r2'",
    ] {
        let error = db.run(sql).expect_err("the trigger refuses it");
        assert!(error.contains("audit_log is append-only"), "{sql}: {error}");
    }
    assert_eq!(db.run_ok(everything), before, "nothing changed");
    // Appending is still possible (the edge does it).
    db.run_ok(&row(3, "r3", "h2", "h3"));
    assert_eq!(db.run_ok(everything)[0].as_array().unwrap().len(), 3);
}
