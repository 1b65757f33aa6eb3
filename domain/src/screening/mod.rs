//! Automatic screening, the first moderation stage (cargo feature `screening`, edge only): detectors with character spans, and the outcome rule (below).
//!
//! Screening decides automatically only what is certain (valid card numbers, valid IBANs, link
//! spam); every other finding holds the review for a moderator. It never sees the star value.

mod coverage;
mod fold;
mod hostile;
mod links;
mod numbers;
mod words;

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::moderation::{Decision, ReasonCode};

pub use crate::findings::{Finding, FindingKind, Span, TextField};
use crate::review::ValidReview;

pub use hostile::{HOSTILE_KINDS, hostile_input};

use coverage::Coverage;
use fold::Folded;
use numbers::NumberSteps;
use words::Lexicon;

/// The automatic stage's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ScreeningOutcome {
    /// No findings: straight to `compliance_review`.
    Pass,
    /// Findings a person must judge: the review waits at `screening` for a moderator.
    Hold { findings: Vec<Finding> },
    /// Certain: rejected with a reason code; all findings are kept for the record.
    AutoReject {
        reason: ReasonCode,
        findings: Vec<Finding>,
    },
}

impl ScreeningOutcome {
    pub fn findings(&self) -> &[Finding] {
        match self {
            ScreeningOutcome::Pass => &[],
            ScreeningOutcome::Hold { findings } | ScreeningOutcome::AutoReject { findings, .. } => {
                findings
            }
        }
    }

    /// Whether a customer-service case must be opened (independently of publication).
    pub fn opens_escalation(&self) -> bool {
        self.findings().iter().any(|finding| finding.escalate)
    }

    /// What the screener asks `moderation::decide` for (with `Actor::screener()`); `None` holds.
    pub fn decision(&self) -> Option<(Decision, Option<ReasonCode>)> {
        match self {
            ScreeningOutcome::Pass => Some((Decision::Pass, None)),
            ScreeningOutcome::Hold { .. } => None,
            ScreeningOutcome::AutoReject { reason, .. } => Some((Decision::Reject, Some(*reason))),
        }
    }
}

/// The texts a review publishes, and nothing else: no rating, no contact e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenedText<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub nickname: &'a str,
    pub segment: Option<&'a str>,
}

impl<'a> From<&'a ValidReview> for ScreenedText<'a> {
    fn from(review: &'a ValidReview) -> Self {
        ScreenedText {
            title: &review.title,
            body: &review.body,
            nickname: &review.nickname,
            segment: review.segment.as_deref(),
        }
    }
}

/// Screens a parsed review against the fingerprints (see `content_fingerprint`) of reviews
/// already submitted for the same product. Only the texts are read, never the rating.
pub fn screen(review: &ValidReview, known_fingerprints: &[String]) -> ScreeningOutcome {
    screen_text(ScreenedText::from(review), known_fingerprints)
}

/// `screen` on the texts alone.
pub fn screen_text(text: ScreenedText<'_>, known_fingerprints: &[String]) -> ScreeningOutcome {
    screen_text_counting(text, known_fingerprints).0
}

/// The work each scanner did, summed over the fields, counted in its inner loops: one step is
/// about one character read (or one table look-up). Screening is linear: on any text each count stays
/// below a small constant times the number of characters (see the `linear` tests).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps {
    /// Folding the text (full-width, digits of other scripts, case).
    pub fold: usize,
    pub iban: usize,
    /// Card windows (Luhn) inside digit runs.
    pub card: usize,
    /// Digit runs and their classification: SSN-like, phone, account-like.
    pub number: usize,
    pub email: usize,
    pub url: usize,
    /// Link spam over all fields (links and promotional wording).
    pub link_spam: usize,
    pub promotional: usize,
    pub profanity: usize,
    pub complaint: usize,
    pub shouting: usize,
    pub repetition: usize,
    pub duplicate: usize,
}

