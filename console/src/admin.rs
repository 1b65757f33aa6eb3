//! Pure helpers of the admin pages (people, tokens, settings): the settings document as the form's text and back,
//! checked by the domain's own `TenantSettings::problems` (the rules the edge applies, never a copy), refused fields
//! grouped per input, and the notices of granted roles with names resolved. No IO, no DOM.

use std::collections::BTreeMap;

use candor_domain::Role;
use candor_domain::aggregate::AggregateRule;
use candor_domain::people::PeopleList;
use candor_domain::settings::{CaptchaSettings, TenantSettings, is_theme_value};

use crate::i18n::Words;

/// A number of the settings document, edited in one number input. Adding one is one entry here and its words.
pub struct NumberField {
    /// The field as the API names it in a refusal.
    pub field: &'static str,
    pub label: fn(&Words) -> &'static str,
    pub get: fn(&TenantSettings) -> u32,
    pub set: fn(&mut TenantSettings, u32),
    /// The input's `max` (the domain's rule is what decides; this only guides the browser's spinner).
    pub max: u32,
}

pub const NUMBER_FIELDS: &[NumberField] = &[
    NumberField {
        field: "sla_hours.screening",
        label: |w| w.admin.sla_screening,
        get: |s| s.sla_hours.screening,
        set: |s, v| s.sla_hours.screening = v,
        max: 720,
    },
    NumberField {
        field: "sla_hours.compliance_review",
        label: |w| w.admin.sla_compliance,
        get: |s| s.sla_hours.compliance_review,
        set: |s, v| s.sla_hours.compliance_review = v,
        max: 720,
    },
    NumberField {
        field: "sla_hours.owner_review",
        label: |w| w.admin.sla_owner,
        get: |s| s.sla_hours.owner_review,
        set: |s, v| s.sla_hours.owner_review = v,
        max: 720,
    },
    NumberField {
        field: "sla_hours.escalation",
        label: |w| w.admin.sla_escalation,
        get: |s| s.sla_hours.escalation,
        set: |s, v| s.sla_hours.escalation = v,
        max: 720,
    },
    NumberField {
        field: "neutrality_alert_points",
        label: |w| w.admin.neutrality_alert_points,
        get: |s| s.neutrality_alert_points,
        set: |s, v| s.neutrality_alert_points = v,
        max: 100,
    },
];

/// The settings as the form holds them: text where a person types, empty text for "none".
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsDraft {
    /// One origin per line.
    pub origins: String,
    pub locales: Vec<String>,
    /// Key/value rows in the order shown; a row with both cells empty is ignored.
    pub theme: Vec<(String, String)>,
    /// The text of each of `NUMBER_FIELDS`, in that order.
    pub numbers: Vec<String>,
    /// Empty: no captcha.
    pub site_key: String,
    pub aggregate_rule: AggregateRule,
    /// Empty: no webhook.
    pub webhook_url: String,
    pub json_ld: bool,
    /// Empty: nobody signs in through Access (API tokens only).
    pub access_audience: String,
}

/// A refused value: the field as the API names it (`allowed_origins[2]`, `theme.accent`) and the code.
pub type Problem = (String, String);

impl SettingsDraft {
    pub fn from_settings(settings: &TenantSettings) -> SettingsDraft {
        SettingsDraft {
            origins: settings.allowed_origins.join("\n"),
            locales: settings.locales.clone(),
            theme: settings
                .theme
                .iter()
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
            numbers: NUMBER_FIELDS
                .iter()
                .map(|number| (number.get)(settings).to_string())
                .collect(),
            site_key: settings
                .captcha
                .as_ref()
                .map(|captcha| captcha.site_key.clone())
                .unwrap_or_default(),
            aggregate_rule: settings.aggregate_rule,
            webhook_url: settings.webhook_url.clone().unwrap_or_default(),
            json_ld: settings.json_ld,
            access_audience: settings.access_audience.clone().unwrap_or_default(),
        }
    }

