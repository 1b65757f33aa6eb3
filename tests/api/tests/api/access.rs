//! Cloudflare Access sign-in, against the real local edge and the local Access stand-in (`CANDOR_ACCESS_URL`):
//! the edge verifies `Cf-Access-Jwt-Assertion` (RS256 against the stand-in's key set, audience → tenant, e-mail →
//! active person), refuses every forged, foreign or stale assertion with 401, wants the console's `Origin` on
//! Access writes, and the stand-in plays Access's part (sign-in page, cookie, header injected, client header
//! removed, logout). Each test has tenants of its own, set up through the operator and admin APIs only.

use std::time::Duration;

use candor_domain::me::{CredentialKind, Me};
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::{Method, StatusCode, redirect};
use serde_json::{Value, json};

use crate::api::client::{edge, expect_error, expect_json_text, header, send, unique_key};
use crate::api::fixture::TestTenant;

const ASSERTION: &str = "Cf-Access-Jwt-Assertion";

/// The local Access stand-in, e.g. `http://127.0.0.1:40123`.
fn access_url() -> String {
    let url = std::env::var("CANDOR_ACCESS_URL").unwrap_or_default();
    assert!(
        !url.trim().is_empty(),
        "CANDOR_ACCESS_URL is not set: run the API suite through `cargo xtask test`"
    );
    url.trim().trim_end_matches('/').to_owned()
}

/// A client of the stand-in that sees redirects instead of following them, with no cookie store: each test
/// carries the `CF_Authorization` cookie by hand, as a browser would.
fn browser() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("the HTTP client builds")
}

fn to_access(method: Method, path: &str) -> RequestBuilder {
    browser().request(method, format!("{}{path}", access_url()))
}

/// A test tenant whose settings name an Access application audience of its own, and its people's e-mails.
struct AccessTenant {
    tenant: TestTenant,
    audience: String,
}

impl AccessTenant {
    fn new() -> AccessTenant {
        let tenant = TestTenant::new();
        let audience = unique_key("aud").replace(|c: char| !c.is_ascii_alphanumeric(), "");
        set_audience(&tenant, Some(&audience), StatusCode::OK);
        AccessTenant { tenant, audience }
    }

    /// A new person of the tenant with this role; returns `(id, e-mail)`.
    fn person(&self, role: &str) -> (String, String) {
        let email = format!("{}@{}.test", unique_key("a"), self.tenant.id);
        let created: Value = serde_json::from_str(&expect_json_text(
            self.tenant.call(
                "admin",
                Method::POST,
                "/v1/admin/people",
                Some(&json!({ "email": email, "display_name": format!("Access {role}"), "role": role })),
            ),
            StatusCode::CREATED,
        ))
        .expect("JSON");
        (created["id"].as_str().expect("id").to_owned(), email)
    }

    /// A valid session assertion for `email`, signed by the stand-in.
    fn assertion(&self, email: &str) -> String {
        sign(&[("email", email), ("aud", &self.audience)])
    }
}

/// Reads the tenant's settings and writes them back with this Access audience (as its admin), expecting `status`.
pub fn set_audience(tenant: &TestTenant, audience: Option<&str>, status: StatusCode) -> Response {
    let mut settings: Value = serde_json::from_str(&expect_json_text(
        tenant.call("admin", Method::GET, "/v1/admin/settings", None),
        StatusCode::OK,
    ))
    .expect("JSON");
    settings["access_audience"] = json!(audience);
    let response = tenant.call("admin", Method::PUT, "/v1/admin/settings", Some(&settings));
    if response.status() != status {
        panic!(
            "settings PUT answered {} (expected {status}): {}",
            response.status(),
            response.text().unwrap_or_default()
        );
    }
    response
}

