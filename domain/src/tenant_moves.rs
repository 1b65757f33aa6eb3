//! The operator's tenant moves (`/v1/platform/tenants/{tenant}/…`): where a tenant's database is, and the steps that
//! move it to another one (freeze, copy page by page, check, finish). Request and answer types only; the edge does
//! the work and `cargo xtask tenant move` drives it.

use serde::{Deserialize, Serialize};

/// The binding of the home database, which also holds the tenant directory.
pub const HOME_DATABASE: &str = "DB";

/// Whether `name` can be a D1 binding: an upper-case letter, then upper-case letters, digits and `_`, 1 to 64.
pub fn is_database_binding(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 64
        && chars.next().is_some_and(|first| first.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// `GET /v1/platform/tenants/{tenant}/placement`, and the answer of the move's steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TenantPlacement {
    pub tenant: String,
    /// The binding of the database that serves the tenant.
    pub database: String,
    /// While a move is under way: where to. Writes are then answered 503 `tenant_moving`.
    pub moving_to: Option<String>,
    /// When the move began (ms since the epoch).
    pub moving_since: Option<i64>,
}

/// `POST /v1/platform/tenants/{tenant}/move`: freezes the tenant's writes for a move to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StartMove {
    pub to: String,
}

/// `POST /v1/platform/tenants/{tenant}/move/copy`: copies the next page of rows, after `after` (absent: from the
/// start). Copying a page again changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CopyPage {
    #[serde(default)]
    pub after: Option<String>,
}

/// The answer of a copy step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CopiedPage {
    /// The table this page came from.
    pub table: String,
    /// Rows read from the source in this page (all of them are now in the target).
    pub rows: u32,
    /// Where the next page starts; absent when every table is copied.
    pub next: Option<String>,
}

/// One table's rows of the tenant in each database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TableCount {
    pub table: String,
    pub source: u64,
    pub target: u64,
}

/// `GET /v1/platform/tenants/{tenant}/move/check?to=`: the tenant in its database and in `to`, compared. A move
/// finishes only when `identical`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveCheck {
    pub tenant: String,
    pub source: String,
    pub target: String,
    pub tables: Vec<TableCount>,
    /// The hash of the last archive row in each database (the whole chain is in it).
    pub source_chain_head: String,
    pub target_chain_head: String,
    /// Whether every aggregate row (overall and per attribute) is equal in both.
    pub aggregates_equal: bool,
    /// Every count equal, both chain heads equal, aggregates equal.
    pub identical: bool,
}

impl MoveCheck {
    /// Whether the two copies agree on everything the check compares.
    pub fn agrees(
        tables: &[TableCount],
        source_head: &str,
        target_head: &str,
        aggregates_equal: bool,
    ) -> bool {
        tables.iter().all(|table| table.source == table.target)
            && source_head == target_head
            && aggregates_equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_bindings_are_upper_case_names() {
        for good in ["DB", "DB_2", "TENANT_HARBOR_DB", "D"] {
            assert!(is_database_binding(good), "{good}");
        }
        for bad in [
            "",
            "db",
            "2DB",
            "DB-2",
            "DB 2",
            "DB\u{202e}",
            &"D".repeat(65),
            "_DB",
        ] {
            assert!(!is_database_binding(bad), "{bad}");
        }
    }

    #[test]
    fn a_move_agrees_only_when_counts_heads_and_aggregates_all_agree() {
        let equal = vec![TableCount {
            table: "reviews".into(),
            source: 3,
            target: 3,
        }];
        let short = vec![TableCount {
            table: "reviews".into(),
            source: 3,
            target: 2,
        }];
        assert!(MoveCheck::agrees(&equal, "h", "h", true));
        assert!(!MoveCheck::agrees(&short, "h", "h", true));
        assert!(!MoveCheck::agrees(&equal, "h", "g", true));
        assert!(!MoveCheck::agrees(&equal, "h", "h", false));
    }
}
