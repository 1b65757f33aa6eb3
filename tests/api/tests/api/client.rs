//! The suite's HTTP clients (one per loopback address, each a visitor of its own): base URL from `CANDOR_EDGE_URL`,
//! unique idempotency keys, and the assertions every test shares.

use std::hash::{BuildHasher, RandomState};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use candor_domain::dto::{ErrorBody, ErrorDetail, ReviewStatus, SubmitAccepted, Summary};
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The status token of a server-to-server submission (no `Sec-Fetch-Site`), which always carries it.
pub trait StatusTokenOf {
    fn token(&self) -> &str;
}

impl StatusTokenOf for SubmitAccepted {
    fn token(&self) -> &str {
        self.status_token
            .as_deref()
            .expect("a server-to-server submission is answered with its status token")
    }
}

/// The fixture tenant (edge/seed/demo.sql, loaded into every test state) every test reads and writes.
pub const TENANT: &str = "harbor";
/// The seeded product with eight published reviews and the attributes fees, advice and service.
pub const PRODUCT: &str = "roth-ira";
/// A second seeded product (one published review) with the attributes interest_rates and service.
pub const OTHER_PRODUCT: &str = "high-yield-savings";
/// Origins the seed allows to submit from a browser.
pub const ALLOWED_ORIGINS: [&str; 3] = [
    "http://127.0.0.1:8787",
    "http://localhost:8787",
    "http://127.0.0.1:8788",
];

/// How many loopback addresses the suite's clients bind to: 127.0.0.2 ..= 127.0.0.254. Linux routes all of 127/8
/// to `lo`, and the local runtime takes a request's client address (`CF-Connecting-IP`) from the socket, so each
/// address is a client of its own to the edge's rate limit and vote deduplication.
const VISITOR_ADDRESSES: usize = 253;

/// The header that sets the instant (Unix ms) a request is handled at, honoured only with the test hooks on:
/// time-dependent tests travel in time with it instead of backdating rows with SQL.
pub const TEST_CLOCK: &str = "X-Candor-Test-Clock";

/// The test hook that makes a summary read skip the edge cache and read D1 (honoured only with the test hooks on):
/// how a test sees what is stored, where a cached copy would hide a wrong change.
pub const TEST_BYPASS_CACHE: &str = "X-Candor-Test-Bypass-Cache";

/// A running edge, reached over HTTP only, from many loopback addresses.
pub struct Edge {
    base: String,
    /// One client per address (index 0 is 127.0.0.2), built when first used.
    clients: Vec<OnceLock<Client>>,
    next: AtomicUsize,
}

/// One client address: every request of a `Visitor` comes from the same address, as from one person's device.
pub struct Visitor<'e> {
    edge: &'e Edge,
    index: usize,
}

impl Visitor<'_> {
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.edge
            .client(self.index)
            .request(method, format!("{}{path}", self.edge.base))
    }

    /// A GET from this visitor's address that does not follow redirects, to read a 302 itself.
    pub fn get_unfollowed(&self, path: &str) -> RequestBuilder {
        Client::builder()
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(30))
            .local_address(Edge::address(self.index))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client builds")
            .get(format!("{}{path}", self.edge.base))
    }
}

/// The edge named by `CANDOR_EDGE_URL`; without it every test fails instead of passing vacuously.
pub fn edge() -> &'static Edge {
    static EDGE: OnceLock<Edge> = OnceLock::new();
    EDGE.get_or_init(|| {
        let base = std::env::var("CANDOR_EDGE_URL").unwrap_or_default();
        let base = base.trim().trim_end_matches('/').to_owned();
        assert!(
            !base.is_empty(),
            "CANDOR_EDGE_URL is not set: the API suite needs a running edge; run it through `cargo xtask test`"
        );
        Edge {
            base,
            clients: (0..VISITOR_ADDRESSES).map(|_| OnceLock::new()).collect(),
            next: AtomicUsize::new(0),
        }
    })
}

impl Edge {
    fn address(index: usize) -> IpAddr {
        let last = u8::try_from(index % VISITOR_ADDRESSES + 2).expect("at most 254");
        IpAddr::V4(Ipv4Addr::new(127, 0, 0, last))
    }

    fn client(&self, index: usize) -> &Client {
        self.clients[index % VISITOR_ADDRESSES].get_or_init(|| {
            // A fresh connection per request: a kept-alive connection that the local runtime closes while it is
            // idle is reset under the next request sent on it (ECONNRESET at send, seen with many concurrent
            // clients), and the local dev proxy's "Your worker restarted mid-request" is met on reused connections
            // too. Connecting over loopback costs microseconds.
            Client::builder()
                .pool_max_idle_per_host(0)
                .timeout(Duration::from_secs(30))
                .local_address(Edge::address(index))
                .build()
                .expect("the HTTP client builds")
        })
    }

