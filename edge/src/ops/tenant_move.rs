//! The workflow of a tenant's move to another database, step by step as the operator (`cargo xtask tenant move`)
//! calls it: start (freeze writes), copy pages, check, finish (switch only when both copies are identical, then
//! archive the move in the tenant's chain), or cancel. No HTTP here.

use candor_domain::archive::TenantMoved;
use candor_domain::tenant_moves::{CopiedPage, MoveCheck, TableCount, TenantPlacement};

use crate::audit::{self, StaffChange};
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::runtime;
use crate::store::{CopyCursor, Placement, Store};

/// Where `tenant` lives now; 404 for a tenant no database holds.
pub async fn placement(store: &Store, tenant: &str) -> Result<TenantPlacement, ApiError> {
    if !store.tenant_exists(tenant).await? {
        return Err(ApiError::NotFound("tenant"));
    }
    Ok(view(tenant, &store.placement(tenant).await?))
}

/// Freezes `tenant`'s writes for a move to `to` (again, for a resumed move).
pub async fn start(store: &Store, tenant: &str, to: &str) -> Result<TenantPlacement, ApiError> {
    let current = placement(store, tenant).await?;
    store.bound(to).map_err(|_| unknown_database(to))?;
    if current.database == to {
        return Err(ApiError::conflict(
            "already_there",
            format!("The tenant already lives in {to}."),
        ));
    }
    let resumed = current.moving_to.as_deref() == Some(to);
    if !resumed
        && store
            .tenant_row_counts(tenant, to)
            .await?
            .iter()
            .any(|(_, rows)| *rows > 0)
    {
        return Err(ApiError::conflict(
            "target_not_empty",
            format!(
                "{to} already holds rows of this tenant (an earlier move was cancelled there)."
            ),
        ));
    }
    if !store
        .start_move(tenant, &current.database, to, runtime::now_ms())
        .await?
    {
        return Err(ApiError::conflict(
            "move_under_way",
            "Another move of this tenant is under way; finish or cancel it first.",
        ));
    }
    placement(store, tenant).await
}

/// Copies the page after `after` (from the start when absent).
pub async fn copy(
    store: &Store,
    tenant: &str,
    after: Option<&str>,
) -> Result<CopiedPage, ApiError> {
    let (from, to) = under_way(store, tenant).await?;
    let cursor = match after {
        None => CopyCursor::START,
        Some(text) => CopyCursor::parse(text).ok_or(ApiError::InvalidField {
            field: "after",
            code: "invalid_cursor",
            message: "`after` must be a `next` this endpoint answered.".to_owned(),
        })?,
    };
    let step = store.copy_page(tenant, &from, &to, cursor).await?;
    Ok(CopiedPage {
        table: step.table.to_owned(),
        rows: step.rows,
        next: step.next.map(CopyCursor::render),
    })
}

/// The tenant where it lives compared with `to` (default: the move's target).
pub async fn check(store: &Store, tenant: &str, to: Option<&str>) -> Result<MoveCheck, ApiError> {
    let current = placement(store, tenant).await?;
    let Some(target) = to.map(str::to_owned).or(current.moving_to) else {
        return Err(ApiError::InvalidField {
            field: "to",
            code: "required",
            message: "No move is under way: name the database to compare with (`?to=`).".to_owned(),
        });
    };
    store
        .bound(&target)
        .map_err(|_| unknown_database(&target))?;
    compare(store, tenant, &current.database, &target).await
}

/// Switches the tenant to the move's target when both copies are identical, then archives the move there.
pub async fn finish(store: &Store, tenant: &str) -> Result<MoveCheck, ApiError> {
    let (from, to) = under_way(store, tenant).await?;
    let compared = compare(store, tenant, &from, &to).await?;
    if !compared.identical {
        return Err(ApiError::conflict(
            "move_not_verified",
            "The copy differs from the source (counts, chain head or aggregates); copy again, then finish.",
        ));
    }
    if !store
        .finish_move(tenant, &from, &to, runtime::now_ms())
        .await?
    {
        return Err(ApiError::conflict(
            "move_not_under_way",
            "No move of this tenant is under way.",
        ));
    }
    let rows = compared.tables.iter().map(|table| table.source).sum();
    archive(store, tenant, &from, &to, rows).await?;
    Ok(compared)
}

/// Ends a move without switching: writes work again in the tenant's database.
pub async fn cancel(store: &Store, tenant: &str) -> Result<TenantPlacement, ApiError> {
    placement(store, tenant).await?;
    store.cancel_move(tenant, runtime::now_ms()).await?;
    placement(store, tenant).await
}

async fn under_way(store: &Store, tenant: &str) -> Result<(String, String), ApiError> {
    let current = placement(store, tenant).await?;
    match current.moving_to {
        Some(to) => Ok((current.database, to)),
        None => Err(ApiError::conflict(
            "move_not_under_way",
            "No move of this tenant is under way.",
        )),
    }
}

async fn compare(store: &Store, tenant: &str, from: &str, to: &str) -> Result<MoveCheck, ApiError> {
    let source = store.tenant_row_counts(tenant, from).await?;
    let target = store.tenant_row_counts(tenant, to).await?;
    let tables: Vec<TableCount> = source
        .iter()
        .zip(&target)
        .map(|((table, source), (_, target))| TableCount {
            table: (*table).to_owned(),
            source: *source,
            target: *target,
        })
        .collect();
    let source_chain_head = store.chain_head_in(tenant, from).await?;
    let target_chain_head = store.chain_head_in(tenant, to).await?;
    let aggregates_equal =
        store.aggregate_rows_in(tenant, from).await? == store.aggregate_rows_in(tenant, to).await?;
    let identical = MoveCheck::agrees(
        &tables,
        &source_chain_head,
        &target_chain_head,
        aggregates_equal,
    );
    Ok(MoveCheck {
        tenant: tenant.to_owned(),
        source: from.to_owned(),
        target: to.to_owned(),
        tables,
        source_chain_head,
        target_chain_head,
        aggregates_equal,
        identical,
    })
}

/// One archive row in the tenant's chain, in its new database: who moved it where (the operator), and how many rows.
async fn archive(
    store: &Store,
    tenant: &str,
    from: &str,
    to: &str,
    rows: u64,
) -> Result<(), ApiError> {
    let content = audit::content(&TenantMoved {
        from,
        rows,
        tenant,
        to,
    })?;
    let content = &content;
    chain::append(
        store,
        tenant,
        "tenant move",
        |head| async move {
            let row = audit::staff_change(
                tenant,
                head,
                &StaffChange {
                    action: "tenant_moved",
                    actor: "platform",
                    role: "platform",
                    content,
                    note: Some(content.clone()),
                    person_id: None,
                    credential_id: None,
                },
                runtime::now_ms(),
            );
            let outcome = store.append_archive_row(tenant, &row).await;
            Ok(Step::sent(&row.row_hash, (), outcome))
        },
        chain::never_refused,
    )
    .await
}

fn view(tenant: &str, placement: &Placement) -> TenantPlacement {
    TenantPlacement {
        tenant: tenant.to_owned(),
        database: placement.database.clone(),
        moving_to: placement.moving.as_ref().map(|moving| moving.to.clone()),
        moving_since: placement.moving.as_ref().map(|moving| moving.since_ms),
    }
}

fn unknown_database(database: &str) -> ApiError {
    ApiError::InvalidField {
        field: "to",
        code: "unknown_database",
        message: format!("This Worker has no D1 database bound as {database}."),
    }
}
