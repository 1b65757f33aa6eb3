//! SQL of a tenant's move to another database: the directory's freeze and switch, the page-by-page copy of the
//! tenant's rows (parents before children, each table in `rowid` order), and the counts, chain heads and aggregates a
//! move compares before it switches. The copy inserts with `OR IGNORE`, so a page sent again changes nothing; the
//! tenant is frozen meanwhile, so no source row changes under it.

use serde::Deserialize;
use serde_json::{Map, Value};
use worker::{D1PreparedStatement, query};

use crate::error::ApiError;

use super::Store;
use super::db::{Db, Via};

/// The tables keyed by `tenant_id` that a move copies as they are, parents before the rows that refer to them.
/// `tenants` comes first and `audit_log` and `catalogue_history` last, each with a statement of its own.
pub const COPIED_TABLES: [&str; 21] = [
    "tenant_settings",
    "people",
    "staff_tokens",
    "admin_notices",
    "disclosures",
    "product_lines",
    "products",
    "attributes",
    "aggregates",
    "attribute_aggregates",
    "reviews",
    "review_contacts",
    "contact_erasures",
    "idempotency_keys",
    "flags",
    "helpful_votes",
    "firm_responses",
    "escalations",
    "webhook_secrets",
    "webhook_outbox",
    "cta_clicks",
];

/// Every table a move copies, in copy order (the names a copy cursor and a count use).
pub fn moved_tables() -> Vec<&'static str> {
    let mut tables = vec!["tenants"];
    tables.extend(COPIED_TABLES);
    tables.extend(["audit_log", "catalogue_history"]);
    tables
}

/// Rows per copy step: one D1 batch of inserts.
const PAGE_ROWS: u32 = 100;

/// The column a copy reads each row's place from (the source's `rowid`); never inserted.
const CURSOR_COLUMN: &str = "copy_rowid";

/// Where a copy is: the table (its place in `moved_tables`) and the last `rowid` copied of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CopyCursor {
    pub table: usize,
    pub after_rowid: i64,
}

impl CopyCursor {
    pub const START: CopyCursor = CopyCursor {
        table: 0,
        after_rowid: 0,
    };

    /// `table:rowid`, as the copy step's `next` says it.
    pub fn parse(text: &str) -> Option<CopyCursor> {
        let (table, rowid) = text.split_once(':')?;
        let table: usize = table.parse().ok()?;
        (table < moved_tables().len()).then_some(CopyCursor {
            table,
            after_rowid: rowid.parse().ok()?,
        })
    }

    pub fn render(self) -> String {
        format!("{}:{}", self.table, self.after_rowid)
    }
}

/// One copied page: its table, how many rows it read and where the next page starts.
pub struct CopyStep {
    pub table: &'static str,
    pub rows: u32,
    pub next: Option<CopyCursor>,
}

#[derive(Deserialize)]
struct CountRow {
    rows: u64,
}

impl Store {
    /// Freezes `tenant`'s writes for a move from `from` to `to` (the directory row, in the home database). Starting
    /// the same move again is allowed (a resumed move); another move under way is not (`false`).
    pub async fn start_move(
        &self,
        tenant: &str,
        from: &str,
        to: &str,
        now_ms: i64,
    ) -> Result<bool, ApiError> {
        let result = query!(
            &self.home,
            "INSERT INTO tenant_directory (tenant_id, binding, moving_to, moving_since, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (tenant_id) DO UPDATE SET moving_to = excluded.moving_to,
                moving_since = coalesce(tenant_directory.moving_since, excluded.moving_since),
                updated_at = excluded.updated_at
             WHERE tenant_directory.binding = excluded.binding
               AND (tenant_directory.moving_to IS NULL OR tenant_directory.moving_to = excluded.moving_to)",
            tenant,
            from,
            to,
            now_ms
        )?
        .run()
        .await?;
        self.forget_placement(tenant);
        Ok(result.meta()?.and_then(|meta| meta.changes) == Some(1))
    }

    /// Ends a move without switching: the tenant writes again where it was. Rows already copied stay in the target
    /// (archive rows cannot be deleted), so a later move to the same target resumes over them.
    pub async fn cancel_move(&self, tenant: &str, now_ms: i64) -> Result<(), ApiError> {
        query!(
            &self.home,
            "UPDATE tenant_directory SET moving_to = NULL, moving_since = NULL, updated_at = ?2
             WHERE tenant_id = ?1 AND moving_to IS NOT NULL",
            tenant,
            now_ms
        )?
        .run()
        .await?;
        self.forget_placement(tenant);
        Ok(())
    }

