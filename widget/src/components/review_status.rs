//! The visitor's own review as its author sees it: the stage in plain words, the statement of reasons after a
//! rejection, **Withdraw** (with a confirm step) while the review is not final, and **Revise** after a fixable
//! rejection. Rendered by the edge inside the visitor's status frame (`status_frame`), never in the host page.
//!
//! The frame's script (`widget/loader/frame.js`) only shows and hides the parts marked `data-part` and reads the
//! buttons' `data-action`; it never builds markup. The statement of reasons is the edge's text, escaped like any text.

use candor_domain::dto::ReviewStatus;
use candor_domain::{ReasonCode, Stage};
use leptos::prelude::*;

use crate::i18n::{Lang, StatusStrings};

#[component]
pub fn ReviewStatusLine(lang: Lang, status: ReviewStatus) -> impl IntoView {
    let t = lang.status_strings();
    let stage = status.stage;
    let fixable = stage == Stage::Rejected
        && status
            .reason_code
            .as_deref()
            .and_then(ReasonCode::parse)
            .is_some_and(ReasonCode::is_fixable);
    let withdraw = stage.author_may_withdraw().then(|| {
        view! {
            <button type="button" class="link" data-action="withdraw" data-testid="withdraw">{t.withdraw}</button>
            <span data-part="confirm" hidden>
                <span>{t.withdraw_confirm}</span>
                " "
                <button type="button" data-action="withdraw-confirm" data-testid="withdraw-confirm">{t.withdraw_yes}</button>
                " "
                <button type="button" class="link" data-action="withdraw-keep" data-testid="withdraw-keep">{t.withdraw_no}</button>
            </span>
        }
    });
    let revise = fixable.then(|| {
        view! { <button type="button" data-action="revise" data-testid="revise">{t.revise}</button> }
    });
    let actions = (withdraw.is_some() || revise.is_some()).then(|| {
        view! { <p class="status-actions" data-part="actions">{withdraw}{revise}</p> }
    });
    view! {
        <div class="notice status-line" data-testid="review-status" data-stage=stage.as_str()>
            <p>{t.status_label}": "<strong>{stage_text(t, stage)}</strong></p>
            {status.reason.map(|reason| view! { <p class="reason" data-testid="status-reason">{reason}</p> })}
            <p data-part="revising" hidden><strong>{t.revise_heading}</strong></p>
            {actions}
            <p class="error" role="alert" data-part="failed" hidden>{t.action_failed}</p>
        </div>
    }
}

fn stage_text(t: &StatusStrings, stage: Stage) -> &'static str {
    match stage {
        Stage::Screening => t.stage_screening,
        Stage::ComplianceReview => t.stage_compliance_review,
        Stage::OwnerReview => t.stage_owner_review,
        Stage::Published => t.stage_published,
        Stage::Rejected => t.stage_rejected,
        Stage::Withdrawn => t.stage_withdrawn,
    }
}

#[cfg(test)]
mod tests {
    use candor_domain::dto::ReviewStatus;
    use candor_domain::{Locale, ReasonCode, Stage};

    use crate::i18n::Lang;

    fn line(stage: Stage, reason: Option<ReasonCode>) -> String {
        crate::status_line(
            Lang::En.api_tag(),
            &ReviewStatus {
                id: "r1".into(),
                stage,
                reason_code: reason.map(|reason| reason.code().to_owned()),
                reason: reason.map(|reason| reason.statement(Locale::En).to_owned()),
            },
        )
    }

    #[test]
    fn offers_withdraw_until_final_and_revise_only_after_a_fixable_rejection() {
        let waiting = line(Stage::ComplianceReview, None);
        assert!(waiting.contains("in compliance review"), "{waiting}");
        assert!(waiting.contains(r#"data-action="withdraw""#));
        assert!(waiting.contains(r#"data-action="withdraw-confirm""#));
        assert!(!waiting.contains(r#"data-action="revise""#));
        let fixable = line(Stage::Rejected, Some(ReasonCode::OffTopic));
        assert!(fixable.contains(r#"data-action="revise""#) && !fixable.contains("withdraw"));
        assert!(fixable.contains("does not describe"), "{fixable}");
        let final_reason = line(Stage::Rejected, Some(ReasonCode::Duplicate));
        assert!(!final_reason.contains("data-action"));
        let withdrawn = line(Stage::Withdrawn, Some(ReasonCode::WithdrawnByAuthor));
        assert!(!withdrawn.contains("data-action"));
    }

    #[test]
    fn the_statement_of_reasons_is_escaped() {
        let html = crate::status_line(
            "en",
            &ReviewStatus {
                id: "r1".into(),
                stage: Stage::Rejected,
                reason_code: None,
                reason: Some("<img src=x onerror=alert(1)>".into()),
            },
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img"), "{html}");
    }
}
