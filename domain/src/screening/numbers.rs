//! Detectors for numbers that identify a person or an account: payment cards (Luhn), IBANs (mod 97), US SSNs, phone numbers and account-like digit runs.

use super::coverage::Coverage;
use super::fold::{Folded, is_word_char};
use super::{FindingKind, Span};

/// Characters that may sit between groups of one number ("4111 1111", "138-1234", "(555) 123").
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')')
}

/// A run of digit groups joined by short separators, e.g. `4111 1111 1111 1111`.
struct DigitRun {
    /// Char ranges of the digit groups.
    groups: Vec<(usize, usize)>,
    /// The separator text between group `i` and `i + 1`.
    separators: Vec<String>,
    /// Directly preceded by `+` (an international phone number).
    plus: bool,
}

impl DigitRun {
    fn span(&self) -> Span {
        let start = self.groups.first().map_or(0, |g| g.0);
        let end = self.groups.last().map_or(0, |g| g.1);
        Span { start, end }
    }

    fn lengths(&self) -> Vec<usize> {
        self.groups.iter().map(|(s, e)| e - s).collect()
    }

    /// Every digit of the run, in order (the groups hold ASCII digits only).
    fn digits(&self, text: &Folded) -> Vec<u8> {
        self.groups
            .iter()
            .flat_map(|&(s, e)| text.chars[s..e].iter())
            .filter_map(|c| c.to_digit(10).and_then(|d| u8::try_from(d).ok()))
            .collect()
    }
}

/// Maximal runs of digit groups; each character is looked at once or twice.
fn digit_runs(text: &Folded, steps: &mut usize) -> Vec<DigitRun> {
    let chars = &text.chars;
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        *steps += 1;
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let plus = i > 0 && chars[i - 1] == '+';
        let mut groups = Vec::new();
        let mut separators = Vec::new();
        loop {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                *steps += 1;
                i += 1;
            }
            groups.push((start, i));
            // Up to two separator characters, then another digit, continue the same number.
            let mut j = i;
            while j < chars.len() && j - i < 2 && is_separator(chars[j]) {
                *steps += 1;
                j += 1;
            }
            if j > i && j < chars.len() && chars[j].is_ascii_digit() {
                separators.push(chars[i..j].iter().collect());
                i = j;
            } else {
                break;
            }
        }
        runs.push(DigitRun {
            groups,
            separators,
            plus,
        });
    }
    runs
}

pub(crate) fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// Issuer prefixes of the card networks (Amex, Diners and JCB 3, Visa 4, Mastercard 5 and 2221–2720,
/// Discover and UnionPay 6); years, order numbers and phone numbers rarely start like this.
fn has_card_prefix(digits: &[u8]) -> bool {
    match digits.first() {
        Some(3..=6) => true,
        Some(2) => {
            let prefix = digits
                .iter()
                .take(4)
                .fold(0u32, |acc, &d| acc * 10 + u32::from(d));
            (2221..=2720).contains(&prefix)
        }
        _ => false,
    }
}

/// The most digits a card number has.
const CARD_MAX_DIGITS: usize = 19;
/// The fewest digits a card number has.
const CARD_MIN_DIGITS: usize = 13;

