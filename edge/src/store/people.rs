//! SQL of staff identity: people, admin notices, and the operator's tenant creation (tenant, first admin, one token).

use serde::Deserialize;
use worker::query;

use super::db::{Db, Via};
use super::{AuditAppend, NewToken, Store, first_changed};
use crate::error::ApiError;

/// A person as stored.
#[derive(Clone, Deserialize)]
pub struct PersonRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub active: u8,
    pub created_at: i64,
}

/// A person to store; the e-mail is already lower-cased.
pub struct NewPersonRow<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub created_at: i64,
}

/// A change of one person; `None` leaves a field as it is.
pub struct PersonChange<'a> {
    pub id: &'a str,
    pub role: Option<&'a str>,
    pub active: Option<bool>,
    pub display_name: Option<&'a str>,
}

/// A notice every admin sees: `role` was granted to `person_id` by `by_person_id` with `by_credential_id`.
pub struct NewNotice<'a> {
    pub id: &'a str,
    pub person_id: &'a str,
    pub role: &'a str,
    pub by_person_id: &'a str,
    pub by_credential_id: Option<&'a str>,
    pub at: i64,
}

#[derive(Deserialize)]
pub struct NoticeRow {
    pub id: String,
    pub kind: String,
    pub person_id: String,
    pub role: String,
    pub by_person_id: String,
    pub by_credential_id: Option<String>,
    pub at: i64,
}

/// A new tenant as the operator creates it.
pub struct NewTenantRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub allowed_origins_json: &'a str,
    pub created_at: i64,
}

/// How many notices `GET /v1/admin/people` shows (newest first).
const NOTICES_SHOWN: u32 = 100;

