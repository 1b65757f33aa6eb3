//! Bodies of the staff writes that belong to no other concept file: stage decisions, firm responses,
//! customer-service cases and the disclosure. Each is parsed strictly (unknown fields are a 400).

use serde::{Deserialize, Deserializer, Serialize};

use crate::staff_views::DisclosureTexts;

/// `POST /v1/admin/reviews/{id}/decisions`: `decision` is `pass` (screening), `approve`, `reject` or `send_back`;
/// a rejection needs a `reason_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    #[cfg_attr(feature = "openapi", schema(example = "approve"))]
    pub decision: String,
    #[serde(default)]
    pub reason_code: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

/// `POST /v1/admin/reviews/{id}/responses`: the firm's public answer to a review, for an owner to approve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseDraft {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub body: String,
}

/// `POST /v1/admin/responses/{id}/decisions`: `approve` or `reject`, by an owner who did not draft it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResponseDecisionRequest {
    pub decision: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
}

/// `POST /v1/admin/reviews/{id}/escalations`: open a customer-service case by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OpenEscalation {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 80))]
    pub assignee: Option<String>,
}

/// `PATCH /v1/admin/escalations/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationPatch {
    /// `open`, `in_progress` or `resolved`.
    #[serde(default)]
    pub status: Option<String>,
    /// Absent: unchanged; `null`: unassigned; a name: assigned.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 80))]
    pub assignee: Option<Option<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub note: Option<String>,
    /// The version the change was made on (from the list or record); a case changed since answers 409.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A field that is present, even as `null`, is `Some`: tells "unassign" from "leave as is".
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// `PUT /v1/admin/disclosure`: a new version of the disclosure text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosureUpdate {
    pub texts: DisclosureTexts,
}

/// The most characters (Unicode scalar values) a disclosure text may have in one locale.
pub const DISCLOSURE_MAX_CHARS: usize = 2_000;

impl DisclosureUpdate {
    /// The texts as they are published (trimmed), or the first field the rule refuses (`texts.en`, `texts.zh-CN`):
    /// each text has 1 to 2,000 characters and no control character but `\n`; an empty Chinese text means none.
    pub fn cleaned(&self) -> Result<DisclosureTexts, &'static str> {
        clean_disclosure(&self.texts)
    }
}

/// The disclosure rule, shared by publishing, the preview and the console's form (see `DisclosureUpdate::cleaned`).
pub fn clean_disclosure(texts: &DisclosureTexts) -> Result<DisclosureTexts, &'static str> {
    fn clean(value: &str) -> Option<String> {
        let trimmed = value.trim();
        let fits = !trimmed.is_empty() && trimmed.chars().count() <= DISCLOSURE_MAX_CHARS;
        (fits && !trimmed.chars().any(|c| crate::text::is_forbidden(c, true)))
            .then(|| trimmed.to_owned())
    }
    let en = clean(&texts.en).ok_or("texts.en")?;
    let zh_cn = match texts.zh_cn.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(zh) => Some(clean(zh).ok_or("texts.zh-CN")?),
    };
    Ok(DisclosureTexts { en, zh_cn })
}

/// `POST /v1/admin/disclosure/preview`: a draft disclosure to see in `product`'s widget before it is published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DisclosurePreviewRequest {
    pub product: String,
    /// `en` or `zh-CN` (any `zh…` reads as Chinese), as the widget's `data-locale`.
    pub locale: String,
    pub texts: DisclosureTexts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disclosure_is_trimmed_bounded_and_free_of_control_characters() {
        let texts = |en: &str, zh: Option<&str>| DisclosureTexts {
            en: en.to_owned(),
            zh_cn: zh.map(str::to_owned),
        };
        assert_eq!(
            clean_disclosure(&texts("  Reviews are real.\nAll published. ", Some(" "))),
            Ok(texts("Reviews are real.\nAll published.", None))
        );
        assert_eq!(clean_disclosure(&texts(" ", None)), Err("texts.en"));
        assert_eq!(
            clean_disclosure(&texts(&"a".repeat(2_001), None)),
            Err("texts.en")
        );
        assert!(clean_disclosure(&texts(&"字".repeat(2_000), None)).is_ok());
        assert_eq!(
            clean_disclosure(&texts("ok", Some("a\u{7}b"))),
            Err("texts.zh-CN")
        );
        assert_eq!(clean_disclosure(&texts("a\rb", None)), Err("texts.en"));
    }

    #[test]
    fn an_escalation_patch_tells_unassign_from_unchanged() {
        let unassign: EscalationPatch = serde_json::from_str(r#"{"assignee":null}"#).unwrap();
        assert_eq!(unassign.assignee, Some(None));
        let unchanged: EscalationPatch = serde_json::from_str(r#"{"note":"x"}"#).unwrap();
        assert_eq!(unchanged.assignee, None);
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(
            serde_json::from_str::<DecisionRequest>(r#"{"decision":"approve","x":1}"#).is_err()
        );
        assert!(
            serde_json::from_str::<DisclosureUpdate>(r#"{"texts":{"en":"a","fr":"b"}}"#).is_err()
        );
    }
}
