//! Webhooks of customer-service cases, seen from the firm's side: a receiver in this test process gets each event
//! signed with the tenant's own secret over tenant, event id, time and body (a tampered delivery does not verify),
//! both secrets sign during a rotation's overlap, redirects are never followed, a dead receiver ends in `dead`
//! on the case, a lost Queue message is re-sent by the Cron sweep, only public https URLs are accepted, and the
//! archive keeps the URL's hash, never the URL.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::archive::ndjson;
use crate::api::client::{
    clean_body, edge, expect_accepted, expect_error, field_codes, send, valid_review_with,
};
use crate::api::escalations::{
    case_of_review, complaint_review, open_case, patch_case, put_settings,
};
use crate::api::fixture::{ROLES, TestTenant, now_ms, sha256_hex};
use crate::api::moderation::json_of;

/// One HTTP/1.1 request as a receiver saw it.
pub(crate) struct Received {
    pub(crate) request_line: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Received {
    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map_or("", |(_, value)| value.as_str())
    }
}

/// A service desk on 127.0.0.1 in this test process (plain HTTP/1.1) that answers every request with `answer`
/// (status line and headers, without the blank line). Returns its URL and what it received.
fn receiver_answering(answer: &'static str) -> (String, Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let url = format!(
        "http://127.0.0.1:{}/hooks/candor",
        listener.local_addr().unwrap().port()
    );
    let (sender, received) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("a stream"));
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut headers = Vec::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((key, value)) = line.split_once(':') {
                    headers.push((key.trim().to_owned(), value.trim().to_owned()));
                }
            }
            let length: usize = headers
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = stream.write_all(
                format!("{answer}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok").as_bytes(),
            );
            let _ = sender.send(Received {
                request_line: request_line.trim().to_owned(),
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
    });
    (url, received)
}

pub(crate) fn receiver() -> (String, Receiver<Received>) {
    receiver_answering("HTTP/1.1 200 OK")
}

/// Creates or rotates the tenant's signing secret as its admin; the answer shows the secret once.
fn rotate(tenant: &TestTenant) -> Value {
    json_of(
        tenant.call("admin", Method::POST, "/v1/admin/webhook/secret", None),
        StatusCode::CREATED,
    )
}

fn secret_of(answer: &Value) -> String {
    let secret = answer["secret"].as_str().expect("the secret").to_owned();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 6 + 64,
        "{secret}"
    );
    secret
}

/// HMAC-SHA256 (RFC 2104), as the firm computes it to verify a delivery.
fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|k| k ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// `X-Candor-Signature: t=<ms>,v1=<hex>[,v1=<hex>]` split into `t` and the signatures.
fn signature_parts(received: &Received) -> (String, Vec<String>) {
    let header = received.header("X-Candor-Signature");
    let mut parts = header.split(',');
    let t = parts
        .next()
        .and_then(|t| t.strip_prefix("t="))
        .unwrap_or_else(|| panic!("signature header {header:?}"))
        .to_owned();
    let signatures: Vec<String> = parts
        .map(|part| {
            part.strip_prefix("v1=")
                .unwrap_or_else(|| panic!("signature header {header:?}"))
                .to_owned()
        })
        .collect();
    assert!(!signatures.is_empty(), "{header}");
    (t, signatures)
}

/// The receiver's check: does any `v1` equal HMAC(secret, "<tenant>.<event id>.<t>.<body>")?
fn verifies(
    secret: &str,
    tenant: &str,
    event_id: &str,
    t: &str,
    body: &str,
    v1: &[String],
) -> bool {
    let expected = hmac_sha256_hex(
        secret.as_bytes(),
        format!("{tenant}.{event_id}.{t}.{body}").as_bytes(),
    );
    v1.contains(&expected)
}

