//! A tenant's settings as the admin edits them: allowed origins, locales, theme, captcha, aggregate rule, SLA targets,
//! webhook and JSON-LD, with the rules every value must meet. Pure: no IO, no clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aggregate::AggregateRule;
use crate::webhook_destination::WebhookDestination;

/// Targets in hours per waiting stage (defaults: screening 4, compliance 24, owner 24), and for customer-service cases (24).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SlaHours {
    pub screening: u32,
    pub compliance_review: u32,
    pub owner_review: u32,
    /// Hours until an escalation is due; settings stored before it existed read as the default.
    #[serde(default = "default_escalation_hours")]
    pub escalation: u32,
}

fn default_escalation_hours() -> u32 {
    crate::escalation::DEFAULT_SLA_HOURS
}

impl Default for SlaHours {
    fn default() -> Self {
        SlaHours {
            screening: 4,
            compliance_review: 24,
            owner_review: 24,
            escalation: default_escalation_hours(),
        }
    }
}

/// Cloudflare Turnstile: the tenant chooses only its public site key. The script and verify URLs are Worker
/// configuration (`TURNSTILE_SCRIPT_URL`, `TURNSTILE_VERIFY_URL`), never a tenant setting: the Worker sends its
/// secret to the verify URL, so whoever could set that URL could collect the secret (ARCHITECTURE.md, "Captcha").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaptchaSettings {
    pub site_key: String,
}

/// A Turnstile site key as the dashboard issues it (`0x4AAAAAAA…`, test keys `1x00000000000000000000AA`):
/// 1 to 128 ASCII letters, digits, `_` and `-`. It is put into the widget's script call, so nothing else is allowed.
pub fn is_site_key(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 128
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TenantSettings {
    pub allowed_origins: Vec<String>,
    pub locales: Vec<String>,
    #[serde(default)]
    pub theme: BTreeMap<String, String>,
    #[serde(default)]
    pub captcha: Option<CaptchaSettings>,
    pub aggregate_rule: AggregateRule,
    #[serde(default)]
    pub sla_hours: SlaHours,
    #[serde(default)]
    pub webhook_url: Option<String>,
    #[serde(default)]
    pub json_ld: bool,
    /// The audience (AUD tag) of the tenant's Cloudflare Access application: an Access assertion for it signs in a
    /// person of this tenant. Unique across tenants; `None` means staff use API tokens only. Left out of the
    /// document when `None`: a missing audience fails closed (nobody signs in through Access), unlike a missing
    /// captcha or webhook (see `REQUIRED_STORED_KEYS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 128, pattern = "^[A-Za-z0-9._-]+$")
    )]
    pub access_audience: Option<String>,
    /// The neutrality report warns when two star buckets' approval rates differ by more than this many percentage
    /// points (1–100); settings stored before it existed read as the default, 10.
    #[serde(default = "default_neutrality_alert_points")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub neutrality_alert_points: u32,
}

fn default_neutrality_alert_points() -> u32 {
    crate::neutrality::DEFAULT_ALERT_POINTS
}

impl TenantSettings {
    /// What a tenant starts with.
    pub fn defaults(allowed_origins: Vec<String>) -> TenantSettings {
        TenantSettings {
            allowed_origins,
            locales: vec!["en".to_owned(), "zh-CN".to_owned()],
            theme: BTreeMap::new(),
            captcha: None,
            aggregate_rule: AggregateRule::AllReviews,
            sla_hours: SlaHours::default(),
            webhook_url: None,
            json_ld: false,
            access_audience: None,
            neutrality_alert_points: default_neutrality_alert_points(),
        }
    }

    /// Every refused value as `(field, code)`, in field order; empty when all is well.
    pub fn problems(&self) -> Vec<(String, &'static str)> {
        self.problems_with(false)
    }

