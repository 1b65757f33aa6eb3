//! The catalogue (product lines, products, attribute questions), the disclosure text and the other staff changes,
//! each written with its archive row.

use candor_domain::archive::AuditRow;
use candor_domain::catalogue::{CatalogueSubject, attribute_item};
use serde::Deserialize;
use worker::query;

use crate::error::ApiError;

use super::db::Via;
use super::{AuditAppend, Store, first_changed};

/// A product line as staff see it.
#[derive(Deserialize, serde::Serialize)]
pub struct LineRow {
    pub id: String,
    pub name: String,
    pub visible: u8,
    pub archived: u8,
}

/// A product as staff see it.
#[derive(Deserialize, serde::Serialize)]
pub struct CatalogueProductRow {
    pub id: String,
    pub line_id: String,
    pub name: String,
    pub archived: u8,
    /// The call to action as stored (JSON of `candor_domain::catalogue::ProductCta`), if any.
    #[serde(default)]
    pub cta: Option<String>,
}

/// An attribute question as staff see it.
#[derive(Deserialize, serde::Serialize)]
pub struct AttributeRow {
    pub product_id: String,
    pub key: String,
    pub label_en: String,
    pub label_zh: String,
    pub position: i64,
    pub archived: u8,
}

/// A disclosure version.
#[derive(Deserialize, serde::Serialize)]
pub struct DisclosureRow {
    pub version: i64,
    pub text_en: String,
    pub text_zh: Option<String>,
    pub created_at: i64,
    pub created_by: String,
    /// The display name of the person `created_by` names (people are never deleted, so it is always found).
    pub created_by_name: Option<String>,
}

/// A tenant's public face.
#[derive(Deserialize)]
pub struct TenantRow {
    pub id: String,
    pub name: String,
}

/// One staff change to the catalogue or the disclosure; stored with its archive row in one batch.
pub enum StaffWrite<'a> {
    InsertLine {
        id: &'a str,
        name: &'a str,
        visible: bool,
    },
    UpdateLine {
        id: &'a str,
        name: Option<&'a str>,
        visible: Option<bool>,
        archived: Option<bool>,
    },
    InsertProduct {
        id: &'a str,
        line_id: &'a str,
        name: &'a str,
    },
    UpdateProduct {
        id: &'a str,
        name: Option<&'a str>,
        archived: Option<bool>,
        /// `None`: unchanged; `Some(None)`: removed; `Some(Some(json))`: the new call to action.
        cta: Option<Option<&'a str>>,
    },
    InsertAttribute {
        product: &'a str,
        key: &'a str,
        label_en: &'a str,
        label_zh: &'a str,
        position: i64,
    },
    UpdateAttribute {
        product: &'a str,
        key: &'a str,
        label_en: Option<&'a str>,
        label_zh: Option<&'a str>,
        position: Option<i64>,
        archived: Option<bool>,
    },
    InsertDisclosure {
        version: i64,
        text_en: &'a str,
        text_zh: Option<&'a str>,
        created_by: &'a str,
    },
    PutSettings {
        /// The settings without allowed origins, as JSON.
        settings_json: &'a str,
        /// The allowed origins as a JSON array (kept in `tenants`).
        origins_json: &'a str,
        /// The Access application audience (kept in `tenants` too, under a unique index, for sign-in).
        access_audience: Option<&'a str>,
        updated_by: &'a str,
    },
}

impl StaffWrite<'_> {
    /// The catalogue item this write changes, as its history names it; `None` for the disclosure and settings.
    fn history_item(&self) -> Option<(CatalogueSubject, String)> {
        match self {
            StaffWrite::InsertLine { id, .. } | StaffWrite::UpdateLine { id, .. } => {
                Some((CatalogueSubject::ProductLine, (*id).to_owned()))
            }
            StaffWrite::InsertProduct { id, .. } | StaffWrite::UpdateProduct { id, .. } => {
                Some((CatalogueSubject::Product, (*id).to_owned()))
            }
            StaffWrite::InsertAttribute { product, key, .. }
            | StaffWrite::UpdateAttribute { product, key, .. } => {
                Some((CatalogueSubject::Attribute, attribute_item(product, key)))
            }
            StaffWrite::InsertDisclosure { .. } | StaffWrite::PutSettings { .. } => None,
        }
    }
}