impl Steps {
    /// Each scanner's count, by name.
    pub fn by_scanner(&self) -> [(&'static str, usize); 13] {
        [
            ("fold", self.fold),
            ("iban", self.iban),
            ("card", self.card),
            ("number", self.number),
            ("email", self.email),
            ("url", self.url),
            ("link_spam", self.link_spam),
            ("promotional", self.promotional),
            ("profanity", self.profanity),
            ("complaint", self.complaint),
            ("shouting", self.shouting),
            ("repetition", self.repetition),
            ("duplicate", self.duplicate),
        ]
    }
}

/// The linear bound on screening: no scanner takes more than this many steps per character of the screened
/// fields, counted over all fields plus one (link spam is judged once, even over empty fields).
pub const STEPS_PER_CHAR: usize = 64;

impl Steps {
    /// The first scanner (name and count) over the linear bound for `chars` characters over all fields, if any.
    pub fn over_linear_bound(&self, chars: usize) -> Option<(&'static str, usize)> {
        let bound = STEPS_PER_CHAR * (chars + 1);
        self.by_scanner()
            .into_iter()
            .find(|(_, count)| *count > bound)
    }
}

/// `screen_text`, also answering how many steps each scanner took.
pub fn screen_text_counting(
    text: ScreenedText<'_>,
    known_fingerprints: &[String],
) -> (ScreeningOutcome, Steps) {
    let mut steps = Steps::default();
    let fields = [
        (TextField::Title, Some(text.title)),
        (TextField::Body, Some(text.body)),
        (TextField::Nickname, Some(text.nickname)),
        (TextField::Segment, text.segment),
    ];
    let mut findings = Vec::new();
    let mut links = Vec::new();
    let mut promotions = Vec::new();
    for (field, value) in fields {
        let Some(value) = value else { continue };
        let scan = scan_field(value, &mut steps);
        let push = |findings: &mut Vec<Finding>, kind: FindingKind, span: Span| {
            findings.push(Finding {
                kind,
                field,
                span,
                escalate: kind == FindingKind::Complaint,
            })
        };
        for (kind, span) in scan.findings {
            push(&mut findings, kind, span);
        }
        links.extend(scan.urls.iter().map(|span| (field, *span)));
        promotions.extend(scan.promotions.iter().map(|span| (field, *span)));
    }

    // Link spam is judged over all fields together.
    steps.link_spam += 1;
    let spam_at = match (links.get(2), links.first(), promotions.first()) {
        (Some(third), _, _) => Some(*third),
        (None, Some(_), Some(promotion)) => Some(*promotion),
        _ => None,
    };
    if let Some((field, span)) = spam_at {
        findings.push(Finding {
            kind: FindingKind::LinkSpam,
            field,
            span,
            escalate: false,
        });
    }

    if !text.body.is_empty() {
        let fingerprint = content_fingerprint(text.body);
        // Normalising, lowercasing, normalising again, collapsing spaces and hashing: five linear passes,
        // then one comparison per known fingerprint.
        steps.duplicate += 5 * text.body.len() + known_fingerprints.len();
        if known_fingerprints.contains(&fingerprint) {
            findings.push(Finding {
                kind: FindingKind::Duplicate,
                field: TextField::Body,
                span: Span {
                    start: 0,
                    end: text.body.chars().count(),
                },
                escalate: false,
            });
        }
    }

    findings.sort_by_key(|f| (f.field, f.span.start, f.span.end, f.kind));
    findings.dedup();
    (outcome(findings), steps)
}

fn outcome(findings: Vec<Finding>) -> ScreeningOutcome {
    if findings.is_empty() {
        return ScreeningOutcome::Pass;
    }
    // Personal information outranks spam: it is the reason the author most needs to know.
    let reason = findings
        .iter()
        .filter_map(|f| f.kind.automatic_rejection())
        .min();
    match reason {
        Some(reason) => ScreeningOutcome::AutoReject { reason, findings },
        None => ScreeningOutcome::Hold { findings },
    }
}

struct FieldScan {
    findings: Vec<(FindingKind, Span)>,
    urls: Vec<Span>,
    promotions: Vec<Span>,
}

struct Lexicons {
    profanity: Lexicon,
    complaint: Lexicon,
    promotional: Lexicon,
}

fn lexicons() -> &'static Lexicons {
    static LEXICONS: OnceLock<Lexicons> = OnceLock::new();
    LEXICONS.get_or_init(|| Lexicons {
        profanity: Lexicon::parse(&[
            include_str!("../../data/profanity-en.txt"),
            include_str!("../../data/profanity-zh.txt"),
        ]),
        complaint: Lexicon::parse(&[
            include_str!("../../data/complaint-en.txt"),
            include_str!("../../data/complaint-zh.txt"),
        ]),
        promotional: Lexicon::parse(&[
            include_str!("../../data/promotional-en.txt"),
            include_str!("../../data/promotional-zh.txt"),
        ]),
    })
}

