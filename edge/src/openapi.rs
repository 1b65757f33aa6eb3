//! The OpenAPI 3.1 document of the edge (`GET /v1/openapi.json`): the machine-readable form of the API
//! (`README.md` and `docs/` describe it for people). One row per route of `lib.rs`; the API suite checks both lists name the same routes.

use serde_json::{Map, Value, json};

/// Who may call an operation.
#[derive(Clone, Copy)]
enum Access {
    Public,
    /// `Authorization: Bearer <status_token>` of the review in the path.
    StatusToken,
    /// `Authorization: Bearer <staff token>` with one of these roles.
    Staff(&'static str),
    /// `Authorization: Bearer <operator key>` (Worker secret `PLATFORM_KEY`).
    Platform,
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
        "Stage, reason code and the statement of reasons (?locale=en|zh-CN) of one's own review.",
        200,
    ),
    (
        "post",
        "/v1/t/{tenant}/reviews/{id}/withdraw",
        Access::StatusToken,
        "The author withdraws the review (status token valid 400 days after the submission; then 401 status_token_expired).",
        200,
    ),
    (
        "post",
        "/v1/t/{tenant}/reviews/{id}/revisions",
        Access::StatusToken,
        "The author submits a revision within 30 days of a fixable rejection (a new review; later 409 revision_window_closed); Idempotency-Key required.",
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
        "Issue a token {person_id, expires_in_days?} for a person of the tenant (it acts in the person's role); the token is shown once.",
        201,
    ),
    (
        "get",
        "/v1/admin/me",
        Access::Staff("moderator, compliance, owner, admin, marketer"),
        "Who am I: {person_id, email, display_name, role, tenant_id, tenant_name, credential: access|token}; a token or a Cloudflare Access sign-in.",
        200,
    ),
    (
        "get",
        "/v1/admin/people",
        Access::Staff("admin"),
        "People of the tenant {people, notices}; notices show every grant of owner, compliance or admin.",
        200,
    ),
    (
        "post",
        "/v1/admin/people",
        Access::Staff("admin"),
        "Create a person {email, display_name, role}; the e-mail is unique in the tenant without case (409).",
        201,
    ),
    (
        "patch",
        "/v1/admin/people/{id}",
        Access::Staff("admin"),
        "Change a person {role?, active?, display_name?}; a deactivated person's tokens stop working.",
        200,
    ),
    (
        "post",
        "/v1/platform/tenants",
        Access::Platform,
        "Operator: create a tenant {id, name, allowed_origins?, first_admin: {email, display_name}} with its first admin and one token (shown once); nothing else. 409 if it exists.",
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
        "Replace the tenant settings (validated as a whole; webhook_url: public https on port 443 only).",
        200,
    ),
    (
        "post",
        "/v1/admin/webhook/secret",
        Access::Staff("admin"),
        "Create or rotate the webhook signing secret: shown once in the answer; the previous one signs 24 hours more.",
        201,
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
    (
        "post",
        "/v1/admin/reviews/{id}/escalations",
        Access::Staff("moderator, compliance, owner"),
        "Open a customer-service case on any review {note?, assignee?}; 201 with the case (due time from sla_hours.escalation); 409 while the review has an active case. The review's stage is not affected.",
        201,
    ),
    (
        "get",
        "/v1/admin/escalations",
        Access::Staff("moderator, compliance, owner"),
        "Customer-service cases: status=open|in_progress|resolved, sort=due|opened, cursor, limit (max 200); each with review, product, opened_by, reason, due_at, overdue, assignee, status, webhook delivery (state none|pending|delivered|dead, attempts, last status and error).",
        200,
    ),
    (
        "patch",
        "/v1/admin/escalations/{id}",
        Access::Staff("moderator, compliance, owner"),
        "Change a case {status?, assignee?, note?, version?}: open -> in_progress -> resolved, open -> resolved, in_progress -> open, resolved -> open; 422 invalid_transition; 409 escalation_changed when someone changed it first.",
        200,
    ),
    (
        "post",
        "/v1/admin/reviews/{id}/responses",
        Access::Staff("moderator, compliance, owner"),
        "Draft a firm response to a published review {body: 1-5,000 chars}; 201 pending; 409 review_not_published or response_exists (one pending or approved response per review).",
        201,
    ),
    (
        "post",
        "/v1/admin/responses/{id}/decisions",
        Access::Staff("owner"),
        "The owner decides a pending response {decision: approve|reject, note?}; never the drafter (403 four_eyes); 409 response_already_decided. Approved responses show in the public reviews list.",
        200,
    ),
    (
        "get",
        "/v1/admin/analytics",
        Access::Staff("moderator, compliance, owner, admin, marketer"),
        "Published reviews per ISO week (UTC, Monday start) of the period: count, mean, histogram, would_recommend_pct, per-attribute count and mean. product (optional), from and to (YYYY-MM-DD or ms since the epoch; to exclusive; default the 12 weeks up to the end of today; at most 731 days), bucket=week. A review counts in the week it was submitted; every week of the period is listed.",
        200,
    ),
    (
        "get",
        "/v1/admin/reports/neutrality",
        Access::Staff("compliance, owner"),
        "Per product and star bucket (1-5), reviews submitted in the period: submitted, approved (published), rejected, withdrawn, pending, approval_rate = approved / (approved + rejected), decision_ms_median and decision_ms_mean (submission to the transition into the current published or rejected stage). product, from, to as for analytics.",
        200,
    ),
];

/// Query parameters of the staff reports: (path, name, description).
const REPORT_QUERY: &[(&str, &str, &str)] = &[
    (
        "/v1/admin/analytics",
        "product",
        "One product id of the tenant (404 if unknown); all products when absent.",
    ),
    (
        "/v1/admin/analytics",
        "from",
        "Start, inclusive: YYYY-MM-DD (00:00 UTC) or milliseconds since the epoch. Default: 84 days before `to`.",
    ),
    (
        "/v1/admin/analytics",
        "to",
        "End, exclusive: YYYY-MM-DD (00:00 UTC) or milliseconds since the epoch. Default: the end of today (UTC). At most 731 days after `from`; 422 with field errors otherwise.",
    ),
    (
        "/v1/admin/analytics",
        "bucket",
        "`week` (ISO weeks, UTC, Monday start); the only bucket.",
    ),
    (
        "/v1/admin/reports/neutrality",
        "product",
        "One product id of the tenant (404 if unknown); every product when absent.",
    ),
    (
        "/v1/admin/reports/neutrality",
        "from",
        "Start, inclusive: YYYY-MM-DD (00:00 UTC) or milliseconds since the epoch. Default: 84 days before `to`.",
    ),
    (
        "/v1/admin/reports/neutrality",
        "to",
        "End, exclusive: YYYY-MM-DD (00:00 UTC) or milliseconds since the epoch. Default: the end of today (UTC). At most 731 days after `from`.",
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
            Access::Platform => {
                operation["security"] = json!([{ "platformKey": [] }]);
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
        if let Some(list) = operation["parameters"].as_array_mut() {
            list.extend(
                REPORT_QUERY
                    .iter()
                    .filter(|(report, ..)| report == path)
                    .map(|(_, name, description)| json!({ "name": name, "in": "query", "required": false, "description": description, "schema": { "type": "string" } })),
            );
        }
        if *method == "post"
            && (path.ends_with("/products/{product}/reviews") || path.ends_with("/revisions"))
        {
            describe_captcha(&mut operation);
        }
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({}));
        entry[*method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Candor edge API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Transparent client ratings for financial services. Errors: {\"error\":{\"code\",\"message\",\"fields\"?,\"retry_after\"?}}; 400 malformed, 401 no/invalid token, 403 wrong role or origin, 404 unknown or another tenant's, 409 conflict, 413 over 32 KiB, 415 not JSON, 422 invalid values, 429 rate limited (public writes; retry_after and Retry-After say when to retry), 503 storage failed (retry)."
        },
        "paths": paths,
        "components": {
            "securitySchemes": {
                "staffToken": { "type": "http", "scheme": "bearer", "description": "A staff token (cst_…) of one person of one tenant; it acts in the person's role." },
                "platformKey": { "type": "http", "scheme": "bearer", "description": "The operator key (Worker secret PLATFORM_KEY)." },
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

/// Submissions and revisions carry the Turnstile token in a header when the tenant configured a captcha.
fn describe_captcha(operation: &mut Value) {
    if let Some(parameters) = operation["parameters"].as_array_mut() {
        parameters.push(json!({
            "name": "Captcha-Token",
            "in": "header",
            "required": false,
            "schema": { "type": "string", "maxLength": 2048 },
            "description": "The Cloudflare Turnstile token; required when the tenant's config names a captcha site key. An idempotent replay is answered without it and never verified again."
        }));
    }
    operation["description"] = json!(
        "Captcha (when configured): a missing token → 422 captcha_required; a token siteverify refuses → 422 captcha_failed; siteverify unreachable → 503 captcha_unavailable with retry_after (nothing written; retry with the same Idempotency-Key)."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submissions_and_revisions_name_the_captcha_header() {
        let document = document();
        for path in [
            "/v1/t/{tenant}/products/{product}/reviews",
            "/v1/t/{tenant}/reviews/{id}/revisions",
        ] {
            let operation = &document["paths"][path]["post"];
            assert!(
                operation["parameters"]
                    .to_string()
                    .contains("Captcha-Token"),
                "{path}"
            );
            assert!(
                operation["description"]
                    .to_string()
                    .contains("captcha_failed")
            );
        }
        assert!(
            !document["paths"]["/v1/t/{tenant}/reviews/{id}/flags"]["post"]
                .to_string()
                .contains("Captcha-Token")
        );
    }

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
