//! `cargo xtask test`: every check CI runs, in order — repository rules (`checks.rs`), fmt, clippy, unit tests,
//! then the API suite (Rust) and the browser suite (playwright-core + Debian Chromium) against a real
//! `wrangler dev` on a fresh local D1.
//! Ends with one `N passed, N failed` line; exits non-zero if anything failed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::tools::{self, Need};
use crate::{
    budget, build, checks, demo_site, edge, process_faults, root, schema_fuzz, seed, worker_weight,
};

#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    failed_steps: Vec<String>,
}

impl Tally {
    fn step(&mut self, name: &str, outcome: Result<(u64, u64)>) {
        match outcome {
            Ok((passed, failed)) => {
                self.passed += passed;
                self.failed += failed;
                if failed > 0 {
                    self.failed_steps.push(name.to_owned());
                }
            }
            Err(error) => {
                eprintln!("xtask: step '{name}' failed: {error:#}");
                self.failed += 1;
                self.failed_steps.push(name.to_owned());
            }
        }
    }
}

pub fn test() -> Result<()> {
    let started = Instant::now();
    let tools = tools::ensure(Need::Browser)?;
    let root = root();
    let mut tally = Tally::default();

    let only = Only::from_env()?;
    if only.is_none() {
        static_checks(&mut tally);
    }

    build::worker(&tools)?;
    build::widget_site(&tools)?;
    edge::ensure_dev_vars()?;
    // The suites create their tenants through the operator API, never with SQL beside the running edge.
    let platform_key = edge::dev_var("PLATFORM_KEY")?;
    // One fresh state per run (pid-named), so two runs on one machine never share a database.
    let state = root
        .join("target")
        .join("test-state")
        .join(std::process::id().to_string());
    if state.exists() {
        std::fs::remove_dir_all(&state).context("clearing a stale test state")?;
    }
    std::fs::create_dir_all(&state)?;
    let persist = state.join("d1");
    edge::migrate(&tools, &persist)?;
    edge::load_fixture_if_empty(&tools, &persist)?;
    let port = edge::free_port()?;
    // The demo's second origin, as `cargo xtask demo` serves it (on a free port), for `demo.test.mjs`; the demo
    // tenant allows it as the demo's seed allows http://localhost:8789 (before the edge starts: one writer per state).
    let second = demo_site::start(0, &format!("http://127.0.0.1:{port}"))?;
    edge::execute_sql(
        &tools,
        &persist,
        &format!(
            "UPDATE tenants SET allowed_origins = json_insert(allowed_origins, '$[#]', '{}') WHERE id = 'harbor'",
            second.url
        ),
    )?;
    let local = edge::start(
        &tools,
        port,
        &persist,
        Some(&state.join("wrangler.log")),
        edge::TestHooks::On,
    )?;
    eprintln!(
        "xtask: local edge ready at {} (fresh D1 in {})",
        local.url,
        persist.display()
    );

    if only.is_none() {
        tally.step(
            "size budget",
            budget::step(&root.join("target/site"), &local.url),
        );
        tally.step(
            "Worker weight",
            worker_weight::step(&root.join("edge/build")),
        );
    }
    if matches!(only, None | Some(Only::Api(_))) {
        // The tenant-move test drives `cargo xtask tenant move` itself, with this very binary.
        let xtask = std::env::current_exe()?;
        let api_suite = |filters: &[&str]| {
            let mut api = Command::new("cargo");
            api.args(["test", "-p", "api-tests", "--"]).args(filters);
            api.env("CANDOR_EDGE_URL", &local.url)
                .env("CANDOR_XTASK", &xtask)
                .env("CANDOR_PLATFORM_KEY", &platform_key)
                .env("CANDOR_TURNSTILE_URL", &local.turnstile)
                .env("CANDOR_ACCESS_URL", &local.access);
            api
        };
        match &only {
            Some(Only::Api(name)) => {
                if !name.contains("process_faults") && !name.contains("schemathesis") {
                    tally.step(
                        "API suite",
                        counted(&mut api_suite(&[name, "--skip", process_faults::TEST])),
                    );
                }
            }
            _ => {
                let skips: Vec<&str> = RUN_ALONE
                    .iter()
                    .chain([&process_faults::TEST])
                    .flat_map(|name| ["--skip", *name])
                    .collect();
                tally.step("API suite", counted(&mut api_suite(&skips)));
                for name in RUN_ALONE {
                    tally.step(
                        "API test run alone",
                        counted(&mut api_suite(&["--exact", name])),
                    );
                }
            }
        }
    }
    if only.is_none()
        || matches!(&only, Some(Only::Api(name)) if "schemathesis".contains(name.as_str()))
    {
        let depth = schema_fuzz::Depth {
            examples_per_operation: 2,
            minimum_requests: 300,
            fixed_seed: true,
        };
        tally.step(
            "schema fuzzing",
            schema_fuzz::step(&local.url, &platform_key, &depth),
        );
    }
    let chromium = tools
        .chromium
        .as_deref()
        .unwrap_or(Path::new("/usr/bin/chromium"));
    let browser_target = match &only {
        Some(Only::Browser(file)) => Some(root.join("tests/browser").join(file)),
        Some(Only::Api(_) | Only::Seed) => None,
        None => Some(root.join("tests/browser")),
    };
    if let Some(browser_target) = browser_target {
        tally.step(
            "browser suite",
            counted(
                Command::new("node")
                    .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
                    .arg(browser_target)
                    .env("CANDOR_EDGE_URL", &local.url)
                    .env("CANDOR_PLATFORM_KEY", &platform_key)
                    .env("CANDOR_CHROMIUM", chromium)
                    .env("CANDOR_NODE_MODULES", &tools.node_modules)
                    .env("CANDOR_TURNSTILE_URL", &local.turnstile)
                    .env("CANDOR_ACCESS_URL", &local.access)
                    .env("CANDOR_SCREENSHOTS", state.join("screenshots"))
                    .env(
                        "CANDOR_DEMO_PAGES",
                        demo_site::pages_json(&local.url, &second.url),
                    ),
            ),
        );
    }
    let log = local.log.clone();
    drop(local);
    if only.is_none()
        || matches!(&only, Some(Only::Api(name)) if process_faults::TEST.contains(name.as_str()))
    {
        tally.step(
            "process faults",
            process_faults::step(&tools, &state, &platform_key, None),
        );
    }
    if matches!(only, None | Some(Only::Seed)) {
        tally.step(
            "seed determinism",
            seed_determinism(&tools, &state, &platform_key),
        );
    }

    println!();
    if !tally.failed_steps.is_empty() {
        println!("xtask: failed steps: {}", tally.failed_steps.join(", "));
        if let Some(log) = log {
            println!("xtask: wrangler log: {}", log.display());
        }
    }
    println!(
        "xtask: finished in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        bail!("{} failure(s)", tally.failed);
    }
    Ok(())
}

