//! The widget's components, one per file. Components render; the rules they apply come from `candor_domain`.
//!
//! `form_control` and `review_list` run in the browser (feature `csr`): they adopt the markup the others render on the
//! edge (feature `ssr`): the first view, whose form and list the browser takes over in place, and the status line
//! inside the visitor's status frame. The wasm renders no markup.

#[cfg(feature = "ssr")]
pub mod call_to_action;
#[cfg(feature = "ssr")]
pub mod compose;
#[cfg(feature = "csr")]
pub mod form_control;
#[cfg(feature = "ssr")]
pub mod form_field;
#[cfg(feature = "ssr")]
pub mod how_it_works;
#[cfg(feature = "ssr")]
pub mod report_dialog;
#[cfg(feature = "ssr")]
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
pub mod star_input;
#[cfg(feature = "ssr")]
pub mod stars;
#[cfg(feature = "ssr")]
pub mod summary_panel;
