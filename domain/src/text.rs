//! Intake rules for visitor text: NFC normalisation (feature `nfc`), trimming, and refusal of control and bidi-override characters.
//!
//! This is parsing, not editing: it runs once at intake, and the stored text never changes afterwards.

use crate::validation::ValidationCode;

/// Normalises to NFC (when the `nfc` feature is on) and trims surrounding whitespace.
/// Without the feature the caller (the widget) has already normalised with the browser's `String.normalize`.
pub fn normalize(raw: &str) -> String {
    #[cfg(feature = "nfc")]
    {
        use unicode_normalization::UnicodeNormalization;
        raw.nfc().collect::<String>().trim().to_owned()
    }
    #[cfg(not(feature = "nfc"))]
    {
        raw.trim().to_owned()
    }
}

/// Length in Unicode scalar values, the unit of every length rule.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Characters refused in every text a person types, visitor or staff (reviews, notes, names, labels, e-mails, the
/// disclosure): control characters (except `\n` where allowed) and bidi overrides/isolates, which can make a text
/// read otherwise than it is stored.
pub fn is_forbidden(c: char, newline_allowed: bool) -> bool {
    if c == '\n' {
        return !newline_allowed;
    }
    c.is_control() || is_bidi_control(c)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Checks a normalised text against a length range and the character rules.
pub fn check(
    text: &str,
    min: usize,
    max: usize,
    newline_allowed: bool,
) -> Result<(), ValidationCode> {
    let len = char_len(text);
    if len == 0 && min > 0 {
        return Err(ValidationCode::Required);
    }
    if len < min {
        return Err(ValidationCode::TooShort);
    }
    if len > max {
        return Err(ValidationCode::TooLong);
    }
    if text.chars().any(|c| is_forbidden(c, newline_allowed)) {
        return Err(ValidationCode::ForbiddenCharacter);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_scalar_values_not_bytes() {
        assert_eq!(char_len("费用很低"), 4);
        assert_eq!(char_len("👍🏽"), 2);
    }

    #[test]
    fn trims_but_keeps_inner_newlines() {
        assert_eq!(normalize("  a\nb  "), "a\nb");
    }

    #[cfg(feature = "nfc")]
    #[test]
    fn composes_to_nfc() {
        assert_eq!(normalize("e\u{301}"), "\u{e9}");
    }

    #[test]
    fn refuses_bidi_override_and_controls() {
        assert_eq!(
            check("abc\u{202E}def", 1, 10, true),
            Err(ValidationCode::ForbiddenCharacter)
        );
        assert_eq!(
            check("abc\u{7}", 1, 10, true),
            Err(ValidationCode::ForbiddenCharacter)
        );
        assert_eq!(
            check("a\nb", 1, 10, false),
            Err(ValidationCode::ForbiddenCharacter)
        );
        assert_eq!(check("a\nb", 1, 10, true), Ok(()));
    }

    #[test]
    fn enforces_bounds() {
        assert_eq!(check("", 1, 10, false), Err(ValidationCode::Required));
        assert_eq!(check("ab", 3, 10, false), Err(ValidationCode::TooShort));
        assert_eq!(check("abcd", 1, 3, false), Err(ValidationCode::TooLong));
    }
}
