//! The review form's behaviour in the browser. It adopts the form the edge rendered (`review_form`, same markup,
//! nothing re-rendered, so nothing moves): validates with `candor_domain` before sending, writes errors inline by
//! code in the visitor's language, hands the review to the visitor's status frame to send (`client::submit`; after
//! **Revise** in the frame the frame sends it as a revision), keeps one Idempotency-Key per attempt series, resets
//! the tenant's captcha after a refusal, restores a saved draft and counts the body's characters.
//!
//! Size decision: plain DOM through `web-sys` with one listener per event type, like `review_list`; no Leptos and
//! no markup in the wasm. Visitor text never becomes markup: errors are our strings set as text.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use candor_domain::{ReviewDraft, ValidationCode};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, Event, HtmlButtonElement, HtmlElement, HtmlFormElement};

use crate::Embed;
use crate::captcha;
use crate::client::{self, ClientError};
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

struct Form {
    embed: Embed,
    t: &'static Strings,
    form: HtmlFormElement,
    submit: HtmlButtonElement,
    /// The button's own label as the edge rendered it (shown again after sending or a retry).
    submit_label: String,
    status: Element,
    thanks: Option<HtmlElement>,
    captcha: Option<Element>,
    /// The product's attribute keys, read from the form's star groups (`data-field="attr-{key}"`).
    attribute_keys: Vec<String>,
    /// The Idempotency-Key of the pending attempt; a new one for each new review.
    key: Option<String>,
    state: FormState,
}

type Shared = Rc<RefCell<Form>>;

/// Takes over the review form inside the widget's shadow root, if the loader has fetched it there and it is not
/// adopted yet (its status line has no `data-state`); `true` then.
pub fn attach(embed: &Embed) -> bool {
    let Some(root) = embed.host.shadow_root() else {
        return false;
    };
    let find = |selector: &str| root.query_selector(selector).ok().flatten();
    let (Some(form), Some(submit), Some(status)) = (
        find("form.review-form").and_then(|form| form.dyn_into::<HtmlFormElement>().ok()),
        find("form.review-form button[type=submit]")
            .and_then(|button| button.dyn_into::<HtmlButtonElement>().ok()),
        find("[data-testid=form-status]"),
    ) else {
        return false;
    };
    if status.has_attribute("data-state") {
        return false;
    }
    let mut attribute_keys = Vec::new();
    if let Ok(groups) = form.query_selector_all("[data-field^=attr-]") {
        for index in 0..groups.length() {
            if let Some(key) = groups
                .item(index)
                .and_then(|node| node.dyn_into::<Element>().ok())
                .and_then(|group| group.get_attribute("data-field"))
                .and_then(|name| name.strip_prefix("attr-").map(str::to_owned))
            {
                attribute_keys.push(key);
            }
        }
    }
    if let Some(draft) = storage::load_draft(&embed.tenant, &embed.product) {
        restore(&form, &draft);
    }
    let shared: Shared = Rc::new(RefCell::new(Form {
        embed: embed.clone(),
        t: embed.lang.strings(),
        submit_label: submit.text_content().unwrap_or_default(),
        form: form.clone(),
        submit,
        status,
        thanks: find("[data-testid=thanks]").and_then(|p| p.dyn_into::<HtmlElement>().ok()),
        captcha: find("[data-testid=captcha]"),
        attribute_keys,
        key: None,
        state: FormState::Editing,
    }));
    {
        let state = shared.borrow();
        state.show(FormState::Editing);
        update_counter(&state);
        // The tenant's captcha, if it has one, beside the button.
        if let Some(container) = &state.captcha {
            captcha::render(container);
        }
    }
    let on_event = {
        let shared = shared.clone();
        Closure::<dyn Fn(Event)>::new(move |event: Event| {
            if event.type_() == "submit" {
                event.prevent_default();
                send(&shared);
            } else {
                update_counter(&shared.borrow());
            }
        })
    };
    for name in ["submit", "input"] {
        let _ = form.add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref());
    }
    // The listener lives as long as the widget, which lives as long as the page.
    on_event.forget();
    true
}

impl Form {
    /// Shows `state`: the button (disabled while sending, "Try again" after a failure), the status line with its
    /// `data-state`, and after success the thanks instead of the form.
    fn show(&self, state: FormState) {
        let t = self.t;
        self.submit.set_disabled(state == FormState::Sending);
        self.submit.set_text_content(Some(match state {
            FormState::Sending => t.submitting,
            FormState::Offline => t.retry,
            _ => &self.submit_label,
        }));
        let _ = self.status.set_attribute("data-state", state.name());
        self.status.set_text_content(Some(match state {
            FormState::Offline => t.offline,
            FormState::Refused(message) => message,
            _ => "",
        }));
        let done = state == FormState::Done;
        self.form.set_hidden(done);
        if let Some(thanks) = &self.thanks {
            thanks.set_hidden(!done);
        }
    }