/// A token from the stand-in's test-only signing endpoint (see `xtask/src/access.rs` for the fields).
pub fn sign(fields: &[(&str, &str)]) -> String {
    let body: String = fields
        .iter()
        .map(|(key, value)| format!("{key}={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let response = send(
        to_access(Method::POST, "/cdn-cgi/access/sign")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body),
    );
    assert_eq!(response.status(), StatusCode::OK, "the stand-in signs");
    response.text().expect("a token")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// `GET /v1/admin/me` straight at the edge with this assertion (what Access forwards).
fn me_with(assertion: &str) -> Response {
    send(
        edge()
            .request(Method::GET, "/v1/admin/me")
            .header(ASSERTION, assertion),
    )
}

fn expect_me(response: Response) -> Me {
    let text = expect_json_text(response, StatusCode::OK);
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("not a Me ({error}): {text}"))
}

#[test]
fn access_a_valid_assertion_names_the_person_their_role_and_the_tenant() {
    let bank = AccessTenant::new();
    let (id, email) = bank.person("compliance");
    let response = me_with(&bank.assertion(&email.to_uppercase()));
    assert_eq!(header(&response, "Cache-Control"), "no-store");
    let me = expect_me(response);
    assert_eq!(me.person_id, id);
    assert_eq!(me.email, email, "the e-mail is matched without case");
    assert_eq!(me.display_name, "Access compliance");
    assert_eq!(me.role, candor_domain::Role::Compliance);
    assert_eq!(me.tenant_id, bank.tenant.id);
    assert_eq!(me.tenant_name, "Test Bank");
    assert_eq!(me.credential, CredentialKind::Access);
    // The same person's role is read at every request: a role change applies at once.
    bank.tenant.set_role(&id, "owner");
    let me = expect_me(me_with(&bank.assertion(&email)));
    assert_eq!(me.role, candor_domain::Role::Owner);
    // A token names its credential as such.
    let me = expect_me(
        bank.tenant
            .call("moderator", Method::GET, "/v1/admin/me", None),
    );
    assert_eq!(me.credential, CredentialKind::Token);
    assert_eq!(me.person_id, bank.tenant.person_id("moderator"));
    assert_eq!(me.role, candor_domain::Role::Moderator);
}

#[test]
fn access_refuses_forged_foreign_and_stale_assertions_with_401() {
    let bank = AccessTenant::new();
    let (_, email) = bank.person("moderator");
    // The valid one passes, so each refusal below is due to its one difference.
    expect_me(me_with(&bank.assertion(&email)));
    let aud = bank.audience.as_str();
    let cases: [(&str, String, &str); 10] = [
        (
            "bad signature",
            sign(&[("email", &email), ("aud", aud), ("tamper", "signature")]),
            "access_signature_invalid",
        ),
        (
            "another audience",
            sign(&[("email", &email), ("aud", "someone-elses-application")]),
            "access_audience_unknown",
        ),
        (
            "alg none",
            sign(&[("email", &email), ("aud", aud), ("alg", "none")]),
            "access_algorithm_not_allowed",
        ),
        (
            "HS256",
            sign(&[("email", &email), ("aud", aud), ("alg", "HS256")]),
            "access_algorithm_not_allowed",
        ),
        (
            "expired",
            sign(&[
                ("email", &email),
                ("aud", aud),
                ("exp_in", "-5"),
                ("iat_in", "-100"),
            ]),
            "access_token_expired",
        ),
        (
            "unknown kid",
            sign(&[
                ("email", &email),
                ("aud", aud),
                ("kid", "not-a-key-of-the-team"),
            ]),
            "access_key_unknown",
        ),
        (
            "another issuer",
            sign(&[
                ("email", &email),
                ("aud", aud),
                ("iss", "https://evil.cloudflareaccess.com"),
            ]),
            "access_issuer_invalid",
        ),
        (
            "not yet valid",
            sign(&[("email", &email), ("aud", aud), ("nbf_in", "3600")]),
            "access_token_not_yet_valid",
        ),
        (
            "no e-mail (a service token)",
            sign(&[("aud", aud)]),
            "access_email_missing",
        ),
        (
            "not a JWT",
            "not.a.jwt".to_owned(),
            "access_token_malformed",
        ),
    ];
    for (case, assertion, code) in cases {
        let response = me_with(&assertion);
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{case}");
        expect_error(response, StatusCode::UNAUTHORIZED, code);
    }
    let huge = format!("{}.{}", "a".repeat(9_000), "b");
    expect_error(
        me_with(&huge),
        StatusCode::UNAUTHORIZED,
        "access_token_too_large",
    );
}

