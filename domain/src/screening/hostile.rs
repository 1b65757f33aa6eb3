//! Hostile inputs (and one ordinary review) for the screener's linearity test and `cargo xtask bench`: each kind aims at one scanner's worst case, cut to an exact number of characters.

/// The kinds of hostile text, by name, each a repeated pattern (or a generated word).
pub const HOSTILE_KINDS: [&str; 16] = [
    "digit_groups",
    "short_digit_groups",
    "mixed_separators",
    "long_digit_run",
    "mixed_scripts",
    "long_word",
    "emails",
    "links",
    "slash_words",
    "shouting",
    "lexicon_prefixes",
    "repetitions",
    "iban_like",
    "bare_domains_and_emails",
    "cards_and_phones",
    "prose",
];

/// One hostile text of exactly `chars` Unicode scalar values; `None` for an unknown kind.
pub fn hostile_input(kind: &str, chars: usize) -> Option<String> {
    let pattern: &str = match kind {
        // The old card scanner tried every pair of groups of one digit run.
        "digit_groups" => "1234 5678 ",
        "short_digit_groups" => "1 2-3 45 6 ",
        // Separators that join a number and ones that do not, with a no-break space (folded to a space).
        "mixed_separators" => "12-34.56/78 90\u{a0}12-3 (45) 6/7.8 ",
        "long_digit_run" => "4111111111111111",
        // Latin, CJK, Cyrillic, Arabic-Indic and full-width digits, which fold to ASCII digits.
        "mixed_scripts" => "abc 好评 привет \u{661}\u{662}\u{663}\u{664} ４５６７ ٥ Ｖｉｓａ 1 ",
        "long_word" => return Some(long_word(chars)),
        "emails" => "a.b@c.d@e.co@",
        "links" => "http://www.x http www. https:// x.com/ ",
        // Each word is a possible bare domain followed by a path that runs to the end of the text.
        "slash_words" => "a/!",
        "shouting" => "THIS BANK IS BAD AND SLOW ",
        "lexicon_prefixes" => "refun charge chargedd f*c 退 scam",
        "repetitions" => "!!!!!!!!!! ab ",
        "iban_like" => "DE89 3704 0044 ",
        "bare_domains_and_emails" => "x.com a@b.co ",
        "cards_and_phones" => {
            "card 4111 1111 1111 1111, call (555) 123-4567 or +44 20 7946 0958; ssn 123-45-6789. "
        }
        // An ordinary review with a little of everything, for comparison.
        "prose" => {
            "The fees are low and the app is fine, 好评! But they froze my account in 2023 and I want a refund. "
        }
        _ => return None,
    };
    Some(pattern.chars().cycle().take(chars).collect())
}

/// Letters with no space and no repeated unit: a pseudo-random lowercase word.
fn long_word(chars: usize) -> String {
    let mut state: u32 = 0x2545_f491;
    (0..chars)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            char::from(b'a' + u8::try_from(state % 26).unwrap_or(0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_the_exact_length() {
        for kind in HOSTILE_KINDS {
            for chars in [5_000, 10_000] {
                let text = hostile_input(kind, chars).unwrap();
                assert_eq!(text.chars().count(), chars, "{kind}");
            }
        }
        assert_eq!(hostile_input("nope", 10), None);
    }
}
