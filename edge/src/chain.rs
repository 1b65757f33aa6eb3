//! Appending to a tenant's archive chain: every write that adds audit rows reads the chain head, builds its rows
//! on it and commits them in one batch with the change itself. `UNIQUE(tenant_id, prev_hash)` lets only one write
//! claim a head, so a loser's whole batch fails and it tries again on the new head after a short random pause.
//!
//! This is the one place that decides what a failed batch means; callers only say what one attempt writes and
//! which refusal a batch that did not land met. The rule, in order:
//! 1. the batch reported success: answer from what was written;
//! 2. it reported failure but landed (D1 can report a failure after it committed): the row appended on the head
//!    the attempt used is the attempt's own first row (its *landmark*), so answer from what was written, never from
//!    a re-read;
//! 3. it did not land and another row took the head: a lost head, try again on the new head;
//! 4. it did not land and the head is still free: a constraint refused it; the caller's `refused` names the answer
//!    (409, 403, a replay), or nothing and it is tried again. Attempts that run out answer 503.
//!
//! When the probe itself cannot be read the outcome is unknown, and the answer is an honest 503.

use std::future::Future;
use std::time::Duration;

use crate::audit::{self, StaffChange};
use crate::auth::Staff;
use crate::error::ApiError;
use crate::store::{StaffWrite, Store};

/// How often an append races for the head before the request answers 503 (retry later).
pub const CHAIN_ATTEMPTS: u32 = 24;
/// How often a read that decides an attempt's fate (the head, the probe) is tried before the answer is 503.
const READ_ATTEMPTS: u32 = 6;
/// The longest pause between two attempts; pauses grow from 10 ms and are random below their cap.
const MAX_BACKOFF_MS: f64 = 400.0;

/// What one attempt came to.
pub enum Step<T> {
    /// Answered without sending a batch (e.g. a replay): this is the result.
    Done(T),
    /// A batch was sent; `chain::append` decides what its outcome means.
    Sent(Written<T>),
}

/// A batch that was sent, and the answer it stands for once it has landed.
pub struct Written<T> {
    /// The `row_hash` of the batch's audit row built on the head the attempt was given (its first row).
    pub landmark: String,
    /// The answer, built from the values written.
    pub answer: T,
    /// What D1 reported; a failure may still have committed.
    pub outcome: Result<(), worker::Error>,
}

impl<T> Step<T> {
    /// A sent batch whose first audit row has the hash `landmark`.
    pub fn sent<U>(landmark: &str, answer: T, outcome: Result<U, worker::Error>) -> Step<T> {
        Step::Sent(Written {
            landmark: landmark.to_owned(),
            answer,
            outcome: outcome.map(|_| ()),
        })
    }
}

/// Runs `attempt` with the current chain head until its batch lands, it answers without one, it or `refused`
/// answers an error, or the attempts run out (503). `refused` is asked (with D1's message) only about a batch that
/// did not land on a head that is still free: `Ok(Some(answer))` answers (e.g. a replay), `Err(error)` refuses,
/// `Ok(None)` tries again.
pub async fn append<T, F, Fut, R, RFut>(
    store: &Store,
    tenant: &str,
    what: &str,
    mut attempt: F,
    mut refused: R,
) -> Result<T, ApiError>
where
    F: FnMut(String) -> Fut,
    Fut: Future<Output = Result<Step<T>, ApiError>>,
    R: FnMut(String) -> RFut,
    RFut: Future<Output = Result<Option<T>, ApiError>>,
{
    for number in 0..CHAIN_ATTEMPTS {
        if number > 0 {
            pause_before_retry(number - 1).await;
        }
        let head = patiently(|| store.audit_head(tenant)).await?;
        let written = match attempt(head.clone()).await? {
            Step::Done(answer) => return Ok(answer),
            Step::Sent(written) => written,
        };
        let Err(error) = written.outcome else {
            return Ok(written.answer);
        };
        if crate::store::is_tenant_moving(&error) {
            return Err(ApiError::TenantMoving);
        }
        match patiently(|| store.chain_successor(tenant, &head)).await? {
            Some(successor) if successor == written.landmark => {
                worker::console_warn!("{what} attempt {number} reported {error} but landed");
                return Ok(written.answer);
            }
            Some(_) => {
                worker::console_warn!("{what} attempt {number} lost the chain head: {error}");
            }
            None => {
                if let Some(answer) = refused(error.to_string()).await? {
                    return Ok(answer);
                }
                worker::console_warn!("{what} attempt {number} did not land, retrying: {error}");
            }
        }
    }
    Err(ApiError::StorageUnavailable)
}

/// For writes whose batch no constraint refuses but the chain head's: every failure that did not land is retried.
pub async fn never_refused<T>(_message: String) -> Result<Option<T>, ApiError> {
    Ok(None)
}

/// A read that decides an attempt's fate, tried a few times: a failed read here is no answer yet.
async fn patiently<T, F, Fut>(mut read: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut number = 0;
    loop {
        match read().await {
            Ok(value) => return Ok(value),
            Err(error) if number + 1 >= READ_ATTEMPTS => return Err(error),
            Err(_) => {
                pause_before_retry(number).await;
                number += 1;
            }
        }
    }
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
    append(
        store,
        &staff.tenant,
        action,
        |head| async move {
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(staff, action, content, Some(note.to_owned())),
                staff.clock.now_ms(),
            );
            let outcome = store.apply_staff_write(&staff.tenant, write, &row).await;
            Ok(match outcome {
                Ok(matched) => Step::Done(matched),
                Err(error) => Step::sent(&row.row_hash, true, Err::<(), _>(error)),
            })
        },
        never_refused,
    )
    .await
}

async fn pause_before_retry(attempt: u32) {
    let pause =
        js_sys::Math::random() * MAX_BACKOFF_MS.min(10.0 * f64::from(1u32 << attempt.min(5)));
    worker::Delay::from(Duration::from_millis(pause as u64)).await;
}
