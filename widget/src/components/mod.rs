//! The widget's components, one per file. Components render; the rules they apply come from `candor_domain`.

pub mod app;
pub mod review_form;
pub mod review_status;
pub mod stars;
pub mod summary_panel;
