//! Fuzzing without nightly: proptest over parsing and screening with arbitrary Unicode, digit runs with separators and mixed scripts; asserts no panics and the invariants. Never slow by default.
//!
//! `CANDOR_FUZZ_CASES` sets the number of cases per property (default 256, so `cargo test` stays
//! fast); `cargo xtask fuzz` sets it high.

use std::collections::BTreeMap;

use candor_domain::review::{BODY_MAX, BODY_MIN, NICKNAME_MAX, SEGMENT_MAX, TITLE_MAX};
use candor_domain::text::{char_len, is_forbidden};
use candor_domain::{ProductSlug, ReviewDraft, ValidReview};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("CANDOR_FUZZ_CASES")
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        // Shrinking a 5,000-character counterexample takes long; a failure is reported either way.
        max_shrink_iters: 2_000,
        ..ProptestConfig::with_cases(cases)
    }
}

/// Any Unicode scalar values, controls and bidi overrides included.
fn arbitrary_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter)
}

fn digit_in_some_script() -> impl Strategy<Value = char> {
    (0u32..10, 0usize..4).prop_map(|(d, script)| {
        let base = [0x30, 0xFF10, 0x0660, 0x06F0][script];
        char::from_u32(base + d).unwrap_or('0')
    })
}

/// Digit groups joined by the separators people type between them.
fn digit_run() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::collection::vec(digit_in_some_script(), 1..8),
            prop::sample::select(vec![
                "", " ", "-", "  ", "　", "－", "(", ") ", ".", "/", "+",
            ]),
        ),
        1..6,
    )
    .prop_map(|groups| {
        groups
            .into_iter()
            .map(|(digits, separator)| format!("{}{separator}", String::from_iter(digits)))
            .collect()
    })
}

const FRAGMENTS: &[&str] = &[
    "fees",
    "service",
    " ",
    "\n",
    "。",
    "，",
    "费用",
    "服务很好",
    "退款",
    "傻逼",
    "fuck",
    "refund",
    "@",
    ".",
    "..",
    "com",
    ".cn",
    "http://",
    "https://",
    "www.",
    "+86",
    "+",
    "138",
    "IBAN ",
    "DE89",
    "GB82WEST",
    "4111",
    "1111",
    "-",
    "👍🏽",
    "👨\u{200D}👩",
    "\u{202E}",
    "\u{2066}",
    "\u{200F}",
    "\u{0}",
    "\r",
    "\t",
    "e\u{301}",
    "İ",
    "ß",
    "Ǆ",
    "ＡＢＣ",
    "１２３",
    "٤٥٦",
    "!!!!",
    "HELLO ",
    "promo code",
    "加微信",
    "a.com ",
    "x@y.co ",
    "123-45-6789",
    "\u{FEFF}",
    "\u{10FFFF}",
    "ﷺ",
];

/// Mixed scripts and pieces that sit on detector boundaries, glued in random order.
fn mixed_text(max_pieces: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
            2 => digit_run(),
            1 => arbitrary_text(6),
        ],
        0..max_pieces,
    )
    .prop_map(|pieces| pieces.concat())
}

fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![arbitrary_text(max), mixed_text(max / 4 + 1)]
}

fn any_draft() -> impl Strategy<Value = ReviewDraft> {
    (
        (
            prop::option::of(-3i64..9),
            prop::collection::btree_map(
                prop::sample::select(vec!["fees", "advice", "colour", ""]).prop_map(str::to_owned),
                -1i64..7,
                0..3,
            ),
            prop::option::of(any::<bool>()),
            any_text(160),
            prop_oneof![any_text(400), "x{4990,5010}"],
            any_text(50),
        ),
        (
            prop::option::of(any_text(50)),
            prop::sample::select(vec!["client", "non_client", "employee", "", "Client"]),
            prop::sample::select(vec!["none", "discount", "payment", "bribe"]),
            prop::sample::select(vec!["en", "zh-CN", "fr", ""]),
            prop::option::of(any_text(30)),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (rating, attributes, would_recommend, title, body, nickname),
                (segment, relationship, incentive, locale, contact_email, consent, terms),
            )| ReviewDraft {
                rating,
                attributes: attributes.into_iter().collect::<BTreeMap<_, _>>(),
                would_recommend,
                title,
                body,
                nickname,
                segment,
                relationship: relationship.to_owned(),
                incentive: incentive.to_owned(),
                locale: locale.to_owned(),
                contact_email,
                contact_consent: consent,
                terms_accepted: terms,
            },
        )
}

fn assert_text_rule(text: &str, min: usize, max: usize, newline: bool) {
    let len = char_len(text);
    assert!((min..=max).contains(&len), "{len} not in {min}..={max}");
    assert!(!text.chars().any(|c| is_forbidden(c, newline)));
    assert_eq!(text, text.trim());
}

