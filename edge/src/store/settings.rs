//! A tenant's stored settings and allowed origins, read strictly: what no longer parses is an error, never defaults.

use candor_domain::settings::TenantSettings;
use serde::Deserialize;
use worker::query;

use crate::error::ApiError;

use super::Store;
use super::db::Via;

/// A tenant's stored settings, strictly: what no longer parses is a 500 `misconfigured` with a log line naming the
/// tenant, never the defaults (they would silently turn its captcha or webhook off).
pub fn stored_settings(
    tenant: &str,
    origins_json: &str,
    settings_json: Option<&str>,
) -> Result<TenantSettings, ApiError> {
    candor_domain::settings::parse_stored(origins_json, settings_json).map_err(|error| {
        worker::console_error!("tenant {tenant}: stored settings refused: {error}");
        ApiError::Misconfigured("stored settings")
    })
}

impl Store {
    /// The tenant's settings (defaults until an admin saved some); `None` for an unknown tenant.
    pub async fn settings(&self, tenant: &str) -> Result<Option<TenantSettings>, ApiError> {
        let db = self.db(tenant).await?;
        #[derive(Deserialize)]
        struct Row {
            allowed_origins: String,
            settings: Option<String>,
        }
        let row: Option<Row> = query!(
            &db,
            "SELECT t.allowed_origins AS allowed_origins, s.settings AS settings
             FROM tenants t LEFT JOIN tenant_settings s ON s.tenant_id = t.id
             WHERE t.id = ?1",
            tenant
        )?
        .via(&db)
        .first(None)
        .await?;
        let Some(row) = row else { return Ok(None) };
        stored_settings(tenant, &row.allowed_origins, row.settings.as_deref()).map(Some)
    }
}
