//! Which characters of a field lie inside some spans, so that "does this span touch one of them?" costs one step instead of a pass over every span.

use super::Span;

/// The characters covered by a set of non-empty spans, as a running count.
pub(crate) struct Coverage {
    /// `covered_before[i]`: how many of the characters `0..i` lie inside at least one span.
    covered_before: Vec<usize>,
}

impl Coverage {
    /// Built in one pass over the field (`len` characters) and one over the spans.
    pub fn new(len: usize, spans: &[Span], steps: &mut usize) -> Coverage {
        // Spans opening minus spans closing at each index; a character is covered when the running sum is positive.
        let mut delta = vec![0isize; len + 1];
        for span in spans {
            *steps += 1;
            let (start, end) = (span.start.min(len), span.end.min(len));
            if start < end {
                delta[start] += 1;
                delta[end] -= 1;
            }
        }
        let mut covered_before = Vec::with_capacity(len + 1);
        covered_before.push(0);
        let (mut open, mut covered) = (0isize, 0usize);
        for change in &delta[..len] {
            *steps += 1;
            open += change;
            if open > 0 {
                covered += 1;
            }
            covered_before.push(covered);
        }
        Coverage { covered_before }
    }

    /// Whether `span` shares a character with any of the spans (for non-empty spans, `Span::overlaps` with one of them).
    pub fn touches(&self, span: Span) -> bool {
        let count = |at: usize| {
            self.covered_before
                .get(at)
                .or(self.covered_before.last())
                .copied()
                .unwrap_or(0)
        };
        span.start < span.end && count(span.end) > count(span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touches_exactly_when_a_span_overlaps() {
        let spans = [
            Span { start: 2, end: 4 },
            Span { start: 3, end: 6 },
            Span { start: 9, end: 10 },
        ];
        let coverage = Coverage::new(10, &spans, &mut 0);
        for start in 0..10 {
            for end in start + 1..=10 {
                let span = Span { start, end };
                assert_eq!(
                    coverage.touches(span),
                    spans.iter().any(|s| s.overlaps(span)),
                    "{span:?}"
                );
            }
        }
    }
}
