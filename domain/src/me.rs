//! `GET /v1/admin/me`: who the staff request acts for — person, role, tenant — and which credential proved it.

use serde::{Deserialize, Serialize};

use crate::Role;

/// How a staff request was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// A Cloudflare Access assertion (`Cf-Access-Jwt-Assertion`): a person signed in through the identity provider.
    Access,
    /// A staff API token (`Authorization: Bearer cst_…`): automation.
    Token,
}

impl CredentialKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialKind::Access => "access",
            CredentialKind::Token => "token",
        }
    }
}

/// The answer of `GET /v1/admin/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Me {
    pub person_id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub tenant_id: String,
    pub tenant_name: String,
    pub credential: CredentialKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn me_reads_back_as_written_and_names_the_credential_in_snake_case() {
        let me = Me {
            person_id: "p1".into(),
            email: "mia@bank.example".into(),
            display_name: "Mia".into(),
            role: Role::Moderator,
            tenant_id: "bank".into(),
            tenant_name: "Bank".into(),
            credential: CredentialKind::Access,
        };
        let json = serde_json::to_value(&me).unwrap();
        assert_eq!(json["credential"], "access");
        assert_eq!(json["role"], "moderator");
        assert_eq!(serde_json::from_value::<Me>(json).unwrap(), me);
        assert_eq!(CredentialKind::Token.as_str(), "token");
        assert!(
            serde_json::from_str::<Me>(
                r#"{"person_id":"p","email":"e","display_name":"d","role":"admin","tenant_id":"t","tenant_name":"n","credential":"token","extra":1}"#
            )
            .is_err()
        );
    }
}
