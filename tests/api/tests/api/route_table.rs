//! The route table as the suites see it: every `(method, path template)` of the Worker's one route table
//! (`edge/src/lib.rs`, read from its source), the roles the contract (`candor_domain::openapi::document()`) gives each
//! staff route, and its request body's schema. The OpenAPI check, the hostile corpus and the auth matrix are generated
//! from this list, so a new route joins all three without anyone adding it by hand.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

/// One route of the table, e.g. `("post", "/v1/admin/reviews/{id}/decisions")`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// Lower case, as in the OpenAPI document: `get`, `post`, `put`, `patch`, `delete`.
    pub method: String,
    /// The OpenAPI path template: `:name` segments of the router written `{name}`.
    pub path: String,
}

impl Route {
    pub fn method(&self) -> reqwest::Method {
        reqwest::Method::from_bytes(self.method.to_uppercase().as_bytes())
            .expect("a method of the route table")
    }

    pub fn is_staff(&self) -> bool {
        self.path.starts_with("/v1/admin/")
    }

    pub fn has_body(&self) -> bool {
        request_schema(self).is_some()
    }

    /// The path parameters' names, in order.
    pub fn params(&self) -> Vec<&str> {
        self.path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .collect()
    }
}

impl std::fmt::Display for Route {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{} {}", self.method.to_uppercase(), self.path)
    }
}

/// Every route of the Worker's route table, read from its source: what the Worker answers, not what a document says.
pub fn routed() -> BTreeSet<Route> {
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../edge/src/lib.rs"),
    )
    .expect("edge/src/lib.rs is readable");
    let mut routes = BTreeSet::new();
    for method in ["get", "post", "put", "patch", "delete"] {
        let marker = format!(".{method}_async(");
        for (start, _) in source.match_indices(&marker) {
            let rest = &source[start + marker.len()..];
            let open = rest.find('"').expect("a path literal follows");
            let close = rest[open + 1..].find('"').expect("the path literal ends");
            let path = &rest[open + 1..open + 1 + close];
            let template: Vec<String> = path
                .split('/')
                .map(|segment| match segment.strip_prefix(':') {
                    Some(name) => format!("{{{name}}}"),
                    None => segment.to_owned(),
                })
                .collect();
            routes.insert(Route {
                method: method.to_owned(),
                path: template.join("/"),
            });
        }
    }
    assert!(routes.len() > 30, "the route table was read: {routes:?}");
    routes
}

/// The contract generated from the domain's types (the document the edge serves).
pub fn contract() -> &'static Value {
    static DOCUMENT: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(candor_domain::openapi::document)
}

fn operation(route: &Route) -> &'static Value {
    let operation = &contract()["paths"][&route.path][&route.method];
    assert!(
        operation.is_object(),
        "{route} is routed but not in the contract"
    );
    operation
}

/// The roles the contract allows on a staff route (its description says `Roles: a, b. …`).
pub fn roles(route: &Route) -> Vec<&'static str> {
    let description = operation(route)["description"].as_str().unwrap_or_default();
    let roles = description
        .strip_prefix("Roles: ")
        .and_then(|rest| rest.split('.').next())
        .unwrap_or_else(|| panic!("the contract names no roles for the staff route {route}"));
    roles.split(", ").collect()
}

/// The request body's schema, `$ref`s resolved at the top, when the route takes a JSON body.
pub fn request_schema(route: &Route) -> Option<&'static Value> {
    let schema = operation(route)
        .get("requestBody")?
        .pointer("/content/application~1json/schema")?;
    Some(resolve(schema))
}

/// A schema with its `$ref` (if it is one) followed to `components/schemas`.
pub fn resolve(schema: &'static Value) -> &'static Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            &contract()["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Who may call a route, as its contract's `security` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    /// The status token of the review in the path.
    StatusToken,
    /// A staff token or an Access assertion.
    Staff,
    /// The operator key.
    Platform,
}

pub fn access(route: &Route) -> Access {
    let security = operation(route)["security"].to_string();
    if security.contains("staffToken") {
        Access::Staff
    } else if security.contains("statusToken") {
        Access::StatusToken
    } else if security.contains("platformKey") {
        Access::Platform
    } else {
        Access::Public
    }
}
