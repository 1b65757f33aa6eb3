//! `cargo xtask fuzz --seconds N`: runs the domain's proptest fuzzers (domain/tests/fuzz.rs) in release mode,
//! batch after batch with fresh random seeds, until N seconds have passed; prints how many inputs ran.
//! `cargo xtask fuzz --coverage --inputs N [--update-corpus]`: the coverage-guided fuzzer (libFuzzer on the stable
//! toolchain, fuzz/) over every target, N inputs in all; `coverage_guided` is the same for `cargo xtask soak`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{root, run, tools};

/// Cases per property per batch; each batch draws new seeds.
const CASES_PER_BATCH: u64 = 5_000;

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] | cargo xtask fuzz --coverage [--inputs N] [--update-corpus]";

pub fn fuzz(args: &[String]) -> Result<()> {
    if args.iter().any(|arg| arg == "--coverage") {
        return coverage_from_args(args);
    }
    let seconds: u64 = match args {
        [flag, value] if flag == "--seconds" => {
            value.parse().context("--seconds takes a whole number")?
        }
        [] => 60,
        _ => bail!(USAGE),
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

/// The coverage-guided targets: binaries of fuzz/ and directories of fuzz/corpus/ (see fuzz/src/lib.rs).
const TARGETS: [&str; 5] = [
    "review_draft",
    "staff_requests",
    "slugs",
    "settings",
    "screening",
];

/// What cargo-fuzz passes with `--sanitizer none`: sanitizer-coverage instrumentation that libFuzzer reads (all
/// stable `-C` flags), `--cfg fuzzing`. No `-Z` flag and no sanitizer runtime, so the pinned stable toolchain builds it.
const COVERAGE_RUSTFLAGS: &str = "-Cpasses=sancov-module \
    -Cllvm-args=-sanitizer-coverage-level=4 \
    -Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
    -Cllvm-args=-sanitizer-coverage-pc-table \
    -Cllvm-args=-sanitizer-coverage-trace-compares \
    -Cllvm-args=-sanitizer-coverage-stack-depth \
    --cfg fuzzing";

/// One target's run.
#[derive(Debug, Clone, Default)]
pub struct TargetFigures {
    pub target: &'static str,
    /// Inputs libFuzzer executed (its `number_of_executed_units`).
    pub inputs: u64,
    pub seconds: f64,
    /// Coverage edges (libFuzzer's `cov`) and features (`ft`) at the end of the run.
    pub edges: u64,
    pub features: u64,
    /// The working corpus after the run: files and bytes.
    pub corpus_files: u64,
    pub corpus_bytes: u64,
    /// Crash, timeout and out-of-memory artifacts written by this run.
    pub crashes: u64,
}

/// The figures of one coverage-guided run over every target.
#[derive(Debug, Clone, Default)]
pub struct FuzzFigures {
    pub targets: Vec<TargetFigures>,
}

impl FuzzFigures {
    pub fn inputs(&self) -> u64 {
        self.targets.iter().map(|t| t.inputs).sum()
    }

    pub fn crashes(&self) -> u64 {
        self.targets.iter().map(|t| t.crashes).sum()
    }

    pub fn print(&self) {
        println!("{self}");
    }
}

impl fmt::Display for FuzzFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<16} {:>10} {:>8} {:>7} {:>9} {:>13} {:>8}",
            "target", "inputs", "seconds", "edges", "features", "corpus", "crashes"
        )?;
        for t in &self.targets {
            writeln!(
                f,
                "{:<16} {:>10} {:>8.1} {:>7} {:>9} {:>13} {:>8}",
                t.target,
                t.inputs,
                t.seconds,
                t.edges,
                t.features,
                format!("{} / {} B", t.corpus_files, t.corpus_bytes),
                t.crashes
            )?;
        }
        write!(
            f,
            "{:<16} {:>10} {:>8.1} {:>7} {:>9} {:>13} {:>8}",
            "total",
            self.inputs(),
            self.targets.iter().map(|t| t.seconds).sum::<f64>(),
            "",
            "",
            "",
            self.crashes()
        )
    }
}