#[test]
fn access_refuses_an_e_mail_of_another_tenant_an_unknown_one_and_a_deactivated_person() {
    let bank = AccessTenant::new();
    let other = AccessTenant::new();
    let (_, theirs) = other.person("moderator");
    // Their e-mail is a person of the other tenant only: this tenant's application does not sign them in here.
    expect_me(me_with(&other.assertion(&theirs)));
    expect_error(
        me_with(&bank.assertion(&theirs)),
        StatusCode::UNAUTHORIZED,
        "access_person_unknown",
    );
    expect_error(
        me_with(&bank.assertion(&format!("nobody@{}.test", bank.tenant.id))),
        StatusCode::UNAUTHORIZED,
        "access_person_unknown",
    );
    let (id, email) = bank.person("compliance");
    expect_me(me_with(&bank.assertion(&email)));
    expect_json_text(
        bank.tenant.call(
            "admin",
            Method::PATCH,
            &format!("/v1/admin/people/{id}"),
            Some(&json!({ "active": false })),
        ),
        StatusCode::OK,
    );
    expect_error(
        me_with(&bank.assertion(&email)),
        StatusCode::UNAUTHORIZED,
        "person_inactive",
    );
}

#[test]
fn access_writes_need_the_console_origin_and_are_archived_with_the_access_credential() {
    let bank = AccessTenant::new();
    let (admin_id, admin_email) = bank.person("admin");
    let assertion = bank.assertion(&admin_email);
    let create = |origin: Option<&str>| {
        let mut request = edge()
            .request(Method::POST, "/v1/admin/people")
            .header(ASSERTION, &assertion)
            .header("Content-Type", "application/json")
            .body(
                json!({
                    "email": format!("{}@{}.test", unique_key("w"), bank.tenant.id),
                    "display_name": "Written through Access",
                    "role": "moderator",
                })
                .to_string(),
            );
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        send(request)
    };
    expect_error(
        create(None),
        StatusCode::FORBIDDEN,
        "console_origin_required",
    );
    expect_error(
        create(Some("https://evil.example")),
        StatusCode::FORBIDDEN,
        "console_origin_required",
    );
    let created: Value = serde_json::from_str(&expect_json_text(
        create(Some(&edge().origin())),
        StatusCode::CREATED,
    ))
    .expect("JSON");
    let row = bank
        .tenant
        .archive()
        .into_iter()
        .rev()
        .find(|row| row["action"] == "person_created")
        .expect("the creation is archived");
    assert_eq!(row["person_id"], admin_id.as_str(), "{row}");
    assert_eq!(row["credential_id"], "access", "{row}");
    assert!(created["id"].is_string());
    // Reads need no Origin; token writes (automation) need none either.
    expect_me(me_with(&assertion));
    expect_json_text(
        bank.tenant.call(
            "admin",
            Method::POST,
            "/v1/admin/people",
            Some(&json!({
                "email": format!("{}@{}.test", unique_key("t"), bank.tenant.id),
                "display_name": "Written with a token",
                "role": "moderator",
            })),
        ),
        StatusCode::CREATED,
    );
}

