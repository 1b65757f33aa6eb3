//! Candor's pure rules, shared by the edge (Worker) and the widget (browser): never IO, never a clock, never `worker`/`web-sys`/`leptos`.

pub mod access;
pub mod aggregate;
pub mod analytics;
pub mod archive;
pub mod author_access;
pub mod calendar;
#[cfg(test)]
mod cases;
pub mod catalogue;
pub mod client_address;
pub mod csv;
pub mod dto;
pub mod escalation;
pub mod findings;
pub use findings::{Finding, FindingKind, Span, TextField};
pub mod firm_response;
pub mod me;
pub mod moderation;
pub mod neutrality;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod people;
pub mod platform;
pub mod public_answers;
pub mod rating;
pub mod review;
#[cfg(feature = "screening")]
pub mod screening;
pub mod settings;
pub mod sla;
pub mod slug;
pub mod staff_requests;
pub mod staff_views;
pub mod stage;
mod statement;
pub mod tenant_moves;
pub mod text;
pub mod validation;
pub mod webhook;
pub mod webhook_destination;

pub use aggregate::{
    Aggregate, AggregateDelta, AggregatePair, AggregateRule, AggregateSet, ScopedDelta,
};
pub use client_address::ClientAddress;
pub use moderation::{
    Actor, ActorRole, AggregateChange, AuditEvent, Decision, ModerationError, ReasonCode,
    ReviewState, Role, Transition, decide,
};
pub use rating::Rating;
pub use review::{Incentive, Locale, Relationship, ReviewDraft, ValidReview};
#[cfg(feature = "screening")]
pub use screening::{ScreenedText, ScreeningOutcome, content_fingerprint, screen, screen_text};
pub use slug::{AttributeSlug, ProductSlug, SlugError, TenantSlug};
pub use stage::Stage;
pub use validation::{FieldError, ValidationCode, ValidationErrors};
