//! Slugs that name tenants, products and attributes in URLs and storage: lowercase ASCII letters, digits, `-` and `_`, 1 to 64 characters; never anything else.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest slug accepted, in characters (all ASCII, so also bytes).
pub const SLUG_MAX: usize = 64;

/// Why a string is not a slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("a slug cannot be empty")]
    Empty,
    #[error("a slug has at most {SLUG_MAX} characters, got {0}")]
    TooLong(usize),
    #[error("a slug may only contain a-z, 0-9, '-' and '_'; found {found:?} at character {index}")]
    InvalidCharacter { found: char, index: usize },
}

impl SlugError {
    /// Stable machine code, the same for every slug kind.
    pub fn code(&self) -> &'static str {
        match self {
            SlugError::Empty => "slug_empty",
            SlugError::TooLong(_) => "slug_too_long",
            SlugError::InvalidCharacter { .. } => "slug_invalid_character",
        }
    }
}

/// The one slug rule; every slug newtype parses through it.
pub fn check_slug(raw: &str) -> Result<(), SlugError> {
    if raw.is_empty() {
        return Err(SlugError::Empty);
    }
    let len = raw.chars().count();
    if len > SLUG_MAX {
        return Err(SlugError::TooLong(len));
    }
    match raw
        .chars()
        .enumerate()
        .find(|(_, c)| !matches!(c, 'a'..='z' | '0'..='9' | '-' | '_'))
    {
        Some((index, found)) => Err(SlugError::InvalidCharacter { found, index }),
        None => Ok(()),
    }
}

/// The schema of every slug type: 1 to 64 of `a-z`, `0-9`, `-` and `_`.
#[cfg(feature = "openapi")]
pub fn slug_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .min_length(Some(1))
        .max_length(Some(SLUG_MAX))
        .pattern(Some("^[a-z0-9_-]+$"))
        .into()
}

macro_rules! slug_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, SlugError> {
                check_slug(raw).map(|()| $name(raw.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = SlugError;
            fn try_from(raw: String) -> Result<Self, Self::Error> {
                check_slug(&raw).map(|()| $name(raw))
            }
        }

        impl std::str::FromStr for $name {
            type Err = SlugError;
            fn from_str(raw: &str) -> Result<Self, Self::Err> {
                $name::parse(raw)
            }
        }

        impl From<$name> for String {
            fn from(slug: $name) -> String {
                slug.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// In the OpenAPI document a slug is a string with the pattern the parser enforces.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::slug::slug_schema()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

slug_type!(
    /// A tenant (firm), e.g. `harbor`.
    TenantSlug
);
slug_type!(
    /// A product, e.g. `roth-ira`.
    ProductSlug
);
slug_type!(
    /// An attribute asked about a product, e.g. `interest_rates`.
    AttributeSlug
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_digits_dash_underscore() {
        for raw in [
            "harbor",
            "roth-ira",
            "interest_rates",
            "a",
            "401k",
            &"x".repeat(64),
        ] {
            assert_eq!(
                ProductSlug::parse(raw).map(|s| s.to_string()),
                Ok(raw.to_owned())
            );
        }
    }

    #[test]
    fn rejects_empty_too_long_and_foreign_characters() {
        assert_eq!(TenantSlug::parse(""), Err(SlugError::Empty));
        assert_eq!(
            TenantSlug::parse(&"x".repeat(65)),
            Err(SlugError::TooLong(65))
        );
        for (raw, found, index) in [
            ("Harbor", 'H', 0),
            ("roth ira", ' ', 4),
            ("roth/ira", '/', 4),
            ("fee.s", '.', 3),
            ("费用", '费', 0),
            ("ｆees", 'ｆ', 0),
            ("a\u{202E}", '\u{202E}', 1),
        ] {
            assert_eq!(
                AttributeSlug::parse(raw),
                Err(SlugError::InvalidCharacter { found, index }),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn deserialising_enforces_the_rule() {
        assert_eq!(
            String::from(serde_json::from_str::<TenantSlug>("\"harbor\"").unwrap()),
            "harbor"
        );
        assert!(serde_json::from_str::<TenantSlug>("\"Harbor\"").is_err());
        assert_eq!(
            serde_json::to_string(&TenantSlug::parse("harbor").unwrap()).unwrap(),
            "\"harbor\""
        );
    }

    #[test]
    fn error_codes_are_stable() {
        assert_eq!(SlugError::Empty.code(), "slug_empty");
        assert_eq!(SlugError::TooLong(65).code(), "slug_too_long");
    }
}
