//! The console's fragments of markup, one component per file. Components render and dispatch; the rules they show
//! (which decisions a stage allows, SLA states, findings) come from `candor_domain`.

pub mod action;
pub mod analytics_page;
pub mod app;
pub mod archive_page;
pub mod attribute_row;
pub mod catalogue_page;
pub mod chart_svg;
pub mod code_block;
pub mod contact_panel;
pub mod decision_form;
pub mod disclosure_page;
pub mod escalations_page;
pub mod field_problem;
pub mod header;
pub mod help_overlay;
pub mod highlighted_text;
pub mod item_history;
pub mod load;
pub mod neutrality_page;
pub mod people_page;
pub mod product_card;
pub mod queue_page;
pub mod response_panel;
pub mod responses_page;
pub mod review_page;
pub mod search_page;
pub mod settings_page;
pub mod snippet_page;
pub mod tokens_page;
pub mod trail_table;
