//! HTML of the first view, rendered with the widget's own Leptos components (`candor-widget`, feature `ssr`):
//! the fragment the loader puts into a shadow root, and the full page a strict-CSP host shows in an `<iframe>`.
//!
//! Never renders visitor text unescaped; the only script is the iframe page's loader and its height report.

use candor_domain::dto::Summary;

/// The first-view fragment; empty for a hidden product line (the widget then shows nothing).
pub fn fragment(summary: &Summary, locale: &str) -> String {
    candor_widget::first_view(summary, locale)
}

/// A whole page for `<iframe src=".../embed/{product}?page=1">`: the first view, then the same loader a host page
/// uses (same origin as the edge, so the wasm is allowed here), and a height report to the parent for resizing.
pub fn page(summary: &Summary, locale: &str) -> String {
    let lang = if locale.starts_with("zh") {
        "zh-CN"
    } else {
        "en"
    };
    let tenant = escape(&summary.tenant);
    let product = escape(&summary.product);
    [
        "<!doctype html><html lang=\"",
        lang,
        "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
        &escape(&summary.product_name),
        "</title><style>html,body{margin:0;background:transparent}</style></head><body>",
        "<div class=\"candor-widget\" data-candor-product=\"",
        &product,
        "\" data-candor-tenant=\"",
        &tenant,
        "\" data-candor-locale=\"",
        lang,
        "\"></div><script async src=\"/v1/widget.js\"></script>",
        RESIZE,
        "</body></html>",
    ]
    .concat()
}

/// Tells the embedding page the document's height, so the iframe never scrolls and never leaves a gap.
const RESIZE: &str = "<script>(function(){var last=0;function report(){var h=Math.ceil(document.documentElement.getBoundingClientRect().height);if(h!==last){last=h;parent.postMessage({candorFrameHeight:h},\"*\")}}new ResizeObserver(report).observe(document.documentElement);report()})()</script>";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
