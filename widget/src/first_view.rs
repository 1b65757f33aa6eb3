//! The first view, rendered to HTML on the edge (feature `ssr`) with the same components the browser uses:
//! stylesheet, summary and the form's fields. It must never contain visitor text unescaped and never script.

use candor_domain::dto::Summary;
use leptos::prelude::*;

use crate::components::form_shell::FormShell;
use crate::components::summary_panel::SummaryPanel;
use crate::i18n::Lang;
use crate::style::CSS;

/// The first view of a visible product, or an empty string for a hidden product line (it renders nothing).
pub fn first_view(summary: &Summary, locale: &str) -> String {
    if !summary.visible {
        return String::new();
    }
    let lang = Lang::from_tag(locale);
    let summary = summary.clone();
    let attributes = summary.attributes.clone();
    view! {
        <style>{CSS}</style>
        <section class="candor" lang=lang.api_tag() data-candor-first-view="">
            <SummaryPanel summary=summary lang=lang/>
            <FormShell lang=lang attributes=attributes/>
        </section>
    }
    .to_html()
}

#[cfg(test)]
mod tests {
    use candor_domain::dto::{AttributeQuestion, Summary};

    use super::first_view;

    fn summary(visible: bool) -> Summary {
        Summary {
            tenant: "harbor".into(),
            product: "roth-ira".into(),
            product_name: "Roth IRA".into(),
            visible,
            count: 8,
            mean: Some(3.625),
            histogram: Some([1, 1, 1, 2, 3]),
            would_recommend_percent: Some(75),
            attributes: vec![AttributeQuestion {
                key: "fees".into(),
                label: "Fees <b>".into(),
            }],
            attribute_scores: vec![candor_domain::dto::AttributeScore {
                key: "fees".into(),
                label: "Fees <b>".into(),
                count: 7,
                mean: Some(4.43),
                histogram: [0, 0, 1, 2, 4],
            }],
            population: "all".into(),
            disclosure_version: Some(1),
        }
    }

    #[test]
    fn renders_scores_and_the_form_fields_with_labels_escaped() {
        let html = first_view(&summary(true), "en");
        assert!(html.contains(">3.6<"), "{html}");
        assert!(html.contains("8 reviews"));
        assert!(html.contains("75% would recommend"));
        assert!(html.contains(r#"data-field="attr-fees""#));
        assert!(html.contains("Fees &lt;b&gt;"));
        assert!(html.contains("4.4 / 5"), "per-attribute score");
        assert!(!html.contains("<script"));
    }

    #[test]
    fn renders_chinese_labels_for_zh() {
        assert!(first_view(&summary(true), "zh-CN").contains("8 条评价"));
    }

    #[test]
    fn a_hidden_product_line_renders_nothing() {
        assert_eq!(first_view(&summary(false), "en"), "");
    }
}
