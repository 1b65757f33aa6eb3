//! The only code that speaks SQL, one file per concept. Every query takes the tenant id; every multi-row change is
//! one D1 batch (one transaction). `Store` is opened once per request (with the request's fault plan in tests).

use std::cell::RefCell;
use std::rc::Rc;

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
mod directory;
mod escalations;
mod moves;
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
pub use db::is_tenant_moving;
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

pub use directory::{HOME_DATABASE, Placement};
pub use moves::CopyCursor;

/// The store of one request. Each tenant lives in one D1 database, named by the tenant directory in the home
/// database (`DB`; a tenant without a directory row lives there). Every method takes the tenant and sends its SQL to
/// that tenant's database only; the placement is read once per request and tenant.
pub struct Store {
    env: Env,
    /// The home database, read without the fault plan: it holds the directory.
    home: worker::D1Database,
    faults: FaultPlan,
    /// The placements this request has read, and an open connection to each one's database.
    placements: RefCell<Vec<(String, Placement, Rc<Db>)>>,
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
        let home = env
            .d1(HOME_DATABASE)
            .map_err(|_| ApiError::Misconfigured("D1 binding DB"))?;
        Ok(Store {
            env: env.clone(),
            home,
            faults: FaultPlan::default(),
            placements: RefCell::new(Vec::new()),
        })
    }

    /// The same store, failing a share of its D1 calls as the request's fault plan asks (test hooks only).
    pub fn with_faults(self, faults: FaultPlan) -> Store {
        Store {
            faults,
            placements: RefCell::new(Vec::new()),
            ..self
        }
    }

    /// The connection to `tenant`'s database. Its writes are refused (`TENANT_MOVING`) while the tenant moves.
    async fn db(&self, tenant: &str) -> worker::Result<Rc<Db>> {
        if let Some((_, _, db)) = self
            .placements
            .borrow()
            .iter()
            .find(|(id, _, _)| id == tenant)
        {
            return Ok(Rc::clone(db));
        }
        let placement = directory::read(&self.home, tenant).await?;
        let db = Rc::new(self.connect(&placement.database, placement.moving.is_some())?);
        self.placements
            .borrow_mut()
            .push((tenant.to_owned(), placement, Rc::clone(&db)));
        Ok(db)
    }

    /// Drops what this request read of `tenant`'s placement (after changing it).
    fn forget_placement(&self, tenant: &str) {
        self.placements
            .borrow_mut()
            .retain(|(id, _, _)| id != tenant);
    }

    /// A connection to the database bound as `binding`, with this request's fault plan.
    fn connect(&self, binding: &str, frozen: bool) -> worker::Result<Db> {
        let d1 = self.env.d1(binding).map_err(|_| {
            worker::Error::RustError(format!(
                "the tenant directory names an unbound database {binding}"
            ))
        })?;
        Ok(Db::new(d1).with_faults(self.faults).frozen(frozen))
    }

    /// Whether this Worker has a D1 database bound as `binding` (`Err` when not).
    pub fn bound(&self, binding: &str) -> worker::Result<()> {
        self.connect(binding, false).map(|_| ())
    }

    /// Where `tenant` lives, from the directory (read once per request).
    pub async fn placement(&self, tenant: &str) -> Result<Placement, ApiError> {
        self.db(tenant).await?;
        let placements = self.placements.borrow();
        let found = placements.iter().find(|(id, _, _)| id == tenant);
        Ok(found
            .map(|(_, placement, _)| placement.clone())
            .unwrap_or_default())
    }

    /// Every database that holds tenants, the home database first: what a lookup without a tenant (a token's hash,
    /// an Access audience) and the Cron sweep walk.
    async fn databases(&self) -> worker::Result<Vec<(String, Db)>> {
        let mut databases = vec![(
            HOME_DATABASE.to_owned(),
            self.connect(HOME_DATABASE, false)?,
        )];
        for binding in directory::databases(&self.home).await? {
            if binding != HOME_DATABASE {
                let db = self.connect(&binding, false)?;
                databases.push((binding, db));
            }
        }
        Ok(databases)
    }

    /// Whether `tenant` lives in `database` (a row found there by a lookup without a tenant belongs to it only then:
    /// a moved tenant's old rows stay behind, marked moved).
    async fn lives_in(&self, tenant: &str, database: &str) -> Result<bool, ApiError> {
        Ok(self.placement(tenant).await?.database == database)
    }
}
