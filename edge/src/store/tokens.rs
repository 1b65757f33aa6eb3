//! Staff API tokens: only their hash is stored; looked up by hash, listed, issued and revoked with an archive row.

use serde::Deserialize;
use worker::query;

use crate::error::ApiError;

use super::db::Via;
use super::{AuditAppend, Store, first_changed};

/// A staff token as stored (never the token itself, only its hash), with its person's current role and state.
#[derive(Deserialize)]
pub struct TokenRow {
    pub id: String,
    pub tenant_id: String,
    /// The person's role now (a role change applies to every token of the person).
    pub role: String,
    pub person_id: String,
    pub display_name: String,
    pub active: u8,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

/// A token to store: its hash, never its text.
pub struct NewToken<'a> {
    pub id: &'a str,
    pub token_hash: &'a str,
    pub role: &'a str,
    pub person_id: &'a str,
    /// The person's display name at issue time (kept in `staff_tokens.person`).
    pub display_name: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

impl Store {
    /// The token with this hash, of whatever tenant: the token is how a staff request names its tenant. Looked up in
    /// every database; a row counts only in the database where the directory places its tenant.
    pub async fn token_by_hash(&self, token_hash: &str) -> Result<Option<TokenRow>, ApiError> {
        for (binding, db) in self.databases().await? {
            let row: Option<TokenRow> = query!(
                &db,
                "SELECT t.id, t.tenant_id, p.role, p.id AS person_id, p.display_name, p.active, t.created_at,
                        t.expires_at, t.revoked_at
                 FROM staff_tokens t JOIN people p ON p.tenant_id = t.tenant_id AND p.id = t.person_id
                 WHERE t.token_hash = ?1",
                token_hash
            )?
            .via(&db)
            .first(None)
            .await?;
            if let Some(row) = row
                && self.lives_in(&row.tenant_id, &binding).await?
            {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }

    pub async fn tokens(&self, tenant: &str) -> Result<Vec<TokenRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT t.id, t.tenant_id, p.role, p.id AS person_id, p.display_name, p.active, t.created_at,
                    t.expires_at, t.revoked_at
             FROM staff_tokens t JOIN people p ON p.tenant_id = t.tenant_id AND p.id = t.person_id
             WHERE t.tenant_id = ?1 ORDER BY t.created_at, t.id",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    pub async fn token(&self, tenant: &str, id: &str) -> Result<Option<TokenRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT t.id, t.tenant_id, p.role, p.id AS person_id, p.display_name, p.active, t.created_at,
                    t.expires_at, t.revoked_at
             FROM staff_tokens t JOIN people p ON p.tenant_id = t.tenant_id AND p.id = t.person_id
             WHERE t.tenant_id = ?1 AND t.id = ?2",
            tenant,
            id
        )?
        .via(&db)
        .first(None)
        .await?)
    }

    /// Stores a token's hash and its archive row, all or nothing; `Ok(false)` (nothing written) unless the person
    /// exists and is active.
    pub async fn insert_token(
        &self,
        tenant: &str,
        token: &NewToken<'_>,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let db = self.db(tenant).await?;
        let statements = vec![
            query!(
                &db,
                "INSERT INTO staff_tokens (tenant_id, id, token_hash, role, person, created_at, expires_at, person_id)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
                 WHERE EXISTS (SELECT 1 FROM people WHERE tenant_id = ?1 AND id = ?8 AND active = 1)",
                tenant,
                token.id,
                token.token_hash,
                token.role,
                token.display_name,
                token.created_at,
                token.expires_at,
                token.person_id
            )?,
            self.audit_insert_if_changed(&db, tenant, audit)?,
        ];
        let results = db.batch(statements).await?;
        Ok(first_changed(&results))
    }

    /// Revokes a token unless it already is, with its archive row; `Ok(false)` when it already was revoked.
    pub async fn revoke_token(
        &self,
        tenant: &str,
        id: &str,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let db = self.db(tenant).await?;
        let statements = vec![
            query!(
                &db,
                "UPDATE staff_tokens SET revoked_at = ?3 WHERE tenant_id = ?1 AND id = ?2 AND revoked_at IS NULL",
                tenant,
                id,
                audit.at_ms
            )?,
            // The archive row lands only if this very update revoked it (a racing revocation archives once).
            self.audit_insert_if_changed(&db, tenant, audit)?,
        ];
        let results = db.batch(statements).await?;
        Ok(first_changed(&results))
    }
}
