//! What automatic screening finds in a review's text, and where: the kinds, fields and character spans moderators see
//! highlighted. Plain data shared by every build (the detectors that produce it are the `screening` feature).

use serde::{Deserialize, Serialize};

use crate::moderation::ReasonCode;

/// A half-open range of Unicode scalar value indices (`text.chars()` positions) in one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The spanned text, for display to moderators.
    pub fn slice(self, text: &str) -> String {
        text.chars().skip(self.start).take(self.len()).collect()
    }
}

/// What a detector found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A Luhn-valid payment card number (automatic rejection).
    CardNumber,
    /// A mod-97-valid IBAN (automatic rejection).
    Iban,
    Ssn,
    AccountNumber,
    Email,
    Phone,
    Url,
    /// Three or more links, or a link with promotional wording (automatic rejection).
    LinkSpam,
    Profanity,
    Shouting,
    Repetition,
    Duplicate,
    /// Account problems, errors, fraud, refunds: opens a customer-service escalation.
    Complaint,
}

impl FindingKind {
    pub const ALL: [FindingKind; 13] = [
        FindingKind::CardNumber,
        FindingKind::Iban,
        FindingKind::Ssn,
        FindingKind::AccountNumber,
        FindingKind::Email,
        FindingKind::Phone,
        FindingKind::Url,
        FindingKind::LinkSpam,
        FindingKind::Profanity,
        FindingKind::Shouting,
        FindingKind::Repetition,
        FindingKind::Duplicate,
        FindingKind::Complaint,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FindingKind::CardNumber => "card_number",
            FindingKind::Iban => "iban",
            FindingKind::Ssn => "ssn",
            FindingKind::AccountNumber => "account_number",
            FindingKind::Email => "email",
            FindingKind::Phone => "phone",
            FindingKind::Url => "url",
            FindingKind::LinkSpam => "link_spam",
            FindingKind::Profanity => "profanity",
            FindingKind::Shouting => "shouting",
            FindingKind::Repetition => "repetition",
            FindingKind::Duplicate => "duplicate",
            FindingKind::Complaint => "complaint",
        }
    }

    pub fn parse(code: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The reason code if this finding alone is certain enough to reject without a person.
    pub fn automatic_rejection(self) -> Option<ReasonCode> {
        match self {
            FindingKind::CardNumber | FindingKind::Iban => Some(ReasonCode::PersonalInformation),
            FindingKind::LinkSpam => Some(ReasonCode::SpamOrAdvertising),
            _ => None,
        }
    }

    /// The reason a moderator would most likely give if they reject for this finding.
    pub fn suggested_reason(self) -> Option<ReasonCode> {
        match self {
            FindingKind::CardNumber
            | FindingKind::Iban
            | FindingKind::Ssn
            | FindingKind::AccountNumber
            | FindingKind::Email
            | FindingKind::Phone => Some(ReasonCode::PersonalInformation),
            FindingKind::Url | FindingKind::LinkSpam | FindingKind::Repetition => {
                Some(ReasonCode::SpamOrAdvertising)
            }
            FindingKind::Profanity => Some(ReasonCode::Profanity),
            FindingKind::Duplicate => Some(ReasonCode::Duplicate),
            FindingKind::Shouting | FindingKind::Complaint => None,
        }
    }
}

/// The review field a finding is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    Title,
    Body,
    Nickname,
    Segment,
}

impl TextField {
    pub fn as_str(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Body => "body",
            TextField::Nickname => "nickname",
            TextField::Segment => "segment",
        }
    }
}

/// One finding: what, where, and whether it opens a customer-service escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Finding {
    pub kind: FindingKind,
    pub field: TextField,
    pub span: Span,
    /// Complaint language opens a case for customer service; publication is decided independently.
    pub escalate: bool,
}
