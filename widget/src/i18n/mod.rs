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

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &en::STRINGS,
            Lang::ZhCn => &zh_cn::STRINGS,
        }
    }
}

/// Every visible string of the widget. Adding a field forces every locale to translate it.
pub struct Strings {
    pub heading: &'static str,
    pub out_of_five: &'static str,
    pub reviews_count: fn(u64) -> String,
    pub no_reviews_yet: &'static str,
    pub would_recommend: fn(u8) -> String,
    pub star_label: fn(u8) -> String,
    pub histogram_label: fn(u8, u64) -> String,
    pub write_review: &'static str,
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
    pub body_counter: fn(usize, usize) -> String,
    pub nickname: &'static str,
    pub segment: &'static str,
    pub optional: &'static str,
    pub contact_email: &'static str,
    pub contact_consent: &'static str,
    pub terms: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub retry: &'static str,
    pub offline: &'static str,
    pub thanks: &'static str,
    pub fix_errors: &'static str,
    pub status_label: &'static str,
    pub stage_screening: &'static str,
    pub stage_compliance_review: &'static str,
    pub stage_owner_review: &'static str,
    pub stage_published: &'static str,
    pub stage_rejected: &'static str,
    pub stage_withdrawn: &'static str,
    pub validation: fn(ValidationCode) -> &'static str,
    pub api_error: fn(&str) -> &'static str,
    pub withdraw: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_yes: &'static str,
    pub withdraw_no: &'static str,
    pub revise: &'static str,
    pub revise_heading: &'static str,
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
