//! A star rating input: a native radio group (arrow keys work, each option reads "3 of 5 stars"), styled as stars.

use leptos::prelude::*;

use crate::i18n::Lang;

/// `name` must be unique inside the widget's shadow root; `value` is 0 when nothing is chosen.
#[component]
pub fn StarInput(
    name: String,
    legend: String,
    value: RwSignal<u8>,
    lang: Lang,
    #[prop(optional)] error: Option<Signal<Option<&'static str>>>,
) -> impl IntoView {
    let t = lang.strings();
    let error_id = format!("{name}-error");
    view! {
        <fieldset class="star-input" data-field=name.clone()>
            <legend>{legend}</legend>
            <div class="star-options">
                {(1..=5u8).map(|stars| {
                    let id = format!("{name}-{stars}");
                    view! {
                        <input
                            type="radio"
                            id=id.clone()
                            name=name.clone()
                            value=stars
                            prop:checked=move || value.get() == stars
                            on:change=move |_| value.set(stars)
                        />
                        <label
                            for=id
                            class:lit={move || value.get() >= stars}
                            title=(t.star_label)(stars)
                        >
                            <span class="visually-hidden">{(t.star_label)(stars)}</span>
                            <span aria-hidden="true">"★"</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            {error.map(|error| view! {
                <p class="field-error" id=error_id.clone() role="alert">{move || error.get()}</p>
            })}
        </fieldset>
    }
}
