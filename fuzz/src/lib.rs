//! The fuzz targets, one function per target: each takes raw bytes, runs them through a domain parser, validation
//! or the screener, and panics when an invariant breaks. The libFuzzer binaries (fuzz_targets/) and the corpus replay
//! test (tests/corpus.rs) both call these, so a committed input means the same thing in both.

use candor_domain::review::{BODY_MAX, BODY_MIN, NICKNAME_MAX, SEGMENT_MAX, TITLE_MAX};
use candor_domain::screening::{ScreenedText, content_fingerprint, screen_text_counting};
use candor_domain::settings::{TenantSettings, parse_stored};
use candor_domain::staff_requests::{
    DISCLOSURE_MAX_CHARS, DecisionRequest, DisclosurePreviewRequest, DisclosureUpdate,
    EscalationPatch, OpenEscalation, ResponseDecisionRequest, ResponseDraft,
};
use candor_domain::text::{char_len, is_forbidden};
use candor_domain::{AttributeSlug, ProductSlug, ReviewDraft, TenantSlug, ValidReview};

/// A target: raw bytes in, a panic when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target by name, as `fuzz/corpus/<name>/` and the fuzz binaries are named.
pub const TARGETS: [(&str, Target); 5] = [
    ("review_draft", review_draft),
    ("staff_requests", staff_requests),
    ("slugs", slugs),
    ("settings", settings),
    ("screening", screening),
];

/// The product attributes the drafts are validated against.
const ATTRIBUTES: [&str; 2] = ["fees", "advice"];

/// The widget's intake: the bytes as a `ReviewDraft` JSON body, then validation. A valid review keeps every text
/// rule and is screened within the linear bound.
pub fn review_draft(data: &[u8]) {
    let Some(draft) = body::<ReviewDraft>(data) else {
        return;
    };
    match draft.validate(&ATTRIBUTES) {
        Ok(review) => {
            assert_valid_review(&review);
            screen_within_bound(ScreenedText::from(&review), &[]);
        }
        Err(errors) => assert!(!errors.0.is_empty(), "a refusal names no field"),
    }
}

/// The staff write bodies: the first byte picks the type, the rest is its JSON object. A disclosure that passes the rule
/// is trimmed, bounded and free of control characters but `\n`.
pub fn staff_requests(data: &[u8]) {
    let Some((&kind, json)) = data.split_first() else {
        return;
    };
    match kind % 7 {
        0 => drop(body::<DecisionRequest>(json)),
        1 => drop(body::<ResponseDraft>(json)),
        2 => drop(body::<ResponseDecisionRequest>(json)),
        3 => drop(body::<OpenEscalation>(json)),
        4 => {
            // `"assignee": null` (unassign) must stay apart from no assignee at all (leave as is).
            let patch = body::<EscalationPatch>(json);
            let value = serde_json::from_slice::<serde_json::Value>(json);
            if let (Some(patch), Ok(serde_json::Value::Object(fields))) = (patch, value) {
                assert_eq!(
                    patch.assignee.is_some(),
                    fields.contains_key("assignee"),
                    "{patch:?}"
                );
            }
        }
        5 => {
            if let Some(update) = body::<DisclosureUpdate>(json) {
                assert_clean_disclosure(&update);
            }
        }
        _ => {
            if let Some(preview) = body::<DisclosurePreviewRequest>(json) {
                assert_clean_disclosure(&DisclosureUpdate {
                    texts: preview.texts,
                });
            }
        }
    }
}

/// The three slug types, from a raw string and from a JSON string: they agree, and an accepted slug has 1 to 64
/// characters of `a-z 0-9 - _`.
pub fn slugs(data: &[u8]) {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = [
        ProductSlug::parse(raw).map(String::from),
        TenantSlug::parse(raw).map(String::from),
        AttributeSlug::parse(raw).map(String::from),
    ];
    for slug in parsed.iter().flatten() {
        assert!((1..=64).contains(&slug.len()), "{slug:?}");
        assert!(
            slug.bytes()
                .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_')),
            "{slug:?}"
        );
    }
    let Ok(quoted) = serde_json::to_string(raw) else {
        return;
    };
    let from_json = serde_json::from_str::<ProductSlug>(&quoted).map(String::from);
    assert_eq!(from_json.ok(), parsed[0].clone().ok(), "{raw:?}");
}

