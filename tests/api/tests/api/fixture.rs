//! Test isolation: each test that writes creates its own tenant through the edge's own APIs, never with SQL beside
//! the running edge (one writer): the operator API (`POST /v1/platform/tenants`, key `CANDOR_PLATFORM_KEY`) creates
//! the tenant and its first admin; that admin creates one person per role and their tokens (`/v1/admin/people`,
//! `/v1/admin/tokens`); the marketer creates the catalogue (`/v1/admin/product-lines|products|attributes`).

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use reqwest::blocking::{RequestBuilder, Response};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{TEST_CLOCK, edge, expect_json_text, send, unique_key, unique_word};

/// The five staff roles, each held by a different person in a fresh tenant.
pub const ROLES: [&str; 5] = ["moderator", "compliance", "owner", "admin", "marketer"];

/// The product every test tenant has: attributes `fees` and `service` (what `client::valid_review` rates).
pub const PRODUCT: &str = "savings";

const DAY_MS: i64 = 86_400_000;

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

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}

/// The database a suite tenant lives in: half of them (by their random id) in the second one, `DB_2`, so that every
/// behaviour the suite checks is checked in both databases, through the tenant directory.
pub fn database_for(id: &str) -> &'static str {
    if id.bytes().last().unwrap_or_default().is_multiple_of(2) {
        "DB"
    } else {
        "DB_2"
    }
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
        let database = database_for(&id);
        TestTenant::new_in(id, database)
    }

    /// A tenant of one's own in the database bound as `database`.
    pub fn new_in(id: String, database: &str) -> TestTenant {
        let mut body = tenant_body(&id);
        body["database"] = json!(database);
        let created = json_answer(
            create_tenant_with(Some(&format!("Bearer {}", platform_key())), &body),
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

    /// The archive rows written after the set-up (tenant, people, tokens, catalogue), oldest first, without the
    /// rows the test's own exports appended (`archive_exported`: every export archives itself).
    pub fn archive(&self) -> Vec<Value> {
        self.archive_all()
            .into_iter()
            .filter(|row| row["seq"].as_i64().is_some_and(|seq| seq > self.setup_seq))
            .filter(|row| row["action"] != "archive_exported")
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

    /// The staff record of one review (`GET /v1/admin/reviews/{id}`, as compliance).
    pub fn record(&self, review_id: &str) -> Value {
        json_answer(
            self.call(
                "compliance",
                Method::GET,
                &format!("/v1/admin/reviews/{review_id}"),
                None,
            ),
            StatusCode::OK,
        )
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

    /// The first view the loader places in the shadow root (cached at the edge like the summary).
    pub fn first_view_path(&self) -> String {
        format!("/v1/t/{}/embed/{PRODUCT}", self.id)
    }

    /// The review form the loader fetches when a visitor opens it (cached at the edge like the first view).
    pub fn form_path(&self) -> String {
        format!("/v1/t/{}/embed/{PRODUCT}/form", self.id)
    }

    /// The first page of the widget's list, newest first (cached at the edge like the first view).
    pub fn list_page_path(&self) -> String {
        format!("/v1/t/{}/embed/{PRODUCT}/reviews?lang=en", self.id)
    }
}

/// The person holding a role's first token in every test tenant.
pub fn person(role: &str) -> String {
    format!("Test {role}")
}

pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
