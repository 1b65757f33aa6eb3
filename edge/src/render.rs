//! HTML of the first view, rendered with the widget's own Leptos components (`candor-widget`, feature `ssr`):
//! the fragment the loader puts into a shadow root, and the full page a strict-CSP host shows in an `<iframe>`.
//!
//! Never renders visitor text unescaped; the only scripts are the iframe page's loader and its height report, and
//! (when the tenant turned it on) an inert `application/ld+json` block that the loader moves into the light DOM.
//! The tenant's theme becomes custom properties on `:host` (`theme_rules`), after the widget's stylesheet; never a
//! value the domain's theme rule refuses. Every element is the widget's components' (one escaping path).

use std::collections::BTreeMap;

use candor_domain::dto::{PublicReview, Summary};
use candor_domain::settings::{is_theme_key, is_theme_value};

/// What one first view shows, read by the embed route.
pub struct FirstViewData<'a> {
    pub summary: &'a Summary,
    pub locale: &'a str,
    pub disclosure: Option<&'a str>,
    pub reviews: &'a [PublicReview],
    pub next_cursor: Option<&'a str>,
    /// The tenant setting `json_ld`: add schema.org `AggregateRating` for search engines.
    pub json_ld: bool,
    /// The tenant setting `theme`: widget custom properties (`accent` → `--candor-accent`).
    pub theme: Option<&'a BTreeMap<String, String>>,
    /// The origin this request reached the edge at (the call to action's counting link is there).
    pub edge_origin: &'a str,
}

/// The first-view fragment; empty for a hidden product line (the widget then shows nothing).
pub fn fragment(data: &FirstViewData<'_>) -> String {
    candor_widget::first_view(&candor_widget::FirstView {
        summary: data.summary,
        locale: data.locale,
        disclosure: data.disclosure,
        reviews: data.reviews,
        next_cursor: data.next_cursor,
        theme_rules: data.theme.map(theme_rules).unwrap_or_default(),
        json_ld: json_ld(data.summary).filter(|_| data.json_ld),
        edge_origin: data.edge_origin,
    })
}

/// A visible product's review form in the language its summary is shown in; empty for a hidden product line.
pub fn review_form(summary: &Summary) -> String {
    if !summary.visible {
        return String::new();
    }
    candor_widget::review_form(&summary.locale, summary.attributes.clone())
}

/// The tenant's theme as custom properties on the shadow root's host, which the widget's components place in a
/// `<style>` after the widget's stylesheet (the first view and the status frame), so it replaces the defaults (light
/// and dark, and the palettes `data-theme` picks) while custom properties the host page sets on the host element
/// itself still win (outer declarations beat `:host` rules). Empty without a theme. A pair the domain's rule refuses
/// is left out (the settings route never stores one): the allowed characters cannot end a declaration, a rule or
/// the element, so nothing needs escaping.
pub fn theme_rules(theme: &BTreeMap<String, String>) -> String {
    let declarations: String = theme
        .iter()
        .filter(|(key, value)| is_theme_key(key) && is_theme_value(value))
        .map(|(key, value)| ["--candor-", key, ":", value, ";"].concat())
        .collect();
    if declarations.is_empty() {
        return String::new();
    }
    [":host,:host([data-theme]){", &declarations, "}"].concat()
}

/// schema.org `Product` with its `AggregateRating`, serialised so that it can never end its `<script>` element:
/// `<`, `>` and `&` are written as JSON `\u` escapes (same value for a JSON parser). None without published scores.
pub fn json_ld(summary: &Summary) -> Option<String> {
    let mean = summary
        .mean
        .filter(|_| summary.visible && summary.count > 0)?;
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": summary.product_name,
        "aggregateRating": {
            "@type": "AggregateRating",
            "ratingValue": (mean * 100.0).round() / 100.0,
            "reviewCount": summary.count,
            "bestRating": 5,
            "worstRating": 1,
        },
    });
    Some(
        value
            .to_string()
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    )
}

/// A whole page for `<iframe src=".../embed/{product}?page=1">` (`candor_widget::fallback_page`).
pub fn page(summary: &Summary, locale: &str) -> String {
    candor_widget::fallback_page(
        &summary.tenant,
        &summary.product,
        &summary.product_name,
        locale,
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use candor_domain::dto::Summary;

    use super::{json_ld, theme_rules};

    #[test]
    fn the_theme_is_custom_properties_on_the_host_and_cannot_leave_its_style_element() {
        let mut theme = BTreeMap::new();
        theme.insert("accent".to_owned(), "#0a5".to_owned());
        theme.insert("radius".to_owned(), "4px".to_owned());
        assert_eq!(
            theme_rules(&theme),
            ":host,:host([data-theme]){--candor-accent:#0a5;--candor-radius:4px;}"
        );
        // Values the settings rule refuses never reach the page, even if they were stored somehow.
        theme.insert(
            "bg".to_owned(),
            "red}</style><script>alert(1)</script>".to_owned(),
        );
        theme.insert("fg".to_owned(), "url(evil.example)".to_owned());
        theme.insert("Bad;key".to_owned(), "red".to_owned());
        let style = theme_rules(&theme);
        assert!(
            !style.contains("script") && !style.contains("url(") && !style.contains("Bad"),
            "{style}"
        );
        assert_eq!(style.matches('}').count(), 1);
        assert_eq!(theme_rules(&BTreeMap::new()), "");
    }

    fn summary(name: &str, count: u64) -> Summary {
        Summary {
            tenant: "harbor".into(),
            product: "roth-ira".into(),
            product_name: name.into(),
            visible: true,
            count,
            mean: (count > 0).then_some(3.625),
            histogram: Some([1, 1, 1, 2, 3]),
            would_recommend_percent: None,
            attributes: vec![],
            attribute_scores: vec![],
            population: "all".into(),
            disclosure_version: None,
            locale: "en".into(),
            cta: None,
        }
    }

    #[test]
    fn json_ld_names_the_aggregate_and_cannot_close_its_script_element() {
        let json = json_ld(&summary("IRA </script><script>alert(1)</script> & co", 8)).unwrap();
        assert!(
            !json.contains('<') && !json.contains('>') && !json.contains('&'),
            "{json}"
        );
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["@type"], "Product");
        assert_eq!(value["name"], "IRA </script><script>alert(1)</script> & co");
        assert_eq!(value["aggregateRating"]["ratingValue"], 3.63);
        assert_eq!(value["aggregateRating"]["reviewCount"], 8);
        assert_eq!(value["aggregateRating"]["bestRating"], 5);
        assert_eq!(value["aggregateRating"]["worstRating"], 1);
    }

    #[test]
    fn no_json_ld_without_published_scores() {
        assert_eq!(json_ld(&summary("IRA", 0)), None);
    }
}
