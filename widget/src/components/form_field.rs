//! The review form's labelled fields: a text control with its label and error slot (`Field`), a check box
//! (`CheckField`), and the error slot itself, filled in the browser by `form_control` by the field's name.

use leptos::prelude::*;

/// Where the form writes the refusal of the field `name` (`aria-describedby="err-{name}"` points here).
#[component]
pub fn ErrorSlot(name: String) -> impl IntoView {
    view! { <span class="field-error" id=["err-", &name].concat()></span> }
}

/// A label around `children` (the control), with "(optional)" when given.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] optional: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="field" data-field=name>
            <span>{label}{optional.map(|optional| [" (", optional, ")"].concat())}</span>
            {children()}
            <ErrorSlot name=name.to_owned()/>
        </label>
    }
}

/// A check box with its text and error slot.
#[component]
pub fn CheckField(name: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <div class="check-field" data-field=name>
            <label class="check">
                <input type="checkbox" name=name aria-describedby=["err-", name].concat()/>
                <span>{label}</span>
            </label>
            <ErrorSlot name=name.to_owned()/>
        </div>
    }
}
