//! `cargo xtask <command>`: the project's automation in Rust — demo, test, seed — each installing the pinned tools it needs.

mod access;
mod bench;
mod bench_screening;
mod budget;
mod build;
mod checks;
mod console_site;
mod demo_site;
#[cfg(test)]
mod doc_links;
mod edge;
mod fuzz;
mod process;
mod process_faults;
mod schema_fuzz;
mod seed;
mod seed_text;
mod soak;
mod suites;
mod tenant_move;
mod tools;
mod turnstile;
mod worker_weight;

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  demo [--reset]   install what is missing, build, start the local edge with seeded data on 127.0.0.1:8787 and the
                   demo's second origin on localhost:8789; prints every demo page's URL
  test             everything CI runs: fmt, clippy, unit tests, API suite, browser suite, seed determinism
  seed [--scale S] seed an empty demo database through the edge's API (S = 1: 1,700 reviews; kept between runs)
  tenant move <tenant> --to <binding> [--edge URL] [--dry-run]
                   move a tenant to another D1 database through the operator API (local demo edge by default;
                   --edge https://… with CANDOR_PLATFORM_KEY for production); --dry-run compares and writes nothing
  build            build the Worker and the widget site only
  fuzz --seconds N run the domain's property-based fuzzers (parse + screen) for about N seconds
  fuzz --coverage --inputs N [--update-corpus]
                   coverage-guided fuzzing (libFuzzer on stable) of the domain's targets from fuzz/corpus
  bench            wrk against a fresh local edge: summary vs /health vs nginx, 64/256 connections, 1k/1M reviews;
                   then the screener's time on hostile inputs
  bench-screening  the screener's time on hostile inputs of 5,000 and 10,000 characters only (no edge)
  soak             the full-size proofs, each with its figures and time: storage faults under a load of 10,000
                   submissions, the edge killed under load, schemathesis (>= 1,000 requests), 1,000,000
                   coverage-guided fuzz inputs, the Worker's weight";

fn main() {
    process::install_ctrl_c_handler();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("demo") => edge::demo(args.iter().any(|a| a == "--reset")),
        Some("test") => suites::test(),
        Some("seed") => edge::seed_command(&args[1..]),
        Some("fuzz") => fuzz::fuzz(&args[1..]),
        Some("bench") => bench::bench(),
        Some("soak") => soak::soak(),
        Some("bench-screening") => bench_screening::bench(),
        Some("tenant") => tenant_move::command(&args[1..]),
        Some("build") => tools::ensure(tools::Need::Build).and_then(|tools| build::all(&tools)),
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(error) = outcome {
        eprintln!("xtask: error: {error:#}");
        process::stop_all();
        std::process::exit(1);
    }
}

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command to completion, failing with its name when it fails.
pub fn run(command: &mut std::process::Command) -> Result<()> {
    let status = command.status()?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}