    /// Switches `tenant` to `to` (the directory) and marks its rows in `from` moved (`tenants.moved_to`): from now
    /// on every request of the tenant reads and writes `to` only.
    pub async fn finish_move(
        &self,
        tenant: &str,
        from: &str,
        to: &str,
        now_ms: i64,
    ) -> Result<bool, ApiError> {
        let switched = query!(
            &self.home,
            "UPDATE tenant_directory SET binding = ?2, moving_to = NULL, moving_since = NULL, updated_at = ?3
             WHERE tenant_id = ?1 AND moving_to = ?2",
            tenant,
            to,
            now_ms
        )?
        .run()
        .await?;
        self.forget_placement(tenant);
        if switched.meta()?.and_then(|meta| meta.changes) != Some(1) {
            return Ok(false);
        }
        let source = self.connect(from, false)?;
        source
            .write(query!(
                &source,
                "UPDATE tenants SET moved_to = ?2, moved_at = ?3 WHERE id = ?1",
                tenant,
                to,
                now_ms
            )?)
            .await?;
        Ok(true)
    }

    /// Copies the page of `tenant`'s rows that starts at `cursor` from `from` to `to`, and says where the next one
    /// starts (an empty page moves on to the next table).
    pub async fn copy_page(
        &self,
        tenant: &str,
        from: &str,
        to: &str,
        cursor: CopyCursor,
    ) -> Result<CopyStep, ApiError> {
        let tables = moved_tables();
        let table = tables[cursor.table];
        let source = self.connect(from, false)?;
        let target = self.connect(to, false)?;
        let rows = read_page(&source, tenant, table, cursor.after_rowid).await?;
        let mut last_rowid = cursor.after_rowid;
        let mut statements = Vec::with_capacity(rows.len());
        for row in &rows {
            let (rowid, statement) = insert_copy(&target, tenant, table, row)?;
            last_rowid = rowid;
            statements.push(statement);
        }
        if !statements.is_empty() {
            target.batch(statements).await?;
        }
        let count = rows.len() as u32;
        let next = if count == PAGE_ROWS {
            Some(CopyCursor {
                table: cursor.table,
                after_rowid: last_rowid,
            })
        } else {
            (cursor.table + 1 < tables.len()).then_some(CopyCursor {
                table: cursor.table + 1,
                after_rowid: 0,
            })
        };
        Ok(CopyStep {
            table,
            rows: count,
            next,
        })
    }

    /// How many rows of `tenant` each moved table holds in the database bound as `binding`.
    pub async fn tenant_row_counts(
        &self,
        tenant: &str,
        binding: &str,
    ) -> Result<Vec<(&'static str, u64)>, ApiError> {
        let db = self.connect(binding, false)?;
        let mut counts = Vec::new();
        for table in moved_tables() {
            let key = if table == "tenants" {
                "id"
            } else {
                "tenant_id"
            };
            let row: Option<CountRow> = if key == "id" {
                query!(
                    &db,
                    "SELECT count(*) AS rows FROM tenants WHERE id = ?1",
                    tenant
                )?
                .via(&db)
                .first(None)
                .await?
            } else {
                query!(
                    &db,
                    &format!("SELECT count(*) AS rows FROM {table} WHERE tenant_id = ?1"),
                    tenant
                )?
                .via(&db)
                .first(None)
                .await?
            };
            counts.push((table, row.map_or(0, |row| row.rows)));
        }
        Ok(counts)
    }

    /// The hash of `tenant`'s last archive row in the database bound as `binding`.
    pub async fn chain_head_in(&self, tenant: &str, binding: &str) -> Result<String, ApiError> {
        super::audit::chain_head(&self.connect(binding, false)?, tenant).await
    }