    /// The next loopback address in turn (round robin over 253): a visitor other tests use only much later.
    pub fn visitor(&self) -> Visitor<'_> {
        Visitor {
            edge: self,
            index: self.next.fetch_add(1, Ordering::Relaxed) % VISITOR_ADDRESSES,
        }
    }

    /// The edge's own origin, e.g. `http://127.0.0.1:8799`.
    pub fn origin(&self) -> String {
        reqwest::Url::parse(&self.base)
            .map(|url| url.origin().ascii_serialization())
            .unwrap_or_else(|error| panic!("CANDOR_EDGE_URL is not a URL ({error}): {}", self.base))
    }

    /// A request from the next address in turn: the suite's many writes are spread over many clients, as a
    /// campaign's are, and never spend one client's rate limit (`rate_limits.rs` tests that limit).
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.visitor().request(method, path)
    }

    pub fn get(&self, path: &str) -> Response {
        send(self.request(Method::GET, path))
    }

    /// A GET that skips the edge cache (`TEST_BYPASS_CACHE`).
    pub fn get_uncached(&self, path: &str) -> Response {
        send(
            self.request(Method::GET, path)
                .header(TEST_BYPASS_CACHE, "1"),
        )
    }

    /// A submission request to the seeded product, with JSON content type and the given key (if any); not yet sent.
    pub fn submission(
        &self,
        key: Option<&str>,
        body: impl Into<reqwest::blocking::Body>,
    ) -> RequestBuilder {
        self.submission_to(TENANT, PRODUCT, key, body)
    }

    /// A JSON submission request to any tenant and product; not yet sent.
    pub fn submission_to(
        &self,
        tenant: &str,
        product: &str,
        key: Option<&str>,
        body: impl Into<reqwest::blocking::Body>,
    ) -> RequestBuilder {
        self.submission_typed(tenant, product, Some("application/json"), key, body)
    }

    /// A submission request with the given `Content-Type` (or none); not yet sent.
    /// Headers must be set here: reqwest's `header()` appends a second value instead of replacing the first.
    pub fn submission_typed(
        &self,
        tenant: &str,
        product: &str,
        content_type: Option<&str>,
        key: Option<&str>,
        body: impl Into<reqwest::blocking::Body>,
    ) -> RequestBuilder {
        let mut request = self
            .request(
                Method::POST,
                &format!("/v1/t/{tenant}/products/{product}/reviews"),
            )
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header("Content-Type", content_type);
        }
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request
    }

    /// Submits `review` to the seeded product under a fresh key and sends it.
    pub fn submit(&self, review: &Value) -> Response {
        self.submit_to(PRODUCT, review)
    }

    /// Submits `review` to a product of the seeded tenant under a fresh key and sends it.
    pub fn submit_to(&self, product: &str, review: &Value) -> Response {
        send(self.submission_to(
            TENANT,
            product,
            Some(&unique_key("submit")),
            review.to_string(),
        ))
    }

    pub fn status(&self, tenant: &str, id: &str, token: Option<&str>) -> Response {
        let mut request = self.request(Method::GET, &format!("/v1/t/{tenant}/reviews/{id}/status"));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        send(request)
    }
}

/// Largest request body the edge reads (`http::MAX_BODY_BYTES` in the edge): 413 above it.
pub const MAX_BODY_BYTES: usize = 32 * 1024;

/// How often `send` (and `streamed::send_streamed`) repeats a request the edge answered with 503 `storage_unavailable`.
pub const STORAGE_RETRIES: usize = 10;

/// How often `send_once` repeats a request the local dev proxy dropped before the Worker answered.
const DEV_PROXY_RETRIES: usize = 5;

/// Sends a request as a well-behaved client does: a 503 is retried after its `Retry-After`
/// (the same Idempotency-Key, so a submission is never stored twice). Contention between
/// concurrently running tests makes such 503s possible; `concurrency.rs` tests them head-on.
pub fn send(request: RequestBuilder) -> Response {
    for _ in 1..STORAGE_RETRIES {
        let Some(attempt) = request.try_clone() else {
            break; // a streamed body cannot be sent twice
        };
        let response = send_once(attempt);
        if response.status() != StatusCode::SERVICE_UNAVAILABLE {
            return response;
        }
        std::thread::sleep(retry_after(&response));
    }
    send_once(request)
}

