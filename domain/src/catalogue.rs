//! The marketer's catalogue API: product lines (with the visibility switch), products and attribute questions —
//! the bodies staff send and the views they get back. Nothing is deleted, only archived.

use serde::{Deserialize, Serialize};

/// `POST /v1/admin/product-lines`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProductLine {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: String,
    /// Defaults to visible.
    #[serde(default)]
    pub visible: Option<bool>,
}

/// `PATCH /v1/admin/product-lines/{id}`: `visible` is the marketer toggle (hidden on every embed within a minute).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductLinePatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: Option<String>,
    #[serde(default)]
    pub visible: Option<bool>,
    #[serde(default)]
    pub archived: Option<bool>,
}

/// A product line as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductLineView {
    pub id: String,
    pub name: String,
    pub visible: bool,
    pub archived: bool,
}

/// `GET /v1/admin/product-lines`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductLineList {
    pub product_lines: Vec<ProductLineView>,
}

/// `POST /v1/admin/products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub line_id: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: String,
}

/// `PATCH /v1/admin/products/{id}`. `cta` absent leaves the call to action as it is; `null` removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: Option<String>,
    #[serde(default)]
    pub archived: Option<bool>,
    /// The product's call to action; `null` removes it.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ProductCta>))]
    pub cta: Option<Option<ProductCta>>,
}

/// A field that is present, `null` or not: `Some(None)` for `null`, `None` (the default) when absent.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The longest call-to-action label, in characters.
pub const CTA_LABEL_MAX_CHARS: usize = 60;
/// The longest call-to-action URL, in bytes.
pub const CTA_URL_MAX_LEN: usize = 2_000;

/// A product's call to action ("Open a Roth IRA"), shown as a link under its summary: a URL on one of the tenant's
/// allowed origins and a label per locale (at least one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductCta {
    pub label: CtaLabel,
    /// `https://…` (or a loopback `http://` origin the tenant allows) on one of the tenant's allowed origins.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub url: String,
}

/// The link's text per locale; a locale without one shows the other.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CtaLabel {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub en: Option<String>,
    #[serde(rename = "zh-CN", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub zh_cn: Option<String>,
}

impl ProductCta {
    /// The call to action as stored: labels trimmed, or every refused value as `(field, code)` in field order.
    /// `allowed_origins` are the tenant's: the URL's origin must be one of them exactly.
    pub fn validate(
        &self,
        allowed_origins: &[String],
    ) -> Result<ProductCta, Vec<(String, &'static str)>> {
        let mut problems = Vec::new();
        match cta_url_origin(&self.url) {
            None => problems.push(("cta.url".to_owned(), "invalid_url")),
            Some(origin) if !allowed_origins.iter().any(|allowed| allowed == origin) => {
                problems.push(("cta.url".to_owned(), "origin_not_allowed"));
            }
            Some(_) => {}
        }
        let mut label = |field: &str, text: &Option<String>| {
            let trimmed = text.as_deref().map(str::trim);
            if let Some(trimmed) = trimmed
                && (trimmed.is_empty()
                    || trimmed.chars().count() > CTA_LABEL_MAX_CHARS
                    || trimmed.chars().any(|c| crate::text::is_forbidden(c, false)))
            {
                problems.push((field.to_owned(), "invalid_text"));
            }
            trimmed.map(str::to_owned)
        };
        let en = label("cta.label.en", &self.label.en);
        let zh_cn = label("cta.label.zh-CN", &self.label.zh_cn);
        if en.is_none() && zh_cn.is_none() {
            problems.push(("cta.label".to_owned(), "required"));
        }
        if problems.is_empty() {
            Ok(ProductCta {
                label: CtaLabel { en, zh_cn },
                url: self.url.clone(),
            })
        } else {
            Err(problems)
        }
    }

    /// The label for a visitor reading `locale` (`zh…` or anything else, read as English), or the other one.
    pub fn label_for(&self, locale: &str) -> &str {
        let (wanted, other) = if locale.starts_with("zh") {
            (&self.label.zh_cn, &self.label.en)
        } else {
            (&self.label.en, &self.label.zh_cn)
        };
        wanted.as_deref().or(other.as_deref()).unwrap_or_default()
    }

    /// Whether the URL is still on one of these origins (an admin may have removed its origin since).
    pub fn on_origins(&self, allowed_origins: &[String]) -> bool {
        cta_url_origin(&self.url)
            .is_some_and(|origin| allowed_origins.iter().any(|allowed| allowed == origin))
    }
}

