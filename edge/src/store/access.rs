//! SQL of Cloudflare Access sign-in: the tenant whose Access application has an audience (`tenants.access_audience`,
//! unique, written by the settings PUT), and the person of that tenant with an e-mail.

use serde::Deserialize;
use worker::query;

use crate::error::ApiError;

use super::db::Via;
use super::{PersonRow, Store};

impl Store {
    /// The id of the tenant whose settings name this Access audience, if any (one lookup on the unique index).
    pub async fn tenant_by_access_audience(
        &self,
        audience: &str,
    ) -> Result<Option<String>, ApiError> {
        #[derive(Deserialize)]
        struct Row {
            id: String,
        }
        let row: Option<Row> = query!(
            &self.db,
            "SELECT id FROM tenants WHERE access_audience = ?1",
            audience
        )?
        .via(&self.db)
        .first(None)
        .await?;
        Ok(row.map(|row| row.id))
    }

    /// The person of `tenant` with this lower-cased e-mail (`UNIQUE (tenant_id, email)`), active or not.
    pub async fn person_by_email(
        &self,
        tenant: &str,
        email: &str,
    ) -> Result<Option<PersonRow>, ApiError> {
        Ok(query!(
            &self.db,
            "SELECT id, email, display_name, role, active, created_at FROM people
             WHERE tenant_id = ?1 AND email = ?2",
            tenant,
            email
        )?
        .via(&self.db)
        .first(None)
        .await?)
    }
}
