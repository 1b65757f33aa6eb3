//! Word-level detectors: curated lexicons (profanity, complaint and promotional language, en and zh, kept as data files), shouting and repetition spam.

use super::Span;
use std::collections::BTreeMap;

use super::fold::{Folded, fold, is_word_char};

/// One curated list, parsed from a data file: `#` comments, one entry per line, a trailing `*`
/// matches longer words; ASCII entries match at word boundaries, others (Chinese) anywhere.
pub(crate) struct Lexicon {
    entries: Vec<Entry>,
    /// Entry indices by first (folded) character, so each position tries only plausible entries.
    by_first: BTreeMap<char, Vec<usize>>,
}

struct Entry {
    chars: Vec<char>,
    prefix: bool,
    ascii: bool,
}

impl Lexicon {
    pub fn parse(sources: &[&str]) -> Lexicon {
        let entries = sources
            .iter()
            .flat_map(|source| source.lines())
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| {
                let (word, prefix) = match line.strip_suffix('*') {
                    Some(word) if !word.ends_with('*') => (word, true),
                    _ => (line, false),
                };
                Entry {
                    chars: word.chars().map(fold).collect(),
                    prefix,
                    ascii: word.is_ascii(),
                }
            })
            .filter(|entry| !entry.chars.is_empty())
            .collect::<Vec<Entry>>();
        let mut by_first: BTreeMap<char, Vec<usize>> = BTreeMap::new();
        for (index, entry) in entries.iter().enumerate() {
            by_first.entry(entry.chars[0]).or_default().push(index);
        }
        Lexicon { entries, by_first }
    }

    /// Every occurrence, longest entry first at each position, without overlaps.
    pub fn find(&self, text: &Folded) -> Vec<Span> {
        let chars = &text.chars;
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let mut best: Option<usize> = None;
            let candidates = self.by_first.get(&chars[i]).map_or(&[][..], Vec::as_slice);
            for entry in candidates.iter().map(|&index| &self.entries[index]) {
                if !text.matches_at(i, &entry.chars) {
                    continue;
                }
                let mut end = i + entry.chars.len();
                if entry.ascii {
                    if i > 0 && is_word_char(chars[i - 1]) {
                        continue;
                    }
                    if entry.prefix {
                        while end < chars.len() && is_word_char(chars[end]) {
                            end += 1;
                        }
                    } else if end < chars.len() && is_word_char(chars[end]) {
                        continue;
                    }
                }
                best = Some(best.map_or(end, |b| b.max(end)));
            }
            match best {
                Some(end) => {
                    found.push(Span { start: i, end });
                    i = end;
                }
                None => i += 1,
            }
        }
        found
    }
}

/// Long text written mostly in capitals: at least 20 cased letters, at least 70 % of them uppercase.
pub(crate) fn is_shouting(text: &str) -> bool {
    let (mut upper, mut cased) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_uppercase() {
            upper += 1;
            cased += 1;
        } else if c.is_lowercase() {
            cased += 1;
        }
    }
    cased >= 20 && upper * 10 >= cased * 7
}

/// Runs of one repeated unit: a character 10 times or more ("!!!!!!!!!!", "好好好好好好好好好好"),
/// or a unit of 2–12 characters 6 times or more ("buy buy buy buy buy buy ", "好评好评好评…").
pub(crate) fn repetitions(text: &Folded) -> Vec<Span> {
    let chars = &text.chars;
    let mut found: Vec<Span> = Vec::new();
    for period in 1..=12usize {
        let mut i = 0;
        while i + period < chars.len() {
            let start = i;
            let mut j = i + period;
            while j < chars.len() && chars[j] == chars[j - period] {
                j += 1;
            }
            let len = j - start;
            let repeats = len / period;
            let unit = &chars[start..start + period];
            // Digit runs belong to the number detectors.
            let substantive = unit
                .iter()
                .any(|c| !c.is_whitespace() && !c.is_ascii_digit());
            let is_spam = substantive
                && if period == 1 {
                    len >= 10
                } else {
                    repeats >= 6 && len >= 12
                };
            if is_spam {
                let span = Span {
                    start,
                    end: start + repeats * period,
                };
                if !found.iter().any(|f| f.overlaps(span)) {
                    found.push(span);
                }
                i = j;
            } else {
                // Any later start inside this run ends at the same `j` with fewer repeats.
                i = j + 1 - period;
            }
        }
    }
    found.sort_by_key(|span| span.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_matches_words_and_prefixes() {
        let lexicon = Lexicon::parse(&["# c\nrefund*\ncharged twice\n退款\nf*ck"]);
        let text = Folded::new("Refunded? I was CHARGED TWICE, 要求退款. unrefundable f*ck");
        let spans = lexicon.find(&text);
        assert_eq!(
            spans,
            [
                Span { start: 0, end: 8 },
                Span { start: 16, end: 29 },
                Span { start: 33, end: 35 },
                Span { start: 50, end: 54 },
            ]
        );
    }

    #[test]
    fn shouting_needs_length_and_a_majority_of_capitals() {
        assert!(is_shouting(
            "THIS BANK LOST MY TRANSFER AND NOBODY CALLS BACK"
        ));
        assert!(!is_shouting("TERRIBLE"));
        assert!(!is_shouting(
            "The ETF and IRA options at ABC are fine for me."
        ));
        assert!(!is_shouting("费用很低，服务很好，推荐给大家使用"));
    }

    #[test]
    fn repetition_of_characters_and_units() {
        assert_eq!(
            repetitions(&Folded::new("wow!!!!!!!!!!")),
            [Span { start: 3, end: 13 }]
        );
        assert_eq!(
            repetitions(&Folded::new("好评好评好评好评好评好评")),
            [Span { start: 0, end: 12 }]
        );
        assert!(repetitions(&Folded::new("very very good, really really good")).is_empty());
        assert!(repetitions(&Folded::new("a          b")).is_empty());
    }
}