fn coverage_from_args(args: &[String]) -> Result<()> {
    let mut inputs: u64 = 1_000_000;
    let mut update_corpus = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--coverage" => {}
            "--update-corpus" => update_corpus = true,
            "--inputs" => {
                inputs = rest
                    .next()
                    .context(USAGE)?
                    .replace('_', "")
                    .parse()
                    .context("--inputs takes a whole number")?;
            }
            _ => bail!(USAGE),
        }
    }
    let figures = coverage_guided(inputs)?;
    figures.print();
    if update_corpus {
        update_committed_corpus()?;
    }
    Ok(())
}

/// Builds the libFuzzer binaries and runs every target, `total_inputs` inputs in all (split evenly), each from the
/// committed corpus (fuzz/corpus/<target>, read only) plus a working corpus under target/fuzz/. Fails when any target
/// crashed (a panic, a time-out or running out of memory), after running them all; the reproducer is the artifact
/// named in the error.
pub fn coverage_guided(total_inputs: u64) -> Result<FuzzFigures> {
    let binaries = build_fuzz_binaries()?;
    let per_target = total_inputs.div_ceil(TARGETS.len() as u64).max(1);
    let mut figures = FuzzFigures::default();
    let mut failures = Vec::new();
    for target in TARGETS {
        let (figure, failure) = run_target(&binaries, target, per_target)?;
        eprintln!(
            "xtask fuzz: {target}: {} inputs in {:.1} s, {} edges",
            figure.inputs, figure.seconds, figure.edges
        );
        failures.extend(failure);
        figures.targets.push(figure);
    }
    if !failures.is_empty() {
        figures.print();
        bail!(
            "the coverage-guided fuzzer crashed:\n{}",
            failures.join("\n")
        );
    }
    if figures.inputs() < total_inputs {
        figures.print();
        bail!(
            "the coverage-guided fuzzer ran {} inputs, fewer than the {total_inputs} asked for",
            figures.inputs()
        );
    }
    Ok(figures)
}

fn fuzz_dir() -> PathBuf {
    root().join("target").join("fuzz")
}

/// `cargo build` of fuzz/'s binaries with the coverage flags, in their own target directory (the flags would
/// otherwise rebuild the whole workspace) and for the host triple given explicitly (so build scripts and proc
/// macros are built without them). Answers the directory holding the binaries.
fn build_fuzz_binaries() -> Result<PathBuf> {
    tools::ensure_cxx()?;
    let host = host_triple()?;
    let target_dir = fuzz_dir();
    run(Command::new("cargo")
        .current_dir(root())
        .args([
            "build",
            "--quiet",
            "--profile",
            "fuzz",
            "-p",
            "candor-fuzz",
            "--features",
            "libfuzzer",
            "--bins",
            "--target",
            &host,
            "--target-dir",
        ])
        .arg(&target_dir)
        .env("RUSTFLAGS", COVERAGE_RUSTFLAGS)
        .env_remove("CARGO_ENCODED_RUSTFLAGS"))
    .context("building the fuzz binaries")?;
    Ok(target_dir.join(host).join("fuzz"))
}

fn host_triple() -> Result<String> {
    let output = Command::new("rustc").arg("-vV").output()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV names no host")
}

/// Runs one target for `runs` inputs; answers its figures and, when it crashed, what to say about it.
fn run_target(
    binaries: &Path,
    target: &'static str,
    runs: u64,
) -> Result<(TargetFigures, Option<String>)> {
    let committed = root().join("fuzz").join("corpus").join(target);
    let work = fuzz_dir().join("corpus").join(target);
    let artifacts = fuzz_dir().join("artifacts").join(target);
    // A fresh working corpus each run: the figures then describe this run from the committed corpus alone.
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    std::fs::create_dir_all(&artifacts)?;
    let before = count_files(&artifacts)?;
    let started = Instant::now();
    let output = Command::new(binaries.join(target))
        .arg(format!("-runs={runs}"))
        .arg(format!("-artifact_prefix={}/", artifacts.display()))
        // A single input that takes this long is a hang, reported like a crash.
        .arg("-timeout=10")
        .arg("-max_len=4096")
        .arg("-print_final_stats=1")
        .arg(&work)
        .arg(&committed)
        .output()
        .with_context(|| format!("running the {target} fuzzer"))?;
    let seconds = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&output.stderr);
    let (edges, features) = last_coverage(&log);
    let (corpus_files, corpus_bytes) = corpus_size(&work)?;
    let crashes = count_files(&artifacts)? - before;
    let figures = TargetFigures {
        target,
        inputs: final_stat(&log, "stat::number_of_executed_units").unwrap_or(0),
        seconds,
        edges,
        features,
        corpus_files,
        corpus_bytes,
        crashes,
    };
    let failure = (!output.status.success() || crashes > 0).then(|| {
        // The panic's message and the reproducer's path; libFuzzer's backtrace and stats are left out.
        let said: Vec<&str> = log
            .lines()
            .skip_while(|line| !line.contains("panicked at") && !line.starts_with("=="))
            .take(4)
            .chain(
                log.lines()
                    .filter(|line| line.contains("Test unit written to")),
            )
            .collect();
        format!(
            "{target}: exited with {}; artifacts in {}\n{}",
            output.status,
            artifacts.display(),
            said.join("\n")
        )
    });
    Ok((figures, failure))
}

