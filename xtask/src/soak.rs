//! `cargo xtask soak`: the full-size proofs that `cargo xtask test` runs bounded — storage faults under load (10,000
//! submissions from 32 clients over 10 tenants), process faults (the edge killed and restarted under a load of 2,000),
//! schema fuzzing (schemathesis, fresh seeds, ≥ 1,000 requests), coverage-guided fuzzing (1,000,000 inputs) and the
//! Worker's weight — each printing its figures and the time it took. Growth to 1,000,000 reviews and cold start are
//! `cargo xtask bench`'s. Takes tens of minutes; asserts what the
//! bounded versions assert and fails the same way.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::process_faults::{self, Sizes};
use crate::suites::counted;
use crate::tools::{self, Need, Tools};
use crate::{build, edge, fuzz, root, schema_fuzz, worker_weight};

/// The storage-fault load's test (`tests/api/tests/api/fault_load.rs`).
const FAULT_LOAD_TEST: &str =
    "api::fault_load::a_load_under_ten_percent_storage_faults_loses_and_duplicates_nothing";

pub fn soak() -> Result<()> {
    let started = Instant::now();
    let tools = tools::ensure(Need::Build)?;
    build::worker(&tools)?;
    build::widget_site(&tools)?;
    edge::ensure_dev_vars()?;
    let platform_key = edge::dev_var("PLATFORM_KEY")?;
    let state = root()
        .join("target")
        .join("soak-state")
        .join(std::process::id().to_string());
    if state.exists() {
        std::fs::remove_dir_all(&state)?;
    }
    std::fs::create_dir_all(&state)?;

    let mut timings: Vec<(&str, f64, bool)> = Vec::new();
    let mut timed = |name: &'static str, step: &mut dyn FnMut() -> Result<()>| {
        println!("\nsoak: {name}");
        let begun = Instant::now();
        let outcome = step();
        if let Err(error) = &outcome {
            eprintln!("soak: {name} failed: {error:#}");
        }
        let seconds = begun.elapsed().as_secs_f64();
        println!("soak: {name} took {seconds:.0} s");
        timings.push((name, seconds, outcome.is_ok()));
    };

    timed("Worker weight", &mut || {
        let weight = worker_weight::Weight::measure(&root().join("edge/build"))?;
        weight.print();
        weight.check()
    });
    timed(
        "storage faults: 10,000 submissions, 32 clients, 10 tenants, 10 % of D1 calls failing",
        &mut || fault_load(&tools, &state, &platform_key),
    );
    timed(
        "process faults: SIGKILL to workerd under a load of 2,000 submissions",
        &mut || {
            let sizes = Sizes {
                submissions: 2_000,
                tenants: 5,
                clients: 16,
            };
            expect_passed(process_faults::step(
                &tools,
                &state,
                &platform_key,
                Some(&sizes),
            ))
        },
    );
    timed(
        "schema fuzzing: schemathesis, fresh seeds, at least 1,000 requests",
        &mut || schema_fuzzing(&tools, &state, &platform_key),
    );
    timed(
        "coverage-guided fuzzing: 1,000,000 inputs over the domain's targets",
        &mut || {
            fuzz::coverage_guided(1_000_000)?.print();
            Ok(())
        },
    );

    println!("\nsoak: summary");
    for (name, seconds, passed) in &timings {
        println!(
            "  {:<6} {seconds:>6.0} s  {name}",
            if *passed { "ok" } else { "FAILED" }
        );
    }
    println!("soak: finished in {:.0} s", started.elapsed().as_secs_f64());
    let failed = timings.iter().filter(|(_, _, passed)| !passed).count();
    if failed > 0 {
        bail!("{failed} soak step(s) failed");
    }
    Ok(())
}

/// The storage-fault load at full size against an edge of its own.
fn fault_load(tools: &Tools, state: &Path, platform_key: &str) -> Result<()> {
    let persist = state.join("fault-load");
    edge::migrate(tools, &persist)?;
    edge::load_fixture_if_empty(tools, &persist)?;
    let local = edge::start(
        tools,
        edge::free_port()?,
        &persist,
        Some(&state.join("wrangler-fault-load.log")),
        edge::TestHooks::On,
    )?;
    let outcome = counted(
        Command::new("cargo")
            .args(["test", "-p", "api-tests", "--", "--exact"])
            .arg(FAULT_LOAD_TEST)
            .env("CANDOR_EDGE_URL", &local.url)
            .env("CANDOR_PLATFORM_KEY", platform_key)
            .env("CANDOR_TURNSTILE_URL", &local.turnstile)
            .env("CANDOR_ACCESS_URL", &local.access)
            .env("CANDOR_LOAD_SUBMISSIONS", "10000")
            .env("CANDOR_LOAD_TENANTS", "10")
            .env("CANDOR_LOAD_CLIENTS", "32")
            .env("RUST_TEST_NOCAPTURE", "1"),
    );
    drop(local);
    expect_passed(outcome).context("the storage-fault load")
}

/// schemathesis with fresh seeds and 10 examples per operation for every role, against an edge of its own.
fn schema_fuzzing(tools: &Tools, state: &Path, platform_key: &str) -> Result<()> {
    let persist = state.join("schema-fuzz");
    edge::migrate(tools, &persist)?;
    let local = edge::start(
        tools,
        edge::free_port()?,
        &persist,
        Some(&state.join("wrangler-schema-fuzz.log")),
        edge::TestHooks::On,
    )?;
    let depth = schema_fuzz::Depth {
        examples_per_operation: 10,
        minimum_requests: 1_000,
        fixed_seed: false,
    };
    let outcome = schema_fuzz::step(&local.url, platform_key, &depth);
    drop(local);
    expect_passed(outcome)
}

/// A counted test run that passed (one test or more, none failed).
fn expect_passed(outcome: Result<(u64, u64)>) -> Result<()> {
    match outcome? {
        (passed, 0) if passed > 0 => Ok(()),
        (passed, failed) => bail!("{passed} passed, {failed} failed"),
    }
}