    /// The origins, one per non-empty line, trimmed.
    pub fn origin_list(&self) -> Vec<String> {
        self.origins
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The document to `PUT`, built on `base` so that fields this form does not show are sent back unchanged, or
    /// every problem: numbers that are not numbers, a theme key given twice, then `TenantSettings::problems`.
    pub fn to_settings(&self, base: &TenantSettings) -> Result<TenantSettings, Vec<Problem>> {
        let mut problems: Vec<Problem> = Vec::new();
        let mut settings = base.clone();
        settings.allowed_origins = self.origin_list();
        settings.locales = self.locales.clone();
        let mut theme = BTreeMap::new();
        for (key, value) in &self.theme {
            let (key, value) = (key.trim(), value.trim());
            if key.is_empty() && value.is_empty() {
                continue;
            }
            if theme.insert(key.to_owned(), value.to_owned()).is_some() {
                problems.push((format!("theme.{key}"), "duplicate_key".to_owned()));
            }
        }
        settings.theme = theme;
        for (number, text) in NUMBER_FIELDS.iter().zip(&self.numbers) {
            match text.trim().parse::<u32>() {
                Ok(value) => (number.set)(&mut settings, value),
                Err(_) => problems.push((number.field.to_owned(), "not_a_number".to_owned())),
            }
        }
        let site_key = self.site_key.trim();
        settings.captcha = (!site_key.is_empty()).then(|| CaptchaSettings {
            site_key: site_key.to_owned(),
        });
        settings.aggregate_rule = self.aggregate_rule;
        settings.webhook_url = some_text(&self.webhook_url);
        settings.json_ld = self.json_ld;
        settings.access_audience = some_text(&self.access_audience);
        problems.extend(
            settings
                .problems()
                .into_iter()
                .map(|(field, code)| (field, code.to_owned())),
        );
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }

    /// What a refused field names, to put before the message: the origin or locale at its index, the theme key.
    pub fn subject(&self, field: &str) -> Option<String> {
        let indexed = |prefix: &str| {
            field
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('['))
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|index| index.parse::<usize>().ok())
        };
        if let Some(index) = indexed("allowed_origins") {
            return self.origin_list().get(index).cloned();
        }
        if let Some(index) = indexed("locales") {
            return self.locales.get(index).cloned();
        }
        field.strip_prefix("theme.").map(str::to_owned)
    }
}

fn some_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Whether a refusal of `field` belongs to the input of `input`: the field itself, an element of it
/// (`allowed_origins[3]`) or a member (`theme.accent`).
pub fn belongs_to(field: &str, input: &str) -> bool {
    field
        .strip_prefix(input)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('[') || rest.starts_with('.'))
}

/// The colour a theme value shows in its swatch, if it is a value the widget would take.
pub fn swatch(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty() && is_theme_value(value)).then(|| value.to_owned())
}

/// A notice as the people page lists it: who was granted which role, by whom, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeLine {
    pub id: String,
    pub person: String,
    pub role: Role,
    pub by: String,
    pub at: i64,
}