/// Card windows inside one digit run: whole groups, 13–19 digits, one kind of separator,
/// groups of 3–6 digits when separated, a card-network prefix, Luhn-valid. From each first group,
/// the longest such window wins and the search goes on after it.
///
/// Linear: from each first group the window grows over at most 19 digits (every group has one),
/// and at most the few windows of 13–19 digits among them are checked, longest first.
fn card_windows(run: &DigitRun, lengths: &[usize], digits: &[u8], steps: &mut usize) -> Vec<Span> {
    // `digit_at[g]`: the index in `digits` of group `g`'s first digit.
    let mut digit_at = Vec::with_capacity(lengths.len() + 1);
    let mut total = 0;
    for length in lengths {
        *steps += 1;
        digit_at.push(total);
        total += length;
    }
    digit_at.push(total);

    let mut found = Vec::new();
    // Windows `first..=last` worth checking for the current first group, shortest first.
    let mut candidates: Vec<usize> = Vec::with_capacity(CARD_MAX_DIGITS);
    let mut first = 0;
    'starts: while first < lengths.len() {
        candidates.clear();
        let separator = run.separators.get(first);
        let mut last = first;
        loop {
            *steps += 1;
            let count = digit_at[last + 1] - digit_at[first];
            if count > CARD_MAX_DIGITS {
                break;
            }
            if count >= CARD_MIN_DIGITS {
                candidates.push(last);
            }
            // A longer window needs the same separator throughout (no brackets) and groups of 3–6 digits.
            let next = last + 1;
            let grows = next < lengths.len()
                && (3..=6).contains(&lengths[first])
                && (3..=6).contains(&lengths[next])
                && run.separators.get(last) == separator
                && separator.is_some_and(|s| !s.contains(['(', ')']));
            if !grows {
                break;
            }
            last = next;
        }
        for &last in candidates.iter().rev() {
            let window = &digits[digit_at[first]..digit_at[last + 1]];
            *steps += window.len();
            if has_card_prefix(window) && luhn_valid(window) {
                found.push(Span {
                    start: run.groups[first].0,
                    end: run.groups[last].1,
                });
                first = last + 1;
                continue 'starts;
            }
        }
        first += 1;
    }
    found
}

fn is_ssn(run: &DigitRun, lengths: &[usize], digits: &[u8]) -> bool {
    if lengths != [3, 2, 4]
        || run.separators[0] != run.separators[1]
        || !matches!(run.separators[0].as_str(), "-" | " ")
    {
        return false;
    }
    let number = |from: usize, to: usize| {
        digits[from..to]
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d))
    };
    let (area, group, serial) = (number(0, 3), number(3, 5), number(5, 9));
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

fn is_phone(run: &DigitRun, lengths: &[usize], digits: &[u8]) -> bool {
    let count = digits.len();
    if run.plus {
        return (8..=15).contains(&count);
    }
    let chinese_mobile = |d: &[u8]| d.len() == 11 && d[0] == 1 && (3..=9).contains(&d[1]);
    if chinese_mobile(digits) && matches!(lengths, [11] | [3, 4, 4]) {
        return true;
    }
    if count == 13
        && digits.starts_with(&[8, 6])
        && chinese_mobile(&digits[2..])
        && matches!(lengths, [13] | [2, 11] | [2, 3, 4, 4])
    {
        return true;
    }
    // North American numbers written as (555) 123-4567, 555-123-4567 or 1 555 123 4567.
    matches!(lengths, [3, 3, 4]) || (matches!(lengths, [1, 3, 3, 4]) && digits[0] == 1)
}

fn is_date_like(lengths: &[usize]) -> bool {
    matches!(lengths, [4, 2, 2] | [2, 2, 4])
}

/// Minimum digits for an account-like number.
pub(crate) const ACCOUNT_MIN_DIGITS: usize = 8;

/// Cards, SSNs, phones and account-like numbers, skipping digits inside `taken` spans (IBANs, e-mails, URLs).
/// Each run is classified once, in time linear in its length; `steps` counts the card windows apart.
pub(crate) fn scan_digit_runs(
    text: &Folded,
    taken: &Coverage,
    out: &mut Vec<(FindingKind, Span)>,
    steps: &mut NumberSteps,
) {
    for run in digit_runs(text, &mut steps.numbers) {
        let span = run.span();
        steps.numbers += 1;
        if taken.touches(span) {
            continue;
        }
        let lengths = run.lengths();
        let digits = run.digits(text);
        steps.numbers += lengths.len() + digits.len();
        let count = digits.len();
        if run.plus {
            if is_phone(&run, &lengths, &digits) {
                out.push((
                    FindingKind::Phone,
                    Span {
                        start: span.start - 1,
                        end: span.end,
                    },
                ));
            } else if count >= ACCOUNT_MIN_DIGITS {
                out.push((FindingKind::AccountNumber, span));
            }
            continue;
        }
        let cards = card_windows(&run, &lengths, &digits, &mut steps.cards);
        if !cards.is_empty() {
            out.extend(
                cards
                    .into_iter()
                    .map(|span| (FindingKind::CardNumber, span)),
            );
        } else if is_ssn(&run, &lengths, &digits) {
            out.push((FindingKind::Ssn, span));
        } else if is_phone(&run, &lengths, &digits) {
            out.push((FindingKind::Phone, span));
        } else if count >= ACCOUNT_MIN_DIGITS && !is_date_like(&lengths) {
            out.push((FindingKind::AccountNumber, span));
        }
    }
}

