//! What the hostile corpus and the auth matrix aim at: a tenant of their own holding one object of every kind a
//! route names by id (a published review with a firm response and a case, a person, a token, catalogue items), the
//! valid body of every route that takes one, the texts that must never leak, and one way of sending a probe (one
//! attempt, a timeout, the answer read whole) so that a 5xx or a hang is seen instead of retried away.

use std::time::Duration;

use reqwest::blocking::RequestBuilder;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::access::{set_audience, sign};
use crate::api::client::{clean_review, edge, expect_json_text, header, unique_key, unique_word};
use crate::api::fixture::{PRODUCT, TestTenant, tenant_body};
use crate::api::moderation::review_at;
use crate::api::route_table::Route;

/// How long one probe may take before it counts as a hang. Generous: the local runtime on a shared machine
/// sometimes stalls a second or two; a hang is a request that never ends.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(20);

/// A tenant set up through the API with one object of each kind, and the ids and texts that belong to it.
pub struct Scene {
    pub tenant: TestTenant,
    pub review_id: String,
    pub status_token: String,
    /// A unique word in the published review's title: no refusal may show it.
    pub review_marker: String,
    pub response_id: String,
    pub case_id: String,
    /// A moderator of the tenant kept for routes naming a person or a token by id (never the fixture's own).
    pub spare_person_id: String,
    pub spare_token_id: String,
    /// Catalogue items of unique names, so that another tenant's items of the fixture's names never answer for them.
    pub line_id: String,
    pub product_id: String,
    pub attribute_id: String,
    /// The tenant's Access application audience and an e-mail of one of its people.
    pub audience: String,
    pub access_email: String,
    /// The tenant's settings document as stored (a valid PUT body).
    pub settings: Value,
}

fn created(response: reqwest::blocking::Response) -> Value {
    serde_json::from_str(&expect_json_text(response, StatusCode::CREATED)).expect("JSON")
}

impl Scene {
    pub fn new() -> Scene {
        let tenant = TestTenant::new();
        let review_marker = unique_word();
        let (review_id, status_token) = review_at(
            &tenant,
            "published",
            json!({ "title": format!("Title {review_marker}") }),
        );
        let response_id = created(tenant.call(
            "moderator",
            Method::POST,
            &format!("/v1/admin/reviews/{review_id}/responses"),
            Some(&json!({ "body": "Thank you, our team will call you." })),
        ))["id"]
            .as_str()
            .expect("response id")
            .to_owned();
        let case_id = created(tenant.call(
            "moderator",
            Method::POST,
            &format!("/v1/admin/reviews/{review_id}/escalations"),
            Some(&json!({})),
        ))["id"]
            .as_str()
            .expect("case id")
            .to_owned();
        let access_email = format!("{}@{}.test", unique_key("spare"), tenant.id);
        let spare_person_id = created(tenant.call(
            "admin",
            Method::POST,
            "/v1/admin/people",
            Some(&json!({ "email": access_email, "display_name": "Spare Person", "role": "moderator" })),
        ))["id"]
            .as_str()
            .expect("person id")
            .to_owned();
        let (spare_token_id, _) = tenant.issue_token(&spare_person_id, 30);
        let word = &unique_word()[6..];
        let line_id = format!("line-{word}");
        let product_id = format!("product-{word}");
        for (path, body) in [
            (
                "/v1/admin/product-lines",
                json!({ "id": line_id, "name": "Hostile line" }),
            ),
            (
                "/v1/admin/products",
                json!({ "id": product_id, "line_id": line_id, "name": "Hostile product" }),
            ),
            (
                "/v1/admin/attributes",
                json!({ "product": product_id, "key": "fees", "label_en": "Fees", "label_zh": "费用" }),
            ),
        ] {
            created(tenant.call("marketer", Method::POST, path, Some(&body)));
        }
        let audience = unique_key("aud").replace(|c: char| !c.is_ascii_alphanumeric(), "");
        set_audience(&tenant, Some(&audience), StatusCode::OK);
        let settings: Value = serde_json::from_str(&expect_json_text(
            tenant.call("admin", Method::GET, "/v1/admin/settings", None),
            StatusCode::OK,
        ))
        .expect("JSON");
        Scene {
            attribute_id: format!("{product_id}.fees"),
            tenant,
            review_id,
            status_token,
            review_marker,
            response_id,
            case_id,
            spare_person_id,
            spare_token_id,
            line_id,
            product_id,
            audience,
            access_email,
            settings,
        }
    }

