//! Child processes the xtask owns: each long-running child gets its own process group, and every group is
//! stopped on exit, on error and on Ctrl-C, so no wrangler or workerd outlives the command.

use std::process::{Child, Command};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

static GROUPS: Mutex<Vec<i32>> = Mutex::new(Vec::new());

pub fn install_ctrl_c_handler() {
    let _ = ctrlc::set_handler(|| {
        stop_all();
        std::process::exit(130);
    });
}

/// A running child in its own process group; dropping it stops the whole group.
pub struct Owned {
    child: Child,
    name: String,
}

impl Owned {
    pub fn spawn(name: &str, command: &mut Command) -> Result<Owned> {
        use std::os::unix::process::CommandExt;
        let child = command
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {name}"))?;
        if let Ok(mut groups) = GROUPS.lock() {
            groups.push(child.id() as i32);
        }
        Ok(Owned {
            child,
            name: name.to_owned(),
        })
    }

    /// Waits until the child exits by itself (the demo: until Ctrl-C).
    pub fn wait(mut self) -> Result<()> {
        let status = self.child.wait()?;
        anyhow::ensure!(status.success(), "{} exited with {status}", self.name);
        Ok(())
    }

    /// The child's id, which is also its process group's.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }
}

impl Drop for Owned {
    fn drop(&mut self) {
        let pgid = self.child.id() as i32;
        stop_group(pgid);
        let _ = self.child.wait();
        if let Ok(mut groups) = GROUPS.lock() {
            groups.retain(|g| *g != pgid);
        }
    }
}

fn stop_group(pgid: i32) {
    signal_group(pgid, "-TERM");
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && signal_group(pgid, "-0") {
        std::thread::sleep(Duration::from_millis(100));
    }
    signal_group(pgid, "-KILL");
}

/// `kill SIGNAL -- -PGID`: signals a whole process group; false when no process of it is left.
fn signal_group(pgid: i32, signal: &str) -> bool {
    Command::new("kill")
        .args([signal, "--", &format!("-{pgid}")])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Stops every group still registered (Ctrl-C, fatal error).
pub fn stop_all() {
    let groups = GROUPS.lock().map(|g| g.clone()).unwrap_or_default();
    for pgid in groups {
        stop_group(pgid);
    }
}
