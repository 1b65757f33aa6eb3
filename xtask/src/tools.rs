//! The pinned tools and where they live: cargo-installed CLIs and npm packages go to a cache directory the
//! xtask owns (`$CANDOR_TOOLS_DIR`, default `~/.cache/candor`), so a warm run installs nothing.
//! Nothing here downloads a prebuilt binary from outside the registries.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::{root, run};

pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const WORKER_BUILD_VERSION: &str = "0.8.7";
const CHROMIUM: &str = "/usr/bin/chromium";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Build the Worker and the widget, run the local edge.
    Build,
    /// Also drive a browser.
    Browser,
}

pub struct Tools {
    pub wasm_bindgen: PathBuf,
    pub worker_build: PathBuf,
    pub wasm_opt: PathBuf,
    pub esbuild: PathBuf,
    pub wrangler: PathBuf,
    pub node_modules: PathBuf,
    pub chromium: Option<PathBuf>,
}

pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CANDOR_TOOLS_DIR") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").map_or_else(|| root().join("target"), PathBuf::from);
    home.join(".cache").join("candor")
}

pub fn ensure(need: Need) -> Result<Tools> {
    ensure_wasm_target()?;
    let cargo_root = cache_dir().join("cargo");
    let bin = cargo_root.join("bin");
    // wasm-bindgen-cli must not be installed with --locked: its lockfile wants a crate version (webpki-roots 1.0.11) the registry lacks.
    let wasm_bindgen = ensure_cargo_tool(
        &cargo_root,
        "wasm-bindgen-cli",
        "wasm-bindgen",
        WASM_BINDGEN_VERSION,
        false,
    )?;
    let worker_build = ensure_cargo_tool(
        &cargo_root,
        "worker-build",
        "worker-build",
        WORKER_BUILD_VERSION,
        true,
    )?;
    debug_assert!(wasm_bindgen.starts_with(&bin));
    let node_modules = ensure_npm_tools()?;
    let chromium = match need {
        Need::Browser => Some(ensure_chromium()?),
        Need::Build => None,
    };
    let dot_bin = node_modules.join(".bin");
    Ok(Tools {
        wasm_bindgen,
        worker_build,
        wasm_opt: dot_bin.join("wasm-opt"),
        esbuild: dot_bin.join("esbuild"),
        wrangler: dot_bin.join("wrangler"),
        node_modules,
        chromium,
    })
}

fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        eprintln!("xtask: adding the wasm32-unknown-unknown target");
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

fn ensure_cargo_tool(
    cargo_root: &Path,
    krate: &str,
    binary: &str,
    version: &str,
    locked: bool,
) -> Result<PathBuf> {
    let path = cargo_root.join("bin").join(binary);
    let current = Command::new(&path).arg("--version").output().ok();
    if current.is_some_and(|out| String::from_utf8_lossy(&out.stdout).contains(version)) {
        return Ok(path);
    }
    eprintln!(
        "xtask: installing {krate} {version} (once; cached in {})",
        cargo_root.display()
    );
    let mut install = Command::new("cargo");
    install
        .args(["install", krate, "--version", version, "--root"])
        .arg(cargo_root);
    if locked {
        install.arg("--locked");
    }
    run(&mut install).with_context(|| format!("installing {krate}"))?;
    Ok(path)
}

/// `npm ci` into tools/node_modules whenever tools/package-lock.json changed since the last install.
fn ensure_npm_tools() -> Result<PathBuf> {
    let dir = root().join("tools");
    let lock =
        std::fs::read(dir.join("package-lock.json")).context("reading tools/package-lock.json")?;
    let stamp_value = hex(&Sha256::digest(&lock));
    let node_modules = dir.join("node_modules");
    let stamp = node_modules.join(".candor-lock-sha256");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(stamp_value.as_str()) {
        eprintln!(
            "xtask: installing the pinned npm tools (wrangler, binaryen, esbuild, playwright-core)"
        );
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir))?;
        std::fs::write(&stamp, &stamp_value)?;
    }
    Ok(node_modules)
}

fn ensure_chromium() -> Result<PathBuf> {
    let chromium = PathBuf::from(CHROMIUM);
    let fonts = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    if chromium.exists() && fonts.exists() {
        return Ok(chromium);
    }
    eprintln!("xtask: installing Debian's chromium and CJK fonts with apt-get");
    apt_install(&["chromium", "fonts-noto-cjk"])?;
    if !chromium.exists() {
        bail!("chromium is still missing at {CHROMIUM} after apt-get install");
    }
    Ok(chromium)
}

/// wrk and nginx for `cargo xtask bench` (Debian packages), installed when missing.
pub fn ensure_bench_tools() -> Result<()> {
    let missing = |binary: &str| !Path::new(binary).exists();
    if missing("/usr/bin/wrk") || missing("/usr/sbin/nginx") {
        eprintln!("xtask: installing Debian's wrk and nginx with apt-get");
        apt_install(&["wrk", "nginx"])?;
    }
    for binary in ["/usr/bin/wrk", "/usr/sbin/nginx"] {
        if missing(binary) {
            bail!("{binary} is still missing after apt-get install");
        }
    }
    Ok(())
}

/// A C++ compiler for libFuzzer (`cargo xtask fuzz --coverage`: libfuzzer-sys compiles it from source with the `cc`
/// crate): Debian's g++ (on a fresh machine already), installed when `c++` is missing.
pub fn ensure_cxx() -> Result<()> {
    let present = || {
        Command::new("c++")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !present() {
        eprintln!(
            "xtask: installing Debian's g++ with apt-get (libFuzzer is compiled from source)"
        );
        apt_install(&["g++"])?;
    }
    if !present() {
        bail!("c++ is still missing after apt-get install g++");
    }
    Ok(())
}

/// `apt-get update` and `apt-get install` of Debian packages, through sudo when not root.
pub fn apt_install(packages: &[&str]) -> Result<()> {
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let apt = |args: &[&str]| {
        let mut command = if as_root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !as_root {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        run(&mut command)
    };
    apt(&["update", "-qq"])?;
    apt(&[&["install", "-y", "-qq"], packages].concat())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
