//! The screener's wall time on each hostile input of 5,000 and 10,000 characters (median of runs, native release build): part of `cargo xtask bench`, or alone as `cargo xtask bench-screening`. Measures; asserts nothing (the step-count tests in `domain` do).

use std::process::Command;
use std::time::Instant;

use anyhow::Result;
use candor_domain::screening::{HOSTILE_KINDS, ScreenedText, hostile_input, screen_text};

use crate::{root, run};

const RUNS: usize = 7;
const SIZES: [usize; 2] = [5_000, 10_000];

/// Prints the table from an optimised build: a debug build re-runs itself with `--release`.
pub fn bench() -> Result<()> {
    if cfg!(debug_assertions) {
        return run(Command::new("cargo").current_dir(root()).args([
            "run",
            "--release",
            "--quiet",
            "-p",
            "xtask",
            "--",
            "bench-screening",
        ]));
    }
    print();
    Ok(())
}

fn print() {
    println!();
    println!(
        "  screening: `screen` on each hostile body, native release build, median (fastest) of {RUNS} runs in ms;"
    );
    println!(
        "  on a busy machine the median includes preemption, the fastest run is the CPU's work"
    );
    println!(
        "  {:<26} {:>16} {:>16}",
        "input", "5,000 chars", "10,000 chars"
    );
    for kind in HOSTILE_KINDS {
        let times = SIZES.map(|chars| {
            let body = hostile_input(kind, chars).unwrap_or_default();
            let (median, fastest) = median_and_fastest_ms(&body);
            format!("{median:.2} ({fastest:.2})")
        });
        println!("  {kind:<26} {:>16} {:>16}", times[0], times[1]);
    }
    println!();
}

fn median_and_fastest_ms(body: &str) -> (f64, f64) {
    let text = ScreenedText {
        title: "Title",
        body,
        nickname: "Sam",
        segment: None,
    };
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(screen_text(std::hint::black_box(text), &[]));
            started.elapsed().as_secs_f64() * 1_000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], times[0])
}
