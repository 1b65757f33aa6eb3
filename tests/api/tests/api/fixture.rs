//! Test isolation: each test that writes creates its own tenant through the edge's own APIs, never with SQL beside
//! the running edge (one writer): the operator API (`POST /v1/platform/tenants`, key `CANDOR_PLATFORM_KEY`) creates
//! the tenant and its first admin; that admin creates one person per role and their tokens (`/v1/admin/people`,
//! `/v1/admin/tokens`); the marketer creates the catalogue (`/v1/admin/product-lines|products|attributes`).
//!
//! `execute`/`execute_ok` (SQL through `wrangler d1 execute`) remain only for tests not yet moved off them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::blocking::{RequestBuilder, Response};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::api::client::{edge, expect_json_text, send, unique_key, unique_word};

/// The roles of DESIGN.md, each held by a different person in a fresh tenant.
pub const ROLES: [&str; 5] = ["moderator", "compliance", "owner", "admin", "marketer"];

/// The product every test tenant has: attributes `fees` and `service` (what `client::valid_review` rates).
pub const PRODUCT: &str = "savings";

const DAY_MS: i64 = 86_400_000;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// The operator key of the running edge (`PLATFORM_KEY` of `edge/.dev.vars`, passed by `cargo xtask test`).
pub fn platform_key() -> String {
    let key = std::env::var("CANDOR_PLATFORM_KEY").unwrap_or_default();
    assert!(
        !key.trim().is_empty(),
        "CANDOR_PLATFORM_KEY is not set: the API suite creates its tenants through the operator API; run it through `cargo xtask test`"
    );
    key
}

/// `POST /v1/platform/tenants` with this `Authorization` header value (or none); not yet checked.
pub fn create_tenant_with(authorization: Option<&str>, body: &Value) -> Response {
    let mut request = edge()
        .request(Method::POST, "/v1/platform/tenants")
        .header("Content-Type", "application/json")
        .body(body.to_string());
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    send(request)
}

/// A new tenant's body for the operator API, first admin included.
pub fn tenant_body(id: &str) -> Value {
    json!({
        "id": id,
        "name": "Test Bank",
        "allowed_origins": [],
        "first_admin": { "email": format!("admin@{id}.test"), "display_name": person("admin") },
    })
}

fn json_answer(response: Response, status: StatusCode) -> Value {
    serde_json::from_str(&expect_json_text(response, status)).expect("JSON")
}

/// The local D1 state the running edge uses; without it the suite cannot isolate tests and fails loudly.
fn d1_state() -> String {
    let state = std::env::var("CANDOR_D1_STATE").unwrap_or_default();
    assert!(
        !state.trim().is_empty(),
        "CANDOR_D1_STATE is not set: the API suite creates its tenants with `wrangler d1 execute` on the edge's state; run it through `cargo xtask test`"
    );
    state
}

/// Runs SQL against the edge's local D1; returns the result sets of `--json`, or the error text.
pub fn execute(sql: &str) -> Result<Vec<Value>, String> {
    let root = workspace_root();
    let mut last_error = String::new();
    // Another process (the edge, another test's wrangler) may hold the database for a moment: retry.
    for attempt in 0..6 {
        let output = Command::new(root.join("tools/node_modules/.bin/wrangler"))
            .current_dir(root.join("edge"))
            .args(["d1", "execute", "DB", "--local", "--json", "--persist-to"])
            .arg(d1_state())
            .arg("--command")
            .arg(sql)
            .env("WRANGLER_SEND_METRICS", "false")
            .env("WRANGLER_SEND_ERROR_REPORTS", "false")
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("NO_D1_WARNING", "true")
            .output()
            .expect("wrangler runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        if output.status.success() {
            let sets: Vec<Value> = serde_json::from_str(&stdout)
                .unwrap_or_else(|error| panic!("wrangler --json output ({error}): {stdout}"));
            return Ok(sets.into_iter().map(|set| set["results"].clone()).collect());
        }
        last_error = format!("{stdout}\n{stderr}");
        // "false == true" is miniflare's answer when the edge holds the database at that instant (seen in CI runs);
        // the set-up statements are INSERT OR IGNORE, so a retry after a partial attempt completes it.
        let transient = ["SQLITE_BUSY", "database is locked", "false == true"];
        if !transient.iter().any(|marker| last_error.contains(marker)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(200 * (attempt + 1)));
    }
    Err(last_error)
}

