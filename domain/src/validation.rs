//! Validation error codes, field by field: stable machine codes for the API and the widget's string tables, English messages for logs and API clients.

use serde::{Deserialize, Serialize};

/// Why one field was refused. The `code()` strings are a public contract (API + widget i18n).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ValidationCode {
    #[error("this field is required")]
    Required,
    #[error("this text is too short")]
    TooShort,
    #[error("this text is too long")]
    TooLong,
    #[error("a rating must be a whole number from 1 to 5")]
    OutOfRange,
    #[error("this value is not one of the allowed choices")]
    InvalidChoice,
    #[error("control characters and text-direction overrides are not allowed")]
    ForbiddenCharacter,
    #[error("this product does not ask about that attribute")]
    UnknownAttribute,
    #[error("this is not a valid e-mail address")]
    InvalidEmail,
    #[error("consent is required to store a contact e-mail")]
    ConsentRequired,
    #[error("the terms must be accepted")]
    TermsNotAccepted,
}

impl ValidationCode {
    pub const ALL: [ValidationCode; 10] = [
        ValidationCode::Required,
        ValidationCode::TooShort,
        ValidationCode::TooLong,
        ValidationCode::OutOfRange,
        ValidationCode::InvalidChoice,
        ValidationCode::ForbiddenCharacter,
        ValidationCode::UnknownAttribute,
        ValidationCode::InvalidEmail,
        ValidationCode::ConsentRequired,
        ValidationCode::TermsNotAccepted,
    ];

    /// The code for a machine code string as sent by the API, if it is one.
    pub fn parse(code: &str) -> Option<ValidationCode> {
        ValidationCode::ALL
            .into_iter()
            .find(|known| known.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            ValidationCode::Required => "required",
            ValidationCode::TooShort => "too_short",
            ValidationCode::TooLong => "too_long",
            ValidationCode::OutOfRange => "out_of_range",
            ValidationCode::InvalidChoice => "invalid_choice",
            ValidationCode::ForbiddenCharacter => "forbidden_character",
            ValidationCode::UnknownAttribute => "unknown_attribute",
            ValidationCode::InvalidEmail => "invalid_email",
            ValidationCode::ConsentRequired => "consent_required",
            ValidationCode::TermsNotAccepted => "terms_not_accepted",
        }
    }
}

/// One refused field: which field (a JSON path such as `body` or `attributes.fees`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub code: ValidationCode,
}

/// Every refused field of one draft, in field order; never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} field(s) are invalid", .0.len())]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn codes_for(&self, field: &str) -> Vec<ValidationCode> {
        self.0
            .iter()
            .filter(|error| error.field == field)
            .map(|error| error.code)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for code in ValidationCode::ALL {
            assert_eq!(ValidationCode::parse(code.code()), Some(code));
            let json = format!("\"{}\"", code.code());
            assert_eq!(
                serde_json::from_str::<ValidationCode>(&json).ok(),
                Some(code)
            );
        }
        assert_eq!(ValidationCode::parse("negative"), None);
    }
}