/// Steps of the digit-run scanners: the card windows apart from the rest (runs, SSNs, phones, account-like numbers).
#[derive(Debug, Default)]
pub(crate) struct NumberSteps {
    pub cards: usize,
    pub numbers: usize,
}

/// IBAN lengths per country (SWIFT registry).
const IBAN_LENGTHS: &[(&str, usize)] = &[
    ("AD", 24),
    ("AE", 23),
    ("AL", 28),
    ("AT", 20),
    ("AZ", 28),
    ("BA", 20),
    ("BE", 16),
    ("BG", 22),
    ("BH", 22),
    ("BR", 29),
    ("BY", 28),
    ("CH", 21),
    ("CR", 22),
    ("CY", 28),
    ("CZ", 24),
    ("DE", 22),
    ("DK", 18),
    ("DO", 28),
    ("EE", 20),
    ("EG", 29),
    ("ES", 24),
    ("FI", 18),
    ("FO", 18),
    ("FR", 27),
    ("GB", 22),
    ("GE", 22),
    ("GI", 23),
    ("GL", 18),
    ("GR", 27),
    ("GT", 28),
    ("HR", 21),
    ("HU", 28),
    ("IE", 22),
    ("IL", 23),
    ("IQ", 23),
    ("IS", 26),
    ("IT", 27),
    ("JO", 30),
    ("KW", 30),
    ("KZ", 20),
    ("LB", 28),
    ("LC", 32),
    ("LI", 21),
    ("LT", 20),
    ("LU", 20),
    ("LV", 21),
    ("MC", 27),
    ("MD", 24),
    ("ME", 22),
    ("MK", 19),
    ("MR", 27),
    ("MT", 31),
    ("MU", 30),
    ("NL", 18),
    ("NO", 15),
    ("PK", 24),
    ("PL", 28),
    ("PS", 29),
    ("PT", 25),
    ("QA", 29),
    ("RO", 24),
    ("RS", 22),
    ("SA", 24),
    ("SC", 31),
    ("SE", 24),
    ("SI", 19),
    ("SK", 24),
    ("SM", 27),
    ("ST", 25),
    ("SV", 28),
    ("TL", 23),
    ("TN", 24),
    ("TR", 26),
    ("UA", 29),
    ("VA", 22),
    ("VG", 24),
    ("XK", 20),
];

pub(crate) fn iban_mod97_valid(iban: &[char]) -> bool {
    if iban.len() < 5 {
        return false;
    }
    let rearranged = iban[4..].iter().chain(iban[..4].iter());
    let mut remainder: u32 = 0;
    for c in rearranged {
        let Some(value) = c.to_digit(36) else {
            return false;
        };
        remainder = if value < 10 {
            (remainder * 10 + value) % 97
        } else {
            (remainder * 100 + value) % 97
        };
    }
    remainder == 1
}

/// IBANs: a known country code, two check digits, the country's length, optionally grouped by
/// single spaces, and a valid mod-97 checksum. Linear: from each possible start (two letters, two
/// digits after a word boundary) it reads at most twice the longest IBAN (34 characters and single spaces).
pub(crate) fn scan_ibans(text: &Folded, out: &mut Vec<(FindingKind, Span)>, steps: &mut usize) {
    let chars = &text.chars;
    let mut i = 0;
    while i + 4 <= chars.len() {
        *steps += 1;
        let starts_here = chars[i].is_ascii_alphabetic()
            && chars[i + 1].is_ascii_alphabetic()
            && chars[i + 2].is_ascii_digit()
            && chars[i + 3].is_ascii_digit()
            && (i == 0 || !is_word_char(chars[i - 1]));
        let length = if starts_here {
            iban_length(chars[i], chars[i + 1])
        } else {
            None
        };
        if let Some(length) = length {
            let mut collected = Vec::with_capacity(length);
            let mut j = i;
            while j < chars.len() && collected.len() < length {
                *steps += 1;
                let c = chars[j];
                if c.is_ascii_alphanumeric() {
                    collected.push(c.to_ascii_uppercase());
                } else if !(c == ' ' && j + 1 < chars.len() && chars[j + 1].is_ascii_alphanumeric())
                {
                    break;
                }
                j += 1;
            }
            let ends_cleanly = j >= chars.len() || !is_word_char(chars[j]);
            *steps += collected.len();
            if collected.len() == length && ends_cleanly && iban_mod97_valid(&collected) {
                out.push((FindingKind::Iban, Span { start: i, end: j }));
                i = j;
                continue;
            }
        }
        i += 1;
    }
}

