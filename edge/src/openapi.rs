//! The OpenAPI 3.1 document of the edge (`GET /v1/openapi.json`): the machine-readable form of DESIGN.md's API
//! tables. One row per route of `lib.rs`; the API suite checks both lists name the same routes.

use serde_json::{Map, Value, json};

/// Who may call an operation.
#[derive(Clone, Copy)]
enum Access {
    Public,
    /// `Authorization: Bearer <status_token>` of the review in the path.
    StatusToken,
    /// `Authorization: Bearer <staff token>` with one of these roles.
    Staff(&'static str),
}

/// Method, path (OpenAPI template), access, summary, success status.
const OPERATIONS: &[(&str, &str, Access, &str, u16)] = &[
    (
        "get",
        "/health",
        Access::Public,
        "Liveness; touches no storage.",
        200,
    ),
    (
        "get",
        "/v1/openapi.json",
        Access::Public,
        "This document.",
        200,
    ),
    (
        "get",
        "/v1/t/{tenant}/config",
        Access::Public,
        "Locales, theme, disclosure and version, public captcha settings, aggregate rule, visible product lines.",
        200,
    ),
    (
        "get",
        "/v1/t/{tenant}/products/{product}/summary",
        Access::Public,
        "Aggregates of published reviews (overall and per attribute); hidden line: visible=false, no scores. ETag, s-maxage=30.",
        200,
    ),
    (
        "get",
        "/v1/t/{tenant}/products/{product}/reviews",
        Access::Public,
        "Published reviews: sort=newest|highest|lowest|helpful, rating, locale, cursor, limit (max 50).",
        200,
    ),
    (
        "post",
        "/v1/t/{tenant}/products/{product}/reviews",
        Access::Public,
        "Submit a review; Idempotency-Key required; 202 {id, status, status_token}.",
        202,
    ),
    (
        "get",
        "/v1/t/{tenant}/embed/{product}",
        Access::Public,
        "First-view HTML fragment; ?page=1 for the iframe page.",
        200,
    ),
    (
        "get",
        "/v1/t/{tenant}/embed/{product}/reviews",
        Access::Public,
        "One page of the reviews list as the widget's escaped HTML items: {html, next_cursor}; lang (interface language) plus the parameters of the reviews list.",
        200,
    ),
    (
        "get",
        "/v1/t/{tenant}/reviews/{id}/status",
        Access::StatusToken,
        "Stage and public reason of one's own review.",
        200,
    ),
    (
        "post",
        "/v1/t/{tenant}/reviews/{id}/withdraw",
        Access::StatusToken,
        "The author withdraws the review.",
        200,
    ),
    (
        "post",
        "/v1/t/{tenant}/reviews/{id}/revisions",
        Access::StatusToken,
        "The author submits a revision after a fixable rejection (a new review); Idempotency-Key required.",
        202,
    ),
    (
        "post",
        "/v1/t/{tenant}/reviews/{id}/flags",
        Access::Public,
        "A visitor reports a published review with a reason; it stays published until compliance decides.",
        201,
    ),
    (
        "post",
        "/v1/t/{tenant}/reviews/{id}/helpful",
        Access::Public,
        "One helpful vote per visitor.",
        200,
    ),
    (
        "get",
        "/v1/admin/tokens",
        Access::Staff("admin"),
        "Staff tokens of the tenant (never their text).",
        200,
    ),
    (
        "post",
        "/v1/admin/tokens",
        Access::Staff("admin"),
        "Issue a token {role, person, expires_in_days?}; the token is shown once.",
        201,
    ),
    (
        "delete",
        "/v1/admin/tokens/{id}",
        Access::Staff("admin"),
        "Revoke a token.",
        200,
    ),
    (
        "get",
        "/v1/admin/queue",
        Access::Staff("moderator, compliance, owner"),
        "Items waiting at a stage (stage=screening|compliance_review|owner_review|flagged, sort=age) with findings, age and SLA state.",
        200,
    ),
    (
        "get",
        "/v1/admin/reviews/{id}",
        Access::Staff("moderator, compliance, owner"),
        "One review with its contact e-mail, findings and deciders.",
        200,
    ),
    (
        "get",
        "/v1/admin/reviews/{id}/audit",
        Access::Staff("moderator, compliance, owner"),
        "The review's archive trail.",
        200,
    ),
    (
        "post",
        "/v1/admin/reviews/{id}/decisions",
        Access::Staff("moderator, compliance, owner"),
        "{decision: pass|approve|reject|send_back|clear_flag, reason_code?, note?} by the role owning the stage; four-eyes; 409 when someone decided first.",
        200,
    ),
    (
        "get",
        "/v1/admin/audit",
        Access::Staff("compliance, owner, admin"),
        "The archive, streamed: from, to (YYYY-MM-DD or ms; to exclusive), format=ndjson|csv.",
        200,
    ),
    (
        "get",
        "/v1/admin/product-lines",
        Access::Staff("marketer"),
        "Product lines, archived ones included.",
        200,
    ),
    (
        "post",
        "/v1/admin/product-lines",
        Access::Staff("marketer"),
        "Create a product line {id, name, visible?}.",
        201,
    ),
    (
        "patch",
        "/v1/admin/product-lines/{id}",
        Access::Staff("marketer"),
        "Change name, visible (the marketer toggle) or archived.",
        200,
    ),
    (
        "get",
        "/v1/admin/products",
        Access::Staff("marketer"),
        "Products, archived ones included.",
        200,
    ),
    (
        "post",
        "/v1/admin/products",
        Access::Staff("marketer"),
        "Create a product {id, line_id, name}.",
        201,
    ),
    (
        "patch",
        "/v1/admin/products/{id}",
        Access::Staff("marketer"),
        "Change name or archived.",
        200,
    ),
    (
        "get",
        "/v1/admin/attributes",
        Access::Staff("marketer"),
        "Attribute questions of all products; id is `{product}.{key}`.",
        200,
    ),
    (
        "post",
        "/v1/admin/attributes",
        Access::Staff("marketer"),
        "Add a question {product, key, label_en, label_zh, position?}.",
        201,
    ),
    (
        "patch",
        "/v1/admin/attributes/{id}",
        Access::Staff("marketer"),
        "Change labels, position or archived.",
        200,
    ),
    (
        "get",
        "/v1/admin/settings",
        Access::Staff("admin"),
        "Tenant settings.",
        200,
    ),
    (
        "put",
        "/v1/admin/settings",
        Access::Staff("admin"),
        "Replace the tenant settings (validated as a whole).",
        200,
    ),
    (
        "get",
        "/v1/admin/disclosure",
        Access::Staff("marketer"),
        "The current disclosure version.",
        200,
    ),
    (
        "put",
        "/v1/admin/disclosure",
        Access::Staff("marketer"),
        "Publish a new disclosure version {texts: {en, zh-CN?}}.",
        200,
    ),
];

/// Every `(method, path)` the document describes, lower-case method, OpenAPI path template.
#[cfg(test)]
pub fn operations() -> impl Iterator<Item = (&'static str, &'static str)> {
    OPERATIONS.iter().map(|(method, path, ..)| (*method, *path))
}

pub fn document() -> Value {
    let mut paths = Map::new();
    for (method, path, access, summary, status) in OPERATIONS {
        let parameters: Vec<Value> = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string", "maxLength": 128 } }))
            .collect();
        let mut operation = json!({
            "summary": summary,
            "parameters": parameters,
            "responses": {
                status.to_string(): { "description": "Success." },
                "default": {
                    "description": "The one error format.",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }
            }
        });
        match access {
            Access::Public => {}
            Access::StatusToken => {
                operation["security"] = json!([{ "statusToken": [] }]);
            }
            Access::Staff(roles) => {
                operation["security"] = json!([{ "staffToken": [] }]);
                operation["description"] = json!(format!("Roles: {roles}. Tenant from the token."));
            }
        }
        if matches!(*method, "post" | "put" | "patch")
            && !path.ends_with("/withdraw")
            && !path.ends_with("/helpful")
        {
            operation["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": { "type": "object" } } }
            });
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Candor edge API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Transparent client ratings for financial services. Errors: {\"error\":{\"code\",\"message\",\"fields\"?,\"retry_after\"?}}; 400 malformed, 401 no/invalid token, 403 wrong role or origin, 404 unknown or another tenant's, 409 conflict, 413 over 32 KiB, 415 not JSON, 422 invalid values, 503 storage failed (retry)."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "staffToken": { "type": "http", "scheme": "bearer", "description": "A staff token (cst_…): one tenant, one role, one person." },
                "statusToken": { "type": "http", "scheme": "bearer", "description": "The status token returned with a submission." }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": { "type": "string" },
                                "message": { "type": "string" },
                                "fields": { "type": "array", "items": { "type": "object", "properties": { "field": { "type": "string" }, "code": { "type": "string" }, "message": { "type": "string" } } } },
                                "retry_after": { "type": "integer" }
                            }
                        }
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_in_the_document_once() {
        let document = document();
        let mut seen = std::collections::BTreeSet::new();
        for (method, path) in operations() {
            assert!(seen.insert((method, path)), "{method} {path} listed twice");
            assert!(
                document["paths"][path][method].is_object(),
                "{method} {path}"
            );
        }
    }
}
