//! Workflows that more than one route needs, so that no route imports another route or re-parses its JSON. An op
//! takes typed inputs (the store, ids, parsed queries) and returns `domain` types; it never reads a `Request` or
//! builds a `Response` — that is the routes' job.

pub mod archived_read;
pub mod author_status;
pub mod cases;
pub mod first_view;
pub mod intake;
pub mod review_pages;
pub mod staff_views;
pub mod summary;
pub mod tenant_move;
pub mod transition;
