//! The review form on its own, rendered by the edge (`GET /v1/t/{tenant}/embed/{product}/form`): the loader fetches
//! it into the first view's form region when the visitor opens "Write a review" (or has a draft to restore), so the
//! first view never carries a form most visitors do not open. The same `ReviewForm` component, so the wasm adopts it
//! exactly as before. Never contains visitor text.

use candor_domain::dto::AttributeQuestion;
use leptos::prelude::*;

use crate::components::review_form::ReviewForm;
use crate::i18n::Lang;

/// The form of a product in the language `locale`, with a question per attribute.
pub fn review_form(locale: &str, attributes: Vec<AttributeQuestion>) -> String {
    let lang = Lang::from_tag(locale);
    view! { <ReviewForm lang=lang attributes=attributes/> }
        .to_html()
        // Hydration markers: nothing hydrates this HTML (the wasm adopts it), and text cannot contain them.
        .replace("<!>", "")
}

#[cfg(test)]
mod tests {
    use candor_domain::dto::AttributeQuestion;

    #[test]
    fn the_form_asks_each_attribute_in_the_visitors_language_escaped() {
        let attributes = vec![AttributeQuestion {
            key: "fees".to_owned(),
            label: "费用 <b>".to_owned(),
        }];
        let html = super::review_form("zh-CN", attributes);
        assert!(
            html.contains("<form novalidate class=\"review-form\">"),
            "{html}"
        );
        assert!(html.contains("<legend>费用 &lt;b&gt;</legend>"), "{html}");
        assert!(
            html.contains("name=\"attr-fees\"") && html.contains("提交评价"),
            "{html}"
        );
        assert!(html.contains("data-testid=\"form-status\""), "{html}");
        assert!(!html.contains("<!>"), "{html}");
    }
}
