//! A visitor's review: the `ReviewDraft` as it arrives, parsed into a `ValidReview` that satisfies every intake rule.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::rating::Rating;
use crate::text;
use crate::validation::{FieldError, ValidationCode, ValidationErrors};

pub const TITLE_MAX: usize = 120;
pub const BODY_MIN: usize = 20;
pub const BODY_MAX: usize = 5_000;
pub const NICKNAME_MAX: usize = 40;
pub const SEGMENT_MAX: usize = 40;
pub const EMAIL_MAX: usize = 254;

/// A submission exactly as sent by the widget or an API client. Missing fields default so that
/// every problem is reported per field (422); unknown fields and wrong JSON types are refused (400).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct ReviewDraft {
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5))]
    pub rating: Option<i64>,
    /// Per attribute key of the product, a rating from 1 to 5.
    pub attributes: BTreeMap<String, i64>,
    pub would_recommend: Option<bool>,
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 20, max_length = 5000))]
    pub body: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub nickname: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub segment: Option<String>,
    pub relationship: String,
    pub incentive: String,
    /// `en` or `zh-CN`.
    pub locale: String,
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub contact_email: Option<String>,
    pub contact_consent: bool,
    pub terms_accepted: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    Client,
    NonClient,
    Employee,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Incentive {
    None,
    FreeProduct,
    Discount,
    Payment,
    Sweepstakes,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

macro_rules! named_choices {
    ($ty:ty { $($variant:path => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $($variant => $name),+ }
            }
            pub fn parse(name: &str) -> Option<Self> {
                match name { $($name => Some($variant),)+ _ => None }
            }
        }
    };
}

named_choices!(Relationship {
    Relationship::Client => "client",
    Relationship::NonClient => "non_client",
    Relationship::Employee => "employee",
});
named_choices!(Incentive {
    Incentive::None => "none",
    Incentive::FreeProduct => "free_product",
    Incentive::Discount => "discount",
    Incentive::Payment => "payment",
    Incentive::Sweepstakes => "sweepstakes",
    Incentive::Other => "other",
});
named_choices!(Locale {
    Locale::En => "en",
    Locale::ZhCn => "zh-CN",
});

/// A review that passed every intake rule. Its text is final: nothing edits it afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidReview {
    pub rating: Rating,
    pub attributes: BTreeMap<String, Rating>,
    pub would_recommend: bool,
    pub title: String,
    pub body: String,
    pub nickname: String,
    pub segment: Option<String>,
    pub relationship: Relationship,
    pub incentive: Incentive,
    pub locale: Locale,
    pub contact_email: Option<String>,
}

impl ValidReview {
    /// Insiders and incentivised reviewers are left out of the "independent" aggregate.
    pub fn is_independent(&self) -> bool {
        self.relationship != Relationship::Employee && self.incentive == Incentive::None
    }
}