/// The origin (`scheme://host[:port]`) of a call-to-action URL, or `None` when it is not one a link may carry: at
/// most 2,000 bytes of printable ASCII without spaces, quotes, `<`, `>`, `\` or a backtick, `https://` or
/// `http://`, no user name or password, an origin the allowed-origins rule accepts, then nothing or a path, query
/// or fragment.
pub fn cta_url_origin(url: &str) -> Option<&str> {
    if url.len() > CTA_URL_MAX_LEN
        || !url
            .bytes()
            .all(|b| (0x21..0x7f).contains(&b) && !b"\"'<>\\`".contains(&b))
    {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = &url[..scheme.len() + 3 + authority_end];
    crate::settings::is_origin(origin).then_some(origin)
}

/// A product as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductView {
    pub id: String,
    pub line_id: String,
    pub name: String,
    pub archived: bool,
    /// The call to action under the product's summary, if the marketer set one.
    #[serde(default)]
    pub cta: Option<ProductCta>,
}

/// `GET /v1/admin/products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductList {
    pub products: Vec<ProductView>,
}

/// `POST /v1/admin/attributes`: a question asked about one product, labelled in both locales.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAttribute {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub product: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub key: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub label_en: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub label_zh: String,
    /// 1 to 1000; defaults to after the last question.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub position: Option<i64>,
}

/// `PATCH /v1/admin/attributes/{product}.{key}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributePatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub label_en: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub label_zh: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub position: Option<i64>,
    #[serde(default)]
    pub archived: Option<bool>,
}

/// An attribute question as staff see it; its id is `{product}.{key}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeView {
    pub id: String,
    pub product: String,
    pub key: String,
    pub label_en: String,
    pub label_zh: String,
    pub position: i64,
    pub archived: bool,
}

