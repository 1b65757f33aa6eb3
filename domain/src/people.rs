//! Staff identity: a person of a tenant (immutable id, e-mail unique in the tenant case-insensitively, one role),
//! and the request and answer shapes of the admin people and token API.

use serde::{Deserialize, Serialize};

use crate::moderation::Role;

/// Longest e-mail address accepted (RFC 5321 path limit), in characters.
pub const EMAIL_MAX: usize = 254;
/// Longest display name, in characters.
pub const DISPLAY_NAME_MAX: usize = 80;

/// The e-mail as stored: trimmed and lower-cased, so uniqueness in the tenant is case-insensitive.
/// `None` unless it is one `local@domain` of printable characters without spaces, at most 254 characters.
pub fn normalise_email(text: &str) -> Option<String> {
    let email = text.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let plausible = !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.chars().count() <= EMAIL_MAX
        && !email.chars().any(|c| {
            c.is_whitespace()
                || crate::text::is_forbidden(c, false)
                || matches!(c, '<' | '>' | '"' | ',')
        });
    plausible.then_some(email)
}

/// The display name as stored: trimmed, 1 to 80 printable characters. Only people read it; four-eyes never does.
pub fn normalise_display_name(text: &str) -> Option<String> {
    let name = text.trim();
    let fits = !name.is_empty()
        && name.chars().count() <= DISPLAY_NAME_MAX
        && !name.chars().any(|c| crate::text::is_forbidden(c, false));
    fits.then(|| name.to_owned())
}

/// Granting these roles is shown to every admin of the tenant (a notice), besides being archived.
pub fn grant_is_noticed(role: Role) -> bool {
    matches!(role, Role::Owner | Role::Compliance | Role::Admin)
}

/// `POST /v1/admin/people`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub email: String,
    pub display_name: String,
    pub role: Role,
}

/// `PATCH /v1/admin/people/{id}`: each field optional, at least one present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub display_name: Option<String>,
}

/// A person as the admin API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Person {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: i64,
}

/// A notice every admin of the tenant sees: `role_granted` (owner, compliance or admin was granted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: String,
    pub kind: String,
    pub person_id: String,
    pub role: Role,
    pub by_person_id: String,
    pub by_credential_id: Option<String>,
    pub at: i64,
}

/// `GET /v1/admin/people`: everyone of the tenant, and the notices every admin must see (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeopleList {
    pub people: Vec<Person>,
    pub notices: Vec<Notice>,
}

/// `POST /v1/admin/tokens`: a token for a person of the tenant; its role is the person's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IssueToken {
    pub person_id: String,
    #[serde(default)]
    pub expires_in_days: Option<i64>,
}

/// A token as issued: the text is in this answer only, never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedToken {
    pub id: String,
    pub token: String,
    pub person_id: String,
    pub role: Role,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Field problems of a new person, as `(field, code)`.
pub fn check_new_person(
    person: &NewPerson,
) -> Result<(String, String), Vec<(String, &'static str)>> {
    let email = normalise_email(&person.email);
    let name = normalise_display_name(&person.display_name);
    match (email, name) {
        (Some(email), Some(name)) => Ok((email, name)),
        (email, name) => {
            let mut problems = Vec::new();
            if email.is_none() {
                problems.push(("email".to_owned(), "invalid_email"));
            }
            if name.is_none() {
                problems.push(("display_name".to_owned(), "invalid_display_name"));
            }
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_must_look_like_one() {
        assert_eq!(
            normalise_email("  Ana.Lee@Bank.Example "),
            Some("ana.lee@bank.example".to_owned())
        );
        for bad in [
            "",
            "ana",
            "@bank",
            "ana@",
            "a b@bank",
            "a@b@c",
            "a@.bank",
            "<a>@b",
            "ana@bank.example\u{202e}",
        ] {
            assert_eq!(normalise_email(bad), None, "{bad:?}");
        }
        assert_eq!(normalise_email(&format!("a@{}", "b".repeat(253))), None);
    }

    #[test]
    fn display_names_are_trimmed_printable_and_bounded() {
        assert_eq!(normalise_display_name(" Ana "), Some("Ana".to_owned()));
        assert_eq!(normalise_display_name("  "), None);
        assert_eq!(normalise_display_name("a\u{7}b"), None);
        // A bidi override would make the name read otherwise than it is stored (e.g. "Ana\u{202e}exe.txt").
        assert_eq!(normalise_display_name("Ana\u{202e}exe.txt"), None);
        assert_eq!(normalise_display_name("\u{2066}Ana\u{2069}"), None);
        assert_eq!(normalise_display_name(&"x".repeat(81)), None);
        assert!(normalise_display_name(&"x".repeat(80)).is_some());
    }

    #[test]
    fn granting_owner_compliance_or_admin_is_noticed() {
        let noticed: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| grant_is_noticed(*r))
            .collect();
        assert_eq!(noticed, [Role::Compliance, Role::Owner, Role::Admin]);
    }

    #[test]
    fn bodies_refuse_unknown_fields_and_unknown_roles() {
        let parse = |text: &str| serde_json::from_str::<NewPerson>(text);
        assert!(parse(r#"{"email":"a@b","display_name":"A","role":"owner"}"#).is_ok());
        assert!(parse(r#"{"email":"a@b","display_name":"A","role":"root"}"#).is_err());
        assert!(
            parse(r#"{"email":"a@b","display_name":"A","role":"owner","tenant":"x"}"#).is_err()
        );
        assert!(serde_json::from_str::<PersonPatch>(r#"{"person":"x"}"#).is_err());
        assert!(serde_json::from_str::<IssueToken>(r#"{"person_id":"p","role":"owner"}"#).is_err());
    }
}
