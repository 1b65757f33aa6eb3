//! Read-only star display for a mean score; the exact value is given as text for screen readers.

use leptos::prelude::*;

/// Five stars filled to `mean` (0–5), hidden from assistive technology: the caller shows the number.
#[component]
pub fn Stars(mean: f64) -> impl IntoView {
    let percent = (mean.clamp(0.0, 5.0) * 20.0).round() as u32;
    view! {
        <span class="stars" aria-hidden="true">
            <span class="stars-empty">"★★★★★"</span>
            <span class="stars-full" style=["width:", &percent.to_string(), "%"].concat()>"★★★★★"</span>
        </span>
    }
}
