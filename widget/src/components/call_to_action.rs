//! A product's call to action under its summary ("Open a Roth IRA"): a plain link to the tenant's own page, in the
//! visitor's language, rendered on the edge and kept as rendered. The loader turns a click on it into a bubbling,
//! composed `candor:cta` event on the host element (detail: product, url) before the browser follows the link, so it
//! works before the wasm loads. Never renders the URL or label as markup (Leptos escapes both; the URL passed the
//! domain's rule: `http(s)` on one of the tenant's allowed origins, no quotes or brackets).

use candor_domain::dto::PublicCta;
use leptos::prelude::*;

/// Its own few rules, beside the component rather than in the widget's stylesheet; colours from the same custom
/// properties (`--candor-accent`, `--candor-on-accent`), so the tenant's theme and the host's overrides apply.
const CTA_CSS: &str = ".cta{margin:14px 0 0}.cta-link{display:inline-flex;align-items:center;min-height:44px;padding:10px 20px;border-radius:8px;background:var(--candor-accent);color:var(--candor-on-accent);font-weight:650;text-decoration:none}.cta-link:hover{text-decoration:underline}.cta-link:focus-visible{outline:3px solid var(--candor-accent);outline-offset:2px}";

/// `target="_top"`: from the edge's iframe page too, the link opens the tenant's page in the visitor's tab.
#[component]
pub fn CallToAction(cta: PublicCta, product: String) -> impl IntoView {
    view! {
        <style>{CTA_CSS}</style>
        <p class="cta">
            <a class="cta-link" href=cta.url target="_top" data-candor-cta=product data-testid="cta">{cta.label}</a>
        </p>
    }
}

#[cfg(test)]
mod tests {
    use candor_domain::dto::PublicCta;
    use leptos::prelude::*;

    use super::CallToAction;

    #[test]
    fn the_link_carries_the_product_and_escapes_its_label() {
        let cta = PublicCta {
            url: "https://bank.example/open?a=1&b=2".into(),
            label: "Open <b>now</b>".into(),
        };
        let html = view! { <CallToAction cta=cta product="roth-ira".to_owned()/> }.to_html();
        assert!(
            html.contains(r#"href="https://bank.example/open?a=1&amp;b=2""#),
            "{html}"
        );
        assert!(html.contains(r#"data-candor-cta="roth-ira""#), "{html}");
        assert!(html.contains("Open &lt;b&gt;now&lt;/b&gt;"), "{html}");
        assert!(!html.contains("<b>"));
    }
}