/// Sends a request once as far as the Worker is concerned: the edge's own answers, 503 included, are returned.
/// Only `wrangler dev`'s proxy answer "Your worker restarted mid-request" (a plain-text 503 that no Worker code
/// produces; workers-sdk issue 14641, seen on POSTs over reused connections) is sent again.
pub fn send_once(request: RequestBuilder) -> Response {
    for _ in 1..DEV_PROXY_RETRIES {
        let Some(attempt) = request.try_clone() else {
            break; // a streamed body cannot be sent twice
        };
        let response = transmit(attempt);
        if !is_dev_proxy_failure(&response) {
            return response;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    transmit(request)
}

/// A transport failure is a test failure with the reason.
pub fn transmit(request: RequestBuilder) -> Response {
    request
        .send()
        .unwrap_or_else(|error| panic!("the edge did not answer: {error} ({error:?})"))
}

/// Every answer of the edge is JSON or empty; a plain-text 503 comes from the local dev proxy in front of it.
fn is_dev_proxy_failure(response: &Response) -> bool {
    response.status() == StatusCode::SERVICE_UNAVAILABLE
        && header(response, "Content-Type").starts_with("text/plain")
}

/// The `Retry-After` of a 503 (whole seconds), capped so that a test never stalls.
pub fn retry_after(response: &Response) -> Duration {
    let seconds: u64 = header(response, "Retry-After").parse().unwrap_or(1);
    Duration::from_secs(seconds.clamp(1, 5))
}

/// A key no other test (or earlier run against the same state) has used: label, time, process and a counter.
pub fn unique_key(label: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{label}-{nanos}-{}-{count}", std::process::id())
}

/// A word of lowercase letters no other test (or earlier run) has used, e.g. `candorqhxw…`.
/// Letters only: digit runs could be read as account numbers by screening, and a fixed prefix keeps
/// the word clear of every lexicon entry (complaint, profanity, promotional).
pub fn unique_word() -> String {
    let seed = unique_key("word");
    let state = RandomState::new();
    let mut word = String::from("candor");
    for round in 0..2u8 {
        let mut n = state.hash_one((&seed, round));
        for _ in 0..12 {
            word.push(char::from(b'a' + (n % 26) as u8));
            n /= 26;
        }
    }
    word
}

/// A review body screening finds nothing in, not even a duplicate: it contains a fresh `unique_word()`.
pub fn clean_body() -> String {
    format!(
        "The fees are low and the {} app explains every charge clearly.",
        unique_word()
    )
}

/// `valid_review()` with a `clean_body()`: screening passes it straight to `compliance_review`.
pub fn clean_review() -> Value {
    valid_review_with(json!({ "body": clean_body() }))
}

/// A draft that passes every intake rule for the seeded product. Its body is fixed, so after its
/// first submission screening holds every further copy at `screening` as an exact duplicate;
/// use `clean_review()` where the resulting stage matters.
pub fn valid_review() -> Value {
    json!({
        "rating": 4,
        "attributes": { "fees": 5, "service": 4 },
        "would_recommend": true,
        "title": "Low fees, clear app",
        "body": "The fees are low and the app explains every charge clearly.",
        "nickname": "Api Test",
        "relationship": "client",
        "incentive": "none",
        "locale": "en",
        "terms_accepted": true
    })
}

/// `valid_review()` with some members replaced or added.
pub fn valid_review_with(changes: Value) -> Value {
    let mut review = valid_review();
    let (Some(target), Value::Object(changes)) = (review.as_object_mut(), changes) else {
        panic!("changes must be a JSON object");
    };
    target.extend(changes);
    review
}

/// Asserts the status and that the body is exactly the one error format with this code; returns its detail.
/// The `(field, code)` pairs of a validation error, in the edge's order.
pub fn field_codes(detail: &ErrorDetail) -> Vec<(&str, &str)> {
    detail
        .fields
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect()
}

pub fn expect_error(response: Response, status: StatusCode, code: &str) -> ErrorDetail {
    let actual = response.status();
    let content_type = header(&response, "Content-Type");
    let text = response.text().expect("the error body is readable");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    assert!(
        content_type.starts_with("application/json"),
        "an error is JSON, got Content-Type {content_type:?}"
    );
    let body: ErrorBody = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("not the one error format ({error}): {text}"));
    assert_eq!(body.error.code, code, "unexpected error code; body: {text}");
    assert!(
        !body.error.message.trim().is_empty(),
        "an error carries a message a person can act on: {text}"
    );
    body.error
}

/// Asserts the status and a JSON content type; returns the body text.
pub fn expect_json_text(response: Response, status: StatusCode) -> String {
    let actual = response.status();
    let content_type = header(&response, "Content-Type");
    let text = response.text().expect("the body is readable");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    assert!(
        content_type.starts_with("application/json"),
        "expected JSON, got Content-Type {content_type:?}"
    );
    text
}

/// A `202` answer to a submission, in its exact shape.
pub fn expect_accepted(response: Response) -> SubmitAccepted {
    let text = expect_json_text(response, StatusCode::ACCEPTED);
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("not a SubmitAccepted ({error}): {text}"))
}

/// The stage and reason code the status endpoint reports for an accepted submission, checking its id.
pub fn stored_status(accepted: &SubmitAccepted) -> ReviewStatus {
    let status = expect_review_status(edge().status(TENANT, &accepted.id, Some(accepted.token())));
    assert_eq!(status.id, accepted.id);
    status
}

/// A `200` summary, in its exact shape.
pub fn expect_summary(response: Response) -> Summary {
    let text = expect_json_text(response, StatusCode::OK);
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("not a Summary ({error}): {text}"))
}

/// A `200` review status, in its exact shape.
pub fn expect_review_status(response: Response) -> ReviewStatus {
    let text = expect_json_text(response, StatusCode::OK);
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("not a ReviewStatus ({error}): {text}"))
}

/// A response header as text, or "" when absent.
pub fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