impl Store {
    /// The newest `limit` archive rows that changed one catalogue item, newest first.
    pub async fn catalogue_history(
        &self,
        tenant: &str,
        subject: CatalogueSubject,
        item: &str,
        limit: u32,
    ) -> Result<Vec<AuditRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT a.seq, a.review_id, a.review_seq, a.action, a.prev_hash, a.content_hash, a.from_stage,
                    a.to_stage, a.actor, a.role, a.reason_code, a.note, a.at, a.row_hash, a.person_id,
                    a.credential_id, a.lineage_id, a.hash_version
             FROM catalogue_history h JOIN audit_log a ON a.seq = h.audit_seq
             WHERE h.tenant_id = ?1 AND h.subject = ?2 AND h.item = ?3 AND a.tenant_id = ?1
             ORDER BY h.audit_seq DESC LIMIT ?4",
            tenant,
            subject.as_str(),
            item,
            limit
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    /// Every version of the tenant's disclosure, newest first.
    pub async fn disclosure_versions(&self, tenant: &str) -> Result<Vec<DisclosureRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT d.version, d.text_en, d.text_zh, d.created_at, d.created_by, p.display_name AS created_by_name
             FROM disclosures d LEFT JOIN people p ON p.tenant_id = d.tenant_id AND p.id = d.created_by
             WHERE d.tenant_id = ?1 ORDER BY d.version DESC",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    pub async fn tenant(&self, tenant: &str) -> Result<Option<TenantRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(
            query!(&db, "SELECT id, name FROM tenants WHERE id = ?1", tenant)?
                .via(&db)
                .first(None)
                .await?,
        )
    }

    pub async fn product_lines(&self, tenant: &str) -> Result<Vec<LineRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT id, name, visible, archived FROM product_lines WHERE tenant_id = ?1 ORDER BY id",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    pub async fn catalogue_products(
        &self,
        tenant: &str,
    ) -> Result<Vec<CatalogueProductRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT id, line_id, name, archived, cta FROM products WHERE tenant_id = ?1 ORDER BY line_id, id",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    pub async fn catalogue_attributes(&self, tenant: &str) -> Result<Vec<AttributeRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT product_id, key, label_en, label_zh, position, archived FROM attributes
             WHERE tenant_id = ?1 ORDER BY product_id, position, key",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?)
    }

    /// The newest disclosure version of the tenant, if any.
    pub async fn disclosure(&self, tenant: &str) -> Result<Option<DisclosureRow>, ApiError> {
        let db = self.db(tenant).await?;
        Ok(query!(
            &db,
            "SELECT d.version, d.text_en, d.text_zh, d.created_at, d.created_by, p.display_name AS created_by_name
             FROM disclosures d LEFT JOIN people p ON p.tenant_id = d.tenant_id AND p.id = d.created_by
             WHERE d.tenant_id = ?1 ORDER BY d.version DESC LIMIT 1",
            tenant
        )?
        .via(&db)
        .first(None)
        .await?)
    }

    /// Applies one staff change and its archive row, all or nothing; `Ok(false)` when an update matched no row.
    pub async fn apply_staff_write(
        &self,
        tenant: &str,
        write: &StaffWrite<'_>,
        audit: &AuditAppend,
    ) -> Result<bool, worker::Error> {
        let db = self.db(tenant).await?;
        let change = match write {
            StaffWrite::InsertLine { id, name, visible } => query!(
                &db,
                "INSERT INTO product_lines (tenant_id, id, name, visible) VALUES (?1, ?2, ?3, ?4)",
                tenant,
                id,
                name,
                u8::from(*visible)
            )?,
            StaffWrite::UpdateLine {
                id,
                name,
                visible,
                archived,
            } => query!(
                &db,
                "UPDATE product_lines SET name = coalesce(?3, name), visible = coalesce(?4, visible),
                        archived = coalesce(?5, archived)
                 WHERE tenant_id = ?1 AND id = ?2",
                tenant,
                id,
                name,
                visible.map(u8::from),
                archived.map(u8::from)
            )?,
            StaffWrite::InsertProduct { id, line_id, name } => query!(
                &db,
                "INSERT INTO products (tenant_id, id, line_id, name) VALUES (?1, ?2, ?3, ?4)",
                tenant,
                id,
                line_id,
                name
            )?,
            StaffWrite::UpdateProduct {
                id,
                name,
                archived,
                cta,
            } => query!(
                &db,
                "UPDATE products SET name = coalesce(?3, name), archived = coalesce(?4, archived),
                        cta = CASE WHEN ?5 = 1 THEN ?6 ELSE cta END
                 WHERE tenant_id = ?1 AND id = ?2",
                tenant,
                id,
                name,
                archived.map(u8::from),
                u8::from(cta.is_some()),
                cta.flatten()
            )?,
            StaffWrite::InsertAttribute {
                product,
                key,
                label_en,
                label_zh,
                position,
            } => query!(
                &db,
                "INSERT INTO attributes (tenant_id, product_id, key, label_en, label_zh, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                tenant,
                product,
                key,
                label_en,
                label_zh,
                position
            )?,
            StaffWrite::UpdateAttribute {
                product,
                key,
                label_en,
                label_zh,
                position,
                archived,
            } => query!(
                &db,
                "UPDATE attributes SET label_en = coalesce(?4, label_en), label_zh = coalesce(?5, label_zh),
                        position = coalesce(?6, position), archived = coalesce(?7, archived)
                 WHERE tenant_id = ?1 AND product_id = ?2 AND key = ?3",
                tenant,
                product,
                key,
                label_en,
                label_zh,
                position,
                archived.map(u8::from)
            )?,
            StaffWrite::PutSettings {
                settings_json,
                updated_by,
                ..
            } => query!(
                &db,
                "INSERT INTO tenant_settings (tenant_id, settings, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                tenant,
                settings_json,
                audit.at_ms,
                updated_by
            )?,
            StaffWrite::InsertDisclosure {
                version,
                text_en,
                text_zh,
                created_by,
            } => query!(
                &db,
                "INSERT INTO disclosures (tenant_id, version, text_en, text_zh, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                tenant,
                version,
                text_en,
                text_zh,
                audit.at_ms,
                created_by
            )?,
        };
        let mut statements = vec![change];
        if let StaffWrite::PutSettings {
            origins_json,
            access_audience,
            ..
        } = write
        {
            statements.push(query!(
                &db,
                "UPDATE tenants SET allowed_origins = ?2, access_audience = ?3 WHERE id = ?1",
                tenant,
                origins_json,
                access_audience
            )?);
        }
        statements.push(self.audit_insert(&db, tenant, audit)?);
        if let Some((subject, item)) = write.history_item() {
            // Found by the chain's unique (tenant, prev_hash): exactly the row inserted just before, in this batch.
            statements.push(query!(
                &db,
                "INSERT INTO catalogue_history (tenant_id, subject, item, audit_seq)
                 SELECT ?1, ?2, ?3, seq FROM audit_log WHERE tenant_id = ?1 AND prev_hash = ?4",
                tenant,
                subject.as_str(),
                item,
                audit.prev_hash
            )?);
        }
        let results = db.batch(statements).await?;
        Ok(first_changed(&results))
    }
}