impl ReviewDraft {
    /// Parses the draft against the attribute keys the product asks about.
    /// Reports every refused field at once, in the order of the form.
    pub fn validate(&self, product_attributes: &[&str]) -> Result<ValidReview, ValidationErrors> {
        let mut errors = Vec::new();
        let mut refuse = |field: &str, code: ValidationCode| {
            errors.push(FieldError {
                field: field.to_owned(),
                code,
            })
        };

        let rating = match self.rating {
            None => {
                refuse("rating", ValidationCode::Required);
                None
            }
            Some(value) => Rating::new(value)
                .map_err(|_| refuse("rating", ValidationCode::OutOfRange))
                .ok(),
        };

        let mut attributes = BTreeMap::new();
        for (key, value) in &self.attributes {
            let field = format!("attributes.{key}");
            if !product_attributes.contains(&key.as_str()) {
                refuse(&field, ValidationCode::UnknownAttribute);
            } else if let Ok(rating) = Rating::new(*value) {
                attributes.insert(key.clone(), rating);
            } else {
                refuse(&field, ValidationCode::OutOfRange);
            }
        }

        if self.would_recommend.is_none() {
            refuse("would_recommend", ValidationCode::Required);
        }

        let mut text_field = |field: &str, raw: &str, min: usize, max: usize, newline: bool| {
            let normalized = text::normalize(raw);
            match text::check(&normalized, min, max, newline) {
                Ok(()) => normalized,
                Err(code) => {
                    refuse(field, code);
                    String::new()
                }
            }
        };
        let title = text_field("title", &self.title, 1, TITLE_MAX, false);
        let body = text_field("body", &self.body, BODY_MIN, BODY_MAX, true);
        let nickname = text_field("nickname", &self.nickname, 1, NICKNAME_MAX, false);
        let segment = self
            .segment
            .as_deref()
            .map(text::normalize)
            .filter(|segment| !segment.is_empty());
        if let Some(segment) = &segment
            && let Err(code) = text::check(segment, 1, SEGMENT_MAX, false)
        {
            refuse("segment", code);
        }

        let relationship = choice(
            &mut refuse,
            "relationship",
            &self.relationship,
            Relationship::parse,
        );
        let incentive = choice(&mut refuse, "incentive", &self.incentive, Incentive::parse);
        let locale = choice(&mut refuse, "locale", &self.locale, Locale::parse);

        let contact_email = self
            .contact_email
            .as_deref()
            .map(str::trim)
            .filter(|email| !email.is_empty())
            .map(str::to_owned);
        if let Some(email) = &contact_email {
            if !is_plausible_email(email) {
                refuse("contact_email", ValidationCode::InvalidEmail);
            } else if !self.contact_consent {
                refuse("contact_consent", ValidationCode::ConsentRequired);
            }
        }

        if !self.terms_accepted {
            refuse("terms_accepted", ValidationCode::TermsNotAccepted);
        }

        match (
            rating,
            self.would_recommend,
            relationship,
            incentive,
            locale,
        ) {
            (
                Some(rating),
                Some(would_recommend),
                Some(relationship),
                Some(incentive),
                Some(locale),
            ) if errors.is_empty() => Ok(ValidReview {
                rating,
                attributes,
                would_recommend,
                title,
                body,
                nickname,
                segment,
                relationship,
                incentive,
                locale,
                contact_email,
            }),
            _ => Err(ValidationErrors(errors)),
        }
    }
}

fn choice<T>(
    refuse: &mut impl FnMut(&str, ValidationCode),
    field: &str,
    raw: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    if raw.is_empty() {
        refuse(field, ValidationCode::Required);
        return None;
    }
    let parsed = parse(raw);
    if parsed.is_none() {
        refuse(field, ValidationCode::InvalidChoice);
    }
    parsed
}

