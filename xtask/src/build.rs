//! Builds the two deliverables without downloading anything: the Worker (worker-build with local wasm-bindgen,
//! wasm-opt and esbuild) and the widget site (`target/site`: loader, versioned bundle, demo pages) that the
//! local edge serves as static assets, with the staff console in `site/console/` (`console_site.rs`).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

use crate::tools::{Tools, hex};
use crate::{budget, root, run, worker_weight};

/// Wasm features rustc 1.95 emits for wasm32-unknown-unknown by default; wasm-opt must accept them.
const WASM_FEATURES: [&str; 5] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

pub fn all(tools: &Tools) -> Result<()> {
    worker(tools)?;
    widget_site(tools)?;
    Ok(())
}

pub fn worker(tools: &Tools) -> Result<()> {
    eprintln!("xtask: building the Worker (worker-build --release)");
    run(Command::new(&tools.worker_build)
        .arg("--release")
        .current_dir(root().join("edge"))
        // The Worker's weight (`worker_weight.rs`): measured on this Worker, opt-level "s" and stripped symbols take
        // it from 2,942,317 B raw / 993,883 B gzip (opt-level 3, names kept) to 2,326,891 B / 769,604 B. Set here,
        // not in `[profile.release]`, so that only the Worker's build is sized for upload.
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "s")
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
        .env("WASM_BINDGEN_BIN", &tools.wasm_bindgen)
        .env("WASM_OPT_BIN", &tools.wasm_opt)
        .env("ESBUILD_BIN", &tools.esbuild))
    .context("building the Worker")?;
    // wasm-bindgen writes a name section of its own (its generated imports, about 12 KB): drop it and the producers
    // section byte for byte. Not wasm-opt: its `--all-features` round trip (needed to accept the Worker's exception
    // handling) re-encoded the module into one workerd refused to compile ("unknown import kind 0x7e").
    let wasm = root().join("edge/build/index_bg.wasm");
    let stripped =
        worker_weight::without_custom_sections(&std::fs::read(&wasm)?, &["name", "producers"])?;
    std::fs::write(&wasm, stripped).context("stripping the Worker's name section")
}

pub fn widget_site(tools: &Tools) -> Result<()> {
    let root = root();
    let target = root.join("target");
    let (bindgen_dir, optimised) = browser_wasm(
        tools,
        "candor-widget",
        "candor",
        "no-modules",
        // Measured on this widget: about 0.8 KB brotli less; Rust never places data in the first 1 KB of memory.
        &["--converge", "--low-memory-unused"],
    )?;

    let site = target.join("site");
    let version = env!("CARGO_PKG_VERSION");
    let versioned = site.join("widget").join(version);
    reset_dir(&site)?;
    std::fs::create_dir_all(&versioned)?;

    let wasm = std::fs::read(&optimised)?;
    let wasm_name = format!("candor.{}.wasm", &hex(&Sha256::digest(&wasm))[..12]);
    let wasm_file = versioned.join(&wasm_name);
    std::fs::write(&wasm_file, &wasm)?;

    let glue = std::fs::read_to_string(bindgen_dir.join("candor.js"))?;
    let bootstrap =
        read(&root.join("widget/loader/bootstrap.js"))?.replace("__CANDOR_WASM__", &wasm_name);
    // One function scope around glue + bootstrap: the glue's `wasm_bindgen` never becomes a global.
    let bundle = minify(
        tools,
        &format!("/*! Candor widget {version} */\n(function(){{\n{glue}\n{bootstrap}\n}})();\n"),
    )?;
    let bundle_name = format!(
        "candor.{}.js",
        &hex(&Sha256::digest(bundle.as_bytes()))[..12]
    );
    let glue_file = versioned.join(&bundle_name);
    std::fs::write(&glue_file, &bundle)?;
    let bundle_sri = format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bundle.as_bytes()))
    );
    let bundle_path = format!("/widget/{version}/{bundle_name}");

    let loader = minify(
        tools,
        &read(&root.join("widget/loader/widget.js"))?
            .replace("__CANDOR_BUNDLE__", &bundle_path)
            .replace("__CANDOR_BUNDLE_SRI__", &bundle_sri)
            // The widget's stylesheet as a JS string: shared by every widget of the page, cached with the loader,
            // and no longer part of every first view the edge answers.
            .replace(
                "\"__CANDOR_STYLE__\"",
                &serde_json::to_string(candor_widget::style::CSS)?,
            ),
    )?;
    let loader_file = site.join("v1").join("widget.js");
    std::fs::create_dir_all(site.join("v1"))?;
    std::fs::write(&loader_file, loader)?;
    // The visitor's status frame's one script (the frame page itself is rendered by the edge).
    let frame_script = minify(tools, &read(&root.join("widget/loader/frame.js"))?)?;
    std::fs::write(site.join("v1").join("frame.js"), frame_script)?;
    // The API's OpenAPI document, generated from the domain's types here (natively), served as a static asset.
    let document = serde_json::to_string_pretty(&candor_domain::openapi::document())?;
    std::fs::write(site.join("v1").join("openapi.json"), document + "\n")?;

    // `second-origin/` is served by the demo's second-origin server (`demo_site.rs`), never by the edge.
    copy_dir(
        &root.join("demo-site"),
        &site.join("demo"),
        &["second-origin"],
    )?;
    std::fs::write(site.join("_headers"), HEADERS)?;
    std::fs::write(site.join("index.html"), INDEX)?;
    let console = crate::console_site::build(tools, &site)?;
    eprintln!(
        "xtask: console in {}: {} ({} B), {} ({} B)",
        site.join("console").display(),
        console.wasm.0,
        console.wasm.1,
        console.glue.0,
        console.glue.1
    );
    eprintln!(
        "xtask: widget site in {}: {bundle_path} ({bundle_sri}), {}",
        site.display(),
        wasm_file.display()
    );
    budget::measure(&site, None)?.print();
    Ok(())
}