#[test]
fn access_a_token_wins_over_an_assertion_and_a_bad_token_is_not_rescued_by_one() {
    let bank = AccessTenant::new();
    let (_, admin_email) = bank.person("admin");
    let assertion = bank.assertion(&admin_email);
    let both = |token: &str| {
        send(
            edge()
                .request(Method::GET, "/v1/admin/me")
                .header(ASSERTION, &assertion)
                .header("Authorization", format!("Bearer {token}")),
        )
    };
    let me = expect_me(both(bank.tenant.token("moderator")));
    assert_eq!(me.credential, CredentialKind::Token);
    assert_eq!(me.role, candor_domain::Role::Moderator);
    expect_error(
        both("cst_not-a-token"),
        StatusCode::UNAUTHORIZED,
        "token_invalid",
    );
}

#[test]
fn access_audiences_are_validated_and_name_one_tenant_only() {
    let bank = AccessTenant::new();
    let other = TestTenant::new();
    expect_error(
        set_audience(&other, Some(&bank.audience), StatusCode::CONFLICT),
        StatusCode::CONFLICT,
        "access_audience_taken",
    );
    let invalid = set_audience(
        &other,
        Some("not an audience"),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    let text = invalid.text().expect("body");
    assert!(text.contains("invalid_access_audience"), "{text}");
    // The settings read back with the audience; saving them again (same tenant) is fine; clearing frees it.
    let settings: Value = serde_json::from_str(&expect_json_text(
        bank.tenant
            .call("admin", Method::GET, "/v1/admin/settings", None),
        StatusCode::OK,
    ))
    .expect("JSON");
    assert_eq!(settings["access_audience"], bank.audience.as_str());
    set_audience(&bank.tenant, Some(&bank.audience), StatusCode::OK);
    let (_, email) = bank.person("moderator");
    set_audience(&bank.tenant, None, StatusCode::OK);
    expect_error(
        me_with(&bank.assertion(&email)),
        StatusCode::UNAUTHORIZED,
        "access_audience_unknown",
    );
    set_audience(&other, Some(&bank.audience), StatusCode::OK);
}

/// The `CF_Authorization` cookie a sign-in set, from its `Set-Cookie`.
fn session_cookie(response: &Response) -> String {
    let set_cookie = header(response, "Set-Cookie");
    assert!(
        set_cookie.contains("HttpOnly")
            && set_cookie.contains("SameSite=Lax")
            && set_cookie.contains("Path=/"),
        "the session cookie is HttpOnly, SameSite=Lax, Path=/: {set_cookie}"
    );
    set_cookie
        .split(';')
        .next()
        .and_then(|pair| pair.strip_prefix("CF_Authorization="))
        .expect("a CF_Authorization cookie")
        .to_owned()
}

/// Signs in through the stand-in's page as `email` of the tenant's application; returns the session cookie.
fn sign_in(bank: &AccessTenant, name: &str, email: &str) -> String {
    let added = send(
        to_access(Method::POST, "/cdn-cgi/access/people")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!(
                "email={}&name={}&aud={}",
                encode(email),
                encode(name),
                bank.audience
            )),
    );
    assert_eq!(added.status(), StatusCode::CREATED);
    let page = send(to_access(
        Method::GET,
        "/cdn-cgi/access/login?redirect_url=/console/",
    ));
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().expect("the sign-in page");
    assert!(
        html.contains(email) && html.contains(name),
        "the sign-in page lists the person"
    );
    let response = send(
        to_access(Method::POST, "/cdn-cgi/access/login")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(format!(
                "email={}&aud={}&redirect_url=%2Fconsole%2F",
                encode(email),
                bank.audience
            )),
    );
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(header(&response, "Location"), "/console/");
    session_cookie(&response)
}

