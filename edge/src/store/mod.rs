//! The only code that speaks SQL, one file per concept. Every query takes the tenant id; every multi-row change is
//! one D1 batch (one transaction). `Store` is opened once per request (with the request's fault plan in tests).

use worker::Env;

use crate::error::ApiError;
use crate::faults::FaultPlan;

mod access;
mod analytics;
mod audit;
mod catalogue;
mod clicks;
mod contacts;
mod db;
mod escalations;
mod neutrality;
mod people;
mod responses;
mod reviews;
mod search;
mod settings;
mod submissions;
mod summary;
mod tokens;
mod transitions;
mod webhooks;
pub use audit::*;
pub use catalogue::*;
pub use contacts::*;
use db::Db;
pub use escalations::*;
pub use people::*;
pub use responses::*;
pub use reviews::*;
pub use search::*;
pub use settings::*;
pub use submissions::*;
pub use summary::SummaryInputs;
pub use tokens::*;
pub use transitions::*;
pub use webhooks::*;

pub struct Store {
    db: Db,
}

/// Whether the first statement of a batch changed exactly one row.
fn first_changed(results: &[worker::D1Result]) -> bool {
    results
        .first()
        .and_then(|result| result.meta().ok().flatten())
        .and_then(|meta| meta.changes)
        == Some(1)
}

impl Store {
    pub fn open(env: &Env) -> Result<Store, ApiError> {
        let db = env
            .d1("DB")
            .map_err(|_| ApiError::Misconfigured("D1 binding DB"))?;
        Ok(Store { db: Db::new(db) })
    }

    /// The same store, failing a share of its D1 calls as the request's fault plan asks (test hooks only).
    pub fn with_faults(self, faults: FaultPlan) -> Store {
        Store {
            db: self.db.with_faults(faults),
        }
    }
}