/// `GET /v1/admin/attributes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeList {
    pub attributes: Vec<AttributeView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cta(url: &str, en: Option<&str>, zh: Option<&str>) -> ProductCta {
        ProductCta {
            url: url.to_owned(),
            label: CtaLabel {
                en: en.map(str::to_owned),
                zh_cn: zh.map(str::to_owned),
            },
        }
    }

    fn origins() -> Vec<String> {
        vec![
            "https://bank.example".to_owned(),
            "http://127.0.0.1:8788".to_owned(),
        ]
    }

    fn fields(
        result: Result<ProductCta, Vec<(String, &'static str)>>,
    ) -> Vec<(String, &'static str)> {
        result.expect_err("refused")
    }

    #[test]
    fn a_call_to_action_on_an_allowed_origin_is_kept_with_trimmed_labels() {
        let valid = cta(
            "https://bank.example/open?product=roth#start",
            Some("  Open a Roth IRA "),
            Some("开立罗斯个人退休账户"),
        )
        .validate(&origins())
        .unwrap();
        assert_eq!(valid.label.en.as_deref(), Some("Open a Roth IRA"));
        assert_eq!(valid.label_for("zh-CN"), "开立罗斯个人退休账户");
        assert_eq!(valid.label_for("en"), "Open a Roth IRA");
        // The loopback origin the tenant allows (local development), the bare origin, one label only.
        let local = cta("http://127.0.0.1:8788", None, Some("开户"))
            .validate(&origins())
            .unwrap();
        assert_eq!(
            local.label_for("en"),
            "开户",
            "a locale without a label shows the other"
        );
    }

    #[test]
    fn each_refused_value_is_named_by_its_field() {
        for url in [
            "javascript:alert(1)",
            "https://bank.example/\"onmouseover=\"x",
            "https://bank.example/a b",
            "https://user@bank.example/",
            "//bank.example/x",
            "ftp://bank.example/",
            "http://bank.example/",
            "https://BANK.example/",
            "https://bank.example:/x",
            "https://bank.example\\@evil.example/",
            "",
        ] {
            assert_eq!(
                fields(cta(url, Some("Open"), None).validate(&origins())),
                [("cta.url".to_owned(), "invalid_url")],
                "{url}"
            );
        }
        let long = format!("https://bank.example/{}", "a".repeat(CTA_URL_MAX_LEN));
        assert_eq!(
            fields(cta(&long, Some("Open"), None).validate(&origins()))[0].1,
            "invalid_url"
        );
        for url in [
            "https://evil.example/open",
            "https://bank.example:8443/",
            "https://bank.example.evil.example/",
            "http://127.0.0.1:9999/",
        ] {
            assert_eq!(
                fields(cta(url, Some("Open"), None).validate(&origins())),
                [("cta.url".to_owned(), "origin_not_allowed")],
                "{url}"
            );
        }
        assert_eq!(
            fields(cta("https://bank.example/", None, None).validate(&origins())),
            [("cta.label".to_owned(), "required")]
        );
        assert_eq!(
            fields(
                cta("https://evil.example/", Some(" "), Some(&"长".repeat(61)))
                    .validate(&origins())
            ),
            [
                ("cta.url".to_owned(), "origin_not_allowed"),
                ("cta.label.en".to_owned(), "invalid_text"),
                ("cta.label.zh-CN".to_owned(), "invalid_text"),
            ]
        );
        assert_eq!(
            fields(cta("https://bank.example/", Some("Open\nnow"), None).validate(&origins())),
            [("cta.label.en".to_owned(), "invalid_text")]
        );
        assert!(
            cta("https://bank.example/", Some(&"长".repeat(60)), None)
                .validate(&origins())
                .is_ok()
        );
    }

    #[test]
    fn a_patch_tells_absent_from_null() {
        let absent: ProductPatch = serde_json::from_str(r#"{"name":"IRA"}"#).unwrap();
        assert_eq!(absent.cta, None);
        let removed: ProductPatch = serde_json::from_str(r#"{"cta":null}"#).unwrap();
        assert_eq!(removed.cta, Some(None));
        let set: ProductPatch = serde_json::from_str(
            r#"{"cta":{"url":"https://bank.example/","label":{"en":"Open","zh-CN":"开户"}}}"#,
        )
        .unwrap();
        assert_eq!(
            set.cta.unwrap().unwrap().label.zh_cn.as_deref(),
            Some("开户")
        );
        for unknown in [
            r#"{"cta":{"url":"https://bank.example/","label":{"en":"Open"},"target":"_blank"}}"#,
            r#"{"cta":{"url":"https://bank.example/","label":{"fr":"Ouvrir"}}}"#,
        ] {
            assert!(
                serde_json::from_str::<ProductPatch>(unknown).is_err(),
                "{unknown}"
            );
        }
    }

    #[test]
    fn a_call_to_action_moves_off_a_removed_origin() {
        let valid = cta("https://bank.example/open", Some("Open"), None);
        assert!(valid.on_origins(&origins()));
        assert!(!valid.on_origins(&["https://other.example".to_owned()]));
    }
}

/// The kind of catalogue item whose changes `GET /v1/admin/catalogue/history` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CatalogueSubject {
    ProductLine,
    Product,
    Attribute,
}

impl CatalogueSubject {
    pub const ALL: [CatalogueSubject; 3] = [
        CatalogueSubject::ProductLine,
        CatalogueSubject::Product,
        CatalogueSubject::Attribute,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CatalogueSubject::ProductLine => "product_line",
            CatalogueSubject::Product => "product",
            CatalogueSubject::Attribute => "attribute",
        }
    }

    pub fn parse(text: &str) -> Option<CatalogueSubject> {
        CatalogueSubject::ALL
            .into_iter()
            .find(|subject| subject.as_str() == text)
    }
}

/// An attribute question's id in the API (`AttributeView::id`, the PATCH path, its history): `{product}.{key}`
/// (a key is unique within its product only; neither slug can hold a `.`).
pub fn attribute_item(product: &str, key: &str) -> String {
    [product, ".", key].concat()
}

/// `GET /v1/admin/catalogue/history?subject=&item=`: the archive rows that changed one catalogue item (who, when,
/// what, as the archive holds them), newest first. `item` is the id the catalogue API gives the item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CatalogueHistory {
    pub subject: CatalogueSubject,
    pub item: String,
    pub entries: Vec<crate::archive::AuditRow>,
}

#[cfg(test)]
mod subject_tests {
    use super::*;

    #[test]
    fn subjects_read_back_from_their_names_and_nothing_else_parses() {
        for subject in CatalogueSubject::ALL {
            assert_eq!(CatalogueSubject::parse(subject.as_str()), Some(subject));
            let json = serde_json::to_string(&subject).unwrap();
            assert_eq!(json, format!("\"{}\"", subject.as_str()));
        }
        assert_eq!(CatalogueSubject::parse("settings"), None);
        assert_eq!(CatalogueSubject::parse(""), None);
        assert_eq!(attribute_item("roth-ira", "fees"), "roth-ira.fees");
    }
}
