//! One star rating question of the review form: a native radio group (arrow keys move between stars, each option
//! reads "3 of 5 stars"), lit through CSS `:has`, so it needs no script per option; its error slot under it.

use leptos::prelude::*;

use crate::components::form_field::ErrorSlot;
use crate::i18n::FormStrings;

#[component]
pub fn StarInput(t: &'static FormStrings, name: String, legend: String) -> impl IntoView {
    let options = (1..=5u8)
        .map(|stars| {
            let id = [name.as_str(), "-", &stars.to_string()].concat();
            let label = (t.star_label)(stars);
            let (input_id, group, described_by, title) = (
                id.clone(),
                name.clone(),
                ["err-", &name].concat(),
                label.clone(),
            );
            view! {
                <input type="radio" id=input_id name=group value=stars.to_string() aria-describedby=described_by/>
                <label for=id title=title>
                    <span class="visually-hidden">{label}</span>
                    <span aria-hidden="true">"★"</span>
                </label>
            }
        })
        .collect_view();
    let field = name.clone();
    view! {
        <fieldset class="star-input" data-field=field>
            <legend>{legend}</legend>
            <div class="star-options">{options}</div>
            <ErrorSlot name=name/>
        </fieldset>
    }
}
