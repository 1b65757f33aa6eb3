//! Reads that leave a trace: reading a reviewer's contact e-mail and exporting the archive each append one archive
//! row (who, with which credential, what) before anything is shown. If the row cannot be written the read is
//! refused (503): nothing is shown that the archive does not record.

use crate::audit::{self, StaffChange};
use crate::auth::Staff;
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::store::Store;

/// Appends the archive row of one read by `staff`: action `action`, the read described by `content` (an
/// `candor_domain::archive` type, also the row's note so the export carries it). Returns the row's time.
pub async fn record(
    store: &Store,
    staff: &Staff,
    action: &'static str,
    content: &impl serde::Serialize,
) -> Result<i64, ApiError> {
    let content = audit::content(content)?;
    let content = &content;
    chain::append(
        store,
        &staff.tenant,
        action,
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(staff, action, content, Some(content.clone())),
                now_ms,
            );
            let outcome = store.append_archive_row(&staff.tenant, &row).await;
            Ok(Step::sent(&row.row_hash, now_ms, outcome))
        },
        chain::never_refused,
    )
    .await
}
