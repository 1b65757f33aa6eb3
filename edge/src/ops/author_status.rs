//! What the author of a review sees of it (status and withdraw answer the same): its stage, the public reason code
//! and the statement of reasons in the language asked for with `?locale=en|zh-CN` (English by default).

use candor_domain::dto::ReviewStatus;
use candor_domain::{Locale, ReasonCode, Stage};
use worker::Url;

/// The language of the statement of reasons: `?locale=` when it names one, English otherwise.
pub fn locale_of(url: &Url) -> Locale {
    url.query_pairs()
        .find(|(name, _)| name == "locale")
        .and_then(|(_, value)| Locale::parse(&value))
        .unwrap_or(Locale::En)
}

/// The author's view of a review.
pub fn view(
    locale: Locale,
    review_id: &str,
    stage: Stage,
    reason_code: Option<String>,
) -> ReviewStatus {
    let reason = reason_code
        .as_deref()
        .and_then(ReasonCode::parse)
        .map(|reason| reason.statement(locale).to_owned());
    ReviewStatus {
        id: review_id.to_owned(),
        stage,
        reason_code,
        reason,
    }
}
