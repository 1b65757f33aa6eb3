//! The first view, rendered to HTML on the edge (feature `ssr`) with the same components the browser uses:
//! summary with the disclosure, the "How these reviews work" panel, the first reviews and the
//! "Write a review" button with the empty region its form is fetched into (`form_fragment`). It must never contain visitor text unescaped and never script.

use candor_domain::dto::{PublicReview, Summary};
use leptos::prelude::*;

use crate::components::compose::Compose;
use crate::components::how_it_works::HowItWorks;
use crate::components::reviews_section::ReviewsSection;
use crate::components::summary_panel::SummaryPanel;
use crate::i18n::Lang;

/// What the edge read for one first view.
pub struct FirstView<'a> {
    pub summary: &'a Summary,
    /// The visitor's language tag (`en`, `zh-CN`, …).
    pub locale: &'a str,
    /// The tenant's current disclosure in the visitor's language, if a marketer wrote one.
    pub disclosure: Option<&'a str>,
    /// The newest published reviews, and the cursor of the page after them.
    pub reviews: &'a [PublicReview],
    pub next_cursor: Option<&'a str>,
    /// The tenant's theme as CSS rules on `:host` (the edge's `render::theme_rules`, whose characters the settings
    /// rule limits), or empty. The widget's stylesheet itself is the loader's (placed before this fragment).
    pub theme_rules: String,
    /// schema.org JSON-LD for search engines (a tenant setting), serialised so it cannot end its element; the loader
    /// moves it into the light DOM.
    pub json_ld: Option<String>,
    /// The origin the edge serves this view from: the call to action links to its counting route there.
    pub edge_origin: &'a str,
}

/// The first view of a visible product, or an empty string for a hidden product line (it renders nothing).
pub fn first_view(first: &FirstView<'_>) -> String {
    let summary = first.summary;
    if !summary.visible {
        return String::new();
    }
    let lang = Lang::from_tag(first.locale);
    // No reviews yet: the summary says so, and there is no list to show.
    let reviews = (summary.count > 0).then(|| {
        let (reviews, next_cursor) = (first.reviews.to_vec(), first.next_cursor.map(str::to_owned));
        view! { <ReviewsSection lang=lang reviews=reviews next_cursor=next_cursor/> }
    });
    let theme = (!first.theme_rules.is_empty())
        .then(|| view! { <style data-candor-theme="">{first.theme_rules.clone()}</style> });
    let json_ld = first.json_ld.clone().map(|json| {
        view! { <script type="application/ld+json" data-candor-json-ld="">{json}</script> }
    });
    view! {
        {theme}
        {json_ld}
        <section class="candor" lang=lang.api_tag() data-candor-first-view="">
            <SummaryPanel summary=summary.clone() lang=lang disclosure=first.disclosure.map(str::to_owned) edge_origin=first.edge_origin.to_owned()/>
            <HowItWorks lang=lang/>
            {reviews}
            <Compose lang=lang/>
        </section>
    }
    .to_html()
    // Leptos marks dynamic children with empty comments for hydration; nothing hydrates this HTML (the wasm adopts
    // it through data attributes), so they are only bytes. Text cannot contain them: `<` is always escaped.
    .replace("<!>", "")
}

#[cfg(test)]
mod tests {
    use candor_domain::dto::{AttributeQuestion, FirmResponse, PublicReview, Summary};

    use super::FirstView;

    fn first_view(summary: &Summary, locale: &str) -> String {
        super::first_view(&FirstView {
            summary,
            locale,
            disclosure: Some("Collected by <Harbor>."),
            reviews: &[review()],
            next_cursor: Some("6e6578"),
            theme_rules: String::new(),
            json_ld: None,
            edge_origin: "https://edge.example",
        })
    }

    #[test]
    fn the_tenants_theme_and_json_ld_are_in_the_view_verbatim() {
        let html = super::first_view(&FirstView {
            summary: &summary(true),
            locale: "en",
            disclosure: None,
            reviews: &[],
            next_cursor: None,
            theme_rules: ":host,:host([data-theme]){--candor-accent:#0a5;}".into(),
            json_ld: Some(r#"{"@type":"Product","name":"A \u003c B"}"#.into()),
            edge_origin: "https://edge.example",
        });
        assert!(
            html.contains(r#"<style data-candor-theme="">:host,:host([data-theme]){--candor-accent:#0a5;}</style>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<script type="application/ld+json" data-candor-json-ld="">{"@type":"Product","name":"A \u003c B"}</script>"#),
            "{html}"
        );
        let plain = first_view(&summary(true), "en");
        assert!(!plain.contains("data-candor-theme") && !plain.contains("ld+json"));
    }

    fn review() -> PublicReview {
        PublicReview {
            title: "Hidden fees</h4><script>x</script>".into(),
            response: Some(FirmResponse {
                body: "We are sorry.".into(),
                approved_at: 1_767_657_600_000,
            }),
            ..crate::components::review_item::tests::review("r1", 1)
        }
    }

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
            locale: "en".into(),
            cta: None,
        }
    }

    #[test]
    fn renders_scores_with_labels_escaped_and_no_form_until_it_is_fetched() {
        let html = first_view(&summary(true), "en");
        assert!(html.contains(">3.6<"), "{html}");
        assert!(html.contains("8 reviews"));
        assert!(html.contains("75% would recommend"));
        assert!(
            html.contains("data-candor-form-region=\"\" hidden></div>"),
            "{html}"
        );
        assert!(
            !html.contains("<form") && !html.contains("<style>"),
            "{html}"
        );
        assert!(html.contains("Fees &lt;b&gt;"));
        assert!(html.contains("4.4 / 5"), "per-attribute score");
        assert!(!html.contains("<script"));
    }

    #[test]
    fn shows_the_disclosure_the_population_the_panel_and_the_first_reviews_escaped() {
        let html = first_view(&summary(true), "en");
        assert!(html.contains("Collected by &lt;Harbor&gt;."), "{html}");
        assert!(html.contains(r#"data-version="1""#));
        assert!(html.contains("Scores count all published reviews"));
        assert!(html.contains("<details"));
        assert!(html.contains("How these reviews work"));
        assert!(html.contains("All ratings are published"));
        assert!(html.contains("Hidden fees&lt;/h4&gt;&lt;script&gt;"));
        assert!(html.contains("We are sorry."));
        assert!(html.contains(r#"data-cursor="6e6578""#));
        let mut independent = summary(true);
        independent.population = "independent".into();
        assert!(first_view(&independent, "zh-CN").contains("评分仅统计独立评价"));
    }

    #[test]
    fn without_reviews_there_is_no_list() {
        let mut empty = summary(true);
        empty.count = 0;
        empty.mean = None;
        assert!(!first_view(&empty, "en").contains("data-candor-reviews"));
    }

    #[test]
    fn renders_chinese_labels_for_zh() {
        assert!(first_view(&summary(true), "zh-CN").contains("8 条评价"));
    }

    #[test]
    fn carries_no_hydration_markers_and_keeps_visitor_text_that_looks_like_one() {
        let html = super::first_view(&FirstView {
            summary: &summary(true),
            locale: "en",
            disclosure: Some("Ask <!> us"),
            reviews: &[review()],
            next_cursor: None,
            theme_rules: String::new(),
            json_ld: None,
            edge_origin: "https://edge.example",
        });
        assert!(!html.contains("<!>"), "{html}");
        assert!(html.contains("Ask &lt;!&gt; us"), "{html}");
    }

    #[test]
    fn a_hidden_product_line_renders_nothing() {
        assert_eq!(first_view(&summary(false), "en"), "");
    }
}