/// The repository rules of `checks.rs`, fmt, clippy (native and wasm32) and the unit and property tests:
/// everything that needs no running edge.
fn static_checks(tally: &mut Tally) {
    tally.step("repository rules", checks::run());
    tally.step(
        "cargo fmt --check",
        check(Command::new("cargo").args(["fmt", "--all", "--check"])),
    );
    tally.step(
        "cargo clippy",
        check(Command::new("cargo").args([
            "clippy",
            "--quiet",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])),
    );
    tally.step(
        "cargo clippy (wasm32)",
        check(Command::new("cargo").args([
            "clippy",
            "--quiet",
            "-p",
            "candor-edge",
            "-p",
            "candor-widget",
            "-p",
            "candor-console",
            "-p",
            "candor-domain",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ])),
    );
    tally.step(
        "unit tests",
        counted(Command::new("cargo").args(["test", "--workspace", "--exclude", "api-tests"])),
    );
}

/// API tests that need the local edge to themselves, run after the rest of the suite, one at a time.
/// - The tenant's write budget (`TENANT_LIMITER`, 1,000 a minute) can only be shown spent by more than 1,000 writes
///   within one minute; alone, the local edge answers them several times faster than that, while beside the rest of
///   the suite on two cores it may not.
/// - A chunked body that the Worker refuses at 32 KiB before its end (1 MiB, 128 KiB, 32 KiB + 1): `wrangler dev`'s
///   local proxy then holds the next request it forwards until that request's client gives up, or answers another
///   POST in flight "Your worker restarted mid-request" (workers-sdk issue 14641). Measured: the Worker's own socket
///   behind the proxy holds nothing; production has no such proxy. Alone, the held request is the test's own probe
///   (`tests/api/tests/api/streamed.rs`), never another test's request.
/// - The hostile corpus sends 87 oversize bodies (declared and chunked) that the Worker refuses while reading them;
///   alone for the same reason.
///
/// Nothing else is run alone: a test that merely is slow stays in the suite.
const RUN_ALONE: [&str; 5] = [
    "api::rate_limits::a_crowd_of_visitors_spends_the_tenants_limit_and_no_other_tenants",
    "api::hardening_small::a_chunked_body_of_one_mebibyte_is_refused_and_the_edge_stays_healthy",
    "api::hardening_small::a_chunked_body_just_over_the_cap_is_refused",
    "api::submit::streamed_body_over_32_kib_without_content_length_is_too_large",
    "api::hostile_corpus::every_route_answers_hostile_requests_with_a_4xx_in_the_error_format_and_the_edge_stays_healthy",
];

/// `CANDOR_TEST_ONLY=api:<test name filter>` (e.g. `api:escalations`), `browser:<file name>` or `seed`: a local
/// shortcut while iterating on one suite file. It skips the static checks and every other suite; CI never sets it.
enum Only {
    Api(String),
    Browser(String),
    Seed,
}

