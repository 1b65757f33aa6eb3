//! `cargo xtask fuzz --seconds N`: runs the domain's proptest fuzzers (domain/tests/fuzz.rs) in release mode,
//! batch after batch with fresh random seeds, until N seconds have passed; prints how many inputs ran.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{root, run};

/// Cases per property per batch; each batch draws new seeds.
const CASES_PER_BATCH: u64 = 5_000;

pub fn fuzz(args: &[String]) -> Result<()> {
    let seconds: u64 = match args {
        [flag, value] if flag == "--seconds" => {
            value.parse().context("--seconds takes a whole number")?
        }
        [] => 60,
        _ => bail!("usage: cargo xtask fuzz [--seconds N]"),
    };
    let test = |cases: u64| {
        let mut command = Command::new("cargo");
        command
            .current_dir(root())
            .args([
                "test",
                "--quiet",
                "--release",
                "-p",
                "candor-domain",
                "--all-features",
                "--test",
                "fuzz",
            ])
            .env("CANDOR_FUZZ_CASES", cases.to_string());
        command
    };
    // Build once (not counted), then run batches until the time is up.
    run(test(1).arg("--no-run"))?;
    let properties = count_properties()?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut batches = 0u64;
    let started = Instant::now();
    while batches == 0 || Instant::now() < deadline {
        run(&mut test(CASES_PER_BATCH))
            .context("a fuzz property failed (proptest printed the minimal input above)")?;
        batches += 1;
    }
    println!(
        "xtask fuzz: {} inputs ({batches} batches × {properties} properties × {CASES_PER_BATCH} cases) in {:.0} s, no failure",
        batches * properties * CASES_PER_BATCH,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Number of proptest properties in domain/tests/fuzz.rs (each runs CASES cases).
fn count_properties() -> Result<u64> {
    let source = std::fs::read_to_string(root().join("domain/tests/fuzz.rs"))?;
    Ok(source.matches("#[test]").count().max(1) as u64)
}