    /// The id of this tenant's object a route names by `{id}`. A new kind of route must be added here, or every
    /// generated test fails naming it.
    pub fn id_for(&self, route: &Route) -> &str {
        let path = route.path.as_str();
        let table: [(&str, &str); 9] = [
            ("/v1/t/{tenant}/reviews/{id}", &self.review_id),
            ("/v1/admin/reviews/{id}", &self.review_id),
            ("/v1/admin/tokens/{id}", &self.spare_token_id),
            ("/v1/admin/people/{id}", &self.spare_person_id),
            ("/v1/admin/product-lines/{id}", &self.line_id),
            ("/v1/admin/products/{id}", &self.product_id),
            ("/v1/admin/attributes/{id}", &self.attribute_id),
            ("/v1/admin/escalations/{id}", &self.case_id),
            ("/v1/admin/responses/{id}", &self.response_id),
        ];
        table
            .iter()
            .find(|(prefix, _)| path.starts_with(prefix))
            .map(|(_, id)| *id)
            .unwrap_or_else(|| {
                panic!("{route}: no object of the scene for its {{id}}; add one to Scene::id_for")
            })
    }

    /// The route's path with this tenant's objects in it.
    pub fn path(&self, route: &Route) -> String {
        self.path_with(route, |_| None)
    }

    /// The route's path and the query a read needs to answer (only the catalogue history requires one).
    pub fn path_and_query(&self, route: &Route) -> String {
        let path = self.path(route);
        match route.path.as_str() {
            "/v1/admin/catalogue/history" => {
                format!("{path}?subject=product_line&item={}", self.line_id)
            }
            _ => path,
        }
    }

    /// The route's path with `replace(param)` where it gives a value, this tenant's objects elsewhere.
    pub fn path_with(&self, route: &Route, replace: impl Fn(&str) -> Option<String>) -> String {
        route
            .path
            .split('/')
            .map(|segment| {
                let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                    return segment.to_owned();
                };
                replace(name).unwrap_or_else(|| match name {
                    "tenant" => self.tenant.id.clone(),
                    "product" => PRODUCT.to_owned(),
                    "id" => self.id_for(route).to_owned(),
                    other => panic!(
                        "{route}: unknown path parameter {other}; add it to Scene::path_with"
                    ),
                })
            })
            .collect::<Vec<_>>()
            .join("/")
    }

    /// A body the route accepts (with the right credential), for each route whose contract has a request body.
    /// A new route with a body must be added here, or every generated test fails naming it.
    pub fn valid_body(&self, route: &Route) -> Value {
        let texts =
            json!({ "en": "We invite every client to review us; all ratings are published." });
        match (route.method.as_str(), route.path.as_str()) {
            ("post", "/v1/t/{tenant}/products/{product}/reviews")
            | ("post", "/v1/t/{tenant}/reviews/{id}/revisions") => clean_review(),
            ("post", "/v1/t/{tenant}/reviews/{id}/flags") => json!({ "reason": "off_topic" }),
            ("post", "/v1/platform/tenants") => tenant_body(&format!("t-{}", &unique_word()[6..])),
            // Never sent as it is with the key: every hostile variant of it is refused before a move starts.
            ("post", "/v1/platform/tenants/{tenant}/move") => json!({ "to": "DB_2" }),
            ("post", "/v1/platform/tenants/{tenant}/move/copy") => json!({}),
            ("post", "/v1/admin/people") => json!({
                "email": format!("{}@valid.test", unique_key("valid")),
                "display_name": "Valid Person",
                "role": "moderator",
            }),
            ("patch", "/v1/admin/people/{id}") => json!({ "display_name": "Spare Person" }),
            ("post", "/v1/admin/tokens") => json!({ "person_id": self.spare_person_id }),
            ("post", "/v1/admin/product-lines") => {
                json!({ "id": format!("line-{}", &unique_word()[6..]), "name": "Another line" })
            }
            ("patch", "/v1/admin/product-lines/{id}") => json!({ "name": "Hostile line" }),
            ("post", "/v1/admin/products") => json!({
                "id": format!("product-{}", &unique_word()[6..]),
                "line_id": self.line_id,
                "name": "Another product",
            }),
            ("patch", "/v1/admin/products/{id}") => json!({ "name": "Hostile product" }),
            ("post", "/v1/admin/attributes") => json!({
                "product": self.product_id,
                "key": format!("k{}", &unique_word()[6..14]),
                "label_en": "Advice",
                "label_zh": "建议",
            }),
            ("patch", "/v1/admin/attributes/{id}") => json!({ "label_en": "Fees" }),
            ("put", "/v1/admin/disclosure") => json!({ "texts": texts }),
            ("post", "/v1/admin/disclosure/preview") => {
                json!({ "product": PRODUCT, "locale": "en", "texts": texts })
            }
            ("put", "/v1/admin/settings") => self.settings.clone(),
            ("post", "/v1/admin/reviews/{id}/decisions") => json!({ "decision": "approve" }),
            ("post", "/v1/admin/reviews/{id}/contact/erasure") => {
                json!({ "requested_by": "the author, by phone" })
            }
            ("post", "/v1/admin/reviews/{id}/escalations") => json!({ "note": "Call back." }),
            ("patch", "/v1/admin/escalations/{id}") => json!({ "status": "in_progress" }),
            ("post", "/v1/admin/reviews/{id}/responses") => {
                json!({ "body": "Thank you for telling us." })
            }
            ("post", "/v1/admin/responses/{id}/decisions") => json!({ "decision": "approve" }),
            _ => panic!("{route}: no valid body; add one to Scene::valid_body"),
        }
    }

    /// Texts of this tenant that no refusal, and no answer to another tenant, may contain.
    pub fn markers(&self) -> Vec<String> {
        let mut markers = vec![
            self.tenant.id.clone(),
            self.review_id.clone(),
            self.review_marker.clone(),
            self.response_id.clone(),
            self.case_id.clone(),
            self.spare_person_id.clone(),
            self.spare_token_id.clone(),
            self.access_email.clone(),
            self.line_id.clone(),
            self.product_id.clone(),
        ];
        for role in crate::api::fixture::ROLES {
            markers.push(self.tenant.person_id(role).to_owned());
        }
        markers
    }

    /// An Access assertion for this tenant's person, signed by the local stand-in, with these extra fields.
    pub fn assertion(&self, extra: &[(&str, &str)]) -> String {
        let mut fields = vec![
            ("email", self.access_email.as_str()),
            ("aud", &self.audience),
        ];
        fields.extend_from_slice(extra);
        sign(&fields)
    }
}

