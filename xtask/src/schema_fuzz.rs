//! Schema fuzzing: schemathesis (PyPI, pinned, in a virtual environment the xtask owns) generates requests from the
//! served `/v1/openapi.json` against the local edge, once per staff role with that role's token on a tenant of its
//! own, and checks `not_a_server_error`, `status_code_conformance`, `content_type_conformance` and
//! `response_schema_conformance`. The one operation left out is revoking a token (the run would revoke its own).
//! `cargo xtask test` runs it with a fixed seed (the same requests every run: a finding is a defect, never a flake);
//! `cargo xtask soak` with fresh seeds and more examples.

use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::tools::{apt_install, cache_dir};

const SCHEMATHESIS_VERSION: &str = "4.32.5";
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";
const ROLES: [&str; 5] = ["admin", "moderator", "compliance", "owner", "marketer"];

/// How much to generate, and whether the requests are the same every run.
pub struct Depth {
    pub examples_per_operation: u32,
    /// Fewer generated requests than this (over all roles) fails the step.
    pub minimum_requests: u64,
    pub fixed_seed: bool,
}

/// The `schemathesis` of the xtask's own virtual environment, installed on first use.
fn schemathesis() -> Result<PathBuf> {
    let venv = cache_dir().join(format!("schemathesis-{SCHEMATHESIS_VERSION}"));
    let binary = venv.join("bin").join("schemathesis");
    if binary.exists() {
        return Ok(binary);
    }
    eprintln!(
        "xtask: installing schemathesis {SCHEMATHESIS_VERSION} into {}",
        venv.display()
    );
    let create = || {
        Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|status| status.success())
    };
    if !create() {
        // Debian's python3 needs its venv module as a package of its own.
        apt_install(&["python3-venv"])?;
        if venv.exists() {
            std::fs::remove_dir_all(&venv)?;
        }
        if !create() {
            bail!("python3 -m venv failed even after installing python3-venv");
        }
    }
    crate::run(
        Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
    )
    .context("installing schemathesis from PyPI")?;
    if !binary.exists() {
        bail!("{} is missing after pip install", binary.display());
    }
    Ok(binary)
}

/// A tenant of its own with one token per staff role, through the operator and admin APIs.
fn tokens(edge: &str, platform_key: &str) -> Result<Vec<(&'static str, String)>> {
    let client = reqwest::blocking::Client::new();
    let tenant = format!("schema-fuzz-{}", std::process::id());
    let post = |path: &str, bearer: &str, body: Value| -> Result<Value> {
        let response = client
            .post(format!("{edge}{path}"))
            .bearer_auth(bearer)
            .json(&body)
            .send()
            .with_context(|| format!("POST {path}"))?;
        let status = response.status();
        let text = response.text()?;
        if !status.is_success() {
            bail!("POST {path}: {status} {text}");
        }
        Ok(serde_json::from_str(&text)?)
    };
    let created = post(
        "/v1/platform/tenants",
        platform_key,
        json!({
            "id": tenant,
            "name": "Schema Fuzz Bank",
            "allowed_origins": [],
            "first_admin": { "email": format!("admin@{tenant}.test"), "display_name": "Fuzz Admin" },
        }),
    )?;
    let admin = created["token"]["token"]
        .as_str()
        .context("the first admin's token")?
        .to_owned();
    let mut tokens = vec![("admin", admin.clone())];
    for role in &ROLES[1..] {
        let person = post(
            "/v1/admin/people",
            &admin,
            json!({ "email": format!("{role}@{tenant}.test"), "display_name": format!("Fuzz {role}"), "role": role }),
        )?;
        let person = person["id"].as_str().context("a person id")?;
        let issued = post(
            "/v1/admin/tokens",
            &admin,
            json!({ "person_id": person, "expires_in_days": 30 }),
        )?;
        tokens.push((
            role,
            issued["token"].as_str().context("a token")?.to_owned(),
        ));
    }
    Ok(tokens)
}

/// Runs schemathesis once per role; `(passed, failed)` counts one per role run.
pub fn step(edge: &str, platform_key: &str, depth: &Depth) -> Result<(u64, u64)> {
    let binary = schemathesis()?;
    let (mut passed, mut failed) = (0, 0);
    let mut generated = 0u64;
    for (role, token) in tokens(edge, platform_key)? {
        let mut command = Command::new(&binary);
        command
            .arg("run")
            .arg(format!("{edge}/v1/openapi.json"))
            .args(["--checks", CHECKS, "--phases", "fuzzing", "--no-color"])
            .args(["--max-examples", &depth.examples_per_operation.to_string()])
            .args([
                "--exclude-method",
                "DELETE",
                "--request-timeout",
                "10",
                "--workers",
                "1",
            ])
            .arg("--header")
            .arg(format!("Authorization: Bearer {token}"));
        if depth.fixed_seed {
            // Deterministic generation keeps no example database: the same requests every run.
            command.args(["--seed", "1", "--generation-deterministic"]);
        } else {
            // No example database between runs either: each run generates from its fresh seed alone.
            command.args(["--generation-database", "none"]);
        }
        let output = command.output().context("running schemathesis")?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        // The summary's "Test cases:" line: "  276 generated, 276 passed" (more words when some failed or skipped).
        let cases = stdout
            .lines()
            .find(|line| line.contains(" generated, "))
            .and_then(|line| line.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0);
        if cases == 0 {
            println!("{stdout}");
        }
        generated += cases;
        if output.status.success() {
            passed += 1;
            println!("  schemathesis as {role}: {cases} generated requests, no failure");
        } else {
            failed += 1;
            println!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
            println!("  schemathesis as {role}: FAILED (its report is above)");
        }
    }
    println!(
        "  schemathesis {SCHEMATHESIS_VERSION}: {generated} generated requests over {} roles, checks {CHECKS}",
        ROLES.len()
    );
    if generated < depth.minimum_requests {
        println!(
            "  schemathesis: only {generated} requests generated, fewer than the {} asked for",
            depth.minimum_requests
        );
        failed += 1;
    }
    Ok((passed, failed))
}