/// The notices with names from the people list (the id when a person is unknown), newest first.
pub fn notice_lines(list: &PeopleList) -> Vec<NoticeLine> {
    let name = |id: &str| {
        list.people
            .iter()
            .find(|person| person.id == id)
            .map_or_else(|| id.to_owned(), |person| person.display_name.clone())
    };
    let mut lines: Vec<NoticeLine> = list
        .notices
        .iter()
        .map(|notice| NoticeLine {
            id: notice.id.clone(),
            person: name(&notice.person_id),
            role: notice.role,
            by: name(&notice.by_person_id),
            at: notice.at,
        })
        .collect();
    lines.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use candor_domain::people::{Notice, Person};

    fn settings() -> TenantSettings {
        let mut settings = TenantSettings::defaults(vec!["https://bank.example".to_owned()]);
        settings
            .theme
            .insert("accent".to_owned(), "#0a5".to_owned());
        settings
    }

    #[test]
    fn an_unchanged_draft_gives_back_the_same_document() {
        let base = settings();
        let draft = SettingsDraft::from_settings(&base);
        assert_eq!(draft.to_settings(&base), Ok(base));
    }

    #[test]
    fn empty_text_means_none_and_lines_are_origins() {
        let base = settings();
        let mut draft = SettingsDraft::from_settings(&base);
        draft.origins = " https://a.example \n\n https://b.example:8443\n".to_owned();
        draft.site_key = "  ".to_owned();
        draft.webhook_url = String::new();
        draft.access_audience = " aud-1 ".to_owned();
        draft.numbers[0] = " 8 ".to_owned();
        let settings = draft.to_settings(&base).expect("valid");
        assert_eq!(
            settings.allowed_origins,
            ["https://a.example", "https://b.example:8443"]
        );
        assert_eq!(settings.captcha, None);
        assert_eq!(settings.webhook_url, None);
        assert_eq!(settings.access_audience.as_deref(), Some("aud-1"));
        assert_eq!(settings.sla_hours.screening, 8);
    }

    #[test]
    fn the_domain_rules_refuse_before_anything_is_sent() {
        let base = settings();
        let mut draft = SettingsDraft::from_settings(&base);
        draft.origins = "https://ok.example\nftp://x".to_owned();
        draft.numbers[1] = "a day".to_owned();
        draft.numbers[2] = "0".to_owned();
        draft.theme.push(("accent".to_owned(), "red".to_owned()));
        draft.theme.push(("ink".to_owned(), "url(x)".to_owned()));
        let problems = draft.to_settings(&base).expect_err("refused");
        let has = |field: &str, code: &str| problems.contains(&(field.to_owned(), code.to_owned()));
        assert!(has("allowed_origins[1]", "invalid_origin"), "{problems:?}");
        assert!(has("sla_hours.compliance_review", "not_a_number"));
        assert!(has("sla_hours.owner_review", "out_of_range"));
        assert!(has("theme.accent", "duplicate_key"));
        assert!(has("theme.ink", "invalid_theme_value"));
        assert_eq!(
            draft.subject("allowed_origins[1]").as_deref(),
            Some("ftp://x")
        );
        assert_eq!(draft.subject("theme.ink").as_deref(), Some("ink"));
        assert_eq!(draft.subject("webhook_url"), None);
    }

    #[test]
    fn refusals_belong_to_their_input_only() {
        assert!(belongs_to("allowed_origins[3]", "allowed_origins"));
        assert!(belongs_to("allowed_origins", "allowed_origins"));
        assert!(belongs_to("theme.accent", "theme"));
        assert!(belongs_to("sla_hours.screening", "sla_hours.screening"));
        assert!(!belongs_to("sla_hours.screening", "sla_hours.escalation"));
        assert!(!belongs_to("locales_extra", "locales"));
    }

    #[test]
    fn swatches_show_only_values_the_widget_takes() {
        assert_eq!(swatch(" #0a5 ").as_deref(), Some("#0a5"));
        assert_eq!(swatch("rgb(0, 90, 60)").as_deref(), Some("rgb(0, 90, 60)"));
        assert_eq!(swatch("red;}body{x:url(y)"), None);
        assert_eq!(swatch(""), None);
    }

    #[test]
    fn notices_name_people_and_come_newest_first() {
        let person = |id: &str, name: &str| Person {
            id: id.to_owned(),
            email: format!("{id}@bank.example"),
            display_name: name.to_owned(),
            role: Role::Admin,
            active: true,
            created_at: 0,
        };
        let notice = |id: &str, person: &str, at: i64| Notice {
            id: id.to_owned(),
            kind: "role_granted".to_owned(),
            person_id: person.to_owned(),
            role: Role::Compliance,
            by_person_id: "p-admin".to_owned(),
            by_credential_id: Some("access".to_owned()),
            at,
        };
        let list = PeopleList {
            people: vec![person("p-admin", "Ada"), person("p-1", "Bo")],
            notices: vec![notice("n-1", "p-1", 10), notice("n-2", "p-gone", 20)],
        };
        let lines = notice_lines(&list);
        assert_eq!(lines[0].person, "p-gone");
        assert_eq!(lines[1].person, "Bo");
        assert_eq!(lines[1].by, "Ada");
        assert_eq!(lines[1].role, Role::Compliance);
    }
}
