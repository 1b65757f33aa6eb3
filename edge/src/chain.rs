//! Appending to a tenant's archive chain: every write that adds audit rows reads the chain head, builds its rows
//! on it and commits them in one batch with the change itself. `UNIQUE(tenant_id, prev_hash)` lets only one write
//! claim a head, so a loser's whole batch fails and it tries again on the new head after a short random pause.
//!
//! This is the one retry loop of the edge; callers only say what one attempt does.

use std::future::Future;
use std::time::Duration;

use crate::audit::{self, StaffChange};
use crate::auth::Staff;
use crate::error::ApiError;
use crate::store::{StaffWrite, Store};

/// How often an append races for the head before the request answers 503 (retry later).
pub const CHAIN_ATTEMPTS: u32 = 24;
/// The longest pause between two attempts; pauses grow from 10 ms and are random below their cap.
const MAX_BACKOFF_MS: f64 = 400.0;

/// What one attempt came to.
pub enum Step<T> {
    /// Committed (or answered without committing, e.g. a replay): this is the result.
    Done(T),
    /// The batch failed, most likely because another write took the chain head: try again on the new head.
    Retry(worker::Error),
}

impl<T> From<Result<T, worker::Error>> for Step<T> {
    fn from(outcome: Result<T, worker::Error>) -> Step<T> {
        match outcome {
            Ok(value) => Step::Done(value),
            Err(error) => Step::Retry(error),
        }
    }
}

/// Runs `attempt` with the current chain head until it is `Done`, an error, or the attempts run out (503).
pub async fn append<T, F, Fut>(
    store: &Store,
    tenant: &str,
    what: &str,
    mut attempt: F,
) -> Result<T, ApiError>
where
    F: FnMut(String) -> Fut,
    Fut: Future<Output = Result<Step<T>, ApiError>>,
{
    for number in 0..CHAIN_ATTEMPTS {
        let head = store.audit_head(tenant).await?;
        match attempt(head).await? {
            Step::Done(value) => return Ok(value),
            Step::Retry(error) => {
                worker::console_warn!("{what} attempt {number} failed, retrying: {error}");
                pause_before_retry(number).await;
            }
        }
    }
    Err(ApiError::StorageUnavailable)
}

/// One staff change to the catalogue, the settings or the disclosure, stored with its archive row;
/// `Ok(false)` when an update matched no row.
pub async fn staff_change(
    store: &Store,
    staff: &Staff,
    action: &'static str,
    content: &str,
    note: &str,
    write: &StaffWrite<'_>,
) -> Result<bool, ApiError> {
    append(store, &staff.tenant, action, |head| async move {
        let row = audit::staff_change(
            &staff.tenant,
            head,
            &StaffChange::by(staff, action, content, Some(note.to_owned())),
            staff.clock.now_ms(),
        );
        Ok(store
            .apply_staff_write(&staff.tenant, write, &row)
            .await
            .into())
    })
    .await
}

/// Reads back what a committed write stored. A transient read failure here is tried again instead of turning a
/// committed change into a 503 (a client's retry would then be refused as a conflict).
pub async fn read_committed<T, F, Fut>(mut read: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>, ApiError>>,
{
    for attempt in 0..6 {
        if let Ok(Some(row)) = read().await {
            return Ok(row);
        }
        pause_before_retry(attempt).await;
    }
    Err(ApiError::StorageUnavailable)
}

async fn pause_before_retry(attempt: u32) {
    let pause =
        js_sys::Math::random() * MAX_BACKOFF_MS.min(10.0 * f64::from(1u32 << attempt.min(5)));
    worker::Delay::from(Duration::from_millis(pause as u64)).await;
}