/// Tenant settings: the bytes before the first 0xFF byte are the stored origins (JSON), the rest the stored settings
/// document. What the strict parse accepts has no problem and reads back the same once written; any
/// `TenantSettings` body (the admin's PUT) has its problems listed without a panic.
pub fn settings(data: &[u8]) {
    let (origins, document) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    if let Some(put) = body::<TenantSettings>(data) {
        let _ = put.problems();
    }
    let (Ok(origins), Ok(document)) = (
        std::str::from_utf8(origins),
        document.map(std::str::from_utf8).transpose(),
    ) else {
        return;
    };
    let Ok(settings) = parse_stored(origins, document) else {
        return;
    };
    assert!(settings.problems_with(true).is_empty(), "{settings:?}");
    let (Ok(origins), Ok(document)) = (
        serde_json::to_string(&settings.allowed_origins),
        serde_json::to_string(&settings),
    ) else {
        panic!("accepted settings do not serialise: {settings:?}");
    };
    match parse_stored(&origins, Some(&document)) {
        Ok(again) => assert_eq!(
            again, settings,
            "settings change when written and read back"
        ),
        Err(error) => panic!("written settings are refused: {error}\n{document}"),
    }
}

/// The screener on four fields split at 0xFF bytes (title, body, nickname, segment), with the nickname's
/// fingerprint as a known review: no panic, spans inside their field, and every scanner within the linear bound.
pub fn screening(data: &[u8]) {
    let mut fields = data
        .splitn(4, |&b| b == 0xFF)
        .map(|part| String::from_utf8_lossy(part).into_owned());
    let title = fields.next().unwrap_or_default();
    let body = fields.next().unwrap_or_default();
    let nickname = fields.next().unwrap_or_default();
    let segment = fields.next();
    let text = ScreenedText {
        title: &title,
        body: &body,
        nickname: &nickname,
        segment: segment.as_deref(),
    };
    screen_within_bound(text, &[content_fingerprint(&nickname)]);
}

/// Screens `text`, asserting the step counts stay within `STEPS_PER_CHAR` per character and every finding's span
/// lies inside its field.
fn screen_within_bound(text: ScreenedText<'_>, known: &[String]) {
    let (outcome, steps) = screen_text_counting(text, known);
    let chars = char_len(text.title)
        + char_len(text.body)
        + char_len(text.nickname)
        + text.segment.map_or(0, char_len);
    if let Some((scanner, count)) = steps.over_linear_bound(chars) {
        panic!("{scanner} took {count} steps on {chars} characters: {steps:?}");
    }
    for finding in outcome.findings() {
        let field = match finding.field {
            candor_domain::TextField::Title => text.title,
            candor_domain::TextField::Body => text.body,
            candor_domain::TextField::Nickname => text.nickname,
            candor_domain::TextField::Segment => text.segment.unwrap_or(""),
        };
        assert!(finding.span.start < finding.span.end, "{finding:?}");
        assert!(finding.span.end <= char_len(field), "{finding:?}");
    }
}

/// A request body as the edge reads one (`parse_json`): a JSON object only (serde's derived structs would also take
/// a positional array, which the edge refuses before parsing), then the type.
fn body<T: serde::de::DeserializeOwned>(json: &[u8]) -> Option<T> {
    let is_object = json.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    is_object
        .then(|| serde_json::from_slice(json).ok())
        .flatten()
}

fn assert_text_rule(text: &str, min: usize, max: usize, newline: bool) {
    let len = char_len(text);
    assert!((min..=max).contains(&len), "{len} not in {min}..={max}");
    assert!(!text.chars().any(|c| is_forbidden(c, newline)), "{text:?}");
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
            .all(|key| ATTRIBUTES.contains(&key.as_str())),
        "{review:?}"
    );
}

fn assert_clean_disclosure(update: &DisclosureUpdate) {
    let Ok(texts) = update.cleaned() else {
        return;
    };
    for text in std::iter::once(&texts.en).chain(texts.zh_cn.as_ref()) {
        assert!(!text.is_empty() && text.chars().count() <= DISCLOSURE_MAX_CHARS);
        assert_eq!(text, text.trim());
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }
}
