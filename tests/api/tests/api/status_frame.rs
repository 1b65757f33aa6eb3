//! The host page can never act for the visitor: a browser submission from a page the edge does not own is answered
//! without the status token, withdraw and revise are refused from such pages (`same_origin_required`), the edge's
//! status frame (same origin) and servers keep both, a withdrawal's archive row names how it was authorised, and the
//! frame page and the status line are what the frame needs.

use reqwest::blocking::{RequestBuilder, Response};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{
    StatusTokenOf, clean_review, edge, expect_accepted, expect_error, expect_review_status, header,
    send, unique_key,
};
use crate::api::fixture::{PRODUCT, TestTenant};
use crate::api::moderation::{json_of, submit_held};
use crate::api::settings::settings;

const SITE: &str = "Sec-Fetch-Site";

/// Submits `review` under `key`, as a browser page with `Sec-Fetch-Site: site`, or server to server.
fn submission(tenant: &TestTenant, key: &str, review: &Value, site: Option<&str>) -> Response {
    let mut request = edge().submission_to(&tenant.id, PRODUCT, Some(key), review.to_string());
    if let Some(site) = site {
        request = request.header(SITE, site);
    }
    send(request)
}

fn author_request(
    tenant: &TestTenant,
    id: &str,
    action: &str,
    token: &str,
    site: Option<&str>,
) -> RequestBuilder {
    let mut request = edge()
        .request(
            Method::POST,
            &format!("/v1/t/{}/reviews/{id}/{action}", tenant.id),
        )
        .header("Authorization", format!("Bearer {token}"));
    if let Some(site) = site {
        request = request.header(SITE, site);
    }
    request
}

fn withdraw(tenant: &TestTenant, id: &str, token: &str, site: Option<&str>) -> Response {
    send(author_request(tenant, id, "withdraw", token, site))
}

fn stage(tenant: &TestTenant, id: &str) -> String {
    tenant.record(id)["stage"]
        .as_str()
        .expect("a stage")
        .to_owned()
}

#[test]
fn a_page_of_another_origin_never_receives_the_status_token_the_edges_page_and_servers_do() {
    let tenant = TestTenant::new();
    for site in ["cross-site", "same-site", "none"] {
        let (key, review) = (unique_key("frame-site"), clean_review());
        let accepted = expect_accepted(submission(&tenant, &key, &review, Some(site)));
        assert_eq!(
            accepted.status_token, None,
            "{site}: no token for the host page"
        );
        assert_eq!(
            accepted.status.as_str(),
            "compliance_review",
            "{site}: the review was taken"
        );
        // A replay from the same page gets no token either; the same key server to server gets it.
        let replay = expect_accepted(submission(&tenant, &key, &review, Some(site)));
        assert_eq!(
            (replay.id.as_str(), replay.status_token),
            (accepted.id.as_str(), None)
        );
        let server = expect_accepted(submission(&tenant, &key, &review, None));
        assert_eq!(server.id, accepted.id, "one review per key");
        assert!(!server.token().is_empty());
    }
    let own_page = expect_accepted(submission(
        &tenant,
        &unique_key("frame-site"),
        &clean_review(),
        Some("same-origin"),
    ));
    assert!(
        !own_page.token().is_empty(),
        "the edge's status frame keeps the token"
    );
}

#[test]
fn withdraw_from_a_page_of_another_origin_is_refused_even_with_the_token() {
    let tenant = TestTenant::new();
    let (id, token) = submit_held(&tenant);
    for site in ["cross-site", "same-site", "none"] {
        let refused = expect_error(
            withdraw(&tenant, &id, &token, Some(site)),
            StatusCode::FORBIDDEN,
            "same_origin_required",
        );
        assert!(
            refused.message.contains("status frame"),
            "{}",
            refused.message
        );
    }
    assert_eq!(stage(&tenant, &id), "screening", "nothing changed");
    let status = expect_review_status(withdraw(&tenant, &id, &token, Some("same-origin")));
    assert_eq!(status.stage.as_str(), "withdrawn");
}

