//! The review form as the first view shows it before the wasm has loaded: the same fields (`markup::form_markup`),
//! a submit button and an empty status line, so the interactive form replaces it without moving anything.
//!
//! It has no behaviour of its own: a visitor's first touch makes the loader fetch the wasm, which takes over.

use candor_domain::dto::AttributeQuestion;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::markup::form_markup;

#[component]
pub fn FormShell(lang: Lang, attributes: Vec<AttributeQuestion>) -> impl IntoView {
    let t = lang.strings();
    view! {
        <form class="review-form" novalidate>
            <h3>{t.form_heading}</h3>
            <div class="fields" inner_html=form_markup(t, &attributes)></div>
            <div class="actions">
                <button type="submit">{t.submit}</button>
                <button type="button" class="secondary" data-candor-close-form="">{t.cancel}</button>
                <p class="notice" role="status" data-testid="form-status"></p>
            </div>
        </form>
    }
}