/// A request as a probe sends it: from the next client address, with the probe timeout.
pub fn probe_request(method: Method, path: &str) -> RequestBuilder {
    edge().request(method, path).timeout(PROBE_TIMEOUT)
}

/// What one probe got back.
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub text: String,
}

/// Sends a probe once; `Err` says why there was no answer (a timeout is a hang). Only the local dev proxy's own
/// plain-text 503 "Your worker restarted mid-request" (no Worker code answers it; `client::send_once`) is sent again.
pub fn probe(request: RequestBuilder) -> Result<Answer, String> {
    for _ in 0..4 {
        let Some(attempt) = request.try_clone() else {
            break;
        };
        let answer = transmit(attempt)?;
        let proxy_failure = answer.status == StatusCode::SERVICE_UNAVAILABLE
            && answer.content_type.starts_with("text/plain")
            && answer.text.starts_with("Your worker restarted mid-request");
        if !proxy_failure {
            return Ok(answer);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    transmit(request)
}

fn transmit(request: RequestBuilder) -> Result<Answer, String> {
    let response = request.send().map_err(|error| {
        if error.is_timeout() {
            format!("no answer within {PROBE_TIMEOUT:?} (a hang)")
        } else {
            format!("no answer: {error}")
        }
    })?;
    let status = response.status();
    let content_type = header(&response, "Content-Type");
    let text = response
        .text()
        .map_err(|error| format!("{status}, body unreadable: {error}"))?;
    Ok(Answer {
        status,
        content_type,
        text,
    })
}

/// Why an answer is not a refusal in the one error format (`{"error":{"code","message","fields"?,"retry_after"?}}`
/// as JSON, nothing else in it), or `None` when it is one.
pub fn error_format_problem(answer: &Answer) -> Option<String> {
    if !answer.content_type.starts_with("application/json") {
        return Some(format!("Content-Type {:?}", answer.content_type));
    }
    let body: Value = match serde_json::from_str(&answer.text) {
        Ok(body) => body,
        Err(error) => return Some(format!("not JSON ({error})")),
    };
    let exact = serde_json::from_value::<candor_domain::dto::ErrorBody>(body.clone()).is_ok();
    let code = body["error"]["code"].as_str().unwrap_or_default();
    let message = body["error"]["message"].as_str().unwrap_or_default();
    if !exact || code.is_empty() || message.is_empty() {
        return Some("not the one error format".to_owned());
    }
    None
}

/// The error code of an answer in the one error format ("" otherwise).
pub fn error_code(answer: &Answer) -> String {
    serde_json::from_str::<Value>(&answer.text)
        .ok()
        .and_then(|body| body["error"]["code"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Runs `jobs` on a few threads (the edge serves concurrent requests; three keeps a shared machine usable) and
/// returns their results in order.
pub fn run_all<J: Send, R: Send>(jobs: Vec<J>, run: impl Fn(J) -> R + Sync) -> Vec<R> {
    const THREADS: usize = 3;
    let count = jobs.len();
    let run = &run;
    let mut chunks: Vec<Vec<(usize, J)>> = (0..THREADS).map(|_| Vec::new()).collect();
    for (index, job) in jobs.into_iter().enumerate() {
        chunks[index % THREADS].push((index, job));
    }
    let mut results: Vec<Option<R>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(index, job)| (index, run(job)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            for (index, result) in handle.join().expect("a probe thread panicked") {
                results[index] = Some(result);
            }
        }
    });
    results
        .into_iter()
        .map(|result| result.expect("every job ran"))
        .collect()
}
