//! The hostile corpus: hundreds of bad requests generated over every route of the route table, public and staff —
//! traversal, SQL and HTML in slugs and ids; NUL, bidi overrides and invalid UTF-8 in paths, queries and bodies;
//! oversize and chunked bodies; deep JSON; wrong types; huge and fractional numbers; unknown fields; missing and
//! broken headers; bad and expired tokens and JWTs; conditional headers; wrong methods. Every answer must be a 4xx in
//! the one error format (JSON), within the probe timeout; afterwards the edge is healthy and takes a submission.
//!
//! Bodies are mutations of a valid body of each route (`Scene::valid_body`) sent with the right credential, so what
//! is refused is the hostile part. Requests come from the suite's many client addresses in turn, so the visitor rate
//! limit (20 per 10 s per address) is never what answers: a 429 counts as a failure here.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::blocking::{Body, RequestBuilder};
use reqwest::header::HeaderValue;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{MAX_BODY_BYTES, edge, expect_accepted, expect_json_text, unique_key};
use crate::api::fixture::platform_key;
use crate::api::route_table::{Access, Route, access, request_schema, resolve, roles, routed};
use crate::api::scene::{Scene, error_format_problem, probe, probe_request, run_all};
use crate::api::streamed::chunked;

struct Case {
    category: &'static str,
    route: Route,
    what: String,
    request: RequestBuilder,
}

/// Builds the cases of one scene: the right credential per route, and the requests.
struct Corpus<'s> {
    scene: &'s Scene,
    /// The status token of another review of the same tenant.
    other_status_token: String,
    cases: Vec<Case>,
}

