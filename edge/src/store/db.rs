//! The store's one connection to D1. Every `batch`, `first` and `all` of the store goes through `Db::send`,
//! where the request's fault plan (test hooks only, `crate::faults`) may fail a call before it is sent or after it
//! was committed. Without a plan `send` is a plain await.

use std::future::Future;
use std::ops::Deref;

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement, D1Result};

use crate::faults::{Fault, FaultPlan};

pub struct Db {
    d1: D1Database,
    faults: FaultPlan,
    /// The tenant is moving to another database: every batch is refused with `TENANT_MOVING` and sends nothing.
    frozen: bool,
}

/// The message of the error a frozen tenant's batch fails with; `ApiError` answers it 503 `tenant_moving`.
pub const TENANT_MOVING: &str = "tenant is moving to another database";

/// Whether a failed D1 call was refused because its tenant is moving (nothing was sent).
pub fn is_tenant_moving(error: &worker::Error) -> bool {
    matches!(error, worker::Error::RustError(message) if message == TENANT_MOVING)
}

/// `query!(&self.db, …)` prepares statements on D1 itself; preparing sends nothing.
impl Deref for Db {
    type Target = D1Database;

    fn deref(&self) -> &D1Database {
        &self.d1
    }
}

impl Db {
    pub fn new(d1: D1Database) -> Db {
        Db {
            d1,
            faults: FaultPlan::default(),
            frozen: false,
        }
    }

    pub fn with_faults(self, faults: FaultPlan) -> Db {
        Db { faults, ..self }
    }

    pub fn frozen(self, frozen: bool) -> Db {
        Db { frozen, ..self }
    }

    /// One call to D1 (a batch or a read), subject to the fault plan.
    async fn send<T>(
        &self,
        batch: bool,
        call: impl Future<Output = worker::Result<T>>,
    ) -> worker::Result<T> {
        match self.faults.next(batch) {
            Fault::None => call.await,
            // The call is dropped unpolled: D1 never sees it.
            Fault::Before => Err(injected("before sending")),
            Fault::After => {
                call.await?;
                Err(injected("after commit"))
            }
        }
    }

    /// Runs statements as one transaction (all or nothing).
    pub async fn batch(
        &self,
        statements: Vec<D1PreparedStatement>,
    ) -> worker::Result<Vec<D1Result>> {
        if self.frozen {
            return Err(worker::Error::RustError(TENANT_MOVING.to_owned()));
        }
        self.send(true, self.d1.batch(statements)).await
    }

    /// Reads in one round trip (SELECTs only): served while the tenant moves, and counted as a read by the fault plan.
    pub async fn read_batch(
        &self,
        statements: Vec<D1PreparedStatement>,
    ) -> worker::Result<Vec<D1Result>> {
        self.send(false, self.d1.batch(statements)).await
    }

    /// One statement that writes, as a batch of one (so a frozen tenant's write is refused like any batch).
    pub async fn write(&self, statement: D1PreparedStatement) -> worker::Result<D1Result> {
        let mut results = self.batch(vec![statement]).await?;
        results.pop().ok_or_else(|| {
            worker::Error::RustError("D1 answered a batch of one with no result".to_owned())
        })
    }
}

fn injected(when: &str) -> worker::Error {
    worker::Error::RustError(format!("injected test fault {when}"))
}

/// A prepared statement on its way to D1 through `Db::send`.
pub struct Call<'a> {
    db: &'a Db,
    statement: D1PreparedStatement,
}

impl Call<'_> {
    pub async fn first<T: for<'de> Deserialize<'de>>(
        self,
        column: Option<&str>,
    ) -> worker::Result<Option<T>> {
        self.db.send(false, self.statement.first(column)).await
    }

    pub async fn all(self) -> worker::Result<D1Result> {
        self.db.send(false, self.statement.all()).await
    }
}

/// `query!(…)?.via(&self.db).first(None)`: sends a statement through the store's connection.
pub trait Via {
    fn via(self, db: &Db) -> Call<'_>;
}

impl Via for D1PreparedStatement {
    fn via(self, db: &Db) -> Call<'_> {
        Call {
            db,
            statement: self,
        }
    }
}

/// A JSON value read from D1 (`SELECT *`), bound again as a parameter: a copied row goes back in as it came out.
pub fn bound(value: &serde_json::Value) -> worker::Result<wasm_bindgen::JsValue> {
    use serde_json::Value;
    use wasm_bindgen::JsValue;
    Ok(match value {
        Value::Null => JsValue::NULL,
        Value::Bool(flag) => JsValue::from_bool(*flag),
        Value::Number(number) => match number.as_i64() {
            Some(integer) => JsValue::from_f64(integer as f64),
            None => JsValue::from_f64(number.as_f64().unwrap_or_default()),
        },
        Value::String(text) => JsValue::from_str(text),
        Value::Array(_) | Value::Object(_) => {
            return Err(worker::Error::RustError(
                "D1 answered a column with a JSON array or object".to_owned(),
            ));
        }
    })
}
