//! The black-box API suite: one test binary that speaks HTTP to a running edge (`CANDOR_EDGE_URL`), never to its internals.
//!
//! Tests share one edge and one seeded tenant, so none of them may depend on another's writes or on their order:
//! screening leaves a submission at `compliance_review`, `screening` or `rejected`, never published, so the
//! published aggregates of the seed never change. A test that asserts the stage a clean text reaches gives it a
//! unique body (`client::clean_review`): a body already submitted to the same product is held as a duplicate.

mod api {
    pub mod client;
    pub mod fixture;

    pub mod access;
    pub mod archive;
    mod auth_matrix;
    mod call_to_action;
    mod captcha;
    mod catalogue;
    mod catalogue_history;

    mod concurrency;
    mod console_endpoints;
    mod cors;
    mod embed;
    pub mod escalations;
    mod hardening_small;
    mod health;
    mod hostile_corpus;
    pub mod moderation;
    mod openapi;
    mod people;
    mod platform;
    mod responses;
    mod reviews_list;
    mod revisions;
    pub mod route_table;
    mod routes;
    pub mod scene;
    pub mod scratch_db;
    mod screening;
    pub mod settings;
    mod statement;
    mod status;
    mod status_frame;
    pub mod streamed;
    mod submit;
    mod summary;
    mod tenant_move;
    mod tokens;
    mod visitors;
    pub mod webhooks;

    mod analytics;
    mod fault_load;
    mod faults;
    pub mod load;
    mod neutrality;
    mod process_faults;
    mod query_plans;
    mod rate_limits;
}