/// Path segments that must never reach an object: traversal, SQL, HTML, NUL, bidi overrides, invalid UTF-8, length.
const PATH_PAYLOADS: [(&str, &str); 9] = [
    ("traversal", "..%2F..%2F..%2Fetc%2Fpasswd"),
    ("traversal", "%252e%252e%252f%252e%252e%252fv1%252fadmin"),
    ("sql_html", "%27%20OR%20%271%27%3D%271"),
    ("sql_html", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("nul", "savings%00"),
    ("bidi", "%E2%80%AEsgnivas"),
    ("invalid_utf8", "%FF%FEsavings"),
    ("invalid_utf8", "%C3"),
    ("oversize", ""), // replaced by 300 letters
];

/// Query strings each GET route must refuse: unknown enumerations, SQL and HTML, NUL, bidi, invalid UTF-8, huge and
/// fractional numbers, bad dates and cursors.
const BAD_QUERIES: &[(&str, &[&str])] = &[
    (
        "/v1/t/{tenant}/products/{product}/reviews",
        &[
            "sort=%27%20OR%201%3D1--",
            "sort=%3Cscript%3E",
            "limit=4.5",
            "limit=-1",
            "limit=1e400",
            "limit=99999999999999999999999",
            "rating=6",
            "rating=2.5",
            "rating=%00",
            "cursor=%FF%FE",
            "cursor=%27%3B--",
        ],
    ),
    (
        "/v1/t/{tenant}/embed/{product}/reviews",
        &["sort=%E2%80%AE", "limit=1.5", "cursor=%00%00"],
    ),
    (
        "/v1/admin/queue",
        &[
            "stage=%27%20OR%201%3D1--",
            "stage=published%00",
            "sort=%3Cb%3E",
        ],
    ),
    (
        "/v1/admin/reviews",
        &[
            "stage=%3Cscript%3E",
            "limit=0.5",
            "limit=-7",
            "limit=18446744073709551616",
            "from=1e400",
            "to=not-a-date",
            "from=2026-13-45",
            "cursor=%FF",
        ],
    ),
    (
        "/v1/admin/audit",
        &[
            "format=xml",
            "format=csv%00",
            "from=4.5",
            "to=%E2%80%AE2026-01-01",
        ],
    ),
    (
        "/v1/admin/analytics",
        &[
            "bucket=year",
            "from=99999999999999999999999",
            "to=2026-02-30",
        ],
    ),
    (
        "/v1/admin/reports/neutrality",
        &["from=-1e9", "to=1.5", "from=%FF"],
    ),
    (
        "/v1/admin/escalations",
        &[
            "status=%27%20OR%201%3D1",
            "sort=%00",
            "limit=1e3",
            "cursor=%3Cx%3E",
        ],
    ),
    (
        "/v1/admin/responses",
        &["status=%3Cscript%3E", "status=approved%00"],
    ),
    (
        "/v1/admin/catalogue/history",
        &[
            "subject=review&item=x",
            "subject=product",
            "subject=%E2%80%AE",
        ],
    ),
];

/// Body fields read leniently by contract, left out of the text mutations: the disclosure preview's `locale` is read as
/// the widget reads `data-locale` (any `zh…` is Chinese, anything else English; `docs/api.md`).
const LENIENT_FIELDS: [(&str, &str); 1] = [("/v1/admin/disclosure/preview", "locale")];

/// Body fields that hold codes or ids rather than free text: SQL and HTML there must be refused.
const CODE_FIELDS: [&str; 14] = [
    "decision",
    "status",
    "reason",
    "reason_code",
    "locale",
    "product",
    "email",
    "person_id",
    "line_id",
    "key",
    "id",
    "relationship",
    "incentive",
    "role",
];

impl Corpus<'_> {
    /// The request with the credential the route wants, from the next client address.
    fn request(&self, route: &Route, method: Method, path: &str) -> RequestBuilder {
        let request = probe_request(method, path);
        match access(route) {
            Access::Public => request,
            Access::StatusToken => request.bearer_auth(&self.scene.status_token),
            Access::Staff => request.bearer_auth(self.scene.tenant.token(roles(route)[0])),
            Access::Platform => request.bearer_auth(platform_key()),
        }
    }

    /// The route's request with its valid body (when it has one), ready for one hostile change.
    fn well_formed(&self, route: &Route, path: &str) -> RequestBuilder {
        let request = self.request(route, route.method(), path);
        if !route.has_body() {
            return request;
        }
        self.with_key(route, request)
            .header("Content-Type", "application/json")
            .body(self.scene.valid_body(route).to_string())
    }

    fn with_key(&self, route: &Route, request: RequestBuilder) -> RequestBuilder {
        if needs_key(route) {
            request.header("Idempotency-Key", unique_key("hostile"))
        } else {
            request
        }
    }

    fn push(
        &mut self,
        category: &'static str,
        route: &Route,
        what: String,
        request: RequestBuilder,
    ) {
        self.cases.push(Case {
            category,
            route: route.clone(),
            what,
            request,
        });
    }

    /// A JSON body (as text) for the route, with the credential, the key and the JSON content type.
    fn push_body(
        &mut self,
        category: &'static str,
        route: &Route,
        what: String,
        body: impl Into<Body>,
    ) {
        let path = self.scene.path(route);
        let request = self.with_key(route, self.request(route, route.method(), &path));
        let request = request
            .header("Content-Type", "application/json")
            .body(body);
        self.push(category, route, what, request);
    }

    fn path_cases(&mut self, route: &Route) {
        for param in route.params() {
            for (category, payload) in PATH_PAYLOADS {
                let payload = if category == "oversize" {
                    "a".repeat(300)
                } else {
                    payload.to_owned()
                };
                let path = self
                    .scene
                    .path_with(route, |name| (name == param).then(|| payload.clone()));
                let request = self.well_formed(route, &path);
                self.push(
                    category,
                    route,
                    format!("{{{param}}} = {payload:.40}"),
                    request,
                );
            }
        }
        // Every route, with or without parameters: a traversal tail never reaches another route.
        let path = format!("{}/..%2F..%2Fv1%2Fadmin%2Fpeople", self.scene.path(route));
        let request = self.well_formed(route, &path);
        self.push("traversal", route, "a traversal tail".to_owned(), request);
    }

    fn credential_cases(&mut self, route: &Route) {
        let path = self.scene.path(route);
        let kinds: Vec<(&str, Vec<(&str, HeaderValue)>)> = match access(route) {
            Access::Public => return,
            Access::Staff => vec![
                ("no credential", vec![]),
                (
                    "a bearer of garbage",
                    vec![("Authorization", value("Bearer ' OR 1=1 --"))],
                ),
                (
                    "an over-long token",
                    vec![(
                        "Authorization",
                        value(&format!("Bearer cst_{}", "f".repeat(300))),
                    )],
                ),
                (
                    "a token with bytes that are not UTF-8",
                    vec![(
                        "Authorization",
                        HeaderValue::from_bytes(b"Bearer cst_\xff\xfe\xfd").expect("obs-text"),
                    )],
                ),
                (
                    "a JWT that is not one",
                    vec![("Cf-Access-Jwt-Assertion", value("a.b.c"))],
                ),
                (
                    "a JWT of 12 KiB",
                    vec![(
                        "Cf-Access-Jwt-Assertion",
                        value(&format!(
                            "{}.{}.{}",
                            "e".repeat(6000),
                            "e".repeat(6000),
                            "s"
                        )),
                    )],
                ),
                (
                    "an unsigned JWT (alg none)",
                    vec![(
                        "Cf-Access-Jwt-Assertion",
                        value(&self.scene.assertion(&[("alg", "none")])),
                    )],
                ),
                (
                    "an expired JWT",
                    vec![(
                        "Cf-Access-Jwt-Assertion",
                        value(
                            &self
                                .scene
                                .assertion(&[("exp_in", "-5"), ("iat_in", "-100")]),
                        ),
                    )],
                ),
            ],
            Access::StatusToken => vec![
                ("no status token", vec![]),
                (
                    "a status token of garbage",
                    vec![("Authorization", value("Bearer %00<script>"))],
                ),
                (
                    "another review's status token",
                    vec![(
                        "Authorization",
                        value(&format!("Bearer {}", self.other_status_token)),
                    )],
                ),
                (
                    "a staff token instead",
                    vec![(
                        "Authorization",
                        value(&format!("Bearer {}", self.scene.tenant.token("owner"))),
                    )],
                ),
            ],
            Access::Platform => vec![
                ("no operator key", vec![]),
                (
                    "a wrong operator key",
                    vec![("Authorization", value("Bearer not-the-key"))],
                ),
                (
                    "a staff token instead",
                    vec![(
                        "Authorization",
                        value(&format!("Bearer {}", self.scene.tenant.token("admin"))),
                    )],
                ),
            ],
        };
        for (what, headers) in kinds {
            let mut request = probe_request(route.method(), &path);
            if route.has_body() {
                request = self
                    .with_key(route, request)
                    .header("Content-Type", "application/json")
                    .body(self.scene.valid_body(route).to_string());
            }
            for (name, header_value) in headers {
                request = request.header(name, header_value);
            }
            self.push("bad_credentials", route, what.to_owned(), request);
        }
    }

    fn body_cases(&mut self, route: &Route) {
        let Some(schema) = request_schema(route) else {
            return;
        };
        let valid = self.scene.valid_body(route);
        static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> =
            std::sync::OnceLock::new();
        let properties: &'static serde_json::Map<String, Value> = schema["properties"]
            .as_object()
            .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new));
        for (name, property) in properties {
            let types = types_of(property);
            // Wrong types.
            let wrong = if types.contains(&"string") {
                json!(12345)
            } else if types.contains(&"integer") || types.contains(&"number") {
                json!("12")
            } else if types.contains(&"boolean") {
                json!("yes")
            } else if types.contains(&"array") {
                json!({ "a": 1 })
            } else {
                json!(["an", "array"])
            };
            self.push_body(
                "wrong_types",
                route,
                format!("{name} = {wrong}"),
                with(&valid, name, wrong).to_string(),
            );
            let lenient = LENIENT_FIELDS.contains(&(route.path.as_str(), name.as_str()));
            if !lenient
                && (types == ["string"]
                    || types == ["string", "null"]
                    || types == ["null", "string"])
            {
                let base = valid[name].as_str().unwrap_or("text").to_owned();
                for (category, text) in [
                    ("nul", format!("{base}\u{0}more")),
                    ("bidi", format!("{base}\u{202e}txt.exe")),
                    ("bidi", format!("\u{2066}{base}\u{2069}")),
                ] {
                    self.push_body(
                        category,
                        route,
                        format!("{name} with {category}"),
                        with(&valid, name, json!(text)).to_string(),
                    );
                }
                if property.get("pattern").is_some() || CODE_FIELDS.contains(&name.as_str()) {
                    for payload in ["' OR '1'='1' --", "<img src=x onerror=alert(1)>"] {
                        self.push_body(
                            "sql_html",
                            route,
                            format!("{name} = {payload}"),
                            with(&valid, name, json!(payload)).to_string(),
                        );
                    }
                }
            }
            if property.get("$ref").is_some() && resolve(property).get("enum").is_some() {
                self.push_body(
                    "sql_html",
                    route,
                    format!("{name} = SQL"),
                    with(&valid, name, json!("admin' --")).to_string(),
                );
            }
            if types.contains(&"integer") {
                for number in ["1e400", "4.5", "-1", "18446744073709551616", "1e21"] {
                    let text = with(&valid, name, json!("__NUMBER__"))
                        .to_string()
                        .replace("\"__NUMBER__\"", number);
                    self.push_body("numbers", route, format!("{name} = {number}"), text);
                }
            }
        }
        // Unknown fields, at the top and beside a valid body.
        self.push_body(
            "unknown_fields",
            route,
            "one unknown field".to_owned(),
            with(&valid, "zz_unknown", json!(true)).to_string(),
        );
        self.push_body(
            "unknown_fields",
            route,
            "__proto__".to_owned(),
            with(&valid, "__proto__", json!({ "admin": true })).to_string(),
        );
        // Wrong shapes.
        for body in ["", "[]", "null", "\"a string\"", "{", "{\"a\":1,}"] {
            self.push_body(
                "wrong_types",
                route,
                format!("body {body:?}"),
                body.to_owned(),
            );
        }
        // Deep JSON: in a field, and at the top.
        let first = properties
            .keys()
            .next()
            .cloned()
            .unwrap_or_else(|| "x".to_owned());
        let depth = 5_000;
        self.push_body(
            "deep_json",
            route,
            format!("{first} nested {depth} deep"),
            format!("{{\"{first}\":{}{}}}", "[".repeat(depth), "]".repeat(depth)),
        );
        self.push_body(
            "deep_json",
            route,
            "an array 10,000 deep".to_owned(),
            "[".repeat(10_000),
        );
        self.push_body(
            "deep_json",
            route,
            "objects 3,000 deep".to_owned(),
            format!("{}1{}", "{\"a\":".repeat(3_000), "}".repeat(3_000)),
        );
        // Invalid UTF-8: inside a string, outside one, a sequence cut short.
        let text = valid.to_string();
        let mut inside = text.clone().into_bytes();
        if let Some(at) = text.find(":\"") {
            inside.insert(at + 2, 0xff);
        }
        let mut outside = text.clone().into_bytes();
        outside.insert(1, 0xc3);
        let cut = [text.as_bytes(), &[0xe2, 0x82]].concat();
        for (what, bytes) in [
            ("inside a string", inside),
            ("outside a string", outside),
            ("cut short", cut),
        ] {
            self.push_body("invalid_utf8", route, what.to_owned(), bytes);
        }
        // Oversize: declared, and chunked without a length.
        let mut big = text.clone().into_bytes();
        big.resize(MAX_BODY_BYTES + 8 * 1024, b' ');
        self.push_body(
            "oversize",
            route,
            "40 KiB with Content-Length".to_owned(),
            big,
        );
        let mut over = text.clone().into_bytes();
        over.resize(MAX_BODY_BYTES + 1, b' ');
        self.push_body(
            "oversize",
            route,
            "32 KiB + 1 chunked".to_owned(),
            chunked(over),
        );
        // Missing and wrong headers.
        let path = self.scene.path(route);
        for content_type in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some("application/jsonp"),
        ] {
            let mut request = self
                .with_key(route, self.request(route, route.method(), &path))
                .body(text.clone());
            if let Some(content_type) = content_type {
                request = request.header("Content-Type", content_type);
            }
            self.push(
                "missing_headers",
                route,
                format!("Content-Type {content_type:?}"),
                request,
            );
        }
        if needs_key(route) {
            let keys: [(&str, Option<HeaderValue>); 4] = [
                ("no Idempotency-Key", None),
                (
                    "an Idempotency-Key of 129 characters",
                    Some(value(&"k".repeat(129))),
                ),
                ("an Idempotency-Key of spaces only", Some(value("    "))),
                (
                    "an Idempotency-Key with a tab",
                    Some(value("key\twith-tab")),
                ),
            ];
            for (what, key) in keys {
                let mut request = self
                    .request(route, route.method(), &path)
                    .header("Content-Type", "application/json")
                    .body(text.clone());
                if let Some(key) = key {
                    request = request.header("Idempotency-Key", key);
                }
                self.push("missing_headers", route, what.to_owned(), request);
            }
        }
    }

    /// GET routes with conditional headers, each on something that does not exist or without a credential.
    fn conditional_cases(&mut self, route: &Route) {
        if route.method != "get" || route.path == "/health" {
            return;
        }
        let params = route.params();
        let (what, path, credential) = if access(route) == Access::Staff {
            ("without a credential", self.scene.path(route), false)
        } else if let Some(param) = params.last() {
            let path = self.scene.path_with(route, |name| {
                (name == *param).then(|| "no-such-thing".to_owned())
            });
            ("on an unknown object", path, true)
        } else {
            return;
        };
        let conditions: [&[(&str, &str)]; 3] = [
            &[("If-None-Match", "*")],
            &[("If-Match", "\"x\""), ("If-Unmodified-Since", "yesterday")],
            &[
                ("If-Modified-Since", "Mon, 32 Foo 99999 25:61:61 GMT"),
                ("If-Range", "W/\"x\""),
            ],
        ];
        for headers in conditions {
            let mut request = if credential {
                self.request(route, Method::GET, &path)
            } else {
                probe_request(Method::GET, &path)
            };
            for (name, header_value) in headers {
                request = request.header(*name, *header_value);
            }
            let names: Vec<&str> = headers.iter().map(|(name, _)| *name).collect();
            self.push(
                "conditional",
                route,
                format!("{} {what}", names.join(" + ")),
                request,
            );
        }
    }

    fn query_cases(&mut self, route: &Route) {
        if route.method != "get" {
            return;
        }
        let Some((_, queries)) = BAD_QUERIES.iter().find(|(path, _)| *path == route.path) else {
            return;
        };
        for query in *queries {
            let path = format!("{}?{query}", self.scene.path(route));
            let request = self.request(route, Method::GET, &path);
            self.push("query", route, (*query).to_owned(), request);
        }
    }
}

