//! The widget's languages: one string table per locale (`en.rs`, `zh_cn.rs`), picked by the embed's `data-locale`.

mod en;
mod zh_cn;

use candor_domain::ValidationCode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    ZhCn,
}

impl Lang {
    /// `zh`, `zh-CN`, `zh-Hans…` → Chinese; everything else → English.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }

    /// The locale the API stores with a review.
    pub fn api_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    #[cfg(feature = "ssr")]
    pub fn first_view_strings(self) -> &'static FirstViewStrings {
        match self {
            Lang::En => &en::FIRST_VIEW,
            Lang::ZhCn => &zh_cn::FIRST_VIEW,
        }
    }

    #[cfg(feature = "ssr")]
    pub fn form_strings(self) -> &'static FormStrings {
        match self {
            Lang::En => &en::FORM,
            Lang::ZhCn => &zh_cn::FORM,
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status_strings(self) -> &'static StatusStrings {
        match self {
            Lang::En => &en::STATUS,
            Lang::ZhCn => &zh_cn::STATUS,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &en::STRINGS,
            Lang::ZhCn => &zh_cn::STRINGS,
        }
    }
}

/// Every visible string of the widget. Adding a field forces every locale to translate it.
pub struct Strings {
    pub body_counter: fn(usize, usize) -> String,
    pub submitting: &'static str,
    pub retry: &'static str,
    pub offline: &'static str,
    pub fix_errors: &'static str,
    pub validation: fn(ValidationCode) -> &'static str,
    pub api_error: fn(&str) -> &'static str,
    // --- Read side (issue 6): the interactive reviews list (the first view's own strings are in `FirstViewStrings`). ---
    /// "Showing only 4-star reviews."
    pub filtered_by: fn(u8) -> String,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub report_choose: &'static str,
    pub report_thanks: &'static str,
    pub report_already: &'static str,
    pub helpful_already: &'static str,
}

/// Strings of the review form's markup, rendered by the edge (`components::review_form`): the wasm adopts that
/// form and carries none of them. Adding a field forces every locale to translate it.
#[cfg(feature = "ssr")]
pub struct FormStrings {
    pub star_label: fn(u8) -> String,
    pub form_heading: &'static str,
    pub overall_rating: &'static str,
    pub recommend_question: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub relationship: &'static str,
    pub relationship_client: &'static str,
    pub relationship_non_client: &'static str,
    pub relationship_employee: &'static str,
    pub incentive: &'static str,
    pub incentive_none: &'static str,
    pub incentive_free_product: &'static str,
    pub incentive_discount: &'static str,
    pub incentive_payment: &'static str,
    pub incentive_sweepstakes: &'static str,
    pub incentive_other: &'static str,
    pub title: &'static str,
    pub body: &'static str,
    pub nickname: &'static str,
    pub segment: &'static str,
    pub optional: &'static str,
    pub contact_email: &'static str,
    pub contact_consent: &'static str,
    pub terms: &'static str,
    pub submit: &'static str,
    /// Closes the form without sending (the draft is kept).
    pub cancel: &'static str,
    pub thanks: &'static str,
}

/// Strings of the visitor's status line, rendered by the edge inside its status frame (never in the wasm).
/// Adding a field forces every locale to translate it.
#[cfg(feature = "ssr")]
pub struct StatusStrings {
    /// The frame's accessible name.
    pub frame_title: &'static str,
    pub status_label: &'static str,
    pub stage_screening: &'static str,
    pub stage_compliance_review: &'static str,
    pub stage_owner_review: &'static str,
    pub stage_published: &'static str,
    pub stage_rejected: &'static str,
    pub stage_withdrawn: &'static str,
    pub withdraw: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_yes: &'static str,
    pub withdraw_no: &'static str,
    pub revise: &'static str,
    pub revise_heading: &'static str,
    /// Withdrawing failed (network, or the edge refused): nothing changed.
    pub action_failed: &'static str,
}

