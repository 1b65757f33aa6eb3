//! A product's call to action under its summary ("Open a Roth IRA"): a plain link in the visitor's language,
//! rendered on the edge and kept as rendered. It points at the edge's counting link
//! (`/v1/t/{tenant}/products/{product}/cta`), which counts the click and answers 302 to the catalogue's URL for the
//! product; the direct URL stays in `data-candor-url`. The loader turns a click on it into a bubbling, composed
//! `candor:cta` event on the host element (detail: product, the direct url) before the browser follows the link, so
//! it works before the wasm loads. Never renders the URL or label as markup (Leptos escapes both; the URL passed the
//! domain's rule: `http(s)` on one of the tenant's allowed origins, no quotes or brackets).

use candor_domain::dto::PublicCta;
use leptos::prelude::*;

/// Its own few rules, beside the component rather than in the widget's stylesheet; colours from the same custom
/// properties (`--candor-accent`, `--candor-on-accent`), so the tenant's theme and the host's overrides apply.
const CTA_CSS: &str = ".cta{margin:14px 0 0}.cta-link{display:inline-flex;align-items:center;min-height:44px;padding:10px 20px;border-radius:8px;background:var(--candor-accent);color:var(--candor-on-accent);font-weight:650;text-decoration:none}.cta-link:hover{text-decoration:underline}.cta-link:focus-visible{outline:3px solid var(--candor-accent);outline-offset:2px}";

/// Where the edge counts a click on `product`'s call to action before it redirects (`edge_origin`: the origin the
/// first view was served from; tenant and product are the catalogue's slugs).
pub fn counting_link(edge_origin: &str, tenant: &str, product: &str, locale: &str) -> String {
    [
        edge_origin,
        "/v1/t/",
        tenant,
        "/products/",
        product,
        "/cta?locale=",
        locale,
    ]
    .concat()
}

/// `target="_top"`: from the edge's iframe page too, the link opens the tenant's page in the visitor's tab.
#[component]
pub fn CallToAction(cta: PublicCta, product: String, href: String) -> impl IntoView {
    view! {
        <style>{CTA_CSS}</style>
        <p class="cta">
            <a class="cta-link" href=href target="_top" data-candor-cta=product data-candor-url=cta.url data-testid="cta">{cta.label}</a>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use candor_domain::dto::PublicCta;
    use leptos::prelude::*;

    use super::{CallToAction, counting_link};

    #[test]
    fn the_link_counts_at_the_edge_keeps_the_direct_url_and_escapes_its_label() {
        let cta = PublicCta {
            url: "https://bank.example/open?a=1&b=2".into(),
            label: "Open <b>now</b>".into(),
        };
        let href = counting_link("https://edge.example", "harbor", "roth-ira", "zh-CN");
        assert_eq!(
            href,
            "https://edge.example/v1/t/harbor/products/roth-ira/cta?locale=zh-CN"
        );
        let html =
            view! { <CallToAction cta=cta product="roth-ira".to_owned() href=href/> }.to_html();
        assert!(
            html.contains(
                r#"href="https://edge.example/v1/t/harbor/products/roth-ira/cta?locale=zh-CN""#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"data-candor-url="https://bank.example/open?a=1&amp;b=2""#),
            "{html}"
        );
        assert!(html.contains(r#"data-candor-cta="roth-ira""#), "{html}");
        assert!(html.contains("Open &lt;b&gt;now&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
    }
}
