//! The widget's components, one per file. Components render; the rules they apply come from `candor_domain`.
//!
//! `app`, `review_form` and `review_status` run in the browser (feature `csr`); `summary_panel`, `stars`,
//! `compose` and `form_shell` render the first view on the edge (feature `ssr`), which the browser keeps.

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
#[cfg(feature = "csr")]
pub mod review_status;
#[cfg(feature = "ssr")]
pub mod reviews_section;
#[cfg(feature = "ssr")]
pub mod stars;
#[cfg(feature = "ssr")]
pub mod summary_panel;