/// `esbuild --minify` on one classic script (legal `/*! */` comments are kept).
fn minify(tools: &Tools, source: &str) -> Result<String> {
    let mut child = Command::new(&tools.esbuild)
        .args(["--minify", "--loader=js", "--log-level=warning"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .context("starting esbuild")?;
    let mut stdin = child.stdin.take().context("esbuild stdin")?;
    let input = source.to_owned();
    // Written from a thread so a large input cannot deadlock against esbuild's full stdout pipe.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output()?;
    writer
        .join()
        .map_err(|_| anyhow::anyhow!("esbuild writer panicked"))??;
    if !output.status.success() {
        bail!("esbuild --minify failed with {}", output.status);
    }
    String::from_utf8(output.stdout).context("esbuild output is not UTF-8")
}

/// Static-asset headers (Workers `_headers`): versioned files are immutable, the loader is short-cached,
/// and every widget file may be loaded from any host page.
/// The console's embed preview (`console/static/preview.html`, answered at `/console/preview`) is the one console page
/// that may be framed (by the console itself) and allows the widget's shadow-root styles.
const HEADERS: &str = "/widget/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=31536000, immutable
  X-Content-Type-Options: nosniff
/v1/widget.js
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff
/v1/frame.js
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff
/console/*
  Cache-Control: public, max-age=31536000, immutable
  X-Content-Type-Options: nosniff
  X-Frame-Options: DENY
  Referrer-Policy: same-origin
  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'
/console/
  ! Cache-Control
  Cache-Control: no-cache
/console/index.html
  ! Cache-Control
  Cache-Control: no-cache
/console/preview
  ! Cache-Control
  ! X-Frame-Options
  ! Content-Security-Policy
  Cache-Control: no-cache
  X-Frame-Options: SAMEORIGIN
  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'
/v1/openapi.json
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  X-Content-Type-Options: nosniff
";

const INDEX: &str = "<!doctype html><meta charset=utf-8><title>Candor local edge</title>
<p>Candor local edge. Demo page: <a href=\"/demo/\">/demo/</a> · API health: <a href=\"/health\">/health</a></p>\n";

/// Builds a browser crate (`package`, a `cdylib`) for wasm32 with the size-first `widget` profile, runs
/// wasm-bindgen (`bindgen_target`: `no-modules` for the widget's classic script, `web` for the console's module) and
/// `wasm-opt -Oz`. Answers the wasm-bindgen folder (the JavaScript glue is `{out_name}.js` there) and the optimised
/// wasm.
pub fn browser_wasm(
    tools: &Tools,
    package: &str,
    out_name: &str,
    bindgen_target: &str,
    extra_opt: &[&str],
) -> Result<(std::path::PathBuf, std::path::PathBuf)> {
    let root = root();
    let target = root.join("target");
    eprintln!("xtask: building {package} (profile widget, wasm32)");
    run(Command::new("cargo").current_dir(&root).args([
        "build",
        "--quiet",
        "-p",
        package,
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "widget",
    ]))?;
    let bindgen_dir = target.join(format!("{out_name}-bindgen"));
    run(Command::new(&tools.wasm_bindgen)
        .args([
            "--target",
            bindgen_target,
            "--no-typescript",
            "--out-name",
            out_name,
            "--out-dir",
        ])
        .arg(&bindgen_dir)
        .arg(target.join(format!(
            "wasm32-unknown-unknown/widget/{}.wasm",
            package.replace('-', "_")
        ))))?;
    let optimised = bindgen_dir.join(format!("{out_name}_bg.opt.wasm"));
    run(Command::new(&tools.wasm_opt)
        .arg("-Oz")
        .args(extra_opt)
        .args([
            "--strip-debug",
            "--strip-producers",
            "--strip-target-features",
        ])
        .args(WASM_FEATURES)
        .arg(bindgen_dir.join(format!("{out_name}_bg.wasm")))
        .arg("-o")
        .arg(&optimised))?;
    Ok((bindgen_dir, optimised))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn reset_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    Ok(())
}

/// Copies the folder `from` to `to`, leaving out the sub-folders of `from` named in `except`.
fn copy_dir(from: &Path, to: &Path, except: &[&str]) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            if except.iter().any(|name| entry.file_name() == *name) {
                continue;
            }
            copy_dir(&entry.path(), &target, &[])?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
