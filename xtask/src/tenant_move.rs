//! `cargo xtask tenant move <tenant> --to <binding> [--edge URL] [--dry-run]`: moves one tenant to another D1
//! database through the edge's operator API, the same steps locally and in production: start (the tenant's writes
//! answer 503 `tenant_moving`), wait out requests already under way, copy page by page, check (counts per table,
//! chain head, aggregates) and finish (switch the directory, mark the source rows moved, archive the move).
//! `--dry-run` only compares the two databases and prints what a move would copy; nothing is frozen or written.
//! The operator key comes from `CANDOR_PLATFORM_KEY`, or from `edge/.dev.vars` for the local edge.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use candor_domain::tenant_moves::{CopiedPage, MoveCheck, TenantPlacement};
use reqwest::blocking::Client;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::edge;

/// How long a move waits after freezing before it copies: a write that read the placement just before the freeze
/// finishes within it (a Worker request's own limit is far shorter for D1 writes than this).
const SETTLE: Duration = Duration::from_secs(3);

const USAGE: &str =
    "usage: cargo xtask tenant move <tenant> --to <D1 binding> [--edge URL] [--dry-run]";

struct Operator {
    client: Client,
    edge: String,
    key: String,
}

pub fn command(args: &[String]) -> Result<()> {
    let [verb, tenant, rest @ ..] = args else {
        bail!("{USAGE}");
    };
    if verb != "move" {
        bail!("{USAGE}");
    }
    let mut to = None;
    let mut edge_url = format!("http://127.0.0.1:{}", edge::DEMO_PORT);
    let mut dry_run = false;
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--to" => to = rest.next().cloned(),
            "--edge" => edge_url = rest.next().cloned().context(USAGE)?,
            "--dry-run" => dry_run = true,
            _ => bail!("{USAGE}"),
        }
    }
    let to = to.context(USAGE)?;
    let key = match std::env::var("CANDOR_PLATFORM_KEY") {
        Ok(key) if !key.trim().is_empty() => key,
        _ => edge::dev_var("PLATFORM_KEY").context("no operator key: set CANDOR_PLATFORM_KEY")?,
    };
    let operator = Operator {
        client: Client::builder().timeout(Duration::from_secs(60)).build()?,
        edge: edge_url.trim_end_matches('/').to_owned(),
        key,
    };
    if dry_run {
        let check: MoveCheck = operator.call(
            "GET",
            &format!("/v1/platform/tenants/{tenant}/move/check?to={to}"),
            None,
        )?;
        print_check(&check);
        println!("dry run: nothing was frozen, copied or switched");
        return Ok(());
    }
    move_tenant(&operator, tenant, &to)
}

fn move_tenant(operator: &Operator, tenant: &str, to: &str) -> Result<()> {
    let started = Instant::now();
    let base = format!("/v1/platform/tenants/{tenant}");
    let placement: TenantPlacement =
        operator.call("POST", &format!("{base}/move"), Some(json!({ "to": to })))?;
    println!(
        "tenant move: {tenant} frozen for the move from {} to {to}",
        placement.database
    );
    std::thread::sleep(SETTLE);
    let mut after: Option<String> = None;
    let (mut pages, mut rows) = (0u64, 0u64);
    loop {
        let page: CopiedPage = operator.call(
            "POST",
            &format!("{base}/move/copy"),
            Some(json!({ "after": after })),
        )?;
        pages += 1;
        rows += u64::from(page.rows);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    println!("tenant move: copied {rows} rows in {pages} pages");
    let check: MoveCheck = operator.call("GET", &format!("{base}/move/check"), None)?;
    print_check(&check);
    if !check.identical {
        bail!(
            "the copy differs from the source; the tenant stays frozen in {}: run the move again, or cancel it",
            check.source
        );
    }
    let finished: MoveCheck = operator.call("POST", &format!("{base}/move/finish"), None)?;
    let placement: TenantPlacement = operator.call("GET", &format!("{base}/placement"), None)?;
    println!(
        "tenant move: {tenant} now lives in {} (chain head {}), moved in {:.1} s",
        placement.database,
        finished.target_chain_head,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn print_check(check: &MoveCheck) {
    println!("{:<22} {:>10} {:>10}", "table", check.source, check.target);
    for table in &check.tables {
        println!(
            "{:<22} {:>10} {:>10}",
            table.table, table.source, table.target
        );
    }
    println!(
        "chain head: {} / {}",
        check.source_chain_head, check.target_chain_head
    );
    println!(
        "aggregates equal: {}; identical: {}",
        check.aggregates_equal, check.identical
    );
}

impl Operator {
    fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<T> {
        let url = format!("{}{path}", self.edge);
        let mut request = match method {
            "GET" => self.client.get(&url),
            _ => self.client.post(&url),
        }
        .bearer_auth(&self.key);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().with_context(|| format!("{method} {url}"))?;
        let status = response.status();
        let text = response.text()?;
        if !status.is_success() {
            bail!("{method} {path} answered {status}: {text}");
        }
        serde_json::from_str(&text).with_context(|| format!("{method} {path} answered {text}"))
    }
}