/// One `@`, a non-empty local part, a dotted domain, no spaces or controls, bounded length.
/// Deliverability is not ours to judge; this only catches typing mistakes.
fn is_plausible_email(email: &str) -> bool {
    if text::char_len(email) > EMAIL_MAX
        || email
            .chars()
            .any(|c| c.is_whitespace() || text::is_forbidden(c, false))
    {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATTRIBUTES: &[&str] = &["fees", "advice", "service"];

    fn good_draft() -> ReviewDraft {
        ReviewDraft {
            rating: Some(4),
            attributes: BTreeMap::from([("fees".to_owned(), 5)]),
            would_recommend: Some(true),
            title: "Low fees".to_owned(),
            body: "The fees are low and the app is clear.".to_owned(),
            nickname: "Sam".to_owned(),
            segment: None,
            relationship: "client".to_owned(),
            incentive: "none".to_owned(),
            locale: "en".to_owned(),
            contact_email: None,
            contact_consent: false,
            terms_accepted: true,
        }
    }

    fn check(edit: impl FnOnce(&mut ReviewDraft), field: &str, expected: &[ValidationCode]) {
        let mut draft = good_draft();
        edit(&mut draft);
        match draft.validate(ATTRIBUTES) {
            Ok(_) => assert!(
                expected.is_empty(),
                "{field}: expected {expected:?}, got Ok"
            ),
            Err(errors) => assert_eq!(errors.codes_for(field), expected, "{field}: {errors:?}"),
        }
    }

    #[test]
    fn accepts_a_good_draft() {
        let review = good_draft().validate(ATTRIBUTES).expect("valid");
        assert_eq!(review.rating.get(), 4);
        assert_eq!(review.attributes["fees"].get(), 5);
        assert!(review.is_independent());
    }

    #[test]
    fn field_rules() {
        use ValidationCode::*;
        check(|d| d.rating = None, "rating", &[Required]);
        check(|d| d.rating = Some(6), "rating", &[OutOfRange]);
        check(|d| d.rating = Some(0), "rating", &[OutOfRange]);
        check(
            |d| {
                d.attributes
                    .insert("colour".into(), 3)
                    .map(drop)
                    .unwrap_or(())
            },
            "attributes.colour",
            &[UnknownAttribute],
        );
        check(
            |d| {
                d.attributes
                    .insert("advice".into(), 9)
                    .map(drop)
                    .unwrap_or(())
            },
            "attributes.advice",
            &[OutOfRange],
        );
        check(|d| d.would_recommend = None, "would_recommend", &[Required]);
        check(|d| d.title = "   ".into(), "title", &[Required]);
        check(|d| d.title = "x".repeat(TITLE_MAX + 1), "title", &[TooLong]);
        check(|d| d.title = "x".repeat(TITLE_MAX), "title", &[]);
        check(
            |d| d.title = "two\nlines".into(),
            "title",
            &[ForbiddenCharacter],
        );
        check(|d| d.body = "too short".into(), "body", &[TooShort]);
        check(|d| d.body = "費".repeat(BODY_MIN), "body", &[]);
        check(|d| d.body = "x".repeat(BODY_MAX + 1), "body", &[TooLong]);
        check(|d| d.body = "x".repeat(BODY_MAX), "body", &[]);
        check(
            |d| d.body = format!("{}\u{202E}", "x".repeat(30)),
            "body",
            &[ForbiddenCharacter],
        );
        check(
            |d| d.body = "line one is here\nline two is here".to_owned(),
            "body",
            &[],
        );
        check(
            |d| d.nickname = "n".repeat(NICKNAME_MAX + 1),
            "nickname",
            &[TooLong],
        );
        check(
            |d| d.segment = Some("s".repeat(SEGMENT_MAX + 1)),
            "segment",
            &[TooLong],
        );
        check(|d| d.segment = Some("   ".into()), "segment", &[]);
        check(|d| d.relationship = "".into(), "relationship", &[Required]);
        check(
            |d| d.relationship = "friend".into(),
            "relationship",
            &[InvalidChoice],
        );
        check(
            |d| d.incentive = "bribe".into(),
            "incentive",
            &[InvalidChoice],
        );
        check(|d| d.locale = "fr".into(), "locale", &[InvalidChoice]);
        check(|d| d.locale = "zh-CN".into(), "locale", &[]);
        check(
            |d| d.contact_email = Some("not-an-email".into()),
            "contact_email",
            &[InvalidEmail],
        );
        check(
            |d| d.contact_email = Some("a@b.co".into()),
            "contact_consent",
            &[ConsentRequired],
        );
        check(
            |d| {
                d.contact_email = Some("a@b.co".into());
                d.contact_consent = true;
            },
            "contact_consent",
            &[],
        );
        check(
            |d| d.terms_accepted = false,
            "terms_accepted",
            &[TermsNotAccepted],
        );
    }

    #[test]
    fn reports_every_field_at_once() {
        let errors = ReviewDraft::default().validate(ATTRIBUTES).unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "rating",
                "would_recommend",
                "title",
                "body",
                "nickname",
                "relationship",
                "incentive",
                "locale",
                "terms_accepted"
            ]
        );
    }

    #[test]
    fn employees_and_incentivised_are_not_independent() {
        let mut draft = good_draft();
        draft.relationship = "employee".into();
        assert!(!draft.validate(ATTRIBUTES).unwrap().is_independent());
        let mut draft = good_draft();
        draft.incentive = "discount".into();
        assert!(!draft.validate(ATTRIBUTES).unwrap().is_independent());
    }

    #[test]
    fn unknown_json_fields_are_refused() {
        let error = serde_json::from_str::<ReviewDraft>(r#"{"rating":4,"stars":5}"#).unwrap_err();
        assert!(error.to_string().contains("unknown field"));
        assert!(serde_json::from_str::<ReviewDraft>(r#"{"rating":"four"}"#).is_err());
    }
}