/// Methods the route table does not route on each path: 405, never a handler.
fn method_cases(corpus: &mut Corpus, routes: &BTreeSet<Route>) {
    let mut by_path: BTreeMap<&str, Vec<&Route>> = BTreeMap::new();
    for route in routes {
        by_path.entry(route.path.as_str()).or_default().push(route);
    }
    for (path, on_path) in by_path {
        let routed_methods: Vec<&str> = on_path.iter().map(|route| route.method.as_str()).collect();
        let route = on_path[0];
        let concrete = corpus.scene.path(route);
        for method in ["get", "post", "put", "patch", "delete", "propfind"] {
            if routed_methods.contains(&method) {
                continue;
            }
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("a method");
            let request = corpus
                .request(route, method.clone(), &concrete)
                .header("Content-Type", "application/json")
                .body("{}");
            corpus.push("wrong_method", route, format!("{method} {path}"), request);
        }
    }
}

fn value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("a header value")
}

fn needs_key(route: &Route) -> bool {
    route.method == "post"
        && (route.path == "/v1/t/{tenant}/products/{product}/reviews"
            || route.path.ends_with("/revisions"))
}

/// The JSON types a schema allows (`type` as a string or a list; a `$ref` or `oneOf` counts as its target's).
fn types_of(property: &'static Value) -> Vec<&'static str> {
    let property = resolve(property);
    match &property["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => match property["oneOf"].as_array() {
            Some(options) => options.iter().flat_map(types_of).collect(),
            None => vec!["object"],
        },
    }
}

