//! Test isolation: each test that writes creates its own tenant (catalogue + one staff token per role) through SQL
//! run by `wrangler d1 execute --local` on the edge's own state (`CANDOR_D1_STATE`), never through a backdoor route.
//!
//! Tokens are generated here and only their SHA-256 is inserted, exactly as `cargo xtask seed` does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use reqwest::blocking::{RequestBuilder, Response};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::api::client::{TEST_CLOCK, edge, send, unique_key, unique_word};

/// The five staff roles, each held by a different person in a fresh tenant.
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

/// A fresh token text in the edge's format (`cst_` + 64 hex digits).
pub fn new_token() -> String {
    format!("cst_{}", sha256_hex(&unique_key("token")))
}

/// SQL text literal.
fn lit(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A tenant of one's own: line `savings-line` (visible), product `savings` (attributes fees, service),
/// and one token per role, each held by a different person.
pub struct TestTenant {
    pub id: String,
    tokens: BTreeMap<&'static str, String>,
}

impl TestTenant {
    pub fn new() -> TestTenant {
        let id = format!("t-{}", &unique_word()[6..]);
        let now = now_ms();
        let mut sql = format!(
            "INSERT OR IGNORE INTO tenants (id, name, allowed_origins, created_at) VALUES ({tenant}, 'Test Bank', '[]', {now});
             INSERT OR IGNORE INTO product_lines (tenant_id, id, name, visible) VALUES ({tenant}, 'savings-line', 'Savings', 1);
             INSERT OR IGNORE INTO products (tenant_id, id, line_id, name) VALUES ({tenant}, '{PRODUCT}', 'savings-line', 'Savings Account');
             INSERT OR IGNORE INTO attributes (tenant_id, product_id, key, label_en, label_zh, position) VALUES
               ({tenant}, '{PRODUCT}', 'fees', 'Fees', '费用', 1),
               ({tenant}, '{PRODUCT}', 'service', 'Service', '客户服务', 2);",
            tenant = lit(&id)
        );
        let mut tokens = BTreeMap::new();
        for role in ROLES {
            let token = new_token();
            sql.push_str(&token_insert(
                &id,
                &format!("{role}-1"),
                role,
                &person(role),
                &token,
                now + 30 * DAY_MS,
                None,
            ));
            tokens.insert(role, token);
        }
        execute_ok(&sql);
        TestTenant { id, tokens }
    }

    /// The token of the role's first holder.
    pub fn token(&self, role: &str) -> &str {
        self.tokens
            .get(role)
            .unwrap_or_else(|| panic!("no such role {role}"))
    }

    /// Inserts another token (hash only) and returns its text.
    pub fn add_token(
        &self,
        role: &str,
        person: &str,
        expires_at: i64,
        revoked_at: Option<i64>,
    ) -> String {
        let token = new_token();
        let id = unique_key("tok");
        execute_ok(&token_insert(
            &self.id, &id, role, person, &token, expires_at, revoked_at,
        ));
        token
    }

    /// A staff request with this token; not yet sent.
    pub fn staff(&self, token: &str, method: Method, path: &str) -> RequestBuilder {
        edge()
            .request(method, path)
            .header("Authorization", format!("Bearer {token}"))
    }

    /// Sends a staff request as `role`, with a JSON body when given.
    pub fn call(&self, role: &str, method: Method, path: &str, body: Option<&Value>) -> Response {
        self.call_at(None, role, method, path, body)
    }

    /// Sends a staff request as `role` that the edge handles at the instant `at` (ms) when given
    /// (`X-Candor-Test-Clock`, test hooks only), with a JSON body when given.
    pub fn call_at(
        &self,
        at: Option<i64>,
        role: &str,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Response {
        let mut request = self.staff(self.token(role), method, path);
        if let Some(at) = at {
            request = request.header(TEST_CLOCK, at.to_string());
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_string());
        }
        send(request)
    }

    /// Submits a review to the tenant's product under a fresh key.
    pub fn submit(&self, review: &Value) -> Response {
        self.submit_at(None, review)
    }

    /// Submits a review that the edge stores as submitted at `at` (ms) when given (test clock).
    pub fn submit_at(&self, at: Option<i64>, review: &Value) -> Response {
        let mut request = edge().submission_to(
            &self.id,
            PRODUCT,
            Some(&unique_key("t-submit")),
            review.to_string(),
        );
        if let Some(at) = at {
            request = request.header(TEST_CLOCK, at.to_string());
        }
        send(request)
    }

    /// One staff decision on a review, by `role`'s first holder.
    pub fn decide(&self, role: &str, review_id: &str, body: Value) -> Response {
        self.decide_at(None, role, review_id, body)
    }

    /// One staff decision taken at the instant `at` (ms) when given (test clock).
    pub fn decide_at(&self, at: Option<i64>, role: &str, review_id: &str, body: Value) -> Response {
        self.call_at(
            at,
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

fn token_insert(
    tenant: &str,
    id: &str,
    role: &str,
    person: &str,
    token: &str,
    expires_at: i64,
    revoked_at: Option<i64>,
) -> String {
    format!(
        "INSERT OR IGNORE INTO staff_tokens (tenant_id, id, token_hash, role, person, created_at, expires_at, revoked_at)
         VALUES ({}, {}, {}, {}, {}, {}, {expires_at}, {});\n",
        lit(tenant),
        lit(id),
        lit(&sha256_hex(token)),
        lit(role),
        lit(person),
        now_ms() - DAY_MS,
        revoked_at.map_or_else(|| "NULL".to_owned(), |at| at.to_string())
    )
}
