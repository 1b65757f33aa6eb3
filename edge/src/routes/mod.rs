//! One module per endpoint: each parses the request, asks the domain, makes one store call and answers.

pub mod admin_review;
pub mod audit_export;
pub mod catalogue;
pub mod config;
pub mod decisions;
pub mod disclosure;
pub mod embed;
pub mod embed_reviews;
pub mod flags;
pub mod health;
pub mod helpful;
pub mod openapi;
pub mod queue;
pub mod reviews;
pub mod revisions;
pub mod settings;
pub mod status;
pub mod submit;
pub mod summary;
pub mod tokens;
pub mod transition;
pub mod withdraw;