    /// As `problems`; `allow_local_webhook` (the Worker's test hooks only) also accepts the loopback test receiver
    /// as webhook URL (`WebhookDestination::parse`).
    pub fn problems_with(&self, allow_local_webhook: bool) -> Vec<(String, &'static str)> {
        let mut problems = Vec::new();
        if self.allowed_origins.len() > 50 {
            problems.push(("allowed_origins".to_owned(), "too_many"));
        }
        for (index, origin) in self.allowed_origins.iter().enumerate() {
            if !is_origin(origin) {
                problems.push((format!("allowed_origins[{index}]"), "invalid_origin"));
            }
        }
        if self.locales.is_empty() {
            problems.push(("locales".to_owned(), "required"));
        }
        for (index, locale) in self.locales.iter().enumerate() {
            if !matches!(locale.as_str(), "en" | "zh-CN") || self.locales[..index].contains(locale)
            {
                problems.push((format!("locales[{index}]"), "invalid_choice"));
            }
        }
        if self.theme.len() > 20 {
            problems.push(("theme".to_owned(), "too_many"));
        }
        for (key, value) in &self.theme {
            if !is_theme_key(key) || !is_theme_value(value) {
                problems.push((format!("theme.{key}"), "invalid_theme_value"));
            }
        }
        if let Some(captcha) = &self.captcha
            && !is_site_key(&captcha.site_key)
        {
            problems.push(("captcha.site_key".to_owned(), "invalid_site_key"));
        }
        for (field, hours) in [
            ("sla_hours.screening", self.sla_hours.screening),
            (
                "sla_hours.compliance_review",
                self.sla_hours.compliance_review,
            ),
            ("sla_hours.owner_review", self.sla_hours.owner_review),
            ("sla_hours.escalation", self.sla_hours.escalation),
        ] {
            if !(1..=720).contains(&hours) {
                problems.push((field.to_owned(), "out_of_range"));
            }
        }
        if let Some(url) = &self.webhook_url
            && let Err(error) = WebhookDestination::parse(url, allow_local_webhook)
        {
            problems.push(("webhook_url".to_owned(), error.code()));
        }
        if let Some(audience) = &self.access_audience
            && !crate::access::is_access_audience(audience)
        {
            problems.push(("access_audience".to_owned(), "invalid_access_audience"));
        }
        if !(1..=100).contains(&self.neutrality_alert_points) {
            problems.push(("neutrality_alert_points".to_owned(), "out_of_range"));
        }
        problems
    }
}

/// A theme key: the name of a widget custom property without its `--candor-` prefix (`accent` → `--candor-accent`),
/// 1 to 32 of `a-z` and `-`.
pub fn is_theme_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 32 && key.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// A theme value becomes the value of a CSS custom property inside the widget's shadow root, so it may hold nothing
/// that could end a declaration, a rule or the `<style>` element (`;`, `}`, `<`, quotes, `\`, `/`, `:` are all
/// outside the allowed set) and nothing that loads a resource (`url(`): at most 64 of ASCII letters, digits and
/// ` #.,%()-` — colours (`#0a5`, `rgb(0, 90, 60)`), lengths (`12px`), names.
pub fn is_theme_value(value: &str) -> bool {
    value.len() <= 64
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " #.,%()-".contains(c))
        && !value.to_ascii_lowercase().contains("url(")
}

/// The locale a widget is shown in: the visitor's tag read as one of the widget's languages (`zh…` → `zh-CN`,
/// anything else → `en`) if the tenant offers it, otherwise the tenant's first locale (`en` if it lists none, which
/// the rules refuse).
pub fn offered_locale<'a>(offered: &'a [String], requested: &str) -> &'a str {
    let wanted = if requested
        .get(..2)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("zh"))
    {
        "zh-CN"
    } else {
        "en"
    };
    offered
        .iter()
        .find(|locale| *locale == wanted)
        .or_else(|| offered.first())
        .map_or("en", String::as_str)
}

