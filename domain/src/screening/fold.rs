//! Folds text one character to one character (so indices stay valid spans) into the form the detectors read: full-width ASCII to ASCII, other decimal digits to ASCII digits, odd spaces and quotes to plain ones, lowercase.

/// The folded text: `chars[i]` is the folded form of the original's `i`-th Unicode scalar value.
pub(crate) struct Folded {
    pub chars: Vec<char>,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        Folded {
            chars: text.chars().map(fold).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether `pattern` (already folded) occurs at `at`.
    pub fn matches_at(&self, at: usize, pattern: &[char]) -> bool {
        self.chars
            .get(at..at + pattern.len())
            .is_some_and(|window| window == pattern)
    }
}

pub(crate) fn fold(c: char) -> char {
    let c = match c {
        // Full-width forms of ASCII ('！'..='～').
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{0660}'..='\u{0669}' => char::from_u32(u32::from(c) - 0x0660 + 0x30).unwrap_or(c),
        '\u{06F0}'..='\u{06F9}' => char::from_u32(u32::from(c) - 0x06F0 + 0x30).unwrap_or(c),
        '\u{0966}'..='\u{096F}' => char::from_u32(u32::from(c) - 0x0966 + 0x30).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\t' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
        '\u{FE6B}' => '@',
        '\u{3002}' | '\u{FF61}' => '.',
        other => other,
    };
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

pub(crate) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_one_to_one() {
        let folded = Folded::new("４１１１　Ｖｉｓａ İ ١٢٣");
        assert_eq!(folded.chars.iter().collect::<String>(), "4111 visa İ 123");
        assert_eq!(folded.len(), "４１１１　Ｖｉｓａ İ ١٢٣".chars().count());
    }
}
