//! The widget's components, one per file. Components render; the rules they apply come from `candor_domain`.
//!
//! `app`, `review_form` and `review_list` run in the browser (feature `csr`); the others render on the edge (feature
//! `ssr`): the first view, which the browser keeps, and the status line inside the visitor's status frame.

#[cfg(feature = "csr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod call_to_action;
#[cfg(feature = "ssr")]
pub mod compose;
#[cfg(feature = "ssr")]
pub mod form_shell;
#[cfg(feature = "ssr")]
pub mod how_it_works;
#[cfg(feature = "ssr")]
pub mod report_dialog;
#[cfg(feature = "csr")]
pub mod review_form;
#[cfg(feature = "ssr")]
pub mod review_item;
#[cfg(feature = "csr")]
pub mod review_list;
#[cfg(feature = "ssr")]
pub mod review_status;
#[cfg(feature = "ssr")]
pub mod reviews_section;
#[cfg(feature = "ssr")]
pub mod stars;
#[cfg(feature = "ssr")]
pub mod summary_panel;