/// Strings only the edge's first view uses (read side, issue 6): kept out of the `Strings` table so they are not in
/// the browser's wasm. Adding a field forces every locale to translate it.
#[cfg(feature = "ssr")]
pub struct FirstViewStrings {
    /// Which population the scores count (the tenant's aggregate rule).
    pub population_all: &'static str,
    pub population_independent: &'static str,
    pub how_heading: &'static str,
    /// Collection, verification, moderation, all ratings published, incentives, sort order.
    pub how_items: [&'static str; 6],
    /// Accessible name of a histogram bar that filters the list: stars, count.
    pub histogram_filter: fn(u8, u64) -> String,
    pub reviews_heading: &'static str,
    pub sort_label: &'static str,
    pub sort_newest: &'static str,
    pub sort_highest: &'static str,
    pub sort_lowest: &'static str,
    pub sort_helpful: &'static str,
    pub language_label: &'static str,
    pub language_all: &'static str,
    pub clear_filter: &'static str,
    pub load_more: &'static str,
    /// Opens a review body clamped to four lines, and closes it again.
    pub read_more: &'static str,
    pub show_less: &'static str,
    pub report_heading: &'static str,
    pub report_intro: &'static str,
    pub report_reason: &'static str,
    pub report_send: &'static str,
    pub report_cancel: &'static str,
    /// A reason code the edge accepts for a flag, as the visitor reads it.
    pub reason_label: fn(&str) -> &'static str,
    pub no_matching: &'static str,
    pub badge_client: &'static str,
    pub badge_non_client: &'static str,
    pub badge_employee: &'static str,
    pub badge_incentive: &'static str,
    pub badge_verified: &'static str,
    pub recommends: &'static str,
    pub not_recommends: &'static str,
    pub firm_response: &'static str,
    pub helpful: &'static str,
    pub report: &'static str,
    /// A calendar date: year, month 1–12, day 1–31.
    pub date: fn(i64, u32, u32) -> String,
    // Moved from `Strings` (read side, issue 6): only the first view shows the summary.
    pub heading: &'static str,
    pub out_of_five: &'static str,
    pub reviews_count: fn(u64) -> String,
    pub no_reviews_yet: &'static str,
    pub would_recommend: fn(u8) -> String,
    pub write_review: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_chinese_for_zh_tags_only() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::ZhCn);
        assert_eq!(Lang::from_tag("zh"), Lang::ZhCn);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn every_report_reason_has_its_own_label_in_every_locale() {
        for lang in [Lang::En, Lang::ZhCn] {
            let mut seen = std::collections::HashSet::new();
            for reason in candor_domain::ReasonCode::ALL
                .into_iter()
                .filter(|reason| reason.is_for_rejection())
            {
                assert!(seen.insert((lang.first_view_strings().reason_label)(reason.code())));
            }
        }
    }

    #[test]
    fn every_captcha_refusal_is_translated_in_every_locale() {
        for lang in [Lang::En, Lang::ZhCn] {
            let t = lang.strings();
            let fallback = (t.api_error)("no_such_code");
            for code in ["captcha_required", "captcha_failed", "already_revised"] {
                assert_ne!((t.api_error)(code), fallback, "{lang:?}: {code}");
            }
        }
    }

    #[test]
    fn every_validation_code_is_translated_in_every_locale() {
        use ValidationCode::*;
        let codes = [
            Required,
            TooShort,
            TooLong,
            OutOfRange,
            InvalidChoice,
            ForbiddenCharacter,
            UnknownAttribute,
            InvalidEmail,
            ConsentRequired,
            TermsNotAccepted,
        ];
        for lang in [Lang::En, Lang::ZhCn] {
            let mut seen = std::collections::HashSet::new();
            for code in codes {
                let text = (lang.strings().validation)(code);
                assert!(!text.is_empty());
                assert!(
                    seen.insert(text),
                    "{lang:?}: two codes share the text {text}"
                );
            }
        }
    }
}