#[test]
fn a_revision_from_a_page_of_another_origin_is_refused() {
    let tenant = TestTenant::new();
    let (id, token) = submit_held(&tenant);
    json_of(
        tenant.decide(
            "moderator",
            &id,
            json!({ "decision": "reject", "reason_code": "off_topic" }),
        ),
        StatusCode::OK,
    );
    let revise = |site: Option<&str>| {
        send(
            author_request(&tenant, &id, "revisions", &token, site)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", unique_key("frame-revise"))
                .body(clean_review().to_string()),
        )
    };
    expect_error(
        revise(Some("cross-site")),
        StatusCode::FORBIDDEN,
        "same_origin_required",
    );
    let revision = expect_accepted(revise(Some("same-origin")));
    assert_ne!(revision.id, id);
    assert!(
        !revision.token().is_empty(),
        "the frame keeps the revision's token"
    );
}

#[test]
fn a_withdrawal_is_archived_with_how_it_was_authorised() {
    let tenant = TestTenant::new();
    let (in_frame, frame_token) = submit_held(&tenant);
    let (by_server, server_token) = submit_held(&tenant);
    expect_review_status(withdraw(
        &tenant,
        &in_frame,
        &frame_token,
        Some("same-origin"),
    ));
    expect_review_status(withdraw(&tenant, &by_server, &server_token, None));
    let note_of = |id: &str| -> String {
        let rows: Vec<Value> = tenant
            .archive()
            .into_iter()
            .filter(|row| row["review_id"] == id && row["to_stage"] == "withdrawn")
            .collect();
        assert_eq!(rows.len(), 1, "one archive row for the withdrawal of {id}");
        assert_eq!(rows[0]["role"], "author");
        rows[0]["note"].as_str().expect("a note").to_owned()
    };
    assert!(note_of(&in_frame).contains("status frame (Sec-Fetch-Site: same-origin)"));
    assert!(note_of(&by_server).contains("server to server"));
}

#[test]
fn the_status_frame_is_framed_only_by_the_tenants_origins_and_runs_only_the_edges_script() {
    let tenant = TestTenant::new();
    // The settings suite's document: allowed origin https://bank.example, theme accent #0a5.
    let settings = settings(json!({}));
    json_of(
        tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&settings)),
        StatusCode::OK,
    );
    let response = edge().get(&format!(
        "/v1/t/{}/frame/{PRODUCT}?locale=zh-CN&theme=dark",
        tenant.id
    ));
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "content-type").starts_with("text/html"));
    let csp = header(&response, "content-security-policy");
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(
        csp.ends_with("frame-ancestors 'self' https://bank.example"),
        "{csp}"
    );
    let page = response.text().expect("the page");
    assert!(
        page.contains(r#"<script src="/v1/frame.js"></script>"#),
        "{page}"
    );
    assert_eq!(
        page.matches("<script").count(),
        1,
        "one script, the edge's own"
    );
    assert!(page.contains(r#"lang="zh-CN""#) && page.contains(r#"data-theme="dark""#));
    assert!(page.contains("--candor-accent:#0a5"), "the tenant's theme");
    expect_error(
        edge().get(&format!("/v1/t/{}/frame/no-such-product", tenant.id)),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[test]
fn the_status_line_is_the_edges_html_for_the_token_holder_only() {
    let tenant = TestTenant::new();
    let accepted = expect_accepted(submission(
        &tenant,
        &unique_key("frame-line"),
        &clean_review(),
        None,
    ));
    let line = |token: Option<&str>, locale: &str| {
        let mut request = edge().request(
            Method::GET,
            &format!(
                "/v1/t/{}/reviews/{}/status-line?locale={locale}",
                tenant.id, accepted.id
            ),
        );
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        send(request)
    };
    expect_error(line(None, "en"), StatusCode::UNAUTHORIZED, "unauthorized");
    expect_error(
        line(Some(&"0".repeat(64)), "en"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    let english = line(Some(accepted.token()), "en");
    assert_eq!(english.status(), StatusCode::OK);
    assert_eq!(header(&english, "cache-control"), "no-store");
    let html = english.text().expect("html");
    assert!(html.contains(r#"data-stage="compliance_review""#), "{html}");
    assert!(
        html.contains("in compliance review") && html.contains(r#"data-action="withdraw""#),
        "{html}"
    );
    let chinese = line(Some(accepted.token()), "zh-CN").text().expect("html");
    assert!(
        chinese.contains("合规审核中") && chinese.contains("撤回我的评价"),
        "{chinese}"
    );
}
