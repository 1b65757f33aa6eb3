//! The review form, rendered by the edge inside the first view's form region: every field the domain asks for, the
//! tenant's captcha box, Submit and Cancel, the form's status line and the thanks shown once it is sent. The browser
//! adopts this very markup (`form_control`, feature `csr`): the wasm builds no HTML and carries none of its strings.
//!
//! Data attributes the behaviour relies on: `data-field` on each field (errors land in its `.field-error`),
//! `data-testid="form-status"` (its `data-state` marks the interactive form), `data-testid="thanks"`,
//! `data-testid="captcha"`, `data-candor-close-form` (the loader closes the region).

use candor_domain::dto::AttributeQuestion;
use candor_domain::review::{BODY_MAX, NICKNAME_MAX, SEGMENT_MAX, TITLE_MAX};
use leptos::prelude::*;

use crate::components::form_field::{CheckField, ErrorSlot, Field};
use crate::components::star_input::StarInput;
use crate::i18n::Lang;

#[component]
pub fn ReviewForm(lang: Lang, attributes: Vec<AttributeQuestion>) -> impl IntoView {
    let t = lang.form_strings();
    let questions = attributes
        .into_iter()
        .map(|question| {
            view! { <StarInput t=t name=["attr-", &question.key].concat() legend=question.label/> }
        })
        .collect_view();
    let relationships = [
        ("", "—"),
        ("client", t.relationship_client),
        ("non_client", t.relationship_non_client),
        ("employee", t.relationship_employee),
    ];
    let incentives = [
        ("none", t.incentive_none),
        ("free_product", t.incentive_free_product),
        ("discount", t.incentive_discount),
        ("payment", t.incentive_payment),
        ("sweepstakes", t.incentive_sweepstakes),
        ("other", t.incentive_other),
    ];
    let options = |choices: &[(&'static str, &'static str)], selected: &str| {
        choices
            .iter()
            .map(|(value, label)| {
                view! { <option value=*value selected={*value == selected}>{*label}</option> }
            })
            .collect_view()
    };
    view! {
        <p class="notice success" role="status" data-testid="thanks" hidden>{t.thanks}</p>
        <form class="review-form" novalidate>
            <h3>{t.form_heading}</h3>
            <div class="fields">
                <StarInput t=t name="rating".to_owned() legend=t.overall_rating.to_owned()/>
                {questions}
                <fieldset class="choice" data-field="would_recommend">
                    <legend>{t.recommend_question}</legend>
                    <label><input type="radio" name="recommend" value="yes" aria-describedby="err-would_recommend"/>{t.yes}</label>
                    <label><input type="radio" name="recommend" value="no" aria-describedby="err-would_recommend"/>{t.no}</label>
                    <ErrorSlot name="would_recommend".to_owned()/>
                </fieldset>
                <Field name="relationship" label=t.relationship>
                    <select name="relationship" aria-describedby="err-relationship">{options(&relationships, "")}</select>
                </Field>
                <Field name="incentive" label=t.incentive>
                    <select name="incentive" aria-describedby="err-incentive">{options(&incentives, "none")}</select>
                </Field>
                <Field name="title" label=t.title>
                    <input name="title" aria-describedby="err-title" maxlength=TITLE_MAX.to_string()/>
                </Field>
                <Field name="body" label=t.body>
                    <textarea name="body" rows="5" aria-describedby="err-body" maxlength=BODY_MAX.to_string()></textarea>
                    <span class="counter" aria-live="polite"></span>
                </Field>
                <Field name="nickname" label=t.nickname>
                    <input name="nickname" aria-describedby="err-nickname" autocomplete="nickname" maxlength=NICKNAME_MAX.to_string()/>
                </Field>
                <Field name="segment" label=t.segment optional=t.optional>
                    <input name="segment" aria-describedby="err-segment" maxlength=SEGMENT_MAX.to_string()/>
                </Field>
                <Field name="contact_email" label=t.contact_email optional=t.optional>
                    <input name="contact_email" aria-describedby="err-contact_email" type="email" autocomplete="email"/>
                </Field>
                <CheckField name="contact_consent" label=t.contact_consent/>
                <CheckField name="terms_accepted" label=t.terms/>
            </div>
            <div class="actions">
                <div class="captcha" data-testid="captcha"></div>
                <button type="submit">{t.submit}</button>
                <button type="button" class="secondary" data-candor-close-form="">{t.cancel}</button>
                <p class="notice" role="status" data-testid="form-status"></p>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use candor_domain::dto::AttributeQuestion;
    use leptos::prelude::*;

    use super::ReviewForm;
    use crate::i18n::Lang;

    fn form(attributes: Vec<AttributeQuestion>) -> String {
        view! { <ReviewForm lang=Lang::En attributes=attributes/> }.to_html()
    }

    #[test]
    fn one_star_group_per_attribute_with_escaped_labels() {
        let html = form(vec![AttributeQuestion {
            key: "fees".into(),
            label: "<script>".into(),
        }]);
        assert!(html.contains(r#"data-field="attr-fees""#), "{html}");
        assert!(
            html.contains("&lt;script&gt;") && !html.contains("<script>"),
            "{html}"
        );
        assert_eq!(html.matches(r#"id="rating-"#).count(), 5);
        assert_eq!(html.matches(r#"id="attr-fees-"#).count(), 5);
        assert!(html.contains(r#"aria-describedby="err-attr-fees""#));
    }

    #[test]
    fn every_field_has_its_error_slot_and_the_form_its_status_and_thanks() {
        let html = form(Vec::new());
        for name in [
            "rating",
            "would_recommend",
            "relationship",
            "incentive",
            "title",
            "body",
            "nickname",
            "segment",
            "contact_email",
            "contact_consent",
            "terms_accepted",
        ] {
            assert!(
                html.contains(&format!(r#"id="err-{name}""#)),
                "{name}: {html}"
            );
            assert!(html.contains(&format!(r#"data-field="{name}""#)), "{name}");
        }
        assert!(
            html.contains(r#"data-testid="form-status""#)
                && html.contains(r#"data-testid="thanks""#)
        );
        assert!(html.contains(r#"value="none" selected"#), "{html}");
        assert!(html.contains("Submit review") && html.contains("(optional)"));
    }
}
