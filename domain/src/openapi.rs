//! The OpenAPI 3.1 document of the edge (`GET /v1/openapi.json`), generated from the domain's own API types
//! (cargo feature `openapi`, native only): `cargo xtask build` writes it and the edge serves it as a static asset,
//! so neither the Worker's nor the browser's wasm carries any of it. One row per route of the edge's route table;
//! the API suite checks both lists name the same routes.

use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use crate::analytics::AnalyticsReport;
use crate::archive::{AuditRow, AuditTrail};
use crate::catalogue::{
    AttributeList, AttributePatch, AttributeView, CatalogueHistory, NewAttribute, NewProduct,
    NewProductLine, ProductLineList, ProductLinePatch, ProductLineView, ProductList, ProductPatch,
    ProductView,
};
use crate::dto::{ErrorBody, ReviewPage, ReviewStatus, SubmitAccepted, Summary};
use crate::me::Me;
use crate::neutrality::NeutralityReport;
use crate::people::{IssueToken, IssuedToken, NewPerson, PeopleList, Person, PersonPatch};
use crate::platform::{CreatedTenant, NewTenant};
use crate::public_answers::{
    FlagReceived, FlagRequest, Health, HelpfulCount, PublicConfig, RenderedReviewPage,
};
use crate::review::ReviewDraft;
use crate::settings::TenantSettings;
use crate::staff_requests::{
    DecisionRequest, DisclosurePreviewRequest, DisclosureUpdate, EscalationPatch, OpenEscalation,
    ResponseDecisionRequest, ResponseDraft,
};
use crate::staff_views::{
    ContactEmail, CurrentDisclosure, DecisionTaken, DisclosurePreview, DisclosureVersions,
    DisclosureView, ErasureDone, ErasureRequest, EscalationPage, EscalationView, FirmResponseList,
    FirmResponseView, QueuePage, ReviewRecord, ReviewSearchPage, TokenList, TokenRevoked,
    WebhookSecretIssued,
};
use crate::tenant_moves::{CopiedPage, CopyPage, MoveCheck, StartMove, TenantPlacement};

/// The JSON Schema of an API type, registered with everything it refers to under `components.schemas`; the
/// answer is a `$ref` to it.
type SchemaOf = fn(&mut Map<String, Value>) -> Value;

fn schema<T: ToSchema>(components: &mut Map<String, Value>) -> Value {
    let mut named = vec![(T::name().into_owned(), T::schema())];
    T::schemas(&mut named);
    for (name, schema) in named {
        let value = serde_json::to_value(&schema).unwrap_or(Value::Null);
        components.entry(name).or_insert(value);
    }
    json!({ "$ref": format!("#/components/schemas/{}", T::name()) })
}

/// What a request or answer carries.
#[derive(Clone, Copy)]
enum Body {
    None,
    Json(SchemaOf),
    /// The first-view fragment or the iframe page.
    Html,
    /// The archive export: NDJSON of `AuditRow` or CSV of the same columns.
    Archive,
}

