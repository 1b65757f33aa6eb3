//! The review form: every field the domain asks for, validated by `candor_domain` before sending, errors inline by code.
//! It hands the review to the visitor's status frame to send (`client::submit`; after **Revise** in the frame the
//! frame sends it as a revision); with the tenant's Turnstile token (`captcha.rs`) when there is one, and a fresh
//! challenge after any refusal.
//!
//! Size decision: the fields are static markup built once as an escaped string (`form_markup`, shared with the
//! edge's first view) and read at submit through `FormData`; only the button, the status line and the inline
//! errors change. Typed Leptos views cost about a kilobyte of wasm per element, the string costs its bytes once.
//! Visitor text never becomes markup: labels from the API are escaped, values are set as properties.

use std::collections::BTreeMap;

use candor_domain::dto::AttributeQuestion;
use candor_domain::{ReviewDraft, ValidationCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::Embed;
use crate::captcha;
use crate::client::{self, ClientError};
use crate::components::app::dispatch;
use crate::i18n::Strings;
use crate::markup::form_markup;
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
    let state = RwSignal::new(FormState::Editing);
    // The Idempotency-Key of the pending attempt; a new one for each new review.
    let idempotency_key = StoredValue::new(None::<String>);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let captcha_ref = NodeRef::<leptos::html::Div>::new();
    let fields = form_markup(t, &attributes);
    let attribute_keys: Vec<String> = attributes.iter().map(|q| q.key.clone()).collect();
    let embed = StoredValue::new(embed);

    // Restore the draft kept from an earlier visit once the form is in the DOM (the next frame).
    request_animation_frame(move || {
        if let Some(form) = form_ref.get_untracked() {
            let embed = embed.get_value();
            if let Some(draft) = storage::load_draft(&embed.tenant, &embed.product) {
                restore(&form, &draft);
            }
            update_counter(&form, t);
            // The tenant's captcha, if it has one, beside the button.
            if let Some(container) = captcha_ref.get_untracked() {
                captcha::render(&container);
            }
        }
    });

    let on_edit = move |_: web_sys::Event| {
        if let Some(form) = form_ref.get_untracked() {
            update_counter(&form, t);
            let embed = embed.get_value();
            storage::save_draft(&embed.tenant, &embed.product, &form);
        }
    };

    let on_submit = move |event: web_sys::SubmitEvent| {
        event.prevent_default();
        let Some(form) = form_ref.get_untracked() else {
            return;
        };
        if state.get_untracked() == FormState::Sending {
            return;
        }
        let draft = read_draft(&form, &attribute_keys, lang.api_tag());
        let keys: Vec<&str> = attribute_keys.iter().map(String::as_str).collect();
        if let Err(invalid) = draft.validate(&keys) {
            let errors: Vec<(String, &'static str)> = invalid
                .0
                .iter()
                .map(|e| (e.field.clone(), (t.validation)(e.code)))
                .collect();
            show_errors(&form, &errors, true);
            state.set(FormState::Refused(t.fix_errors));
            return;
        }
        show_errors(&form, &[], false);
        state.set(FormState::Sending);
        // The same key is reused for every retry of this draft, so the edge stores it exactly once.
        let key = idempotency_key
            .get_value()
            .unwrap_or_else(client::new_idempotency_key);
        idempotency_key.set_value(Some(key.clone()));
        let embed = embed.get_value();
        let captcha_box = captcha_ref.get_untracked();
        let captcha_token = captcha_box
            .as_ref()
            .and_then(|container| captcha::token(container));
        spawn_local(async move {
            let outcome = client::submit(&embed, &draft, &key, captcha_token).await;
            // A refused token is spent: the visitor solves a fresh challenge before resending.
            if let (Err(ClientError::Refused(_)), Some(container)) = (&outcome, &captcha_box) {
                captcha::reset(container);
            }
            match outcome {
                Ok(_) => {
                    storage::clear_draft(&embed.tenant, &embed.product);
                    idempotency_key.set_value(None);
                    state.set(FormState::Done);
                    dispatch(&embed.host, "candor:submitted");
                }
                Err(ClientError::Unavailable) => state.set(FormState::Offline),
                Err(ClientError::Refused(refusal)) => {
                    let errors: Vec<(String, &'static str)> = refusal
                        .fields
                        .iter()
                        .map(|(field, code)| (field.clone(), translate_code(t, code)))
                        .collect();
                    if errors.is_empty() {
                        // A refusal that no edit can fix: a new submission needs a new key.
                        idempotency_key.set_value(None);
                        state.set(FormState::Refused((t.api_error)(&refusal.code)));
                    } else {
                        show_errors(&form, &errors, true);
                        state.set(FormState::Refused(t.fix_errors));
                    }
                }
            }
        });
    };

    let done = move || state.get() == FormState::Done;
    view! {
        <p class="notice success" role="status" data-testid="thanks" hidden=move || !done()>{t.thanks}</p>
        <form class="review-form" novalidate hidden=done node_ref=form_ref on:submit=on_submit on:input=on_edit on:change=on_edit>
            <h3>{t.form_heading}</h3>
            <div class="fields" inner_html=fields></div>
            <div class="actions">
                <div class="captcha" data-testid="captcha" node_ref=captcha_ref></div>
                <button type="submit" disabled=move || state.get() == FormState::Sending>
                    {move || match state.get() {
                        FormState::Sending => t.submitting,
                        FormState::Offline => t.retry,
                        _ => t.submit,
                    }}
                </button>
                <button type="button" class="secondary" data-candor-close-form="">{t.cancel}</button>
                <p class="notice" role="status" data-testid="form-status" data-state=move || state.get().name()>
                    {move || match state.get() {
                        FormState::Offline => t.offline,
                        FormState::Refused(message) => message,
                        _ => "",
                    }}
                </p>
            </div>
        </form>
    }
}

/// Writes each error into its field's `.field-error` slot (clearing the others), marks the control
/// `aria-invalid`, and optionally moves focus to the first refused field for keyboard and screen-reader users.
fn show_errors(form: &web_sys::HtmlFormElement, errors: &[(String, &'static str)], focus: bool) {
    let Ok(slots) = form.query_selector_all("[data-field]") else {
        return;
    };
    let mut focused = !focus;
    for index in 0..slots.length() {
        let Some(slot) = slots
            .item(index)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let name = slot.get_attribute("data-field").unwrap_or_default();
        let message = errors
            .iter()
            .find(|(field, _)| {
                *field == name
                    || field
                        .strip_prefix("attributes.")
                        .is_some_and(|key| ["attr-", key].concat() == name)
            })
            .map(|(_, message)| *message);
        if let Ok(Some(error)) = slot.query_selector(".field-error") {
            error.set_text_content(message);
        }
        let control = slot.query_selector("input,select,textarea").ok().flatten();
        if let Some(control) = &control {
            let _ = match message {
                Some(_) => control.set_attribute("aria-invalid", "true"),
                None => control.remove_attribute("aria-invalid"),
            };
        }
        if message.is_some()
            && !focused
            && let Some(control) = control.and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = control.focus();
            focused = true;
        }
    }
}

fn update_counter(form: &web_sys::HtmlFormElement, t: &'static Strings) {
    if let Ok(Some(counter)) = form.query_selector(".counter") {
        let length = field_text(form, "body").chars().count();
        counter.set_text_content(Some(&(t.body_counter)(
            length,
            candor_domain::review::BODY_MAX,
        )));
    }
}

impl FormState {
    /// For tests and styling: `editing`, `sending`, `offline`, `refused`, `done`.
    fn name(self) -> &'static str {
        match self {
            FormState::Editing => "editing",
            FormState::Sending => "sending",
            FormState::Offline => "offline",
            FormState::Refused(_) => "refused",
            FormState::Done => "done",
        }
    }
}

fn form_data(form: &web_sys::HtmlFormElement) -> Option<web_sys::FormData> {
    web_sys::FormData::new_with_form(form).ok()
}

/// The text of one named field ("" when empty or absent).
fn field_text(form: &web_sys::HtmlFormElement, name: &str) -> String {
    form_data(form)
        .and_then(|data| data.get(name).as_string())
        .unwrap_or_default()
}

/// The draft as the domain expects it, from the form's current values; text is NFC-normalised by the browser.
fn read_draft(
    form: &web_sys::HtmlFormElement,
    attribute_keys: &[String],
    locale: &str,
) -> ReviewDraft {
    let data = form_data(form);
    let text = |name: &str| {
        data.as_ref()
            .and_then(|data| data.get(name).as_string())
            .unwrap_or_default()
    };
    let stars = |name: &str| text(name).parse::<i64>().ok();
    let optional = |name: &str| Some(nfc(&text(name))).filter(|value| !value.trim().is_empty());
    // Inserting one by one: `collect` into a BTreeMap would pull a stable sort into the wasm.
    let mut attributes = BTreeMap::new();
    for key in attribute_keys {
        if let Some(value) = stars(&["attr-", key].concat()) {
            attributes.insert(key.clone(), value);
        }
    }
    ReviewDraft {
        rating: stars("rating"),
        attributes,
        would_recommend: match text("recommend").as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        title: nfc(&text("title")),
        body: nfc(&text("body")),
        nickname: nfc(&text("nickname")),
        segment: optional("segment"),
        relationship: text("relationship"),
        incentive: text("incentive"),
        locale: locale.to_owned(),
        contact_email: optional("contact_email"),
        contact_consent: !text("contact_consent").is_empty(),
        terms_accepted: !text("terms_accepted").is_empty(),
    }
}

/// Puts a stored draft (`{name: value}`) back into the form: radio groups and selects by value, boxes ticked.
fn restore(form: &web_sys::HtmlFormElement, draft: &wasm_bindgen::JsValue) {
    use wasm_bindgen::JsValue;
    let elements = form.elements();
    for entry in js_sys::Object::entries(&js_sys::Object::from(draft.clone())).iter() {
        let pair = js_sys::Array::from(&entry);
        let (Some(name), value) = (pair.get(0).as_string(), pair.get(1)) else {
            continue;
        };
        let Some(control) = elements.named_item(&name) else {
            continue;
        };
        let control = JsValue::from(control);
        let kind = js_sys::Reflect::get(&control, &JsValue::from_str("type"))
            .ok()
            .and_then(|kind| kind.as_string());
        let property = if kind.as_deref() == Some("checkbox") {
            "checked"
        } else {
            "value"
        };
        let value = if property == "checked" {
            JsValue::TRUE
        } else {
            value
        };
        let _ = js_sys::Reflect::set(&control, &JsValue::from_str(property), &value);
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