impl Only {
    fn from_env() -> Result<Option<Only>> {
        let Ok(value) = std::env::var("CANDOR_TEST_ONLY") else {
            return Ok(None);
        };
        if value == "seed" {
            return Ok(Some(Only::Seed));
        }
        match value.split_once(':') {
            Some(("api", name)) => Ok(Some(Only::Api(name.to_owned()))),
            Some(("browser", name)) => Ok(Some(Only::Browser(name.to_owned()))),
            _ => {
                bail!("CANDOR_TEST_ONLY must be api:<test>, browser:<file> or seed, not {value:?}")
            }
        }
    }
}

/// The seed at a tenth of its size, twice, each into a fresh state of its own through a fresh edge (test hooks on),
/// at the same anchor instant: both archive chains must verify and the two reports (per-product summaries and stage
/// counts, per idempotency key each review's outcome) must be equal. Three checks.
fn seed_determinism(tools: &tools::Tools, state: &Path, platform_key: &str) -> Result<(u64, u64)> {
    const SCALE: f64 = 0.1;
    let started = Instant::now();
    let anchor_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis() as i64;
    let (mut passed, mut failed) = (0, 0);
    let mut reports = Vec::new();
    for run in ["a", "b"] {
        let persist = state.join(format!("seed-{run}"));
        edge::migrate(tools, &persist)?;
        let local = edge::start(
            tools,
            edge::free_port()?,
            &persist,
            Some(&state.join(format!("wrangler-seed-{run}.log"))),
            edge::TestHooks::On,
        )?;
        let seeded = seed::populate(&local.url, platform_key, SCALE, anchor_ms)?;
        let counts = seed::stage_counts(&local.url, &seeded.staff)?;
        seed::print_counts(&counts, seeded.elapsed);
        let chain = seed::check_chain(&local.url, &seeded.staff)?;
        println!("  seed run {run}: archive chain {}", chain.describe());
        if chain.is_intact() {
            passed += 1;
        } else {
            failed += 1;
        }
        reports.push(seed::report(&local.url, &seeded)?);
    }
    let (first, second) = (&reports[0], &reports[1]);
    if first == second {
        passed += 1;
        println!(
            "  seed: two runs from empty gave the same report ({} reviews)",
            first["reviews"]
                .as_object()
                .map_or(0, |reviews| reviews.len())
        );
    } else {
        failed += 1;
        for (name, a, b) in differences(first, second).into_iter().take(10) {
            println!("  seed: runs differ at {name}: {a} vs {b}");
        }
    }
    println!(
        "  seed determinism (scale {SCALE}, two runs): {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok((passed, failed))
}

/// Where two JSON values differ, as (path, left, right), leaves first found first.
fn differences(a: &serde_json::Value, b: &serde_json::Value) -> Vec<(String, String, String)> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(left), Value::Object(right)) => {
            let mut keys: Vec<&String> = left.keys().chain(right.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .flat_map(|key| {
                    let (l, r) = (&left.get(key), &right.get(key));
                    match (l, r) {
                        (Some(l), Some(r)) => differences(l, r)
                            .into_iter()
                            .map(|(path, x, y)| (format!("{key}.{path}"), x, y))
                            .collect(),
                        _ => vec![(key.clone(), format!("{l:?}"), format!("{r:?}"))],
                    }
                })
                .collect()
        }
        _ if a == b => Vec::new(),
        _ => vec![(String::new(), a.to_string(), b.to_string())],
    }
}

/// A check without a test count: passing counts as one.
fn check(command: &mut Command) -> Result<(u64, u64)> {
    let status = command.current_dir(root()).status()?;
    Ok(if status.success() { (1, 0) } else { (0, 1) })
}

/// Runs a test runner, echoing its output and adding up the counts of its summary lines
/// (`test result: ok. N passed; M failed` from cargo, `ℹ pass N` / `ℹ fail M` from node).
pub(crate) fn counted(command: &mut Command) -> Result<(u64, u64)> {
    let mut child = command.current_dir(root()).stdout(Stdio::piped()).spawn()?;
    let stdout = child.stdout.take().context("capturing test output")?;
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            passed += number_before(rest, " passed");
            failed += number_before(rest, " failed");
        } else if let Some(rest) = line.strip_prefix("ℹ pass ") {
            passed += rest.trim().parse::<u64>().unwrap_or(0);
        } else if let Some(rest) = line.strip_prefix("ℹ fail ") {
            failed += rest.trim().parse::<u64>().unwrap_or(0);
        }
    }
    let status = child.wait()?;
    if !status.success() && failed == 0 {
        // The runner failed without reporting a failed test (build error, crash): count it.
        failed = 1;
    }
    if status.success() && passed == 0 {
        bail!("the runner passed but ran no test");
    }
    Ok((passed, failed))
}

fn number_before(text: &str, marker: &str) -> u64 {
    text.find(marker)
        .and_then(|end| text[..end].rsplit([' ', '.', ';']).next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::number_before;

    #[test]
    fn reads_cargo_test_summary_counts() {
        let line =
            "ok. 19 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.06s";
        assert_eq!(number_before(line, " passed"), 19);
        assert_eq!(number_before(line, " failed"), 2);
        assert_eq!(number_before("nothing here", " passed"), 0);
    }
}