#[test]
fn access_sign_in_flow_sets_the_cookie_injects_the_assertion_and_logout_ends_it() {
    let bank = AccessTenant::new();
    let (id, email) = bank.person("owner");
    // Without a session: a page is sent to sign in, a fetch asking for JSON gets 401, and the edge is never asked.
    let page = send(to_access(Method::GET, "/console/").header("Accept", "text/html"));
    assert_eq!(page.status(), StatusCode::FOUND);
    assert!(header(&page, "Location").starts_with("/cdn-cgi/access/login?redirect_url=/console/"));
    let fetch = send(to_access(Method::GET, "/v1/admin/me").header("Accept", "application/json"));
    assert_eq!(fetch.status(), StatusCode::UNAUTHORIZED);
    // A session the stand-in did not sign (here: a tampered one) is no session.
    let forged = sign(&[
        ("email", &email),
        ("aud", &bank.audience),
        ("tamper", "signature"),
    ]);
    let refused = send(
        to_access(Method::GET, "/v1/admin/me")
            .header("Accept", "application/json")
            .header("Cookie", format!("CF_Authorization={forged}")),
    );
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    let cookie = sign_in(&bank, "Olive Owner", &email);
    let me = expect_me(send(
        to_access(Method::GET, "/v1/admin/me")
            .header("Accept", "application/json")
            .header("Cookie", format!("CF_Authorization={cookie}")),
    ));
    assert_eq!(
        (me.person_id.as_str(), me.credential),
        (id.as_str(), CredentialKind::Access)
    );
    // The public API is passed through without a session.
    let config = send(to_access(
        Method::GET,
        &format!("/v1/t/{}/config", bank.tenant.id),
    ));
    assert_eq!(config.status(), StatusCode::OK);

    let logout = send(
        to_access(Method::GET, "/cdn-cgi/access/logout")
            .header("Cookie", format!("CF_Authorization={cookie}")),
    );
    assert_eq!(logout.status(), StatusCode::OK);
    let cleared = header(&logout, "Set-Cookie");
    assert!(
        cleared.starts_with("CF_Authorization=;") && cleared.contains("Max-Age=0"),
        "logout clears the cookie: {cleared}"
    );
    // The browser dropped the cookie: the console is closed again.
    let after = send(to_access(Method::GET, "/v1/admin/me").header("Accept", "application/json"));
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let after_page = send(to_access(Method::GET, "/console/"));
    assert_eq!(after_page.status(), StatusCode::FOUND);
}

#[test]
fn access_stand_in_replaces_a_client_supplied_assertion_and_console_writes_pass_with_its_origin() {
    let bank = AccessTenant::new();
    let (signed_in, email) = bank.person("admin");
    let (_, someone_else) = bank.person("owner");
    let cookie = sign_in(&bank, "Ada Admin", &email);
    let smuggled = bank.assertion(&someone_else);
    // With a session, the client's header is replaced by the session's assertion.
    let me = expect_me(send(
        to_access(Method::GET, "/v1/admin/me")
            .header("Accept", "application/json")
            .header("Cookie", format!("CF_Authorization={cookie}"))
            .header(ASSERTION, &smuggled),
    ));
    assert_eq!(me.person_id, signed_in);
    // Without one, the client's header gets nobody in.
    let refused = send(
        to_access(Method::GET, "/v1/admin/me")
            .header("Accept", "application/json")
            .header(ASSERTION, &smuggled),
    );
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    // On a path Access does not guard the header is removed too: the edge sees no credential at all.
    let unguarded = send(to_access(Method::GET, "/v1/openapi.json").header(ASSERTION, &smuggled));
    assert_eq!(unguarded.status(), StatusCode::OK);
    // A write from the console page (the stand-in's origin is the console's) is accepted; without it, refused.
    let write = |origin: Option<&str>| {
        let mut request = to_access(Method::POST, "/v1/admin/people")
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .header("Cookie", format!("CF_Authorization={cookie}"))
            .body(
                json!({
                    "email": format!("{}@{}.test", unique_key("c"), bank.tenant.id),
                    "display_name": "From the console",
                    "role": "marketer",
                })
                .to_string(),
            );
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        send(request)
    };
    expect_json_text(write(Some(&access_url())), StatusCode::CREATED);
    expect_error(
        write(None),
        StatusCode::FORBIDDEN,
        "console_origin_required",
    );
    expect_error(
        write(Some(&edge().origin())),
        StatusCode::FORBIDDEN,
        "console_origin_required",
    );
}