fn scan_field(value: &str, steps: &mut Steps) -> FieldScan {
    let folded = Folded::new(value);
    steps.fold += folded.len();
    let mut findings = Vec::new();

    numbers::scan_ibans(&folded, &mut findings, &mut steps.iban);
    let emails = links::scan_emails(&folded, &mut steps.email);
    let urls = links::scan_urls(&folded, &emails, &mut steps.url);
    findings.extend(emails.iter().map(|span| (FindingKind::Email, *span)));
    findings.extend(urls.iter().map(|span| (FindingKind::Url, *span)));
    let taken: Vec<Span> = findings.iter().map(|(_, span)| *span).collect();
    let taken = Coverage::new(folded.len(), &taken, &mut steps.number);
    let mut number_steps = NumberSteps::default();
    numbers::scan_digit_runs(&folded, &taken, &mut findings, &mut number_steps);
    steps.card += number_steps.cards;
    steps.number += number_steps.numbers;

    let lexicons = lexicons();
    findings.extend(
        lexicons
            .profanity
            .find(&folded, &mut steps.profanity)
            .into_iter()
            .map(|span| (FindingKind::Profanity, span)),
    );
    findings.extend(
        lexicons
            .complaint
            .find(&folded, &mut steps.complaint)
            .into_iter()
            .map(|span| (FindingKind::Complaint, span)),
    );
    if words::is_shouting(value, &mut steps.shouting) {
        findings.push((
            FindingKind::Shouting,
            Span {
                start: 0,
                end: folded.len(),
            },
        ));
    }
    findings.extend(
        words::repetitions(&folded, &mut steps.repetition)
            .into_iter()
            .map(|span| (FindingKind::Repetition, span)),
    );
    let promotions = lexicons.promotional.find(&folded, &mut steps.promotional);
    FieldScan {
        findings,
        urls,
        promotions,
    }
}

