//! The "How these reviews work" panel of the first view: how reviews are collected and verified, how they are
//! moderated, that every rating is published, how incentives are disclosed, and the default order. A native
//! `<details>`, so it opens and closes without any script. Rendered on the edge only.

use leptos::prelude::*;

use crate::i18n::Lang;

#[component]
pub fn HowItWorks(lang: Lang) -> impl IntoView {
    let t = lang.first_view_strings();
    view! {
        <details class="how" data-testid="how-reviews-work">
            <summary>{t.how_heading}</summary>
            <ul>{t.how_items.iter().map(|item| view! { <li>{*item}</li> }).collect_view()}</ul>
        </details>
    }
}
