//! Word-level detectors: curated lexicons (profanity, complaint and promotional language, en and zh, kept as data files), shouting and repetition spam.

use super::Span;
use std::collections::BTreeMap;

use super::fold::{Folded, fold, is_word_char};

/// One curated list, parsed from a data file: `#` comments, one entry per line, a trailing `*`
/// matches longer words; ASCII entries match at word boundaries, others (Chinese) anywhere.
///
/// The entries are kept as a trie of their folded characters, so finding every entry that starts at
/// one position reads at most as many characters as the longest entry: `find` is O(n · longest entry).
pub(crate) struct Lexicon {
    /// `nodes[0]` is the root; a node's children by next (folded) character.
    nodes: Vec<Node>,
}

#[derive(Default)]
struct Node {
    children: BTreeMap<char, usize>,
    /// The entries that end here (several when the same word is listed with and without `*`).
    ends: Vec<Entry>,
}

#[derive(Clone, Copy)]
struct Entry {
    prefix: bool,
    ascii: bool,
}

impl Lexicon {
    pub fn parse(sources: &[&str]) -> Lexicon {
        let mut nodes = vec![Node::default()];
        let lines = sources
            .iter()
            .flat_map(|source| source.lines())
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'));
        for line in lines {
            let (word, prefix) = match line.strip_suffix('*') {
                Some(word) if !word.ends_with('*') => (word, true),
                _ => (line, false),
            };
            if word.is_empty() {
                continue;
            }
            let mut node = 0;
            for c in word.chars().map(fold) {
                node = match nodes[node].children.get(&c) {
                    Some(&child) => child,
                    None => {
                        nodes.push(Node::default());
                        let child = nodes.len() - 1;
                        nodes[node].children.insert(c, child);
                        child
                    }
                };
            }
            nodes[node].ends.push(Entry {
                prefix,
                ascii: word.is_ascii(),
            });
        }
        Lexicon { nodes }
    }

    /// Every occurrence, longest entry first at each position, without overlaps.
    pub fn find(&self, text: &Folded, steps: &mut usize) -> Vec<Span> {
        let chars = &text.chars;
        // `word_end[p]`: where the run of word characters starting at `p` ends (a `*` entry's match ends there).
        let mut word_end = vec![chars.len(); chars.len() + 1];
        for p in (0..chars.len()).rev() {
            *steps += 1;
            word_end[p] = if is_word_char(chars[p]) {
                word_end[p + 1]
            } else {
                p
            };
        }
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            *steps += 1;
            let mut best: Option<usize> = None;
            let mut node = 0;
            let mut next = i;
            while let Some(&child) = chars
                .get(next)
                .and_then(|c| self.nodes[node].children.get(c))
            {
                *steps += 1;
                node = child;
                next += 1;
                for entry in &self.nodes[node].ends {
                    *steps += 1;
                    let mut end = next;
                    if entry.ascii {
                        if i > 0 && is_word_char(chars[i - 1]) {
                            continue;
                        }
                        if entry.prefix {
                            end = word_end[end];
                        } else if end < chars.len() && is_word_char(chars[end]) {
                            continue;
                        }
                    }
                    best = Some(best.map_or(end, |b| b.max(end)));
                }
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
pub(crate) fn is_shouting(text: &str, steps: &mut usize) -> bool {
    let (mut upper, mut cased) = (0usize, 0usize);
    for c in text.chars() {
        *steps += 1;
        if c.is_uppercase() {
            upper += 1;
            cased += 1;
        } else if c.is_lowercase() {
            cased += 1;
        }
    }
    cased >= 20 && upper * 10 >= cased * 7
}

/// The longest repeated unit looked for.
const LONGEST_UNIT: usize = 12;

/// Runs of one repeated unit: a character 10 times or more ("!!!!!!!!!!", "好好好好好好好好好好"),
/// or a unit of 2–12 characters 6 times or more ("buy buy buy buy buy buy ", "好评好评好评…").
///
/// O(n · 12): for each unit length the comparisons never go back, the unit's content is read only
/// for a run long enough to count, and a new run is tested against the earlier ones through a
/// map of the characters they cover.
pub(crate) fn repetitions(text: &Folded, steps: &mut usize) -> Vec<Span> {
    let chars = &text.chars;
    let mut found: Vec<Span> = Vec::new();
    // Characters inside a run already found (at a shorter unit length).
    let mut covered = vec![false; chars.len()];
    for period in 1..=LONGEST_UNIT {
        let mut i = 0;
        while i + period < chars.len() {
            *steps += 1;
            let start = i;
            let mut j = i + period;
            while j < chars.len() && chars[j] == chars[j - period] {
                *steps += 1;
                j += 1;
            }
            let len = j - start;
            let repeats = len / period;
            let long_enough = if period == 1 {
                len >= 10
            } else {
                repeats >= 6 && len >= 12
            };
            // Digit runs belong to the number detectors.
            let is_spam = long_enough && {
                let unit = &chars[start..start + period];
                *steps += period;
                unit.iter()
                    .any(|c| !c.is_whitespace() && !c.is_ascii_digit())
            };
            if is_spam {
                let span = Span {
                    start,
                    end: start + repeats * period,
                };
                let overlapping = covered[span.start..span.end].iter().position(|&c| c);
                *steps += overlapping.map_or(span.len(), |at| at + 1);
                if overlapping.is_none() {
                    covered[span.start..span.end].fill(true);
                    *steps += span.len();
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
        let spans = lexicon.find(&text, &mut 0);
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
        let shouting = |text: &str| is_shouting(text, &mut 0);
        assert!(shouting("THIS BANK LOST MY TRANSFER AND NOBODY CALLS BACK"));
        assert!(!shouting("TERRIBLE"));
        assert!(!shouting("The ETF and IRA options at ABC are fine for me."));
        assert!(!shouting("费用很低，服务很好，推荐给大家使用"));
    }

    #[test]
    fn repetition_of_characters_and_units() {
        assert_eq!(
            repetitions(&Folded::new("wow!!!!!!!!!!"), &mut 0),
            [Span { start: 3, end: 13 }]
        );
        assert_eq!(
            repetitions(&Folded::new("好评好评好评好评好评好评"), &mut 0),
            [Span { start: 0, end: 12 }]
        );
        assert!(repetitions(&Folded::new("very very good, really really good"), &mut 0).is_empty());
        assert!(repetitions(&Folded::new("a          b"), &mut 0).is_empty());
    }
}
