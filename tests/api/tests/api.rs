//! The black-box API suite: one test binary that speaks HTTP to a running edge (`CANDOR_EDGE_URL`), never to its internals.
//!
//! Tests share one edge and one seeded tenant, so none of them may depend on another's writes or on their order:
//! submissions stay in `screening`, which leaves the published aggregates of the seed unchanged.

mod api {
    pub mod client;

    mod concurrency;
    mod cors;
    mod health;
    mod routes;
    mod status;
    mod submit;
    mod summary;
}