    /// Every aggregate row of `tenant` (overall, then per attribute) in the database bound as `binding`, in key order.
    pub async fn aggregate_rows_in(
        &self,
        tenant: &str,
        binding: &str,
    ) -> Result<Vec<Value>, ApiError> {
        let db = self.connect(binding, false)?;
        let mut rows: Vec<Value> = query!(
            &db,
            "SELECT * FROM aggregates WHERE tenant_id = ?1 ORDER BY product_id, scope",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?;
        let attributes: Vec<Value> = query!(
            &db,
            "SELECT * FROM attribute_aggregates WHERE tenant_id = ?1 ORDER BY product_id, scope, attribute",
            tenant
        )?
        .via(&db)
        .all()
        .await?
        .results()?;
        rows.extend(attributes);
        Ok(rows)
    }
}

/// The next page of `table`'s rows of `tenant` after `after_rowid`, each with its `rowid` as `copy_rowid`.
async fn read_page(
    db: &Db,
    tenant: &str,
    table: &str,
    after_rowid: i64,
) -> Result<Vec<Map<String, Value>>, ApiError> {
    let statement = match table {
        "tenants" => query!(
            db,
            "SELECT rowid AS copy_rowid, * FROM tenants WHERE id = ?1 AND rowid > ?2 ORDER BY rowid LIMIT ?3",
            tenant,
            after_rowid,
            PAGE_ROWS
        )?,
        // The archive's `seq` is the target database's own (one sequence per database); the chain does not hash it.
        "audit_log" => query!(
            db,
            "SELECT seq AS copy_rowid, * FROM audit_log WHERE tenant_id = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
            tenant,
            after_rowid,
            PAGE_ROWS
        )?,
        // A history row points at its archive row by `seq`, which the target renumbers: carry the archive row's
        // `prev_hash` (unique per tenant) instead.
        "catalogue_history" => query!(
            db,
            "SELECT h.rowid AS copy_rowid, h.subject, h.item, a.prev_hash AS audit_prev_hash
             FROM catalogue_history h JOIN audit_log a ON a.seq = h.audit_seq
             WHERE h.tenant_id = ?1 AND h.rowid > ?2 ORDER BY h.rowid LIMIT ?3",
            tenant,
            after_rowid,
            PAGE_ROWS
        )?,
        _ => query!(
            db,
            &format!(
                "SELECT rowid AS copy_rowid, * FROM {table} WHERE tenant_id = ?1 AND rowid > ?2 ORDER BY rowid LIMIT ?3"
            ),
            tenant,
            after_rowid,
            PAGE_ROWS
        )?,
    };
    Ok(statement.via(db).all().await?.results()?)
}

/// The insert of one copied row into the target, and the row's source `rowid`.
fn insert_copy(
    target: &Db,
    tenant: &str,
    table: &str,
    row: &Map<String, Value>,
) -> Result<(i64, D1PreparedStatement), ApiError> {
    let rowid = row
        .get(CURSOR_COLUMN)
        .and_then(Value::as_i64)
        .ok_or(ApiError::Misconfigured("a copied row without its rowid"))?;
    if table == "catalogue_history" {
        let statement = query!(
            target,
            "INSERT OR IGNORE INTO catalogue_history (tenant_id, subject, item, audit_seq)
             SELECT ?1, ?2, ?3, seq FROM audit_log WHERE tenant_id = ?1 AND prev_hash = ?4",
            tenant,
            row.get("subject"),
            row.get("item"),
            row.get("audit_prev_hash")
        )?;
        return Ok((rowid, statement));
    }
    let skipped =
        |column: &str| column == CURSOR_COLUMN || (table == "audit_log" && column == "seq");
    let columns: Vec<&String> = row.keys().filter(|column| !skipped(column)).collect();
    if !columns.iter().all(|column| is_column_name(column)) {
        return Err(ApiError::Misconfigured(
            "a copied column with an unexpected name",
        ));
    }
    let names = columns
        .iter()
        .map(|column| column.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let slots = (1..=columns.len())
        .map(|n| format!("?{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let values: Vec<wasm_bindgen::JsValue> = columns
        .iter()
        .map(|column| super::db::bound(&row[column.as_str()]))
        .collect::<Result<_, _>>()?;
    let statement = target
        .prepare(format!(
            "INSERT OR IGNORE INTO {table} ({names}) VALUES ({slots})"
        ))
        .bind(&values)?;
    Ok((rowid, statement))
}

/// Column names come from the schema (`SELECT *`); anything else is refused rather than spliced into SQL.
fn is_column_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