/// `body` with `name` set to `value`.
fn with(body: &Value, name: &str, value: Value) -> Value {
    let mut body = body.clone();
    body.as_object_mut()
        .expect("valid bodies are objects")
        .insert(name.to_owned(), value);
    body
}

#[test]
fn every_route_answers_hostile_requests_with_a_4xx_in_the_error_format_and_the_edge_stays_healthy()
{
    let scene = Scene::new();
    let other = expect_accepted(scene.tenant.submit(&crate::api::client::clean_review()));
    let mut corpus = Corpus {
        scene: &scene,
        other_status_token: crate::api::client::StatusTokenOf::token(&other).to_owned(),
        cases: Vec::new(),
    };
    let routes = routed();
    for route in &routes {
        corpus.path_cases(route);
        corpus.credential_cases(route);
        corpus.body_cases(route);
        corpus.conditional_cases(route);
        corpus.query_cases(route);
    }
    method_cases(&mut corpus, &routes);
    for (path, _) in BAD_QUERIES {
        assert!(
            routes.iter().any(|route| route.path == *path),
            "BAD_QUERIES names {path}, which is not routed"
        );
    }
    let cases = corpus.cases;
    let covered: BTreeSet<Route> = cases.iter().map(|case| case.route.clone()).collect();
    assert_eq!(
        covered, routes,
        "every route of the route table is in the corpus"
    );
    let count = cases.len();
    assert!(count >= 300, "the corpus has {count} requests");

    let started = std::time::Instant::now();
    let results = run_all(cases, |case| {
        let verdict = match probe(case.request) {
            Ok(answer) => {
                let problem = if !answer.status.is_client_error() {
                    Some(format!("status {}", answer.status))
                } else if answer.status == StatusCode::TOO_MANY_REQUESTS {
                    Some("429: the rate limit answered, not the route".to_owned())
                } else {
                    error_format_problem(&answer)
                };
                Err((
                    answer.status,
                    problem.map(|problem| format!("{problem}; body {:.300}", answer.text)),
                ))
            }
            Err(problem) => Ok(problem),
        };
        (case.category, case.route, case.what, verdict)
    });
    let mut per_category: BTreeMap<&str, BTreeMap<u16, usize>> = BTreeMap::new();
    let mut failures = Vec::new();
    for (category, route, what, verdict) in &results {
        match verdict {
            Ok(no_answer) => failures.push(format!("[{category}] {route} ({what}): {no_answer}")),
            Err((status, problem)) => {
                *per_category
                    .entry(category)
                    .or_default()
                    .entry(status.as_u16())
                    .or_default() += 1;
                if let Some(problem) = problem {
                    failures.push(format!("[{category}] {route} ({what}): {problem}"));
                }
            }
        }
    }
    println!(
        "hostile corpus: {count} requests over {} routes in {:.1?}",
        covered.len(),
        started.elapsed()
    );
    for (category, statuses) in &per_category {
        let total: usize = statuses.values().sum();
        println!("  {category:<16} {total:>4}  statuses {statuses:?}");
    }
    assert!(
        failures.is_empty(),
        "{} of {count} hostile requests were not refused properly:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // The edge is healthy after the corpus and still takes a valid submission.
    let health: Value =
        serde_json::from_str(&expect_json_text(edge().get("/health"), StatusCode::OK))
            .expect("JSON");
    assert_eq!(health, json!({ "status": "ok" }));
    expect_accepted(scene.tenant.submit(&crate::api::client::clean_review()));
}
