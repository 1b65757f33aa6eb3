//! A throwaway migrated D1 state that no edge ever serves: tests of database triggers write their own rows here and
//! run SQL on it, never on the running edge's state (one writer per state: the edge).
//!
//! Each `ScratchDb` is a fresh temporary directory with `edge/migrations` applied by `wrangler d1 migrations apply
//! --local --persist-to <dir>`; it is removed when the value is dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::api::client::unique_key;

pub struct ScratchDb {
    dir: PathBuf,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

fn wrangler() -> Command {
    let root = workspace_root();
    let mut command = Command::new(root.join("tools/node_modules/.bin/wrangler"));
    command
        .current_dir(root.join("edge"))
        .env("WRANGLER_SEND_METRICS", "false")
        .env("WRANGLER_SEND_ERROR_REPORTS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("NO_D1_WARNING", "true")
        .stdin(Stdio::null());
    command
}

impl ScratchDb {
    /// A fresh state with every migration applied and no rows.
    pub fn migrated() -> ScratchDb {
        let dir = std::env::temp_dir().join(format!(
            "candor-scratch-d1-{}-{}",
            std::process::id(),
            unique_key("scratch")
        ));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let output = wrangler()
            .args(["d1", "migrations", "apply", "DB", "--local", "--persist-to"])
            .arg(&dir)
            .output()
            .expect("wrangler runs");
        assert!(
            output.status.success(),
            "applying the migrations to a scratch state failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        ScratchDb { dir }
    }

    /// Runs SQL on this scratch state; the result sets of `--json`, or the error text.
    pub fn run(&self, sql: &str) -> Result<Vec<Value>, String> {
        let output = wrangler()
            .args(["d1", "execute", "DB", "--local", "--json", "--persist-to"])
            .arg(&self.dir)
            .arg("--command")
            .arg(sql)
            .output()
            .expect("wrangler runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            return Err(format!(
                "{stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let sets: Vec<Value> = serde_json::from_str(&stdout)
            .unwrap_or_else(|error| panic!("wrangler --json output ({error}): {stdout}"));
        Ok(sets.into_iter().map(|set| set["results"].clone()).collect())
    }

    /// Runs SQL that must succeed.
    pub fn run_ok(&self, sql: &str) -> Vec<Value> {
        self.run(sql)
            .unwrap_or_else(|error| panic!("SQL failed: {sql}\n{error}"))
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
