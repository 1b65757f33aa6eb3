//! The process-fault step of `cargo xtask test` and `cargo xtask soak`: runs `api::process_faults` against a local
//! edge of its own, and when the test asks for it (a file), kills workerd with SIGKILL in the middle of the test's
//! submission load, restarts `wrangler dev` on the same port and the same state, and tells the test (another file).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::edge::{self, TestHooks};
use crate::suites::counted;
use crate::tools::Tools;

/// The test this step runs; the API suite's main run skips it.
pub const TEST: &str = "api::process_faults::a_killed_and_restarted_edge_keeps_every_answered_submission_and_sends_pending_webhooks";

/// Load sizes for the test: `None` keeps its bounded defaults (`cargo xtask test`).
pub struct Sizes {
    pub submissions: usize,
    pub tenants: usize,
    pub clients: usize,
}

pub fn step(
    tools: &Tools,
    state: &Path,
    platform_key: &str,
    sizes: Option<&Sizes>,
) -> Result<(u64, u64)> {
    let persist = state.join("process-faults");
    edge::migrate(tools, &persist)?;
    edge::load_fixture_if_empty(tools, &persist)?;
    let port = edge::free_port()?;
    let mut local = Some(edge::start(
        tools,
        port,
        &persist,
        Some(&state.join("wrangler-process-faults.log")),
        TestHooks::On,
    )?);
    let request = state.join("kill-request");
    let done = state.join("kill-done");
    for file in [&request, &done] {
        if file.exists() {
            std::fs::remove_file(file)?;
        }
    }
    let first = local.as_ref().context("the edge")?;
    let mut command = Command::new("cargo");
    command
        .args(["test", "-p", "api-tests", "--", "--exact", TEST])
        .env("CANDOR_EDGE_URL", &first.url)
        .env("CANDOR_PLATFORM_KEY", platform_key)
        .env("CANDOR_TURNSTILE_URL", &first.turnstile)
        .env("CANDOR_ACCESS_URL", &first.access)
        .env("CANDOR_KILL_REQUEST", &request)
        .env("CANDOR_KILL_DONE", &done);
    if let Some(sizes) = sizes {
        command
            .env("CANDOR_LOAD_SUBMISSIONS", sizes.submissions.to_string())
            .env("CANDOR_LOAD_TENANTS", sizes.tenants.to_string())
            .env("CANDOR_LOAD_CLIENTS", sizes.clients.to_string())
            .env("RUST_TEST_NOCAPTURE", "1");
    }
    let test = std::thread::spawn(move || counted(&mut command));
    while !test.is_finished() {
        if request.exists() && !done.exists() {
            let dying = local.take().context("the edge")?;
            let killed = kill_workerd(dying.process_group())?;
            let stopped = Instant::now();
            drop(dying);
            let restarted = edge::start(
                tools,
                port,
                &persist,
                Some(&state.join("wrangler-process-faults-restarted.log")),
                TestHooks::On,
            )?;
            println!(
                "  process faults: SIGKILL to {killed} workerd process(es); the edge answered again on the same state \
                 {:.1} s later",
                stopped.elapsed().as_secs_f64()
            );
            local = Some(restarted);
            std::fs::write(&done, "restarted")?;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let outcome = test
        .join()
        .map_err(|_| anyhow::anyhow!("the test runner thread panicked"))?;
    drop(local);
    outcome
}

/// Sends SIGKILL to every `workerd` of the process group `group` (found through /proc); the count killed.
fn kill_workerd(group: u32) -> Result<usize> {
    let mut killed = 0;
    for entry in std::fs::read_dir("/proc")? {
        let entry = entry?;
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid pgrp …`: the name may hold spaces, so split after its closing parenthesis.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = &stat[open + 1..close];
        let pgrp = stat[close + 1..].split_whitespace().nth(2);
        if name == "workerd" && pgrp == Some(group.to_string().as_str()) {
            let status = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status()?;
            if status.success() {
                killed += 1;
            }
        }
    }
    if killed == 0 {
        bail!("no workerd process found in the edge's process group {group}");
    }
    Ok(killed)
}