/// Verifies a delivery as a receiver does (with the tenant and event id from the headers) and checks that a
/// tampered body, tenant or event id does not verify. Returns `t`.
pub(crate) fn verify_delivery(secret: &str, received: &Received) -> i64 {
    let tenant = received.header("X-Candor-Tenant");
    let event_id = received.header("X-Candor-Event-Id");
    let (t, v1) = signature_parts(received);
    let body = received.body.as_str();
    assert!(
        verifies(secret, tenant, event_id, &t, body, &v1),
        "the signature verifies with the shown secret over tenant.event.t.body"
    );
    assert!(
        !verifies(secret, tenant, event_id, &t, &format!("{body} "), &v1),
        "tampered body"
    );
    assert!(
        !verifies(secret, &format!("{tenant}x"), event_id, &t, body, &v1),
        "tampered tenant"
    );
    assert!(
        !verifies(secret, tenant, &format!("{event_id}9"), &t, body, &v1),
        "tampered event id"
    );
    assert!(
        !verifies(secret, tenant, event_id, &format!("{t}1"), body, &v1),
        "tampered time"
    );
    assert!(
        !verifies("whsec_not-the-secret", tenant, event_id, &t, body, &v1),
        "another secret"
    );
    t.parse().expect("t is milliseconds")
}