/// `cov:` and `ft:` of libFuzzer's last status line (`#N  DONE  cov: 201 ft: 495 corp: …`).
fn last_coverage(log: &str) -> (u64, u64) {
    let field = |line: &str, name: &str| {
        let mut words = line.split_whitespace();
        words.find(|w| *w == name)?;
        words.next()?.parse().ok()
    };
    log.lines()
        .rev()
        .filter(|line| line.starts_with('#'))
        .find_map(|line| Some((field(line, "cov:")?, field(line, "ft:")?)))
        .unwrap_or((0, 0))
}

/// A `stat::name: value` line of `-print_final_stats=1`.
fn final_stat(log: &str, name: &str) -> Option<u64> {
    log.lines().find_map(|line| {
        line.strip_prefix(name)?
            .trim_start_matches(':')
            .trim()
            .parse()
            .ok()
    })
}

fn count_files(dir: &Path) -> Result<u64> {
    Ok(corpus_size(dir)?.0)
}

fn corpus_size(dir: &Path) -> Result<(u64, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let metadata = entry?.metadata()?;
        if metadata.is_file() {
            files += 1;
            bytes += metadata.len();
        }
    }
    Ok((files, bytes))
}

/// Replaces each committed corpus with a minimal one (libFuzzer's `-merge=1` into an empty directory) that keeps
/// every feature of the committed inputs and of the last run's working corpus.
fn update_committed_corpus() -> Result<()> {
    let binaries = build_fuzz_binaries()?;
    for target in TARGETS {
        let committed = root().join("fuzz").join("corpus").join(target);
        let work = fuzz_dir().join("corpus").join(target);
        let merged = fuzz_dir().join("merged").join(target);
        let _ = std::fs::remove_dir_all(&merged);
        std::fs::create_dir_all(&merged)?;
        std::fs::create_dir_all(&work)?;
        let output = Command::new(binaries.join(target))
            .arg("-merge=1")
            .arg("-max_len=4096")
            .arg(&merged)
            .arg(&committed)
            .arg(&work)
            .output()
            .with_context(|| format!("merging the {target} corpus"))?;
        if !output.status.success() {
            bail!(
                "merging the {target} corpus failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::fs::remove_dir_all(&committed)?;
        std::fs::rename(&merged, &committed)?;
        let (files, bytes) = corpus_size(&committed)?;
        println!("xtask fuzz: fuzz/corpus/{target}: {files} inputs, {bytes} bytes");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = "\
INFO: Seed: 1856118952
#2\tINITED cov: 150 ft: 300 corp: 12/400b exec/s: 0 rss: 30Mb
#4096\tNEW    cov: 190 ft: 480 corp: 40/900b lim: 20 exec/s: 0 rss: 31Mb
#20000\tDONE   cov: 201 ft: 495 corp: 137/1160b lim: 33 exec/s: 0 rss: 27Mb
Done 20000 runs in 0 second(s)
stat::number_of_executed_units: 20000
stat::average_exec_per_sec:     118043
stat::new_units_added:          125
";

    #[test]
    fn reads_the_last_coverage_and_the_executed_inputs_from_libfuzzer() {
        assert_eq!(last_coverage(LOG), (201, 495));
        assert_eq!(
            final_stat(LOG, "stat::number_of_executed_units"),
            Some(20_000)
        );
        assert_eq!(final_stat(LOG, "stat::new_units_added"), Some(125));
        assert_eq!(last_coverage("no status line"), (0, 0));
        assert_eq!(final_stat("", "stat::number_of_executed_units"), None);
    }
}