/// The IBAN length of a country code (either case), by binary search in the sorted table.
fn iban_length(first: char, second: char) -> Option<usize> {
    let code = [first.to_ascii_uppercase(), second.to_ascii_uppercase()];
    IBAN_LENGTHS
        .binary_search_by(|(known, _)| known.chars().cmp(code.iter().copied()))
        .ok()
        .map(|index| IBAN_LENGTHS[index].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(FindingKind, Span)> {
        let folded = Folded::new(text);
        let mut out = Vec::new();
        scan_ibans(&folded, &mut out, &mut 0);
        let taken: Vec<Span> = out.iter().map(|(_, s)| *s).collect();
        let taken = Coverage::new(folded.len(), &taken, &mut 0);
        scan_digit_runs(&folded, &taken, &mut out, &mut NumberSteps::default());
        out
    }

    #[test]
    fn luhn_and_mod97() {
        assert!(luhn_valid(&[
            4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
        ]));
        assert!(!luhn_valid(&[
            4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2
        ]));
        let iban: Vec<char> = "DE89370400440532013000".chars().collect();
        assert!(iban_mod97_valid(&iban));
        let bad: Vec<char> = "DE89370400440532013001".chars().collect();
        assert!(!iban_mod97_valid(&bad));
    }

    #[test]
    fn finds_a_spaced_card_with_its_span() {
        assert_eq!(
            kinds("card 4111 1111 1111 1111 ok"),
            [(FindingKind::CardNumber, Span { start: 5, end: 24 })]
        );
    }

    #[test]
    fn the_longest_valid_card_window_wins() {
        // Both 4111111111111111 and 4111111111111111003 are Luhn-valid: the 19 digits are the card.
        assert_eq!(
            kinds("4111 1111 1111 1111 003"),
            [(FindingKind::CardNumber, Span { start: 0, end: 23 })]
        );
        // 4111111111111111004 is not: the 16 digits are, and the last group alone is nothing.
        assert_eq!(
            kinds("4111 1111 1111 1111 004"),
            [(FindingKind::CardNumber, Span { start: 0, end: 19 })]
        );
        // The search goes on after a card: a second one in the same run is found too.
        assert_eq!(
            kinds("4111 1111 1111 1111 4111 1111 1111 1111"),
            [
                (FindingKind::CardNumber, Span { start: 0, end: 19 }),
                (FindingKind::CardNumber, Span { start: 20, end: 39 })
            ]
        );
    }

    #[test]
    fn mixed_separators_or_short_groups_make_no_card() {
        assert_eq!(
            kinds("4111 1111-1111 1111"),
            [(FindingKind::AccountNumber, Span { start: 0, end: 19 })]
        );
        assert_eq!(
            kinds("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1"),
            [(FindingKind::AccountNumber, Span { start: 0, end: 31 })]
        );
        // One group of 16 digits needs no separator rule.
        assert_eq!(
            kinds("4111111111111111"),
            [(FindingKind::CardNumber, Span { start: 0, end: 16 })]
        );
    }

    #[test]
    fn iban_countries_are_sorted_for_binary_search() {
        assert!(IBAN_LENGTHS.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert_eq!(iban_length('d', 'E'), Some(22));
        assert_eq!(iban_length('Z', 'Z'), None);
    }

    #[test]
    fn years_in_a_row_are_not_a_card() {
        let found = kinds("2019 2020 2021 2022");
        assert!(
            found.iter().all(|(k, _)| *k != FindingKind::CardNumber),
            "{found:?}"
        );
    }

    #[test]
    fn iban_with_spaces_then_a_word() {
        assert_eq!(
            kinds("IBAN DE89 3704 0044 0532 0130 00 thanks"),
            [(FindingKind::Iban, Span { start: 5, end: 32 })]
        );
    }
}
