//! The visitor's status frame (feature `ssr`): a small page of the edge's own origin that the loader puts into the
//! widget's status slot. Its storage, which the host page can neither read nor write (and which browsers partition by
//! the top-level site), keeps the status token of the visitor's own review; its script (`widget/loader/frame.js`)
//! sends the widget's submissions same-origin and shows the status line (`review_status`). Never visitor text here:
//! the line arrives later, rendered by the edge.

use candor_domain::dto::ReviewStatus;
use leptos::prelude::*;

use crate::components::review_status::ReviewStatusLine;
use crate::i18n::Lang;
use crate::style::{CSS, STATUS_CSS};

/// What one status frame is for.
pub struct StatusFrame<'a> {
    pub tenant: &'a str,
    pub product: &'a str,
    /// The widget's interface language tag.
    pub locale: &'a str,
    /// `light` or `dark` when the host element asks for one (`data-theme`); anything else follows the browser.
    pub theme: Option<&'a str>,
    /// The tenant's theme as CSS rules on `:host` (the edge's `render::theme_rules`), or empty.
    pub theme_rules: String,
}

/// The whole page, doctype included.
pub fn status_frame_page(frame: &StatusFrame<'_>) -> String {
    let lang = Lang::from_tag(frame.locale);
    let t = lang.status_strings();
    let theme = frame
        .theme
        .filter(|theme| matches!(*theme, "light" | "dark"))
        .map(str::to_owned);
    let (tenant, product, rules) = (
        frame.tenant.to_owned(),
        frame.product.to_owned(),
        frame.theme_rules.clone(),
    );
    let page = view! {
        <html lang=lang.api_tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{t.frame_title}</title>
                <style>"html,body{margin:0;background:transparent}"</style>
            </head>
            <body>
                // The frame's script gives this element a shadow root holding the template: `:host` rules apply.
                <div data-candor-status-frame="" data-tenant=tenant data-product=product data-lang=lang.api_tag() data-theme=theme>
                    <template>
                        <style>{CSS}{STATUS_CSS}</style>
                        <style data-candor-theme="">{rules}</style>
                        <div data-line="" aria-live="polite"></div>
                    </template>
                </div>
                <script src="/v1/frame.js"></script>
            </body>
        </html>
    };
    ["<!doctype html>", &page.to_html()].concat()
}

/// The status line of the author's own review, in the interface language `locale`.
pub fn status_line(locale: &str, status: &ReviewStatus) -> String {
    let (lang, status) = (Lang::from_tag(locale), status.clone());
    view! { <ReviewStatusLine lang=lang status=status/> }.to_html()
}

#[cfg(test)]
mod tests {
    use super::{StatusFrame, status_frame_page};

    #[test]
    fn the_page_names_its_product_and_loads_only_the_edges_own_script() {
        let page = status_frame_page(&StatusFrame {
            tenant: "harbor",
            product: "roth-ira",
            locale: "zh-CN",
            theme: Some("dark\" onload=\"x"),
            theme_rules: ":host{--candor-accent:#0a5;}".into(),
        });
        assert!(
            page.starts_with("<!doctype html><html lang=\"zh-CN\""),
            "{page}"
        );
        assert!(
            page.contains(r#"data-product="roth-ira""#) && page.contains(r#"data-tenant="harbor""#)
        );
        assert!(page.contains("<template><style>"), "{page}");
        assert!(page.contains(r#"<script src="/v1/frame.js"></script>"#));
        assert_eq!(page.matches("<script").count(), 1);
        assert!(
            !page.contains("data-theme=\""),
            "only light or dark: {page}"
        );
        assert!(page.contains("--candor-accent:#0a5"));
        assert!(page.contains("您的评价状态"));
    }
}