/// A stable fingerprint of a text for exact-duplicate detection: SHA-256 (lowercase hex) of the
/// intake-normalised text, lowercased, with every run of whitespace collapsed to one space.
/// The caller stores it with the review and passes the product's known fingerprints to `screen`.
pub fn content_fingerprint(text: &str) -> String {
    // Lowercasing can un-normalise (e.g. İ + a combining mark), so compose again afterwards: found by the fuzzer.
    let normalized = crate::text::normalize(&crate::text::normalize(text).to_lowercase());
    let canonical = normalized.split_whitespace().collect::<Vec<_>>().join(" ");
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(body: &str) -> ScreeningOutcome {
        screen_text(
            ScreenedText {
                title: "Title",
                body,
                nickname: "Sam",
                segment: None,
            },
            &[],
        )
    }

    #[test]
    fn fingerprint_survives_lowercasing_that_unnormalises() {
        // Found by `cargo xtask fuzz`: İ lowercases to i + U+0307, which must be re-ordered after U+0859.
        let text = "\u{130}\u{859}";
        assert_eq!(
            content_fingerprint(text),
            content_fingerprint(&text.to_lowercase())
        );
    }

    #[test]
    fn clean_text_passes() {
        assert_eq!(
            body("The fees are low and the advisers answer quickly."),
            ScreeningOutcome::Pass
        );
        assert_eq!(
            body("费用很低，顾问回复很快，整体体验不错。"),
            ScreeningOutcome::Pass
        );
    }

    #[test]
    fn a_card_number_is_rejected_for_personal_information() {
        let outcome = body("My card 4111-1111-1111-1111 was charged.");
        assert_eq!(
            outcome.decision(),
            Some((Decision::Reject, Some(ReasonCode::PersonalInformation)))
        );
        assert_eq!(
            outcome.findings()[0]
                .span
                .slice("My card 4111-1111-1111-1111 was charged."),
            "4111-1111-1111-1111"
        );
    }

    #[test]
    fn complaints_hold_and_escalate() {
        let outcome = body("They froze my account and never answered, I want a refund.");
        assert!(matches!(outcome, ScreeningOutcome::Hold { .. }));
        assert!(outcome.opens_escalation());
    }

    #[test]
    fn duplicates_are_found_by_fingerprint() {
        let text = "Same text   as before, word for word.";
        let known = vec![content_fingerprint("same TEXT as before, word for word.")];
        let outcome = screen_text(
            ScreenedText {
                title: "t",
                body: text,
                nickname: "n",
                segment: None,
            },
            &known,
        );
        assert_eq!(
            outcome
                .findings()
                .iter()
                .map(|f| f.kind)
                .collect::<Vec<_>>(),
            [FindingKind::Duplicate]
        );
    }

    #[test]
    fn fingerprint_is_sha256_hex() {
        assert_eq!(
            content_fingerprint("  abc "),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn outcomes_serialise_with_a_tag() {
        let outcome = body("mail me at a@b.co please, thanks a lot");
        let json = serde_json::to_string(&outcome).unwrap();
        assert!(
            json.starts_with(r#"{"outcome":"hold","findings":[{"kind":"email","field":"body""#),
            "{json}"
        );
        assert_eq!(
            serde_json::from_str::<ScreeningOutcome>(&json).unwrap(),
            outcome
        );
    }

    #[test]
    fn kind_codes_round_trip() {
        for kind in FindingKind::ALL {
            assert_eq!(FindingKind::parse(kind.code()), Some(kind));
        }
    }
}

/// Screening is linear: step counts on hostile texts, never wall time.
#[cfg(test)]
mod linear {
    use super::*;

    /// No scanner takes more than this many steps per character of the screened fields.
    const K: usize = STEPS_PER_CHAR;

    fn steps_on(body: &str) -> (ScreeningOutcome, Steps, usize) {
        let text = ScreenedText {
            title: "t",
            body,
            nickname: "n",
            segment: None,
        };
        let (outcome, steps) = screen_text_counting(text, &[]);
        (outcome, steps, body.chars().count() + 2)
    }

    #[test]
    fn every_scanner_is_bounded_by_k_steps_per_character() {
        for kind in HOSTILE_KINDS {
            for chars in [5_000, 10_000] {
                let body = hostile_input(kind, chars).unwrap();
                let (_, steps, n) = steps_on(&body);
                for (scanner, count) in steps.by_scanner() {
                    assert!(
                        count <= K * n,
                        "{scanner} took {count} steps on {chars} characters of {kind}"
                    );
                }
            }
        }
    }

    #[test]
    fn doubling_the_input_at_most_about_doubles_the_steps() {
        for kind in HOSTILE_KINDS {
            let (_, short, _) = steps_on(&hostile_input(kind, 5_000).unwrap());
            let (_, long, _) = steps_on(&hostile_input(kind, 10_000).unwrap());
            for ((scanner, five), (_, ten)) in short.by_scanner().into_iter().zip(long.by_scanner())
            {
                assert!(
                    ten * 10 <= five * 22,
                    "{scanner} on {kind}: {five} steps for 5,000 characters, {ten} for 10,000"
                );
            }
        }
    }

    #[test]
    fn a_card_after_the_old_pathological_digit_groups_is_still_found() {
        for kind in ["digit_groups", "short_digit_groups", "mixed_separators"] {
            let card = "4111 1111 1111 1111";
            let filler = hostile_input(kind, 5_000 - card.len() - 6).unwrap();
            let body = format!("{filler} card {card}");
            assert_eq!(body.chars().count(), 5_000);
            let (outcome, steps, n) = steps_on(&body);
            let expected = Finding {
                kind: FindingKind::CardNumber,
                field: TextField::Body,
                span: Span {
                    start: 5_000 - card.len(),
                    end: 5_000,
                },
                escalate: false,
            };
            assert!(
                outcome.findings().contains(&expected),
                "{kind}: {outcome:?}"
            );
            assert_eq!(
                outcome.decision(),
                Some((Decision::Reject, Some(ReasonCode::PersonalInformation)))
            );
            assert!(steps.card <= K * n, "{kind}: {steps:?}");
        }
    }

    #[test]
    fn steps_are_counted_by_every_scanner() {
        let (_, steps, _) = steps_on(&hostile_input("prose", 1_000).unwrap());
        for (scanner, count) in steps.by_scanner() {
            assert!(count > 0, "{scanner} counted nothing");
        }
    }
}