fn assert_valid_review(review: &ValidReview) {
    assert_text_rule(&review.title, 1, TITLE_MAX, false);
    assert_text_rule(&review.body, BODY_MIN, BODY_MAX, true);
    assert_text_rule(&review.nickname, 1, NICKNAME_MAX, false);
    if let Some(segment) = &review.segment {
        assert_text_rule(segment, 1, SEGMENT_MAX, false);
    }
    assert!(
        review
            .attributes
            .keys()
            .all(|k| ["fees", "advice"].contains(&k.as_str()))
    );
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parsing_never_panics_and_valid_means_every_rule_holds(draft in any_draft()) {
        match draft.validate(&["fees", "advice"]) {
            Ok(review) => assert_valid_review(&review),
            Err(errors) => prop_assert!(!errors.0.is_empty()),
        }
    }

    #[test]
    fn json_intake_never_panics(json in prop_oneof![
        arbitrary_text(200),
        any_draft().prop_map(|d| serde_json::to_string(&d).unwrap_or_default()),
    ]) {
        if let Ok(draft) = serde_json::from_str::<ReviewDraft>(&json) {
            let _ = draft.validate(&["fees"]);
        }
    }

    #[test]
    fn slugs_accept_only_their_alphabet(raw in any_text(80)) {
        if let Ok(slug) = ProductSlug::parse(&raw) {
            prop_assert!((1..=64).contains(&slug.as_str().len()));
            prop_assert!(slug.as_str().bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')));
        }
    }
}

#[cfg(feature = "screening")]
mod screening {
    use super::*;
    use candor_domain::screening::{
        FindingKind, ScreenedText, ScreeningOutcome, TextField, content_fingerprint, screen,
        screen_text,
    };
    use candor_domain::{Rating, ReasonCode};

    fn check_outcome(
        text: ScreenedText<'_>,
        outcome: &ScreeningOutcome,
    ) -> Result<(), TestCaseError> {
        for finding in outcome.findings() {
            let field = match finding.field {
                TextField::Title => text.title,
                TextField::Body => text.body,
                TextField::Nickname => text.nickname,
                TextField::Segment => text.segment.unwrap_or(""),
            };
            prop_assert!(finding.span.start < finding.span.end, "{finding:?}");
            prop_assert!(
                finding.span.end <= char_len(field),
                "{finding:?} beyond {}",
                char_len(field)
            );
            prop_assert_eq!(finding.escalate, finding.kind == FindingKind::Complaint);
        }
        let automatic: Vec<ReasonCode> = outcome
            .findings()
            .iter()
            .filter_map(|f| f.kind.automatic_rejection())
            .collect();
        match outcome {
            ScreeningOutcome::Pass => prop_assert!(outcome.findings().is_empty()),
            ScreeningOutcome::Hold { findings } => {
                prop_assert!(!findings.is_empty());
                prop_assert!(automatic.is_empty());
            }
            ScreeningOutcome::AutoReject { reason, .. } => {
                prop_assert!(automatic.contains(reason));
                prop_assert!(reason.is_fixable());
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn screening_never_panics_and_spans_stay_in_bounds(
            title in any_text(130),
            body in prop_oneof![any_text(600), mixed_text(400)],
            nickname in any_text(45),
            segment in prop::option::of(any_text(45)),
        ) {
            let text = ScreenedText { title: &title, body: &body, nickname: &nickname, segment: segment.as_deref() };
            let outcome = screen_text(text, &[]);
            check_outcome(text, &outcome)?;
            prop_assert_eq!(&screen_text(text, &[]), &outcome, "screening is deterministic");
        }

        #[test]
        fn digit_runs_are_classified_without_panics(
            before in mixed_text(4),
            run in digit_run(),
            after in mixed_text(4),
        ) {
            let body = format!("{before}{run}{after}");
            let text = ScreenedText { title: "t", body: &body, nickname: "n", segment: None };
            check_outcome(text, &screen_text(text, &[]))?;
        }

        #[test]
        fn the_star_value_never_changes_the_outcome(
            title in mixed_text(8),
            body in prop_oneof![mixed_text(200), any_text(600)],
            stars in 1i64..=5,
        ) {
            let draft = ReviewDraft {
                rating: Some(3),
                attributes: BTreeMap::from([("fees".to_owned(), 2)]),
                would_recommend: Some(true),
                title: format!("T{title}"),
                body: format!("{body} and this pads the body to twenty"),
                nickname: "Sam".to_owned(),
                relationship: "client".to_owned(),
                incentive: "none".to_owned(),
                locale: "en".to_owned(),
                terms_accepted: true,
                ..ReviewDraft::default()
            };
            if let Ok(review) = draft.validate(&["fees", "advice"]) {
                let known = vec![content_fingerprint(&review.body)];
                let mut other = review.clone();
                other.rating = Rating::new(stars).map_err(|e| TestCaseError::fail(e.to_string()))?;
                other.attributes.values_mut().for_each(|r| *r = other.rating);
                other.would_recommend = !review.would_recommend;
                let outcome = screen(&review, &known);
                check_outcome(ScreenedText::from(&review), &outcome)?;
                prop_assert!(outcome.findings().iter().any(|f| f.kind == FindingKind::Duplicate));
                prop_assert_eq!(outcome, screen(&other, &known));
            }
        }

        #[test]
        fn fingerprints_are_hex_and_ignore_case_and_spacing(text in any_text(300)) {
            let fingerprint = content_fingerprint(&text);
            prop_assert_eq!(fingerprint.len(), 64);
            prop_assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
            let respaced = text.split_whitespace().collect::<Vec<_>>().join("  \n ");
            prop_assert_eq!(content_fingerprint(&respaced), content_fingerprint(&text.to_lowercase()));
        }
    }
}