/// Stored settings that cannot be trusted. The edge answers 500 `misconfigured` for them and never falls back to
/// defaults: a default would silently turn the tenant's captcha or webhook off.
#[cfg(feature = "stored")]
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsCorrupt {
    #[error("the stored allowed origins are not a list of origins: {0}")]
    Origins(String),
    #[error("the stored settings document does not parse: {0}")]
    Unparsable(String),
    /// The edge writes every settings document with `captcha` and `webhook_url` (null when off); a document without
    /// them was not written by the edge, and reading it as "off" would fail open.
    #[error("the stored settings document does not name `{0}`")]
    Missing(&'static str),
    #[error("the stored settings break the rules: {0}")]
    Invalid(String),
}

#[cfg(feature = "stored")]
/// Keys every stored settings document names explicitly, because their absence would mean "off".
const REQUIRED_STORED_KEYS: [&str; 2] = ["captcha", "webhook_url"];

/// The stored allowed origins (`tenants.allowed_origins`): a JSON list of origins, each meeting `is_origin`.
#[cfg(feature = "stored")]
pub fn parse_stored_origins(origins_json: &str) -> Result<Vec<String>, SettingsCorrupt> {
    let origins: Vec<String> = serde_json::from_str(origins_json)
        .map_err(|error| SettingsCorrupt::Origins(error.to_string()))?;
    match origins.iter().find(|origin| !is_origin(origin)) {
        Some(origin) => Err(SettingsCorrupt::Origins(format!(
            "{origin:?} is not an origin"
        ))),
        None => Ok(origins),
    }
}

/// A tenant's settings from what is stored: the allowed origins (`tenants.allowed_origins`, a JSON list) and the
/// settings document (`tenant_settings.settings`; `None` when an admin never saved any, which means the defaults).
/// Strict: an unknown field, a wrong type, a missing `captcha` or `webhook_url`, or a value the rules refuse is an
/// error, never a default.
#[cfg(feature = "stored")]
pub fn parse_stored(
    origins_json: &str,
    settings_json: Option<&str>,
) -> Result<TenantSettings, SettingsCorrupt> {
    let origins = parse_stored_origins(origins_json)?;
    let mut settings = match settings_json {
        None => TenantSettings::defaults(Vec::new()),
        Some(json) => {
            let document: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(json)
                    .map_err(|error| SettingsCorrupt::Unparsable(error.to_string()))?;
            if let Some(key) = REQUIRED_STORED_KEYS
                .into_iter()
                .find(|key| !document.contains_key(*key))
            {
                return Err(SettingsCorrupt::Missing(key));
            }
            serde_json::from_value(serde_json::Value::Object(document))
                .map_err(|error| SettingsCorrupt::Unparsable(error.to_string()))?
        }
    };
    settings.allowed_origins = origins;
    // The loopback webhook receiver is allowed here: whether it may be used is decided where the URL is written
    // (the settings route) and again where it is delivered to (the webhook consumer), both by the Worker's test-hook
    // switch, which the domain cannot see. Refusing it here would make an edge with test hooks unable to read what
    // it wrote; accepting it cannot fail open, because delivery refuses it without the hooks.
    if let Some((field, code)) = settings.problems_with(true).into_iter().next() {
        return Err(SettingsCorrupt::Invalid(format!("{field}: {code}")));
    }
    Ok(settings)
}

/// `https://host[:port]`, or `http://` for loopback hosts (local development), without path, query or user info.
pub fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let host = rest.rsplit_once(':').map_or(rest, |(host, port)| {
        if !port.is_empty() && port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit()) {
            host
        } else {
            ""
        }
    });
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    let loopback = matches!(host, "localhost" | "127.0.0.1");
    host_ok && (scheme == "https" || (scheme == "http" && loopback))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_stored_before_the_escalation_target_still_parse() {
        let old = r#"{"screening":4,"compliance_review":24,"owner_review":24}"#;
        let hours: SlaHours = serde_json::from_str(old).unwrap();
        assert_eq!(hours.escalation, 24);
        assert_eq!(hours, SlaHours::default());
    }

    #[test]
    fn settings_stored_before_the_neutrality_threshold_read_as_ten_points_and_refuse_out_of_range()
    {
        let mut document = serde_json::to_value(TenantSettings::defaults(Vec::new())).unwrap();
        document
            .as_object_mut()
            .unwrap()
            .remove("neutrality_alert_points");
        let settings: TenantSettings = serde_json::from_value(document).unwrap();
        assert_eq!(settings.neutrality_alert_points, 10);
        for (points, ok) in [(0, false), (1, true), (100, true), (101, false)] {
            let settings = TenantSettings {
                neutrality_alert_points: points,
                ..TenantSettings::defaults(Vec::new())
            };
            assert_eq!(
                settings.problems().is_empty(),
                ok,
                "{points}: {:?}",
                settings.problems()
            );
        }
    }

    #[cfg(feature = "stored")]
    /// What the edge's PUT stores: every field, `null` for what is off, origins kept apart.
    fn stored(changes: serde_json::Value) -> String {
        let mut document = serde_json::to_value(TenantSettings::defaults(Vec::new())).unwrap();
        for (key, value) in changes.as_object().unwrap() {
            if value == "<remove>" {
                document.as_object_mut().unwrap().remove(key);
            } else {
                document[key] = value.clone();
            }
        }
        document.to_string()
    }

    #[test]
    #[cfg(feature = "stored")]
    fn stored_settings_parse_strictly_and_never_fall_back_to_defaults() {
        use serde_json::json;
        let origins = r#"["https://bank.example"]"#;
        let with_captcha = parse_stored(
            origins,
            Some(&stored(
                json!({ "captcha": { "site_key": "1x00000000000000000000AA" } }),
            )),
        )
        .unwrap();
        assert_eq!(with_captcha.allowed_origins, ["https://bank.example"]);
        assert!(with_captcha.captcha.is_some());
        // Never saved: the defaults, which is what a new tenant has.
        assert_eq!(
            parse_stored("[]", None).unwrap(),
            TenantSettings::defaults(Vec::new())
        );
        // A document written before the escalation target existed still parses.
        let old = stored(
            json!({ "sla_hours": { "screening": 4, "compliance_review": 24, "owner_review": 24 } }),
        );
        assert!(parse_stored("[]", Some(&old)).is_ok());
        // The loopback test receiver a test edge stored reads back (delivery decides whether it may be used).
        let local_hook = stored(json!({ "webhook_url": "http://127.0.0.1:9000/hook" }));
        assert_eq!(
            parse_stored("[]", Some(&local_hook))
                .unwrap()
                .webhook_url
                .as_deref(),
            Some("http://127.0.0.1:9000/hook")
        );

        let cases: [(&str, String, &str); 10] = [
            (
                "unknown field",
                stored(json!({ "captcha_off": true })),
                "Unparsable",
            ),
            (
                "wrong type",
                stored(json!({ "json_ld": "yes" })),
                "Unparsable",
            ),
            (
                "captcha without its site key",
                stored(json!({ "captcha": {} })),
                "Unparsable",
            ),
            (
                "captcha with a verify URL",
                stored(
                    json!({ "captcha": { "site_key": "k", "verify_url": "https://x.example" } }),
                ),
                "Unparsable",
            ),
            (
                "missing captcha key",
                stored(json!({ "captcha": "<remove>" })),
                "Missing",
            ),
            (
                "missing webhook key",
                stored(json!({ "webhook_url": "<remove>" })),
                "Missing",
            ),
            ("not JSON", "{\"locales\":".to_owned(), "Unparsable"),
            ("not an object", "[]".to_owned(), "Unparsable"),
            (
                "a value the rules refuse",
                stored(json!({ "webhook_url": "ftp://desk.example" })),
                "Invalid",
            ),
            (
                "an unknown aggregate rule",
                stored(json!({ "aggregate_rule": "best_only" })),
                "Unparsable",
            ),
        ];
        for (case, json, kind) in cases {
            let error = parse_stored("[]", Some(&json)).expect_err(case);
            assert!(format!("{error:?}").starts_with(kind), "{case}: {error:?}");
        }
        for origins in ["", "{}", "[1]", "[\"ftp://bank.example\"]"] {
            assert!(parse_stored(origins, None).is_err(), "origins {origins:?}");
        }
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert!(is_origin("https://bank.example"));
        assert!(is_origin("https://bank.example:8443"));
        assert!(is_origin("http://127.0.0.1:8787"));
        assert!(is_origin("http://localhost:8787"));
        assert!(!is_origin("http://bank.example"));
        assert!(!is_origin("https://bank.example/path"));
        assert!(!is_origin("https://Bank.example"));
        assert!(!is_origin("https://user@bank.example"));
        assert!(!is_origin("javascript:alert(1)"));
        assert!(!is_origin("https://bank.example:"));
    }

    #[test]
    fn defaults_are_valid_and_bad_values_are_named() {
        assert!(
            TenantSettings::defaults(vec!["https://a.example".into()])
                .problems()
                .is_empty()
        );
        let mut settings = TenantSettings::defaults(vec!["ftp://x".into()]);
        settings.locales = vec!["fr".into()];
        settings.sla_hours.screening = 0;
        settings.theme.insert("accent".into(), "red;}body{".into());
        settings.webhook_url = Some("https://desk.example/hook?x=1".into());
        assert!(
            settings
                .clone()
                .problems()
                .iter()
                .all(|(f, _)| f != "webhook_url")
        );
        settings.sla_hours.escalation = 721;
        settings.captcha = Some(CaptchaSettings {
            site_key: "key\"><script>".into(),
        });
        let fields: Vec<String> = settings.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "allowed_origins[0]",
                "locales[0]",
                "theme.accent",
                "captcha.site_key",
                "sla_hours.screening",
                "sla_hours.escalation"
            ]
        );
        settings.webhook_url = Some("https://10.0.0.1/hook".into());
        assert!(
            settings
                .problems()
                .contains(&("webhook_url".to_owned(), "ip_address_not_allowed"))
        );
        settings.webhook_url = Some("http://127.0.0.1:9000/hook".into());
        assert!(settings.problems().iter().any(|(f, _)| f == "webhook_url"));
        assert!(
            settings
                .problems_with(true)
                .iter()
                .all(|(f, _)| f != "webhook_url")
        );
    }

    #[test]
    fn the_access_audience_is_optional_and_bounded() {
        let mut settings = TenantSettings::defaults(Vec::new());
        settings.access_audience = Some("4714c1358e65fe4b408ad6d432a5f878".into());
        assert!(settings.problems().is_empty());
        for bad in ["", "aud with space", "a\"<b>"] {
            settings.access_audience = Some(bad.into());
            assert_eq!(
                settings.problems(),
                [("access_audience".to_owned(), "invalid_access_audience")]
            );
        }
        settings.access_audience = Some("a".repeat(129));
        assert_eq!(settings.problems().len(), 1);
        // Documents stored before the field existed read as "no Access application".
        let old = serde_json::json!({
            "allowed_origins": [], "locales": ["en"], "aggregate_rule": "all_reviews",
        });
        let parsed: TenantSettings = serde_json::from_value(old).unwrap();
        assert_eq!(parsed.access_audience, None);
        let written = serde_json::to_value(&parsed).unwrap();
        assert!(written.get("access_audience").is_none(), "{written}");
    }

    #[test]
    fn theme_values_cannot_leave_their_declaration_or_load_anything() {
        for good in [
            "#0a5",
            "rgb(0, 90, 60)",
            "12px",
            "transparent",
            "hsl(210 80% 40%)",
        ] {
            assert!(is_theme_value(good), "{good}");
        }
        for bad in [
            "red;}body{display:none",
            "red}</style><script>",
            "url(evil.example)",
            "URL(x)",
            "red\\3b",
            "\"red\"",
            "a/b",
            "x:y",
            &"a".repeat(65),
        ] {
            assert!(!is_theme_value(bad), "{bad}");
        }
        assert!(is_theme_key("accent") && is_theme_key("on-accent"));
        for bad in ["", "Accent", "accent:", "a_b", &"a".repeat(33)] {
            assert!(!is_theme_key(bad), "{bad}");
        }
    }

    #[test]
    fn a_locale_the_tenant_does_not_offer_falls_back_to_its_first() {
        let both = ["en".to_owned(), "zh-CN".to_owned()];
        let chinese_first = ["zh-CN".to_owned(), "en".to_owned()];
        let english = ["en".to_owned()];
        let chinese = ["zh-CN".to_owned()];
        assert_eq!(offered_locale(&both, "zh-CN"), "zh-CN");
        assert_eq!(offered_locale(&both, "zh"), "zh-CN");
        assert_eq!(offered_locale(&both, "ZH-hans"), "zh-CN");
        assert_eq!(offered_locale(&both, "en-GB"), "en");
        assert_eq!(offered_locale(&both, "fr"), "en");
        assert_eq!(offered_locale(&chinese_first, "fr"), "en");
        assert_eq!(offered_locale(&english, "zh-CN"), "en");
        assert_eq!(offered_locale(&chinese, "en"), "zh-CN");
        assert_eq!(offered_locale(&chinese, ""), "zh-CN");
        assert_eq!(offered_locale(&[], "zh-CN"), "en");
    }

    #[test]
    fn captcha_names_only_a_site_key_never_a_url() {
        assert!(is_site_key("0x4AAAAAAABkMYinukE8nzYS"));
        assert!(is_site_key("1x00000000000000000000AA"));
        assert!(!is_site_key(""));
        assert!(!is_site_key("key with space"));
        assert!(!is_site_key(&"k".repeat(129)));
        // A verify URL of the tenant's choosing would receive the Worker's Turnstile secret: it is refused.
        let stored = r#"{"site_key":"1x00000000000000000000AA","verify_url":"https://evil.example/collect"}"#;
        assert!(serde_json::from_str::<CaptchaSettings>(stored).is_err());
    }
}
