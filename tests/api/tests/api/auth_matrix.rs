//! The isolation and auth matrix: every staff route of the route table × every kind of credential that must not
//! act (none, malformed, unknown, expired, revoked, a deactivated person's, another tenant's, each wrong role, and
//! Access assertions with a bad signature, another audience, `alg: none` or past their expiry) → the status and code
//! the contract gives (`docs/api.md`: 401 for no or bad credentials, 403 `wrong_role`, 404 for another tenant's
//! object), in the one error format, with nothing of the tenant in it. Generated from `route_table::routed()` and the
//! roles of the contract: a new staff route is in the matrix without anyone adding it.

use std::collections::{BTreeMap, BTreeSet};

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::api::client::TEST_CLOCK;
use crate::api::fixture::{ROLES, TestTenant, now_ms};
use crate::api::route_table::{Route, roles, routed};
use crate::api::scene::{Answer, Scene, error_code, error_format_problem, probe, probe_request};

const ASSERTION: &str = "Cf-Access-Jwt-Assertion";
const DAY_MS: i64 = 86_400_000;

/// What a cell must answer.
#[derive(Clone, Copy)]
enum Expect {
    /// This status and error code.
    Refused(StatusCode, &'static str),
    /// Another tenant's valid credential on a route that names no object: the answer is about that tenant (a read
    /// is 200) and holds nothing of this one.
    TheirOwn,
}

struct Cell {
    route: Route,
    credential: String,
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Option<String>,
    expect: Expect,
}

/// Tokens that must not act, one per role, so that each refusal differs from a working credential in one way only.
struct Credentials {
    revoked: BTreeMap<&'static str, String>,
    inactive: BTreeMap<&'static str, String>,
    foreign: TestTenant,
    /// Access assertions: (name, assertion, the code it is refused with).
    assertions: Vec<(&'static str, String, &'static str)>,
}

impl Credentials {
    fn new(scene: &Scene) -> Credentials {
        let tenant = &scene.tenant;
        let mut revoked = BTreeMap::new();
        let mut inactive = BTreeMap::new();
        for role in ROLES {
            revoked.insert(
                role,
                tenant.add_token(
                    role,
                    "Revoked Holder",
                    now_ms() + 2 * DAY_MS,
                    Some(now_ms()),
                ),
            );
            let person = tenant.add_person(role, "Gone Holder");
            let (_, token) = tenant.issue_token(&person, 30);
            let answer = tenant.call(
                "admin",
                Method::PATCH,
                &format!("/v1/admin/people/{person}"),
                Some(&json!({ "active": false })),
            );
            assert_eq!(answer.status(), StatusCode::OK, "the person is deactivated");
            inactive.insert(role, token);
        }
        let assertions = vec![
            (
                "jwt with a bad signature",
                scene.assertion(&[("tamper", "signature")]),
                "access_signature_invalid",
            ),
            (
                "jwt for another audience",
                crate::api::access::sign(&[
                    ("email", &scene.access_email),
                    ("aud", "someone-elses-application"),
                ]),
                "access_audience_unknown",
            ),
            (
                "jwt with alg none",
                scene.assertion(&[("alg", "none")]),
                "access_algorithm_not_allowed",
            ),
            (
                "jwt expired",
                scene.assertion(&[("exp_in", "-5"), ("iat_in", "-100")]),
                "access_token_expired",
            ),
        ];
        Credentials {
            revoked,
            inactive,
            foreign: TestTenant::new(),
            assertions,
        }
    }
}

fn unauthorized(code: &'static str) -> Expect {
    Expect::Refused(StatusCode::UNAUTHORIZED, code)
}

/// A kind of credential: its name, the headers that carry it, what it must answer.
type Kind = (String, Vec<(&'static str, String)>, Expect);

/// Every cell of one staff route.
fn cells_of(route: &Route, scene: &Scene, credentials: &Credentials) -> Vec<Cell> {
    let allowed = roles(route);
    let first_allowed = allowed[0];
    let path = scene.path_and_query(route);
    let body = route
        .has_body()
        .then(|| scene.valid_body(route).to_string());
    let bearer = |token: &str| ("Authorization", format!("Bearer {token}"));
    let mut kinds: Vec<Kind> = vec![
        (
            "no credential".to_owned(),
            vec![],
            unauthorized("token_required"),
        ),
        (
            "malformed token".to_owned(),
            vec![bearer("not a token; DROP TABLE tokens")],
            unauthorized("token_invalid"),
        ),
        (
            "not a bearer scheme".to_owned(),
            vec![("Authorization", "Basic YWRtaW46YWRtaW4=".to_owned())],
            unauthorized("token_required"),
        ),
        (
            "unknown token".to_owned(),
            vec![bearer(&format!("cst_{}", "0".repeat(64)))],
            unauthorized("token_invalid"),
        ),
        (
            "expired token".to_owned(),
            vec![
                bearer(scene.tenant.token(first_allowed)),
                (TEST_CLOCK, (now_ms() + 31 * DAY_MS).to_string()),
            ],
            unauthorized("token_expired"),
        ),
        (
            "revoked token".to_owned(),
            vec![bearer(&credentials.revoked[first_allowed])],
            unauthorized("token_revoked"),
        ),
        (
            "deactivated person's token".to_owned(),
            vec![bearer(&credentials.inactive[first_allowed])],
            unauthorized("person_inactive"),
        ),
        (
            "another tenant's token".to_owned(),
            vec![bearer(credentials.foreign.token(first_allowed))],
            if route.params().contains(&"id") {
                Expect::Refused(StatusCode::NOT_FOUND, "not_found")
            } else {
                Expect::TheirOwn
            },
        ),
    ];
    for role in ROLES.iter().filter(|role| !allowed.contains(role)) {
        kinds.push((
            format!("{role} (wrong role)"),
            vec![bearer(scene.tenant.token(role))],
            Expect::Refused(StatusCode::FORBIDDEN, "wrong_role"),
        ));
    }
    for (name, assertion, code) in &credentials.assertions {
        kinds.push((
            (*name).to_owned(),
            vec![(ASSERTION, assertion.clone())],
            unauthorized(code),
        ));
    }
    kinds
        .into_iter()
        .map(|(credential, headers, expect)| Cell {
            route: route.clone(),
            credential,
            method: route.method(),
            path: path.clone(),
            headers,
            body: body.clone(),
            expect,
        })
        .collect()
}

/// What is wrong with a cell's answer, if anything.
fn judge(cell: &Cell, answer: &Answer, markers: &[String]) -> Option<String> {
    // Another tenant's answer may repeat what its own request said (the catalogue history names the item asked
    // about); a refusal repeats nothing.
    let said = |marker: &String| {
        matches!(cell.expect, Expect::TheirOwn)
            && (cell.path.contains(marker.as_str())
                || cell
                    .body
                    .as_deref()
                    .is_some_and(|body| body.contains(marker.as_str())))
    };
    if let Some(marker) = markers
        .iter()
        .find(|marker| answer.text.contains(marker.as_str()) && !said(marker))
    {
        return Some(format!("the answer shows {marker:?} of the tenant"));
    }
    match cell.expect {
        Expect::Refused(status, code) => {
            if let Some(problem) = error_format_problem(answer) {
                return Some(problem);
            }
            let actual = error_code(answer);
            (answer.status != status || actual != code)
                .then(|| format!("expected {status} {code}, got {} {actual}", answer.status))
        }
        Expect::TheirOwn => {
            if answer.status.is_server_error() {
                Some(format!("a server error: {}", answer.status))
            } else if cell.method == Method::GET && answer.status != StatusCode::OK {
                Some(format!("their own read answered {}", answer.status))
            } else {
                None
            }
        }
    }
}

#[test]
fn every_staff_route_refuses_every_credential_that_must_not_act_and_shows_nothing() {
    let scene = Scene::new();
    let credentials = Credentials::new(&scene);
    let staff_routes: BTreeSet<Route> = routed().into_iter().filter(Route::is_staff).collect();
    let cells: Vec<Cell> = staff_routes
        .iter()
        .flat_map(|route| cells_of(route, &scene, &credentials))
        .collect();
    let covered: BTreeSet<Route> = cells.iter().map(|cell| cell.route.clone()).collect();
    assert_eq!(
        covered, staff_routes,
        "every staff route of the route table is in the matrix"
    );
    let markers = scene.markers();
    let count = cells.len();
    let results = crate::api::scene::run_all(cells, |cell| {
        let mut request = probe_request(cell.method.clone(), &cell.path);
        for (name, value) in &cell.headers {
            request = request.header(*name, value);
        }
        if let Some(body) = &cell.body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.clone());
        }
        let verdict = match probe(request) {
            Ok(answer) => judge(&cell, &answer, &markers)
                .map(|problem| format!("{problem}; body {}", answer.text)),
            Err(problem) => Some(problem),
        };
        (cell.route, cell.credential, verdict)
    });
    let mut per_credential: BTreeMap<String, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for (route, credential, verdict) in &results {
        let kind = credential
            .strip_suffix(" (wrong role)")
            .map_or(credential.as_str(), |_| "wrong role");
        *per_credential.entry(kind.to_owned()).or_default() += 1;
        if let Some(problem) = verdict {
            failures.push(format!("{route} with {credential}: {problem}"));
        }
    }
    println!(
        "auth matrix: {count} cells over {} staff routes; per credential: {per_credential:?}",
        covered.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {count} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 41 staff routes × at least 12 kinds today; fewer means the matrix lost a dimension.
    assert!(count >= staff_routes.len() * 12, "{count} cells");
}
