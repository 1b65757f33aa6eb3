//! The widget's components, one per file. Components render; the rules they apply come from `candor_domain`.
//!
//! `app`, `review_form` and `review_status` talk to the browser (feature `csr`); the others also render on the
//! edge (feature `ssr`) for the first view.

#[cfg(feature = "csr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod form_shell;
#[cfg(feature = "csr")]
pub mod review_form;
#[cfg(feature = "csr")]
pub mod review_status;
pub mod stars;
pub mod summary_panel;
