//! SQL of Cloudflare Access sign-in: the tenant whose Access application has an audience (`tenants.access_audience`,
//! unique, written by the settings PUT), and the person of that tenant with an e-mail.

use serde::Deserialize;
use worker::query;

use crate::error::ApiError;

use super::db::Via;
use super::{PersonRow, Store};

impl Store {
    /// The id of the tenant whose settings name this Access audience, if any (one lookup on the unique index of each
    /// database; a row counts only in the database where the directory places its tenant).
    pub async fn tenant_by_access_audience(
        &self,
        audience: &str,
    ) -> Result<Option<String>, ApiError> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
        }
        for (binding, db) in self.databases().await? {
            let row: Option<Row> = query!(
                &db,
                "SELECT id FROM tenants WHERE access_audience = ?1",
                audience
            )?
            .via(&db)
            .first(None)
            .await?;
            if let Some(row) = row
                && self.lives_in(&row.id, &binding).await?
            {
                return Ok(Some(row.id));
            }
        }
        Ok(None)
    }

    /// The person of `tenant` with this lower-cased e-mail (`UNIQUE (tenant_id, email)`), active or not.
    pub async fn person_by_email(
        &self,
        tenant: &str,
        email: &str,
    ) -> Result<Option<PersonRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT id, email, display_name, role, active, created_at FROM people
             WHERE tenant_id = ?1 AND email = ?2",
            tenant,
            email
        )?
        .via(&db)
        .first(None)
        .await?)
    }
}