    fn set(&mut self, state: FormState) {
        self.state = state;
        self.show(state);
    }
}

fn send(shared: &Shared) {
    let mut form = shared.borrow_mut();
    if form.state == FormState::Sending {
        return;
    }
    let t = form.t;
    let draft = read_draft(&form.form, &form.attribute_keys, form.embed.lang.api_tag());
    let keys: Vec<&str> = form.attribute_keys.iter().map(String::as_str).collect();
    if let Err(invalid) = draft.validate(&keys) {
        let errors: Vec<(String, &'static str)> = invalid
            .0
            .iter()
            .map(|e| (e.field.clone(), (t.validation)(e.code)))
            .collect();
        show_errors(&form.form, &errors, true);
        form.set(FormState::Refused(t.fix_errors));
        return;
    }
    show_errors(&form.form, &[], false);
    form.set(FormState::Sending);
    // The same key is reused for every retry of this draft, so the edge stores it exactly once.
    let key = form.key.clone().unwrap_or_else(client::new_idempotency_key);
    form.key = Some(key.clone());
    let captcha_token = form.captcha.as_ref().and_then(captcha::token);
    let embed = form.embed.clone();
    drop(form);
    let shared = shared.clone();
    spawn_local(async move {
        let outcome = client::submit(&embed, &draft, &key, captcha_token).await;
        let mut form = shared.borrow_mut();
        // A refused token is spent: the visitor solves a fresh challenge before resending.
        if let (Err(ClientError::Refused(_)), Some(container)) = (&outcome, &form.captcha) {
            captcha::reset(container);
        }
        match outcome {
            Ok(_) => {
                storage::clear_draft(&embed.tenant, &embed.product);
                form.key = None;
                form.set(FormState::Done);
                dispatch(&embed.host, "candor:submitted");
            }
            Err(ClientError::Unavailable) => form.set(FormState::Offline),
            Err(ClientError::Refused(refusal)) => {
                let errors: Vec<(String, &'static str)> = refusal
                    .fields
                    .iter()
                    .map(|(field, code)| (field.clone(), translate_code(t, code)))
                    .collect();
                if errors.is_empty() {
                    // A refusal that no edit can fix: a new submission needs a new key.
                    form.key = None;
                    form.set(FormState::Refused((t.api_error)(&refusal.code)));
                } else {
                    show_errors(&form.form, &errors, true);
                    form.set(FormState::Refused(t.fix_errors));
                }
            }
        }
    });
}

/// Fires a bubbling, composed DOM event on the host element for the page's analytics.
pub fn dispatch(host: &HtmlElement, name: &str) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Writes each error into its field's `.field-error` slot (clearing the others), marks the control
/// `aria-invalid`, and optionally moves focus to the first refused field for keyboard and screen-reader users.
fn show_errors(form: &HtmlFormElement, errors: &[(String, &'static str)], focus: bool) {
    let Ok(slots) = form.query_selector_all("[data-field]") else {
        return;
    };
    let mut focused = !focus;
    for index in 0..slots.length() {
        let Some(slot) = slots.item(index).and_then(|n| n.dyn_into::<Element>().ok()) else {
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
            && let Some(control) = control.and_then(|c| c.dyn_into::<HtmlElement>().ok())
        {
            let _ = control.focus();
            focused = true;
        }
    }
}

fn update_counter(form: &Form) {
    if let Ok(Some(counter)) = form.form.query_selector(".counter") {
        let length = field_text(&form.form, "body").chars().count();
        counter.set_text_content(Some(&(form.t.body_counter)(
            length,
            candor_domain::review::BODY_MAX,
        )));
    }
}

fn form_data(form: &HtmlFormElement) -> Option<web_sys::FormData> {
    web_sys::FormData::new_with_form(form).ok()
}

/// The text of one named field ("" when empty or absent).
fn field_text(form: &HtmlFormElement, name: &str) -> String {
    form_data(form)
        .and_then(|data| data.get(name).as_string())
        .unwrap_or_default()
}

/// The draft as the domain expects it, from the form's current values; text is NFC-normalised by the browser.
fn read_draft(form: &HtmlFormElement, attribute_keys: &[String], locale: &str) -> ReviewDraft {
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
fn restore(form: &HtmlFormElement, draft: &JsValue) {
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