/// Waits until the case of `review_id` shows a delivery state other than `pending`.
pub(crate) fn settled_delivery(tenant: &TestTenant, review_id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let case = case_of_review(tenant, review_id).expect("the case");
        if case["webhook"]["state"] != "pending" || Instant::now() > deadline {
            return case;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// A tenant with a signing secret and its webhook pointed at `url`; returns the secret.
pub(crate) fn tenant_with_webhook(tenant: &TestTenant, url: &str) -> String {
    let secret = secret_of(&rotate(tenant));
    put_settings(tenant, json!({ "webhook_url": url }));
    secret
}

#[test]
fn webhook_events_are_signed_with_the_tenants_secret_over_tenant_event_time_and_body() {
    let tenant = TestTenant::new();
    let (url, received) = receiver();
    let secret = tenant_with_webhook(&tenant, &url);
    let review = complaint_review();
    let accepted = expect_accepted(tenant.submit(&review));

    let event = received
        .recv_timeout(Duration::from_secs(30))
        .expect("the service desk received the event");
    assert!(
        event.request_line.starts_with("POST /hooks/candor "),
        "{}",
        event.request_line
    );
    assert!(event.header("Content-Type").starts_with("application/json"));
    assert_eq!(event.header("X-Candor-Event"), "escalation.opened");
    assert_eq!(event.header("X-Candor-Tenant"), tenant.id.as_str());
    let t = verify_delivery(&secret, &event);
    assert!((t - now_ms()).abs() < 60_000, "t is the sending time");
    let body: Value = serde_json::from_str(&event.body).expect("a JSON event");
    assert_eq!(body["type"], "escalation.opened");
    assert_eq!(body["tenant"], tenant.id.as_str());
    assert_eq!(body["id"], event.header("X-Candor-Event-Id"));
    assert_eq!(body["escalation"]["reason"], "complaint_language");
    assert_eq!(body["escalation"]["status"], "open");
    assert_eq!(body["review"]["id"], accepted.id.as_str());
    assert_eq!(body["review"]["body"], review["body"]);
    assert_eq!(
        body["review"]["contact_email"], "worried@example.org",
        "the author consented"
    );

    let case = settled_delivery(&tenant, &accepted.id);
    assert_eq!(case["webhook"]["state"], "delivered", "{case}");
    assert_eq!(case["webhook"]["attempts"], 1);
    assert_eq!(case["webhook"]["last_status"], 200);
    let id = case["id"].as_str().unwrap();
    assert_eq!(body["escalation"]["id"], id);
    assert_eq!(event.header("X-Candor-Event-Id"), format!("{id}.0"));

    // A status change is an event of its own id; an assignment alone is not sent.
    json_of(
        patch_case(&tenant, "owner", id, json!({ "assignee": "Ola" })),
        StatusCode::OK,
    );
    let resolved = json_of(
        patch_case(&tenant, "owner", id, json!({ "status": "resolved" })),
        StatusCode::OK,
    );
    let changed = received
        .recv_timeout(Duration::from_secs(30))
        .expect("a second event");
    assert_eq!(
        changed.header("X-Candor-Event"),
        "escalation.status_changed"
    );
    assert_eq!(
        changed.header("X-Candor-Event-Id"),
        format!("{id}.{}", resolved["version"])
    );
    verify_delivery(&secret, &changed);
    let body: Value = serde_json::from_str(&changed.body).unwrap();
    assert_eq!(body["escalation"]["status"], "resolved");
    assert_eq!(body["escalation"]["assignee"], "Ola");
}

#[test]
fn webhook_secret_rotation_signs_with_both_secrets_for_the_overlap_and_archives_no_secret() {
    let tenant = TestTenant::new();
    for role in ROLES.into_iter().filter(|r| *r != "admin") {
        expect_error(
            tenant.call(role, Method::POST, "/v1/admin/webhook/secret", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    let (url, received) = receiver();
    let first_answer = rotate(&tenant);
    assert_eq!(first_answer["previous_secret_signs_until"], Value::Null);
    let first = secret_of(&first_answer);
    let second_answer = rotate(&tenant);
    let second = secret_of(&second_answer);
    assert_ne!(first, second);
    let created: i64 = second_answer["created_at"].as_i64().unwrap();
    assert_eq!(
        second_answer["previous_secret_signs_until"].as_i64(),
        Some(created + 24 * 3_600_000)
    );
    put_settings(&tenant, json!({ "webhook_url": url }));

    let accepted = expect_accepted(tenant.submit(&complaint_review()));
    let event = received
        .recv_timeout(Duration::from_secs(30))
        .expect("the event");
    let (_, signatures) = signature_parts(&event);
    assert_eq!(signatures.len(), 2, "two signatures during the overlap");
    verify_delivery(&second, &event);
    verify_delivery(&first, &event);
    assert_eq!(
        settled_delivery(&tenant, &accepted.id)["webhook"]["state"],
        "delivered"
    );

    let rows = ndjson(&tenant, "");
    let rotations: Vec<&Value> = rows
        .iter()
        .filter(|row| row["action"] == "webhook_secret_rotated")
        .collect();
    assert_eq!(rotations.len(), 2);
    for row in &rows {
        let text = row.to_string();
        for secret in [&first, &second] {
            assert!(
                !text.contains(&secret[6..]),
                "a secret in the archive: {text}"
            );
        }
    }
}

#[test]
fn webhook_redirects_are_never_followed_and_the_case_ends_dead() {
    let tenant = TestTenant::new();
    let (elsewhere, elsewhere_received) = receiver();
    let answer: &'static str =
        Box::leak(format!("HTTP/1.1 302 Found\r\nLocation: {elsewhere}").into_boxed_str());
    let (url, received) = receiver_answering(answer);
    tenant_with_webhook(&tenant, &url);
    let accepted = expect_accepted(tenant.submit(&complaint_review()));
    received
        .recv_timeout(Duration::from_secs(30))
        .expect("the redirecting receiver was asked");
    let case = settled_delivery(&tenant, &accepted.id);
    assert_eq!(case["webhook"]["state"], "dead", "{case}");
    assert_eq!(case["webhook"]["last_status"], 302, "{case}");
    assert!(
        case["webhook"]["attempts"].as_i64().unwrap() >= 2,
        "retried: {case}"
    );
    assert!(
        elsewhere_received.try_recv().is_err(),
        "the redirect target was never contacted"
    );
    assert_eq!(case["status"], "open", "the case itself is unaffected");
}

#[test]
fn webhook_to_a_receiver_that_is_down_retries_then_dies_and_the_case_shows_it() {
    let tenant = TestTenant::new();
    // A port nobody listens on any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    tenant_with_webhook(&tenant, &format!("http://127.0.0.1:{port}/down"));
    let started = Instant::now();
    let accepted = expect_accepted(tenant.submit(&complaint_review()));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the answer does not wait"
    );
    assert_eq!(accepted.status.as_str(), "screening");
    let case = settled_delivery(&tenant, &accepted.id);
    assert_eq!(case["webhook"]["state"], "dead", "{case}");
    assert_eq!(case["webhook"]["last_status"], Value::Null);
    assert!(
        case["webhook"]["attempts"].as_i64().unwrap() >= 2,
        "retried: {case}"
    );
    assert!(
        case["webhook"]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("no answer")),
        "{case}"
    );
}

#[test]
fn webhook_event_whose_queue_message_was_lost_stays_pending_until_the_cron_sweep_sends_it() {
    let tenant = TestTenant::new();
    let (url, received) = receiver();
    let secret = tenant_with_webhook(&tenant, &url);
    let review =
        expect_accepted(tenant.submit(&valid_review_with(json!({ "body": clean_body() })))).id;
    // Test hook: the case change commits with its outbox row, but no Queue message is sent.
    let opened = send(
        tenant
            .staff(
                tenant.token("moderator"),
                Method::POST,
                &format!("/v1/admin/reviews/{review}/escalations"),
            )
            .header("Content-Type", "application/json")
            .header("X-Candor-Test-Queue", "hold")
            .body("{}"),
    );
    let case = json_of(opened, StatusCode::CREATED);
    assert_eq!(case["webhook"]["state"], "pending");
    assert_eq!(case["webhook"]["attempts"], 0);
    let shown = case_of_review(&tenant, &review).expect("the case");
    assert_eq!(
        shown["webhook"]["state"], "pending",
        "nothing delivers it without the sweep"
    );
    assert!(received.try_recv().is_err());

    // The Cron Trigger (wrangler dev --test-scheduled) re-sends rows untouched for 2 s (test hooks).
    let deadline = Instant::now() + Duration::from_secs(30);
    let event = loop {
        let swept = edge().get("/__scheduled?cron=*/5+*+*+*+*");
        assert!(swept.status().is_success(), "{}", swept.status());
        if let Ok(event) = received.recv_timeout(Duration::from_millis(500)) {
            break event;
        }
        assert!(Instant::now() < deadline, "the sweep never sent the event");
    };
    verify_delivery(&secret, &event);
    assert_eq!(
        event.header("X-Candor-Event-Id"),
        format!("{}.0", case["id"].as_str().unwrap())
    );
    assert_eq!(
        settled_delivery(&tenant, &review)["webhook"]["state"],
        "delivered"
    );
}

#[test]
fn webhook_urls_must_be_public_https_and_the_archive_keeps_only_their_hash() {
    let tenant = TestTenant::new();
    let current = json_of(
        tenant.call("admin", Method::GET, "/v1/admin/settings", None),
        StatusCode::OK,
    );
    for (url, code) in [
        ("http://desk.example.com/hook", "https_required"),
        ("https://127.0.0.1/hook", "ip_address_not_allowed"),
        ("https://10.0.0.7/hook", "ip_address_not_allowed"),
        ("https://169.254.169.254/latest", "ip_address_not_allowed"),
        ("https://2130706433/hook", "ip_address_not_allowed"),
        ("https://[::1]/hook", "ip_address_not_allowed"),
        ("https://localhost/hook", "private_host"),
        ("https://printer.local/hook", "private_host"),
        ("https://desk.example.com:8443/hook", "port_not_allowed"),
        (
            "https://user:pw@desk.example.com/hook",
            "credentials_in_url",
        ),
        ("http://localhost:9000/hook", "https_required"),
    ] {
        let mut settings = current.clone();
        settings["webhook_url"] = json!(url);
        let detail = expect_error(
            tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&settings)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        let fields = field_codes(&detail);
        assert_eq!(fields, [("webhook_url", code)], "{url}");
    }

    let url = "https://desk.example.com/hooks/candor?token=do-not-archive-me";
    put_settings(&tenant, json!({ "webhook_url": url }));
    let rows = ndjson(&tenant, "");
    let settings_rows: Vec<&Value> = rows
        .iter()
        .filter(|row| row["action"] == "settings_updated")
        .collect();
    assert!(!settings_rows.is_empty());
    for row in &rows {
        assert!(
            !row.to_string().contains("do-not-archive-me"),
            "the URL in the archive: {row}"
        );
    }
    assert!(
        settings_rows.iter().any(|row| row["note"]
            .as_str()
            .is_some_and(|n| n.contains(&sha256_hex(url)))),
        "the archive keeps the URL's SHA-256"
    );
}

#[test]
fn webhook_without_a_signing_secret_is_never_sent_unsigned() {
    let tenant = TestTenant::new();
    let (url, received) = receiver();
    put_settings(&tenant, json!({ "webhook_url": url }));
    let review =
        expect_accepted(tenant.submit(&valid_review_with(json!({ "body": clean_body() })))).id;
    json_of(
        open_case(&tenant, "moderator", &review, json!({})),
        StatusCode::CREATED,
    );
    let case = settled_delivery(&tenant, &review);
    assert_eq!(case["webhook"]["state"], "dead", "{case}");
    assert!(
        case["webhook"]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("no signing secret")),
        "{case}"
    );
    assert!(received.try_recv().is_err(), "nothing was sent");
}
