//! The iframe fallback page (feature `ssr`): a whole page of the edge's origin, for hosts whose CSP refuses the wasm
//! or that cannot run third-party scripts at all. It embeds the widget with the same loader a host page uses (same
//! origin as the edge, so the wasm is allowed here) and reports its height to the parent, which sizes the iframe so it
//! never scrolls and never leaves a gap. Never visitor text: the product's name is escaped like any text.

use leptos::prelude::*;

use crate::i18n::Lang;

/// Tells the embedding page the document's height whenever it changes.
const REPORT_HEIGHT: &str = "(function(){var last=0;function report(){var h=Math.ceil(document.documentElement.getBoundingClientRect().height);if(h!==last){last=h;parent.postMessage({candorFrameHeight:h},\"*\")}}new ResizeObserver(report).observe(document.documentElement);report()})()";

/// The page for `<iframe src=".../embed/{product}?page=1">`, doctype included.
pub fn fallback_page(tenant: &str, product: &str, product_name: &str, locale: &str) -> String {
    let lang = Lang::from_tag(locale).api_tag();
    let (tenant, product, name) = (
        tenant.to_owned(),
        product.to_owned(),
        product_name.to_owned(),
    );
    let page = view! {
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <title>{name}</title>
                <style>"html,body{margin:0;background:transparent}"</style>
            </head>
            <body>
                <div class="candor-widget" data-candor-product=product data-candor-tenant=tenant data-candor-locale=lang data-candor-eager=""></div>
                <script async src="/v1/widget.js"></script>
                <script>{REPORT_HEIGHT}</script>
            </body>
        </html>
    };
    ["<!doctype html>", &page.to_html()].concat()
}

#[cfg(test)]
mod tests {
    use super::fallback_page;

    #[test]
    fn the_page_embeds_the_widget_with_the_loader_and_escapes_the_products_name() {
        let page = fallback_page(
            "harbor",
            "roth-ira",
            "IRA </title><script>alert(1)</script>",
            "zh",
        );
        assert!(
            page.starts_with("<!doctype html><html lang=\"zh-CN\""),
            "{page}"
        );
        assert!(
            page.contains(r#"data-candor-product="roth-ira""#)
                && page.contains(r#"data-candor-locale="zh-CN""#)
        );
        assert!(
            page.contains(r#"<script async src="/v1/widget.js"></script>"#),
            "{page}"
        );
        assert!(page.contains("candorFrameHeight") && page.contains(r#"data-candor-eager="""#));
        assert!(
            !page.contains("<script>alert(1)") && page.contains("&lt;/title&gt;"),
            "{page}"
        );
    }
}
