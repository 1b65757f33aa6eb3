//! The operator API (`POST /v1/platform/tenants`): a tenant and its first admin, nothing else, so the operator can
//! never create a second person and get round four-eyes.

use serde::{Deserialize, Serialize};

use crate::people::{IssuedToken, Person, normalise_display_name, normalise_email};
use crate::settings::is_origin;
use crate::slug::check_slug;

/// Longest tenant name, in characters.
pub const TENANT_NAME_MAX: usize = 120;
/// Most origins a new tenant may name (the settings' limit).
pub const ORIGINS_MAX: usize = 50;

/// The first admin of a new tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FirstAdmin {
    pub email: String,
    pub display_name: String,
}

/// `POST /v1/platform/tenants`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTenant {
    /// The tenant's slug (`a-z 0-9 - _`, 1 to 64).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    pub first_admin: FirstAdmin,
    /// The D1 binding of the database that holds the tenant (`DB`, `DB_2`, …); the home database `DB` when absent.
    #[serde(default)]
    pub database: Option<String>,
}

/// A new tenant after its checks: e-mail lower-cased, names trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTenant {
    pub id: String,
    pub name: String,
    pub allowed_origins: Vec<String>,
    pub admin_email: String,
    pub admin_display_name: String,
    pub database: Option<String>,
}

impl NewTenant {
    /// Every field problem as `(field, code)`, or the tenant as it is stored.
    pub fn validate(&self) -> Result<ValidTenant, Vec<(String, &'static str)>> {
        let mut problems = Vec::new();
        if check_slug(&self.id).is_err() {
            problems.push(("id".to_owned(), "invalid_slug"));
        }
        let name = self.name.trim();
        if name.is_empty()
            || name.chars().count() > TENANT_NAME_MAX
            || name.chars().any(|c| crate::text::is_forbidden(c, false))
        {
            problems.push(("name".to_owned(), "invalid_name"));
        }
        if self.allowed_origins.len() > ORIGINS_MAX {
            problems.push(("allowed_origins".to_owned(), "too_many"));
        }
        for (index, origin) in self.allowed_origins.iter().enumerate() {
            if !is_origin(origin) {
                problems.push((format!("allowed_origins[{index}]"), "invalid_origin"));
            }
        }
        let email = normalise_email(&self.first_admin.email);
        if email.is_none() {
            problems.push(("first_admin.email".to_owned(), "invalid_email"));
        }
        let display_name = normalise_display_name(&self.first_admin.display_name);
        if display_name.is_none() {
            problems.push((
                "first_admin.display_name".to_owned(),
                "invalid_display_name",
            ));
        }
        if let Some(database) = &self.database
            && !crate::tenant_moves::is_database_binding(database)
        {
            problems.push(("database".to_owned(), "invalid_database"));
        }
        match (email, display_name) {
            (Some(admin_email), Some(admin_display_name)) if problems.is_empty() => {
                Ok(ValidTenant {
                    id: self.id.clone(),
                    name: name.to_owned(),
                    allowed_origins: self.allowed_origins.clone(),
                    admin_email,
                    admin_display_name,
                    database: self.database.clone(),
                })
            }
            _ => Err(problems),
        }
    }
}

/// `201` answer: the tenant, its first admin and that admin's token (shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedTenant {
    pub id: String,
    pub name: String,
    pub allowed_origins: Vec<String>,
    pub admin: Person,
    pub token: IssuedToken,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(id: &str, email: &str) -> NewTenant {
        NewTenant {
            id: id.to_owned(),
            name: " Test Bank ".to_owned(),
            allowed_origins: vec!["https://bank.example".to_owned()],
            first_admin: FirstAdmin {
                email: email.to_owned(),
                display_name: "Ada Admin".to_owned(),
            },
            database: None,
        }
    }

    #[test]
    fn a_valid_tenant_is_trimmed_and_lower_cased() {
        let valid = tenant("t-1", "Ada@Bank.Example").validate().expect("valid");
        assert_eq!(valid.name, "Test Bank");
        assert_eq!(valid.admin_email, "ada@bank.example");
    }

    #[test]
    fn every_problem_is_named() {
        let mut bad = tenant("Not A Slug", "nope");
        bad.allowed_origins = vec!["javascript:alert(1)".to_owned()];
        let problems = bad.validate().expect_err("invalid");
        let fields: Vec<&str> = problems.iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(fields, ["id", "allowed_origins[0]", "first_admin.email"]);
    }

    #[test]
    fn unknown_fields_are_refused() {
        let text = r#"{"id":"t","name":"T","first_admin":{"email":"a@b","display_name":"A","role":"owner"}}"#;
        assert!(serde_json::from_str::<NewTenant>(text).is_err());
        let text =
            r#"{"id":"t","name":"T","first_admin":{"email":"a@b","display_name":"A"},"people":[]}"#;
        assert!(serde_json::from_str::<NewTenant>(text).is_err());
    }
}