/// Runs SQL that must succeed.
pub fn execute_ok(sql: &str) -> Vec<Value> {
    execute(sql).unwrap_or_else(|error| panic!("SQL failed: {sql}\n{error}"))
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}

pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A tenant of one's own: line `savings-line` (visible), product `savings` (attributes fees, service),
/// and one person per role (display name `person(role)`), each with one token.
pub struct TestTenant {
    pub id: String,
    tokens: BTreeMap<&'static str, String>,
    people: BTreeMap<&'static str, String>,
    /// The archive rows the set-up wrote (the newest `seq` after it).
    setup_seq: i64,
}

impl TestTenant {
    pub fn new() -> TestTenant {
        let id = format!("t-{}", &unique_word()[6..]);
        let created = json_answer(
            create_tenant_with(
                Some(&format!("Bearer {}", platform_key())),
                &tenant_body(&id),
            ),
            StatusCode::CREATED,
        );
        let admin_token = created["token"]["token"]
            .as_str()
            .expect("token")
            .to_owned();
        let admin_id = created["admin"]["id"]
            .as_str()
            .expect("person id")
            .to_owned();
        let mut tenant = TestTenant {
            id,
            tokens: BTreeMap::from([("admin", admin_token)]),
            people: BTreeMap::from([("admin", admin_id)]),
            setup_seq: 0,
        };
        for role in ["marketer", "moderator", "compliance", "owner"] {
            let person_id = tenant.add_person(role, &person(role));
            let (_, token) = tenant.issue_token(&person_id, 30);
            tenant.people.insert(role, person_id);
            tenant.tokens.insert(role, token);
        }
        for (path, body) in [
            (
                "/v1/admin/product-lines",
                json!({ "id": "savings-line", "name": "Savings" }),
            ),
            (
                "/v1/admin/products",
                json!({ "id": PRODUCT, "line_id": "savings-line", "name": "Savings Account" }),
            ),
            (
                "/v1/admin/attributes",
                json!({ "product": PRODUCT, "key": "fees", "label_en": "Fees", "label_zh": "费用", "position": 1 }),
            ),
            (
                "/v1/admin/attributes",
                json!({ "product": PRODUCT, "key": "service", "label_en": "Service", "label_zh": "客户服务", "position": 2 }),
            ),
        ] {
            json_answer(
                tenant.call("marketer", Method::POST, path, Some(&body)),
                StatusCode::CREATED,
            );
        }
        tenant.setup_seq = tenant
            .archive_all()
            .last()
            .and_then(|row| row["seq"].as_i64())
            .expect("the set-up is archived");
        tenant
    }

    /// The token of the role's first holder.
    pub fn token(&self, role: &str) -> &str {
        self.tokens
            .get(role)
            .unwrap_or_else(|| panic!("no such role {role}"))
    }

    /// The person id of the role's first holder.
    pub fn person_id(&self, role: &str) -> &str {
        self.people
            .get(role)
            .unwrap_or_else(|| panic!("no such role {role}"))
    }

    /// A new person of the tenant (created by the admin) with a unique e-mail; returns their id.
    pub fn add_person(&self, role: &str, display_name: &str) -> String {
        let email = format!("{}@{}.test", unique_key("p"), self.id);
        let created = json_answer(
            self.call(
                "admin",
                Method::POST,
                "/v1/admin/people",
                Some(&json!({ "email": email, "display_name": display_name, "role": role })),
            ),
            StatusCode::CREATED,
        );
        created["id"].as_str().expect("person id").to_owned()
    }

