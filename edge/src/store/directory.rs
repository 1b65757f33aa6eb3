//! The tenant directory (table `tenant_directory` of the home database, migration 0017): which D1 database holds each
//! tenant, and whether it is moving. A tenant without a row lives in the home database. Only the home database's
//! directory is ever read; the table exists in every database because they all share one set of migrations.

use serde::Deserialize;
use worker::{D1Database, query};

pub use candor_domain::tenant_moves::HOME_DATABASE;

/// Where a tenant lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The binding of its database (`DB`, `DB_2`, …).
    pub database: String,
    /// While it moves: the move (its writes are refused; reads are served from `database`).
    pub moving: Option<TenantMoveState>,
}

impl Default for Placement {
    fn default() -> Placement {
        Placement {
            database: HOME_DATABASE.to_owned(),
            moving: None,
        }
    }
}

/// A move under way: where to, and since when (ms).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantMoveState {
    pub to: String,
    pub since_ms: i64,
}

#[derive(Deserialize)]
struct DirectoryRow {
    binding: String,
    moving_to: Option<String>,
    moving_since: Option<i64>,
}

/// The tenant's placement, read from the home database (one lookup on the primary key, no fault plan: a failure is
/// an honest 503 of the request).
pub(super) async fn read(home: &D1Database, tenant: &str) -> worker::Result<Placement> {
    let row: Option<DirectoryRow> = query!(
        home,
        "SELECT binding, moving_to, moving_since FROM tenant_directory WHERE tenant_id = ?1",
        tenant
    )?
    .first(None)
    .await?;
    Ok(row.map_or_else(Placement::default, |row| Placement {
        database: row.binding,
        moving: row.moving_to.map(|to| TenantMoveState {
            to,
            since_ms: row.moving_since.unwrap_or_default(),
        }),
    }))
}

/// Every database the directory names (the home database is not always among them).
pub(super) async fn databases(home: &D1Database) -> worker::Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Row {
        binding: String,
    }
    let rows: Vec<Row> = query!(
        home,
        "SELECT DISTINCT binding FROM tenant_directory ORDER BY binding"
    )
    .all()
    .await?
    .results()?;
    Ok(rows.into_iter().map(|row| row.binding).collect())
}

/// Places a new tenant in the database bound as `binding` (the operator's tenant creation; a move uses `moves`).
pub(super) async fn place(
    home: &D1Database,
    tenant: &str,
    binding: &str,
    now_ms: i64,
) -> worker::Result<()> {
    query!(
        home,
        "INSERT INTO tenant_directory (tenant_id, binding, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (tenant_id) DO UPDATE SET binding = excluded.binding, updated_at = excluded.updated_at
         WHERE tenant_directory.moving_to IS NULL",
        tenant,
        binding,
        now_ms
    )?
    .run()
    .await?;
    Ok(())
}
