//! What the embed snippet generator hands a bank's web team: the script tag, the placeholder form for several widgets
//! per page, the Content-Security-Policy line and the height reservation, written from a product, a locale and a
//! theme. Pure (tested natively); the lines it shares with the embedding guide are checked against that guide.

/// The theme a widget asks for; `Auto` follows the visitor's `prefers-color-scheme` (no `data-theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    Auto,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }

    pub fn parse(value: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|theme| theme.as_str() == value)
            .unwrap_or(Theme::Auto)
    }

    /// The ` data-theme="…"` attribute, or nothing for `Auto`.
    fn attribute(self) -> &'static str {
        match self {
            Theme::Light => " data-theme=\"light\"",
            Theme::Dark => " data-theme=\"dark\"",
            Theme::Auto => "",
        }
    }
}

/// The widget's two locales.
pub const LOCALES: [&str; 2] = ["en", "zh-CN"];

/// The height reservation of the embedding guide's "Layout" section (measured there at 1280 and 375 px).
pub const HEIGHT_CSS: &str =
    ".candor-widget, [data-candor-product] { display: block; min-height: 1100px; }
@media (max-width: 799px) { .candor-widget, [data-candor-product] { min-height: 1650px; } }";

/// One widget to embed: where the edge is (`https://…`, no trailing slash), whose it is, and how it looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embed {
    pub edge: String,
    pub tenant: String,
    pub product: String,
    pub locale: String,
    pub theme: Theme,
}

impl Embed {
    /// `<script async src="EDGE/v1/widget.js" data-tenant=… data-product=… data-locale=… [data-theme=…]></script>`.
    pub fn script_tag(&self) -> String {
        format!(
            "<script async src=\"{}/v1/widget.js\" data-tenant=\"{}\" data-product=\"{}\" data-locale=\"{}\"{}></script>",
            attribute(&self.edge),
            attribute(&self.tenant),
            attribute(&self.product),
            attribute(&self.locale),
            self.theme.attribute()
        )
    }

    /// Several widgets from one tag: a placeholder per widget, anywhere on the page, and the tag without a product.
    pub fn placeholders(&self) -> String {
        format!(
            "<!-- One placeholder per widget, anywhere on the page; the tag once, at the end. -->\n\
             <div data-candor-product=\"{}\"{}></div>\n\
             <script async src=\"{}/v1/widget.js\" data-tenant=\"{}\" data-locale=\"{}\"></script>",
            attribute(&self.product),
            self.theme.attribute(),
            attribute(&self.edge),
            attribute(&self.tenant),
            attribute(&self.locale)
        )
    }

    /// The directives a page with a strict Content-Security-Policy adds for the widget.
    pub fn csp(&self) -> String {
        csp_line(&self.edge)
    }

    /// The console's preview page embedding this widget with this tag (same origin as the console, with the guide's
    /// height reservation): the live preview.
    pub fn preview_src(&self) -> String {
        format!(
            "/console/preview?tenant={}&product={}&locale={}&theme={}",
            slug_only(&self.tenant),
            slug_only(&self.product),
            slug_only(&self.locale),
            self.theme.as_str()
        )
    }
}

fn csp_line(edge: &str) -> String {
    format!(
        "script-src {edge} 'wasm-unsafe-eval'; connect-src {edge}; style-src 'unsafe-inline'; frame-src {edge}"
    )
}

/// An attribute value between double quotes: nothing in it can end the attribute or start markup.
fn attribute(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A path segment or query value: only what a slug or locale may hold passes, the rest is dropped.
fn slug_only(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn embed(theme: Theme) -> Embed {
        Embed {
            edge: "https://reviews.example.com".to_owned(),
            tenant: "harbor".to_owned(),
            product: "roth-ira".to_owned(),
            locale: "zh-CN".to_owned(),
            theme,
        }
    }

    #[test]
    fn the_tag_names_tenant_product_locale_and_a_chosen_theme() {
        assert_eq!(
            embed(Theme::Dark).script_tag(),
            "<script async src=\"https://reviews.example.com/v1/widget.js\" data-tenant=\"harbor\" \
             data-product=\"roth-ira\" data-locale=\"zh-CN\" data-theme=\"dark\"></script>"
        );
    }

    #[test]
    fn auto_theme_leaves_data_theme_off_so_the_visitor_setting_decides() {
        assert!(!embed(Theme::Auto).script_tag().contains("data-theme"));
        assert!(!embed(Theme::Auto).placeholders().contains("data-theme"));
        assert!(
            embed(Theme::Light)
                .placeholders()
                .contains("<div data-candor-product=\"roth-ira\" data-theme=\"light\"></div>")
        );
    }

    #[test]
    fn the_placeholder_tag_has_no_product_of_its_own() {
        let placeholders = embed(Theme::Auto).placeholders();
        let tag = placeholders.lines().last().unwrap_or_default();
        assert!(tag.starts_with("<script async src=\"https://reviews.example.com/v1/widget.js\""));
        assert!(!tag.contains("data-product"));
    }

    #[test]
    fn values_cannot_leave_their_attribute() {
        let mut hostile = embed(Theme::Auto);
        hostile.product = "a\"><script>x</script>".to_owned();
        assert!(!hostile.script_tag().contains("\"><script>x"));
        assert_eq!(
            hostile.preview_src(),
            "/console/preview?tenant=harbor&product=ascriptxscript&locale=zh-CN&theme=auto"
        );
    }

    #[test]
    fn the_csp_and_height_lines_are_the_embedding_guides() {
        let guide = include_str!("../../docs/embedding.md");
        assert!(guide.contains(&csp_line("https://EDGE")), "CSP line");
        assert!(guide.contains(HEIGHT_CSS), "height reservation");
    }

    #[test]
    fn unknown_themes_read_as_auto() {
        assert_eq!(Theme::parse("dark"), Theme::Dark);
        assert_eq!(Theme::parse("sepia"), Theme::Auto);
    }
}