impl Store {
    pub async fn people(&self, tenant: &str) -> Result<Vec<PersonRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT id, email, display_name, role, active, created_at FROM people
             WHERE tenant_id = ?1 ORDER BY created_at, id",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    pub async fn person(&self, tenant: &str, id: &str) -> Result<Option<PersonRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT id, email, display_name, role, active, created_at FROM people
             WHERE tenant_id = ?1 AND id = ?2",
            tenant,
            id
        )?
        .via(&db)
        .first(None)
        .await?)
    }

    /// Whether a person of the tenant has this (lower-cased) e-mail.
    pub async fn email_taken(&self, tenant: &str, email: &str) -> Result<bool, ApiError> {
        let db = self.db(tenant).await?;
        let row: Option<serde_json::Value> = query!(
            &db,
            "SELECT 1 AS found FROM people WHERE tenant_id = ?1 AND email = ?2",
            tenant,
            email
        )?
        .via(&db)
        .first(None)
        .await?;
        Ok(row.is_some())
    }

    pub async fn notices(&self, tenant: &str) -> Result<Vec<NoticeRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT id, kind, person_id, role, by_person_id, by_credential_id, at FROM admin_notices
             WHERE tenant_id = ?1 ORDER BY at DESC, id LIMIT ?2",
            tenant,
            NOTICES_SHOWN
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    /// Stores a new person with its archive row (and notice), all or nothing. Fails as a whole when the e-mail is
    /// taken (UNIQUE) or the chain head moved.
    pub async fn insert_person(
        &self,
        tenant: &str,
        person: &NewPersonRow<'_>,
        audit: &AuditAppend,
        notice: Option<&NewNotice<'_>>,
    ) -> Result<(), worker::Error> {
        let db = self.db(tenant).await?;
        let mut statements = vec![
            query!(
                &db,
                "INSERT INTO people (tenant_id, id, email, display_name, role, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
                tenant,
                person.id,
                person.email,
                person.display_name,
                person.role,
                person.created_at
            )?,
            self.audit_insert(&db, tenant, audit)?,
        ];
        if let Some(notice) = notice {
            statements.push(self.notice_insert(&db, tenant, notice)?);
        }
        db.batch(statements).await?;
        Ok(())
    }

    /// Applies a change to one person with its archive row (and notice); `Ok(false)` when no such person.
    pub async fn update_person(
        &self,
        tenant: &str,
        change: &PersonChange<'_>,
        audit: &AuditAppend,
        notice: Option<&NewNotice<'_>>,
    ) -> Result<bool, worker::Error> {
        let db = self.db(tenant).await?;
        let mut statements = vec![
            query!(
                &db,
                "UPDATE people SET role = coalesce(?3, role), active = coalesce(?4, active),
                        display_name = coalesce(?5, display_name)
                 WHERE tenant_id = ?1 AND id = ?2",
                tenant,
                change.id,
                change.role,
                change.active.map(u8::from),
                change.display_name
            )?,
            self.audit_insert_if_changed(&db, tenant, audit)?,
        ];
        if let Some(notice) = notice {
            statements.push(self.notice_insert(&db, tenant, notice)?);
        }
        let results = db.batch(statements).await?;
        Ok(first_changed(&results))
    }

    fn notice_insert(
        &self,
        db: &Db,
        tenant: &str,
        notice: &NewNotice<'_>,
    ) -> Result<worker::D1PreparedStatement, worker::Error> {
        query!(
            db,
            "INSERT INTO admin_notices (tenant_id, id, kind, person_id, role, by_person_id, by_credential_id, at)
             VALUES (?1, ?2, 'role_granted', ?3, ?4, ?5, ?6, ?7)",
            tenant,
            notice.id,
            notice.person_id,
            notice.role,
            notice.by_person_id,
            notice.by_credential_id,
            notice.at
        )
    }

    pub async fn tenant_exists(&self, tenant: &str) -> Result<bool, ApiError> {
        let db = self.db(tenant).await?;
        let row: Option<serde_json::Value> =
            query!(&db, "SELECT 1 AS found FROM tenants WHERE id = ?1", tenant)?
                .via(&db)
                .first(None)
                .await?;
        Ok(row.is_some())
    }

    /// Places a tenant about to be created in the database bound as `binding` (its directory row; the home database
    /// needs none). A failed creation leaves at most this row, which the operator's retry reuses.
    pub async fn place_new_tenant(
        &self,
        tenant: &str,
        binding: &str,
        now_ms: i64,
    ) -> Result<(), ApiError> {
        self.bound(binding)?;
        if binding != super::HOME_DATABASE {
            super::directory::place(&self.home, tenant, binding, now_ms).await?;
        }
        self.forget_placement(tenant);
        Ok(())
    }

    /// The operator's one write: the tenant, its first admin, that admin's token and the archive row, all or
    /// nothing, in the database the directory places it in (`place_new_tenant`). Fails as a whole when the tenant
    /// exists (primary key).
    pub async fn create_tenant(
        &self,
        tenant: &NewTenantRow<'_>,
        admin: &NewPersonRow<'_>,
        token: &NewToken<'_>,
        audit: &AuditAppend,
    ) -> Result<(), worker::Error> {
        let db = self.db(tenant.id).await?;
        let statements = vec![
            query!(
                &db,
                "INSERT INTO tenants (id, name, allowed_origins, created_at) VALUES (?1, ?2, ?3, ?4)",
                tenant.id,
                tenant.name,
                tenant.allowed_origins_json,
                tenant.created_at
            )?,
            query!(
                &db,
                "INSERT INTO people (tenant_id, id, email, display_name, role, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
                tenant.id,
                admin.id,
                admin.email,
                admin.display_name,
                admin.role,
                admin.created_at
            )?,
            query!(
                &db,
                "INSERT INTO staff_tokens (tenant_id, id, token_hash, role, person, created_at, expires_at, person_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                tenant.id,
                token.id,
                token.token_hash,
                token.role,
                token.display_name,
                token.created_at,
                token.expires_at,
                token.person_id
            )?,
            self.audit_insert(&db, tenant.id, audit)?,
        ];
        db.batch(statements).await?;
        Ok(())
    }
}