    /// A token for a person (issued by the admin), valid `days`; returns `(token id, token)`.
    pub fn issue_token(&self, person_id: &str, days: i64) -> (String, String) {
        let issued = json_answer(
            self.call(
                "admin",
                Method::POST,
                "/v1/admin/tokens",
                Some(&json!({ "person_id": person_id, "expires_in_days": days })),
            ),
            StatusCode::CREATED,
        );
        (
            issued["id"].as_str().expect("token id").to_owned(),
            issued["token"].as_str().expect("token").to_owned(),
        )
    }

    /// Changes a person's role (as the admin).
    pub fn set_role(&self, person_id: &str, role: &str) {
        json_answer(
            self.call(
                "admin",
                Method::PATCH,
                &format!("/v1/admin/people/{person_id}"),
                Some(&json!({ "role": role })),
            ),
            StatusCode::OK,
        );
    }

    /// Another token, held by a new person named `person` in `role`, through the admin API. The API issues
    /// tokens valid for whole days only, so `expires_at` must lie in the future (rounded up to days); with
    /// `revoked_at` the token is revoked right away (the API records the real revocation time).
    pub fn add_token(
        &self,
        role: &str,
        person: &str,
        expires_at: i64,
        revoked_at: Option<i64>,
    ) -> String {
        let left = expires_at - now_ms();
        assert!(
            left > 0,
            "the API cannot issue an already-expired token; issue one and revoke it instead"
        );
        let person_id = self.add_person(role, person);
        let (token_id, token) = self.issue_token(&person_id, (left + DAY_MS - 1) / DAY_MS);
        if revoked_at.is_some() {
            json_answer(
                self.call(
                    "admin",
                    Method::DELETE,
                    &format!("/v1/admin/tokens/{token_id}"),
                    None,
                ),
                StatusCode::OK,
            );
        }
        token
    }

    /// Every archive row of the tenant, oldest first (the admin's NDJSON export).
    pub fn archive_all(&self) -> Vec<Value> {
        let response = send(self.staff(
            self.token("admin"),
            Method::GET,
            "/v1/admin/audit?format=ndjson",
        ));
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "the archive export answers"
        );
        let text = response.text().expect("the export is readable");
        text.lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| serde_json::from_str(line).expect("an NDJSON row"))
            .collect()
    }

    /// The archive rows written after the set-up (tenant, people, tokens, catalogue), oldest first.
    pub fn archive(&self) -> Vec<Value> {
        self.archive_all()
            .into_iter()
            .filter(|row| row["seq"].as_i64().is_some_and(|seq| seq > self.setup_seq))
            .collect()
    }
    /// A staff request with this token; not yet sent.
    pub fn staff(&self, token: &str, method: Method, path: &str) -> RequestBuilder {
        edge()
            .request(method, path)
            .header("Authorization", format!("Bearer {token}"))
    }

    /// Sends a staff request as `role`, with a JSON body when given.
    pub fn call(&self, role: &str, method: Method, path: &str, body: Option<&Value>) -> Response {
        let mut request = self.staff(self.token(role), method, path);
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        send(request)
    }

    /// Submits a review to the tenant's product under a fresh key.
    pub fn submit(&self, review: &Value) -> Response {
        send(edge().submission_to(
            &self.id,
            PRODUCT,
            Some(&unique_key("t-submit")),
            review.to_string(),
        ))
    }

    /// One staff decision on a review, by `role`'s first holder.
    pub fn decide(&self, role: &str, review_id: &str, body: Value) -> Response {
        self.call(
            role,
            Method::POST,
            &format!("/v1/admin/reviews/{review_id}/decisions"),
            Some(&body),
        )
    }

    pub fn summary_path(&self) -> String {
        format!("/v1/t/{}/products/{PRODUCT}/summary", self.id)
    }

    pub fn reviews_path(&self) -> String {
        format!("/v1/t/{}/products/{PRODUCT}/reviews", self.id)
    }
}

/// The person holding a role's first token in every test tenant.
pub fn person(role: &str) -> String {
    format!("Test {role}")
}
