//! The end of the first view: the slot of the visitor's status frame (the loader puts the edge's status frame there;
//! the attribute's value is its accessible name), the "Write a review" button and, closed under it, the empty form
//! region. Rendered on the edge only.
//!
//! The form itself is not part of the first view: the loader (`widget/loader/widget.js`) fetches it into the region
//! (`form_fragment`) when the visitor opens it or has a draft, and the wasm adopts it there. Opening and closing is
//! the loader's job, found through the `data-candor-*` attributes here, so it works before the wasm has loaded: the
//! button opens the region and moves focus into it, Escape or Cancel close it and give focus back to the button, and
//! a saved draft reopens it.

use leptos::prelude::*;

use crate::i18n::Lang;

#[component]
pub fn Compose(lang: Lang) -> impl IntoView {
    let f = lang.first_view_strings();
    view! {
        <div class="compose">
            <div data-candor-status=lang.status_strings().frame_title></div>
            <button type="button" class="write" data-candor-open-form="" aria-expanded="false" aria-controls="candor-form-region">
                {f.write_review}
            </button>
            <div class="form-region" id="candor-form-region" data-candor-form-region="" hidden></div>
        </div>
    }
}
