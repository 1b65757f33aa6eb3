//! The report dialog of the reviews list: a small modal (native `<dialog>`: focus stays inside, Escape closes) with
//! the reasons the edge accepts for a flag. No `<form>`: the loader keeps form data as the review draft, and a report
//! is not a review. Rendered on the edge only; the interactive list adopts it.

use candor_domain::ReasonCode;
use leptos::prelude::*;

use crate::i18n::Lang;

#[component]
pub fn ReportDialog(lang: Lang) -> impl IntoView {
    let f = lang.first_view_strings();
    // The reasons the edge accepts for a flag: every reason code that may justify a rejection.
    let reasons = ReasonCode::ALL
        .into_iter()
        .filter(|reason| reason.is_for_rejection())
        .map(ReasonCode::code);
    view! {
        <dialog class="report-dialog" data-report-dialog="" aria-labelledby="report-heading">
            <h4 id="report-heading">{f.report_heading}</h4>
            <p>{f.report_intro}</p>
            <fieldset>
                <legend class="visually-hidden">{f.report_reason}</legend>
                {reasons.map(|code| view! {
                    <label class="reason">
                        <input type="radio" name="report-reason" value=code/>
                        {(f.reason_label)(code)}
                    </label>
                }).collect_view()}
            </fieldset>
            <p class="notice field-error" role="alert" data-report-status=""></p>
            <div class="actions">
                <button type="button" data-report-send="">{f.report_send}</button>
                <button type="button" class="secondary" data-report-cancel="">{f.report_cancel}</button>
            </div>
        </dialog>
    }
}
