//! The review form: every field the domain asks for, validated by `candor_domain` before sending, errors inline by code.

use std::collections::BTreeMap;

use candor_domain::dto::AttributeQuestion;
use candor_domain::review::{BODY_MAX, NICKNAME_MAX, TITLE_MAX};
use candor_domain::{ReviewDraft, ValidationCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::Embed;
use crate::client::{self, ClientError};
use crate::components::app::dispatch;
use crate::components::star_input::StarInput;
use crate::i18n::Strings;
use crate::storage;

#[derive(Clone, Copy, Debug, PartialEq)]
enum FormState {
    Editing,
    Sending,
    /// Network down or 5xx: the draft and its idempotency key are kept for a retry.
    Offline,
    Refused(&'static str),
    Done,
}

#[component]
pub fn ReviewForm(embed: Embed, attributes: Vec<AttributeQuestion>) -> impl IntoView {
    let lang = embed.lang;
    let t = lang.strings();
    let rating = RwSignal::new(0u8);
    let attribute_ratings: Vec<(AttributeQuestion, RwSignal<u8>)> = attributes
        .into_iter()
        .map(|question| (question, RwSignal::new(0u8)))
        .collect();
    let recommend = RwSignal::new(None::<bool>);
    let relationship = RwSignal::new(String::new());
    let incentive = RwSignal::new("none".to_owned());
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let nickname = RwSignal::new(String::new());
    let segment = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let terms = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<(String, &'static str)>::new());
    let state = RwSignal::new(FormState::Editing);
    let idempotency_key = StoredValue::new(None::<String>);

    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            errors.with(|all| {
                all.iter()
                    .find(|(f, _)| f == field)
                    .map(|(_, message)| *message)
            })
        })
    };

    let keys_and_ratings = attribute_ratings.clone();
    let build_draft = move || ReviewDraft {
        rating: (rating.get_untracked() > 0).then(|| i64::from(rating.get_untracked())),
        attributes: keys_and_ratings
            .iter()
            .filter(|(_, value)| value.get_untracked() > 0)
            .map(|(question, value)| (question.key.clone(), i64::from(value.get_untracked())))
            .collect::<BTreeMap<_, _>>(),
        would_recommend: recommend.get_untracked(),
        title: nfc(&title.get_untracked()),
        body: nfc(&body.get_untracked()),
        nickname: nfc(&nickname.get_untracked()),
        segment: Some(nfc(&segment.get_untracked())).filter(|s| !s.trim().is_empty()),
        relationship: relationship.get_untracked(),
        incentive: incentive.get_untracked(),
        locale: lang.api_tag().to_owned(),
        contact_email: Some(email.get_untracked()).filter(|e| !e.trim().is_empty()),
        contact_consent: consent.get_untracked(),
        terms_accepted: terms.get_untracked(),
    };
    let attribute_keys: Vec<String> = attribute_ratings
        .iter()
        .map(|(q, _)| q.key.clone())
        .collect();
    let embed = StoredValue::new(embed);

    let on_submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        if state.get_untracked() == FormState::Sending {
            return;
        }
        let draft = build_draft();
        let keys: Vec<&str> = attribute_keys.iter().map(String::as_str).collect();
        if let Err(invalid) = draft.validate(&keys) {
            errors.set(
                invalid
                    .0
                    .iter()
                    .map(|e| (e.field.clone(), (t.validation)(e.code)))
                    .collect(),
            );
            state.set(FormState::Refused(t.fix_errors));
            return;
        }
        errors.set(Vec::new());
        state.set(FormState::Sending);
        // The same key is reused for every retry of this draft, so the edge stores it exactly once.
        let key = idempotency_key
            .get_value()
            .unwrap_or_else(client::new_idempotency_key);
        idempotency_key.set_value(Some(key.clone()));
        let embed = embed.get_value();
        spawn_local(async move {
            match client::submit(&embed.api, &embed.tenant, &embed.product, &draft, &key).await {
                Ok(accepted) => {
                    storage::save_status(
                        &embed.tenant,
                        &embed.product,
                        &accepted.id,
                        &accepted.status_token,
                    );
                    idempotency_key.set_value(None);
                    state.set(FormState::Done);
                    dispatch(&embed.host, "candor:submitted");
                }
                Err(ClientError::Unavailable) => state.set(FormState::Offline),
                Err(ClientError::Refused(body)) => {
                    let field_errors: Vec<(String, &'static str)> = body
                        .error
                        .fields
                        .iter()
                        .map(|f| (f.field.clone(), translate_code(t, &f.code)))
                        .collect();
                    if field_errors.is_empty() {
                        // A refusal that no edit can fix: a new submission needs a new key.
                        idempotency_key.set_value(None);
                        state.set(FormState::Refused((t.api_error)(&body.error.code)));
                    } else {
                        errors.set(field_errors);
                        state.set(FormState::Refused(t.fix_errors));
                    }
                }
            }
        });
    };

    view! {
        <Show
            when=move || state.get() != FormState::Done
            fallback=move || view! { <p class="notice success" role="status" data-testid="thanks">{t.thanks}</p> }
        >
            <form class="review-form" novalidate on:submit=on_submit.clone()>
                <h3>{t.form_heading}</h3>
                <StarInput name="rating".to_owned() legend=t.overall_rating.to_owned() value=rating lang=lang error=error_for("rating")/>
                {attribute_ratings.iter().map(|(question, value)| view! {
                    <StarInput name=format!("attr-{}", question.key) legend=question.label.clone() value=*value lang=lang/>
                }).collect_view()}
                <fieldset class="choice" data-field="would_recommend">
                    <legend>{t.recommend_question}</legend>
                    <label><input type="radio" name="recommend" value="yes" on:change=move |_| recommend.set(Some(true))/>{t.yes}</label>
                    <label><input type="radio" name="recommend" value="no" on:change=move |_| recommend.set(Some(false))/>{t.no}</label>
                    <FieldError message=error_for("would_recommend")/>
                </fieldset>
                <label class="field" data-field="relationship">
                    <span>{t.relationship}</span>
                    <select name="relationship" on:change=move |ev| relationship.set(event_target_value(&ev))>
                        <option value="" selected>"—"</option>
                        <option value="client">{t.relationship_client}</option>
                        <option value="non_client">{t.relationship_non_client}</option>
                        <option value="employee">{t.relationship_employee}</option>
                    </select>
                    <FieldError message=error_for("relationship")/>
                </label>
                <label class="field" data-field="incentive">
                    <span>{t.incentive}</span>
                    <select name="incentive" on:change=move |ev| incentive.set(event_target_value(&ev))>
                        <option value="none" selected>{t.incentive_none}</option>
                        <option value="free_product">{t.incentive_free_product}</option>
                        <option value="discount">{t.incentive_discount}</option>
                        <option value="payment">{t.incentive_payment}</option>
                        <option value="sweepstakes">{t.incentive_sweepstakes}</option>
                        <option value="other">{t.incentive_other}</option>
                    </select>
                    <FieldError message=error_for("incentive")/>
                </label>
                <label class="field" data-field="title">
                    <span>{t.title}</span>
                    <input name="title" maxlength=TITLE_MAX on:input=move |ev| title.set(event_target_value(&ev)) prop:value=move || title.get()/>
                    <FieldError message=error_for("title")/>
                </label>
                <label class="field" data-field="body">
                    <span>{t.body}</span>
                    <textarea name="body" rows="5" maxlength=BODY_MAX on:input=move |ev| body.set(event_target_value(&ev)) prop:value=move || body.get()></textarea>
                    <span class="counter" aria-live="polite">{move || (t.body_counter)(body.with(|b| b.chars().count()), BODY_MAX)}</span>
                    <FieldError message=error_for("body")/>
                </label>
                <label class="field" data-field="nickname">
                    <span>{t.nickname}</span>
                    <input name="nickname" maxlength=NICKNAME_MAX on:input=move |ev| nickname.set(event_target_value(&ev)) prop:value=move || nickname.get()/>
                    <FieldError message=error_for("nickname")/>
                </label>
                <label class="field" data-field="segment">
                    <span>{t.segment}" ("{t.optional}")"</span>
                    <input name="segment" on:input=move |ev| segment.set(event_target_value(&ev)) prop:value=move || segment.get()/>
                    <FieldError message=error_for("segment")/>
                </label>
                <label class="field" data-field="contact_email">
                    <span>{t.contact_email}" ("{t.optional}")"</span>
                    <input name="contact_email" type="email" autocomplete="email" on:input=move |ev| email.set(event_target_value(&ev)) prop:value=move || email.get()/>
                    <FieldError message=error_for("contact_email")/>
                </label>
                <label class="check" data-field="contact_consent">
                    <input type="checkbox" name="contact_consent" on:change=move |ev| consent.set(event_target_checked(&ev))/>
                    <span>{t.contact_consent}</span>
                </label>
                <FieldError message=error_for("contact_consent")/>
                <label class="check" data-field="terms_accepted">
                    <input type="checkbox" name="terms_accepted" on:change=move |ev| terms.set(event_target_checked(&ev))/>
                    <span>{t.terms}</span>
                </label>
                <FieldError message=error_for("terms_accepted")/>
                <div class="actions">
                    <button type="submit" disabled=move || state.get() == FormState::Sending>
                        {move || match state.get() {
                            FormState::Sending => t.submitting,
                            FormState::Offline => t.retry,
                            _ => t.submit,
                        }}
                    </button>
                    <p class="notice" role="status" data-testid="form-status">
                        {move || match state.get() {
                            FormState::Offline => t.offline,
                            FormState::Refused(message) => message,
                            _ => "",
                        }}
                    </p>
                </div>
            </form>
        </Show>
    }
}

#[component]
fn FieldError(message: Signal<Option<&'static str>>) -> impl IntoView {
    view! {
        {move || message.get().map(|text| view! { <span class="field-error" role="alert">{text}</span> })}
    }
}

fn translate_code(t: &'static Strings, code: &str) -> &'static str {
    ValidationCode::parse(code).map_or_else(|| (t.api_error)(code), t.validation)
}

/// Unicode NFC through the browser's `String.normalize` (the Rust normaliser stays out of the widget).
fn nfc(text: &str) -> String {
    js_sys::JsString::from(text)
        .normalize("NFC")
        .as_string()
        .unwrap_or_else(|| text.to_owned())
}