struct Operation {
    method: &'static str,
    path: &'static str,
    access: Access,
    summary: &'static str,
    /// The success status.
    status: u16,
    request: Body,
    response: Body,
}

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
const OPERATIONS: &[Operation] = &[
    Operation {
        method: "get",
        path: "/health",
        access: Access::Public,
        summary: "Liveness; touches no storage.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<Health>),
    },
    Operation {
        method: "get",
        path: "/v1/openapi.json",
        access: Access::Public,
        summary: "This document.",
        status: 200,
        request: Body::None,
        response: Body::None,
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/config",
        access: Access::Public,
        summary: "Locales, theme, disclosure and version, public captcha settings, aggregate rule, visible product lines.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<PublicConfig>),
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/products/{product}/summary",
        access: Access::Public,
        summary: "Aggregates of published reviews (overall and per attribute); hidden line: visible=false, no scores. ETag, s-maxage=30.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<Summary>),
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/products/{product}/reviews",
        access: Access::Public,
        summary: "Published reviews: sort=newest|highest|lowest|helpful, rating, locale, cursor, limit (max 50).",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<ReviewPage>),
    },
    Operation {
        method: "post",
        path: "/v1/t/{tenant}/products/{product}/reviews",
        access: Access::Public,
        summary: "Submit a review; Idempotency-Key required; 202 {id, status, status_token}; status_token is null when a browser page of another origin sent it (Sec-Fetch-Site).",
        status: 202,
        request: Body::Json(schema::<ReviewDraft>),
        response: Body::Json(schema::<SubmitAccepted>),
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/embed/{product}",
        access: Access::Public,
        summary: "First-view HTML fragment (markup only: the loader carries the stylesheet, and the review form is fetched apart); ?page=1 for the iframe page.",
        status: 200,
        request: Body::None,
        response: Body::Html,
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/embed/{product}/form",
        access: Access::Public,
        summary: "The product's review form as HTML (?locale=), which the loader fetches into the first view when a visitor opens it; empty for a hidden product line.",
        status: 200,
        request: Body::None,
        response: Body::Html,
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/embed/{product}/reviews",
        access: Access::Public,
        summary: "One page of the reviews list as the widget's escaped HTML items: {html, next_cursor}; lang (interface language) plus the parameters of the reviews list.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<RenderedReviewPage>),
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/products/{product}/cta",
        access: Access::Public,
        summary: "A visitor follows the product's call to action (?locale=): counts the click (per tenant, product, UTC day) and answers 302 to the URL the catalogue holds for it (never one from the request). 404 for a hidden product line or a product without a call to action; 429 over the visitor's rate limit.",
        status: 302,
        request: Body::None,
        response: Body::None,
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/reviews/{id}/status",
        access: Access::StatusToken,
        summary: "Stage, reason code and the statement of reasons (?locale=en|zh-CN) of one's own review.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<ReviewStatus>),
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/reviews/{id}/status-line",
        access: Access::StatusToken,
        summary: "The same as the escaped HTML of the widget's status line (?locale=en|zh-CN), for the visitor's status frame.",
        status: 200,
        request: Body::None,
        response: Body::Html,
    },
    Operation {
        method: "get",
        path: "/v1/t/{tenant}/frame/{product}",
        access: Access::Public,
        summary: "The visitor's status frame (?locale=, ?theme=light|dark): an edge page that keeps the status token and sends the widget's submissions; framed only by the tenant's allowed origins.",
        status: 200,
        request: Body::None,
        response: Body::Html,
    },
    Operation {
        method: "post",
        path: "/v1/t/{tenant}/reviews/{id}/withdraw",
        access: Access::StatusToken,
        summary: "The author withdraws the review (status token valid 400 days after the submission; then 401 status_token_expired); from a browser only the edge's own page (else 403 same_origin_required).",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<ReviewStatus>),
    },
    Operation {
        method: "post",
        path: "/v1/t/{tenant}/reviews/{id}/revisions",
        access: Access::StatusToken,
        summary: "The author submits a revision within 30 days of a fixable rejection (a new review; later 409 revision_window_closed); Idempotency-Key required; from a browser only the edge's own page (else 403 same_origin_required).",
        status: 202,
        request: Body::Json(schema::<ReviewDraft>),
        response: Body::Json(schema::<SubmitAccepted>),
    },
    Operation {
        method: "post",
        path: "/v1/t/{tenant}/reviews/{id}/flags",
        access: Access::Public,
        summary: "A visitor reports a published review with a reason; it stays published until compliance decides.",
        status: 201,
        request: Body::Json(schema::<FlagRequest>),
        response: Body::Json(schema::<FlagReceived>),
    },
    Operation {
        method: "post",
        path: "/v1/t/{tenant}/reviews/{id}/helpful",
        access: Access::Public,
        summary: "One helpful vote per visitor.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<HelpfulCount>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/me",
        access: Access::Staff("moderator, compliance, owner, admin, marketer"),
        summary: "Who the request acts for: person, e-mail, role, tenant, and whether an Access sign-in or an API token proved it.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<Me>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/tokens",
        access: Access::Staff("admin"),
        summary: "Staff tokens of the tenant (never their text).",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<TokenList>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/tokens",
        access: Access::Staff("admin"),
        summary: "Issue a token {person_id, expires_in_days?} for a person of the tenant (it acts in the person's role); the token is shown once.",
        status: 201,
        request: Body::Json(schema::<IssueToken>),
        response: Body::Json(schema::<IssuedToken>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/people",
        access: Access::Staff("admin"),
        summary: "People of the tenant {people, notices}; notices show every grant of owner, compliance or admin.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<PeopleList>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/people",
        access: Access::Staff("admin"),
        summary: "Create a person {email, display_name, role}; the e-mail is unique in the tenant without case (409).",
        status: 201,
        request: Body::Json(schema::<NewPerson>),
        response: Body::Json(schema::<Person>),
    },
    Operation {
        method: "patch",
        path: "/v1/admin/people/{id}",
        access: Access::Staff("admin"),
        summary: "Change a person {role?, active?, display_name?}; a deactivated person's tokens stop working.",
        status: 200,
        request: Body::Json(schema::<PersonPatch>),
        response: Body::Json(schema::<Person>),
    },
    Operation {
        method: "post",
        path: "/v1/platform/tenants",
        access: Access::Platform,
        summary: "Operator: create a tenant {id, name, allowed_origins?, first_admin: {email, display_name}} with its first admin and one token (shown once); nothing else. 409 if it exists.",
        status: 201,
        request: Body::Json(schema::<NewTenant>),
        response: Body::Json(schema::<CreatedTenant>),
    },
    Operation {
        method: "get",
        path: "/v1/platform/tenants/{tenant}/placement",
        access: Access::Platform,
        summary: "Operator: the database (D1 binding) that serves the tenant, and the move under way if any.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<TenantPlacement>),
    },
    Operation {
        method: "post",
        path: "/v1/platform/tenants/{tenant}/move",
        access: Access::Platform,
        summary: "Operator: start moving the tenant to database {to}: its writes answer 503 tenant_moving until the move finishes or is cancelled; reads go on. Starting the same move again resumes it.",
        status: 200,
        request: Body::Json(schema::<StartMove>),
        response: Body::Json(schema::<TenantPlacement>),
    },
    Operation {
        method: "post",
        path: "/v1/platform/tenants/{tenant}/move/copy",
        access: Access::Platform,
        summary: "Operator: copy the next page of the moving tenant's rows {after?}; repeat with `next` until it is absent. Copying a page twice changes nothing.",
        status: 200,
        request: Body::Json(schema::<CopyPage>),
        response: Body::Json(schema::<CopiedPage>),
    },
    Operation {
        method: "get",
        path: "/v1/platform/tenants/{tenant}/move/check",
        access: Access::Platform,
        summary: "Operator: the tenant's rows per table, chain heads and aggregates in its database and in the target (the move's, or `to`), compared. Reads only: the dry run of a move.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<MoveCheck>),
    },
    Operation {
        method: "post",
        path: "/v1/platform/tenants/{tenant}/move/finish",
        access: Access::Platform,
        summary: "Operator: switch the tenant to the target when both copies are identical (409 move_not_verified otherwise), mark the source rows moved and archive the move.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<MoveCheck>),
    },
    Operation {
        method: "post",
        path: "/v1/platform/tenants/{tenant}/move/cancel",
        access: Access::Platform,
        summary: "Operator: end the move without switching; the tenant writes again where it was.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<TenantPlacement>),
    },
    Operation {
        method: "delete",
        path: "/v1/admin/tokens/{id}",
        access: Access::Staff("admin"),
        summary: "Revoke a token.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<TokenRevoked>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/queue",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "Items waiting at a stage (stage=screening|compliance_review|owner_review|flagged, sort=age) with findings, age and SLA state.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<QueuePage>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/reviews",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "Reviews in every stage, newest first: stage, product, from/to (submission time, YYYY-MM-DD or ms; to exclusive), q (text in title or body, any script; each request reads at most 500 reviews, so a page may be short and still have a next_cursor), cursor, limit (1-100, default 25).",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<ReviewSearchPage>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/reviews/{id}",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "One review with its findings, deciders, visitors' reports (with notes, newest first) and whether a contact e-mail is stored (has_contact; the e-mail itself: /contact).",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<ReviewRecord>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/reviews/{id}/contact",
        access: Access::Staff("compliance, owner"),
        summary: "The reviewer's contact e-mail (absent when none was left or it was erased; erased_at says when). Every read appends an archive row contact_read (who, which review; never the e-mail).",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<ContactEmail>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/reviews/{id}/contact/erasure",
        access: Access::Staff("compliance, owner"),
        summary: "Erase the reviewer's contact e-mail on their request (GDPR Art. 17) {requested_by, note?}: removed from the contact table and so from every later webhook delivery, export and view; the review, its content hash and the archive chain stay intact; archived as contact_erased (who asked, who erased). A repeated request answers 200 with the first erasure; 409 no_contact when none was left; 422 contains_the_email when requested_by or note names the e-mail.",
        status: 200,
        request: Body::Json(schema::<ErasureRequest>),
        response: Body::Json(schema::<ErasureDone>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/reviews/{id}/audit",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "The review's archive trail.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<AuditTrail>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/reviews/{id}/decisions",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "{decision: pass|approve|reject|send_back|clear_flag, reason_code?, note?} by the role owning the stage; four-eyes; 409 when someone decided first.",
        status: 200,
        request: Body::Json(schema::<DecisionRequest>),
        response: Body::Json(schema::<DecisionTaken>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/audit",
        access: Access::Staff("compliance, owner, admin"),
        summary: "The archive, streamed: from, to (YYYY-MM-DD or ms; to exclusive), format=ndjson|csv. Every export first appends its own archive row archive_exported (who, from, to, format); Content-Disposition (exposed to browsers) names the file.",
        status: 200,
        request: Body::None,
        response: Body::Archive,
    },
    Operation {
        method: "get",
        path: "/v1/admin/product-lines",
        access: Access::Staff("marketer"),
        summary: "Product lines, archived ones included.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<ProductLineList>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/product-lines",
        access: Access::Staff("marketer"),
        summary: "Create a product line {id, name, visible?}.",
        status: 201,
        request: Body::Json(schema::<NewProductLine>),
        response: Body::Json(schema::<ProductLineView>),
    },
    Operation {
        method: "patch",
        path: "/v1/admin/product-lines/{id}",
        access: Access::Staff("marketer"),
        summary: "Change name, visible (the marketer toggle) or archived.",
        status: 200,
        request: Body::Json(schema::<ProductLinePatch>),
        response: Body::Json(schema::<ProductLineView>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/products",
        access: Access::Staff("marketer"),
        summary: "Products, archived ones included.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<ProductList>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/products",
        access: Access::Staff("marketer"),
        summary: "Create a product {id, line_id, name}.",
        status: 201,
        request: Body::Json(schema::<NewProduct>),
        response: Body::Json(schema::<ProductView>),
    },
    Operation {
        method: "patch",
        path: "/v1/admin/products/{id}",
        access: Access::Staff("marketer"),
        summary: "Change name, archived or the call to action (`cta` on an allowed origin; `null` removes it).",
        status: 200,
        request: Body::Json(schema::<ProductPatch>),
        response: Body::Json(schema::<ProductView>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/attributes",
        access: Access::Staff("marketer"),
        summary: "Attribute questions of all products; id is `{product}.{key}`.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<AttributeList>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/attributes",
        access: Access::Staff("marketer"),
        summary: "Add a question {product, key, label_en, label_zh, position?}.",
        status: 201,
        request: Body::Json(schema::<NewAttribute>),
        response: Body::Json(schema::<AttributeView>),
    },
    Operation {
        method: "patch",
        path: "/v1/admin/attributes/{id}",
        access: Access::Staff("marketer"),
        summary: "Change labels, position or archived.",
        status: 200,
        request: Body::Json(schema::<AttributePatch>),
        response: Body::Json(schema::<AttributeView>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/settings",
        access: Access::Staff("admin"),
        summary: "Tenant settings.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<TenantSettings>),
    },
    Operation {
        method: "put",
        path: "/v1/admin/settings",
        access: Access::Staff("admin"),
        summary: "Replace the tenant settings (validated as a whole; webhook_url: public https on port 443 only).",
        status: 200,
        request: Body::Json(schema::<TenantSettings>),
        response: Body::Json(schema::<TenantSettings>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/webhook/secret",
        access: Access::Staff("admin"),
        summary: "Create or rotate the webhook signing secret: shown once in the answer; the previous one signs 24 hours more.",
        status: 201,
        request: Body::None,
        response: Body::Json(schema::<WebhookSecretIssued>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/disclosure",
        access: Access::Staff("marketer"),
        summary: "The current disclosure version.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<CurrentDisclosure>),
    },
    Operation {
        method: "put",
        path: "/v1/admin/disclosure",
        access: Access::Staff("marketer"),
        summary: "Publish a new disclosure version {texts: {en, zh-CN?}}.",
        status: 200,
        request: Body::Json(schema::<DisclosureUpdate>),
        response: Body::Json(schema::<DisclosureView>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/disclosure/versions",
        access: Access::Staff("marketer"),
        summary: "Every published disclosure version, newest first.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<DisclosureVersions>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/disclosure/preview",
        access: Access::Staff("marketer"),
        summary: "A product's first view with a draft disclosure {product, locale, texts: {en, zh-CN?}}: {product, locale, visible, html} (the widget's stylesheet and markup for a shadow root; empty for a hidden line). Nothing is stored; 404 for an unknown product, 422 for a text the disclosure rule refuses.",
        status: 200,
        request: Body::Json(schema::<DisclosurePreviewRequest>),
        response: Body::Json(schema::<DisclosurePreview>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/catalogue/history",
        access: Access::Staff("marketer"),
        summary: "The archive rows that changed one catalogue item, newest first (at most 100): subject = product_line, product or attribute; item = the id, or {product}.{key} for an attribute question.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<CatalogueHistory>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/reviews/{id}/escalations",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "Open a customer-service case on any review {note?, assignee?}; 201 with the case (due time from sla_hours.escalation); 409 while the review has an active case. The review's stage is not affected.",
        status: 201,
        request: Body::Json(schema::<OpenEscalation>),
        response: Body::Json(schema::<EscalationView>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/escalations",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "Customer-service cases: status=open|in_progress|resolved, sort=due|opened, cursor, limit (max 200); each with review, product, opened_by, reason, due_at, overdue, assignee, status, webhook delivery (state none|pending|delivered|dead, attempts, last status and error).",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<EscalationPage>),
    },
    Operation {
        method: "patch",
        path: "/v1/admin/escalations/{id}",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "Change a case {status?, assignee?, note?, version?}: open -> in_progress -> resolved, open -> resolved, in_progress -> open, resolved -> open; 422 invalid_transition; 409 escalation_changed when someone changed it first.",
        status: 200,
        request: Body::Json(schema::<EscalationPatch>),
        response: Body::Json(schema::<EscalationView>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/reviews/{id}/responses",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "Draft a firm response to a published review {body: 1-5,000 chars}; 201 pending; 409 review_not_published or response_exists (one pending or approved response per review).",
        status: 201,
        request: Body::Json(schema::<ResponseDraft>),
        response: Body::Json(schema::<FirmResponseView>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/responses",
        access: Access::Staff("moderator, compliance, owner"),
        summary: "Firm responses awaiting the owner's decision (status=pending, the only status listed), oldest first, at most 200.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<FirmResponseList>),
    },
    Operation {
        method: "post",
        path: "/v1/admin/responses/{id}/decisions",
        access: Access::Staff("owner"),
        summary: "The owner decides a pending response {decision: approve|reject, note?}; never the drafter (403 four_eyes); 409 response_already_decided. Approved responses show in the public reviews list.",
        status: 200,
        request: Body::Json(schema::<ResponseDecisionRequest>),
        response: Body::Json(schema::<FirmResponseView>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/analytics",
        access: Access::Staff("moderator, compliance, owner, admin, marketer"),
        summary: "Published reviews per ISO week (UTC, Monday start) or calendar month (UTC) of the period: count, mean, histogram, would_recommend_pct, per-attribute count and mean, and cta_clicks (clicks on the call to action). product (optional), from and to (YYYY-MM-DD or ms since the epoch; to exclusive; default the 12 weeks up to the end of today; at most 731 days), bucket=week|month. A review counts in the bucket it was submitted in, a click in the bucket it happened in; every bucket of the period is listed.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<AnalyticsReport>),
    },
    Operation {
        method: "get",
        path: "/v1/admin/reports/neutrality",
        access: Access::Staff("compliance, owner"),
        summary: "Per product and star bucket (1-5), reviews submitted in the period: submitted, approved (published), rejected, withdrawn, pending, decisions = approved + rejected, approval_rate = approved / decisions with its 95 % Wilson interval (approval_interval), decision_ms_median and decision_ms_mean (submission to the transition into the current published or rejected stage); warnings: pairs of buckets of a product with at least 30 decisions each whose approval rates differ by more than threshold_points (the tenant's neutrality_alert_points, default 10). product, from, to as for analytics.",
        status: 200,
        request: Body::None,
        response: Body::Json(schema::<NeutralityReport>),
    },
];

/// Query parameters of the staff reports: (path, name, description).
const REPORT_QUERY: &[(&str, &str, &str)] = &[
    (
        "/v1/platform/tenants/{tenant}/move/check",
        "to",
        "The database (D1 binding) to compare with; default: the target of the move under way.",
    ),
    (
        "/v1/admin/catalogue/history",
        "subject",
        "product_line, product or attribute (required; 422 otherwise).",
    ),
    (
        "/v1/admin/catalogue/history",
        "item",
        "The product line's or product's id, or {product}.{key} of an attribute question (required).",
    ),
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
        "`week` (ISO weeks, UTC, Monday start; the default) or `month` (calendar months, UTC).",
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
    (
        "/v1/admin/reviews",
        "stage",
        "screening, compliance_review, owner_review, published, rejected or withdrawn; every stage when absent.",
    ),
    (
        "/v1/admin/reviews",
        "product",
        "One product id of the tenant (404 if unknown); every product when absent.",
    ),
    (
        "/v1/admin/reviews",
        "from",
        "Submitted at or after: YYYY-MM-DD (00:00 UTC) or milliseconds since the epoch.",
    ),
    (
        "/v1/admin/reviews",
        "to",
        "Submitted before (exclusive): YYYY-MM-DD (00:00 UTC) or milliseconds since the epoch.",
    ),
    (
        "/v1/admin/reviews",
        "q",
        "Text to find in title or body (1-100 characters, any script; ASCII letters ignore case). Each request reads at most 500 reviews: follow next_cursor even after a short page.",
    ),
    (
        "/v1/admin/reviews",
        "cursor",
        "The next_cursor of the previous page (opaque).",
    ),
    ("/v1/admin/reviews", "limit", "1-100, default 25."),
    (
        "/v1/admin/responses",
        "status",
        "pending (the default and the only status listed).",
    ),
];

/// Every `(method, path)` the document describes, lower-case method, OpenAPI path template.
#[cfg(test)]
pub fn operations() -> impl Iterator<Item = (&'static str, &'static str)> {
    OPERATIONS
        .iter()
        .map(|operation| (operation.method, operation.path))
}

pub fn document() -> Value {
    let mut paths = Map::new();
    let mut components = Map::new();
    let error = schema::<ErrorBody>(&mut components);
    components.insert("Error".to_owned(), error);
    for Operation {
        method,
        path,
        access,
        summary,
        status,
        request,
        response,
    } in OPERATIONS
    {
        let parameters: Vec<Value> = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string", "maxLength": 128 } }))
            .collect();
        let mut operation = json!({
            "summary": summary,
            "parameters": parameters,
            "responses": {
                status.to_string(): success(*response, &mut components),
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
                operation["security"] = json!([{ "staffToken": [] }, { "accessAssertion": [] }]);
                operation["description"] = json!(format!("Roles: {roles}. Tenant from the token."));
            }
            Access::Platform => {
                operation["security"] = json!([{ "platformKey": [] }]);
            }
        }
        if let Body::Json(schema_of) = request {
            operation["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": schema_of(&mut components) } }
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
                "staffToken": { "type": "http", "scheme": "bearer", "description": "A staff token (cst_…) of one person of one tenant, for automation; it acts in the person's role. When both are sent, the token alone decides." },
                "accessAssertion": { "type": "apiKey", "in": "header", "name": "Cf-Access-Jwt-Assertion", "description": "The Cloudflare Access assertion Access adds for a person signed in through the firm's identity provider; its audience names the tenant, its e-mail the person. Writes also need the console's Origin." },
                "platformKey": { "type": "http", "scheme": "bearer", "description": "The operator key (Worker secret PLATFORM_KEY)." },
                "statusToken": { "type": "http", "scheme": "bearer", "description": "The status token returned with a submission." }
            },
            "schemas": components,
        }
    })
}

/// The success answer of an operation: its status's description and content.
fn success(body: Body, components: &mut Map<String, Value>) -> Value {
    match body {
        Body::None => json!({ "description": "Success." }),
        Body::Json(schema_of) => json!({
            "description": "Success.",
            "content": { "application/json": { "schema": schema_of(components) } }
        }),
        Body::Html => json!({
            "description": "An HTML fragment (or, with ?page=1, a whole page).",
            "content": { "text/html": { "schema": { "type": "string" } } }
        }),
        Body::Archive => {
            let row = schema::<AuditRow>(components);
            json!({
                "description": "The archive rows of the period, oldest first, streamed (Content-Disposition names the file).",
                "headers": { "Content-Disposition": { "schema": { "type": "string" } } },
                "content": {
                    "application/x-ndjson": { "schema": { "type": "string", "description": "One AuditRow per line.", "x-item": row } },
                    "text/csv": { "schema": { "type": "string" } }
                }
            })
        }
    }
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

    /// Every `$ref` anywhere in the document names a schema of `components.schemas`.
    #[test]
    fn every_reference_resolves() {
        let document = document();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        let text = document.to_string();
        let mut unresolved = Vec::new();
        for (start, _) in text.match_indices("#/components/schemas/") {
            let rest = &text[start + "#/components/schemas/".len()..];
            let name = &rest[..rest.find('"').unwrap()];
            if !schemas.contains_key(name) {
                unresolved.push(name.to_owned());
            }
        }
        assert!(unresolved.is_empty(), "{unresolved:?}");
    }

    #[test]
    fn strict_bodies_refuse_unknown_fields_and_newtypes_carry_their_bounds() {
        let document = document();
        let schemas = &document["components"]["schemas"];
        for strict in [
            "NewProductLine",
            "DecisionRequest",
            "ReviewDraft",
            "TenantSettings",
            "NewTenant",
            "ProductPatch",
            "ProductCta",
            "CtaLabel",
        ] {
            assert_eq!(schemas[strict]["additionalProperties"], false, "{strict}");
        }
        let rating = &schemas["ReviewDraft"]["properties"]["rating"];
        assert_eq!(
            (rating["minimum"].as_f64(), rating["maximum"].as_f64()),
            (Some(1.0), Some(5.0))
        );
        assert_eq!(
            schemas["ReviewDraft"]["properties"]["body"]["maxLength"],
            5000
        );
        let newtype =
            serde_json::to_value(<crate::Rating as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(
            newtype["maximum"].as_f64(),
            Some(5.0),
            "the newtype carries its bounds"
        );
        assert_eq!(
            schemas["NewAttribute"]["properties"]["label_zh"]["maxLength"],
            80
        );
        assert_eq!(schemas["CtaLabel"]["properties"]["zh-CN"]["maxLength"], 60);
        assert_eq!(
            schemas["ProductCta"]["properties"]["url"]["maxLength"],
            2000
        );
        assert!(schemas["Summary"]["properties"]["cta"].is_object());
    }

    #[test]
    fn every_staff_answer_and_write_body_is_a_typed_schema() {
        let document = document();
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                if method == "get"
                    || method == "delete"
                    || path.ends_with("/withdraw")
                    || path.ends_with("/helpful")
                    || path.ends_with("/webhook/secret")
                    || path.ends_with("/move/finish")
                    || path.ends_with("/move/cancel")
                {
                    continue;
                }
                let body =
                    &operation["requestBody"]["content"]["application/json"]["schema"]["$ref"];
                assert!(
                    body.is_string(),
                    "{method} {path} has no typed request body"
                );
            }
        }
    }
}
