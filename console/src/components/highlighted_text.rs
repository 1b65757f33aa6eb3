//! A review field with the screener's findings marked at their character spans (`<mark>` with the finding's name
//! for screen readers). The text itself is shown exactly as submitted: marks wrap it, never change it.

use candor_domain::{Finding, FindingKind, TextField};
use leptos::prelude::*;

use crate::components::app::Console;
use crate::i18n::finding_name;

/// The text cut at the findings' spans (Unicode scalar positions, as the screener counts): `(piece, finding)`.
/// Overlapping spans are merged into the first; spans past the end are clipped. Joining the pieces gives the text.
pub fn segments(
    text: &str,
    findings: &[Finding],
    field: TextField,
) -> Vec<(String, Option<FindingKind>)> {
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, usize, FindingKind)> = findings
        .iter()
        .filter(|finding| finding.field == field)
        .map(|finding| {
            let end = finding.span.end.min(chars.len());
            (finding.span.start.min(end), end, finding.kind)
        })
        .filter(|(start, end, _)| start < end)
        .collect();
    spans.sort_by_key(|(start, _, _)| *start);
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end, kind) in spans {
        if end <= at {
            continue;
        }
        let start = start.max(at);
        if start > at {
            pieces.push((chars[at..start].iter().collect(), None));
        }
        pieces.push((chars[start..end].iter().collect(), Some(kind)));
        at = end;
    }
    if at < chars.len() {
        pieces.push((chars[at..].iter().collect(), None));
    }
    pieces
}

#[component]
pub fn HighlightedText(text: String, findings: Vec<Finding>, field: TextField) -> impl IntoView {
    let console = expect_context::<Console>();
    let pieces = segments(&text, &findings, field);
    move || {
        let lang = console.lang.get();
        pieces
            .iter()
            .map(|(piece, kind)| match kind {
                None => view! { <span>{piece.clone()}</span> }.into_any(),
                Some(kind) => view! {
                    <mark title=finding_name(lang, *kind)>
                        {piece.clone()}
                        <span class="visually-hidden">" ["{finding_name(lang, *kind)}"]"</span>
                    </mark>
                }
                .into_any(),
            })
            .collect_view()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_domain::Span;

    fn finding(start: usize, end: usize, kind: FindingKind) -> Finding {
        Finding {
            kind,
            field: TextField::Body,
            span: Span { start, end },
            escalate: false,
        }
    }

    #[test]
    fn marks_cut_the_text_at_character_spans_and_lose_nothing() {
        let text = "我的卡号 4111 1111 1111 1111 请删除";
        let pieces = segments(
            text,
            &[finding(5, 24, FindingKind::CardNumber)],
            TextField::Body,
        );
        assert_eq!(
            pieces[1],
            (
                "4111 1111 1111 1111".to_owned(),
                Some(FindingKind::CardNumber)
            )
        );
        assert_eq!(
            pieces
                .iter()
                .map(|(piece, _)| piece.as_str())
                .collect::<String>(),
            text
        );
    }

    #[test]
    fn overlapping_and_out_of_range_spans_never_duplicate_or_panic() {
        let text = "call me at 555 0100 or mail a@b.example";
        let findings = [
            finding(11, 19, FindingKind::Phone),
            finding(15, 25, FindingKind::Repetition),
            finding(23, 400, FindingKind::Email),
            finding(5, 5, FindingKind::Url),
        ];
        let pieces = segments(text, &findings, TextField::Body);
        assert_eq!(
            pieces
                .iter()
                .map(|(piece, _)| piece.as_str())
                .collect::<String>(),
            text
        );
        assert!(
            segments(text, &findings, TextField::Title)
                .iter()
                .all(|(_, kind)| kind.is_none())
        );
    }
}
