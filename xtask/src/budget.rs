//! The widget's size budget (ARCHITECTURE.md, "Budgets"): raw, gzip and brotli bytes of the loader, the first view
//! (loader + first-view HTML) and the interactive bundle (wasm + glue), read from the assembled `target/site`.
//!
//! `cargo xtask build` prints the report; `cargo xtask test` fails when a hard limit is exceeded. It never
//! changes a file: it only measures.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

/// Hard limits, brotli bytes (1 KB = 1,000 bytes, the stricter reading).
pub const FIRST_VIEW_LIMIT: usize = 8_000;
pub const INTERACTIVE_LIMIT: usize = 60_000;
/// Goals, reported beside the figures.
pub const FIRST_VIEW_GOAL: usize = 5_000;
pub const INTERACTIVE_GOAL: usize = 40_000;

/// One artefact's size in the three encodings a browser may receive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Size {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl Size {
    pub fn of(bytes: &[u8]) -> Size {
        Size {
            raw: bytes.len(),
            gzip: gzip_len(bytes),
            brotli: brotli_len(bytes),
        }
    }
}

impl std::ops::Add for Size {
    type Output = Size;
    fn add(self, other: Size) -> Size {
        Size {
            raw: self.raw + other.raw,
            gzip: self.gzip + other.gzip,
            brotli: self.brotli + other.brotli,
        }
    }
}

#[derive(Debug)]
pub struct Report {
    pub loader: Size,
    /// `None` when no edge was reachable to render the first-view HTML.
    pub first_view_html: Option<Size>,
    pub glue: Size,
    pub wasm: Size,
}

impl Report {
    pub fn first_view(&self) -> Size {
        self.loader + self.first_view_html.unwrap_or_default()
    }

    pub fn interactive(&self) -> Size {
        self.glue + self.wasm
    }

    pub fn print(&self) {
        let row = |name: &str, size: Size| {
            eprintln!(
                "  {name:<34} {:>9} {:>9} {:>9}",
                size.raw, size.gzip, size.brotli
            );
        };
        eprintln!("xtask: widget size budget (bytes)");
        eprintln!("  {:<34} {:>9} {:>9} {:>9}", "", "raw", "gzip", "brotli");
        row("loader /v1/widget.js", self.loader);
        match self.first_view_html {
            Some(html) => row("first-view HTML (roth-ira, en)", html),
            None => {
                eprintln!("  first-view HTML                    (no edge running: not measured)")
            }
        }
        row("first view = loader + HTML", self.first_view());
        row("bundle glue (JS)", self.glue);
        row("bundle wasm", self.wasm);
        row("interactive = wasm + glue", self.interactive());
        eprintln!(
            "  first view {} B brotli (limit {FIRST_VIEW_LIMIT}, goal {FIRST_VIEW_GOAL}); \
             interactive {} B brotli (limit {INTERACTIVE_LIMIT}, goal {INTERACTIVE_GOAL})",
            self.first_view().brotli,
            self.interactive().brotli
        );
    }

    /// The hard limits (ARCHITECTURE.md, "Budgets"); the goals are only reported.
    pub fn check(&self) -> Result<()> {
        let mut over = Vec::new();
        if self.first_view().brotli > FIRST_VIEW_LIMIT {
            over.push(format!(
                "first view {} B brotli > {FIRST_VIEW_LIMIT}",
                self.first_view().brotli
            ));
        }
        if self.interactive().brotli > INTERACTIVE_LIMIT {
            over.push(format!(
                "interactive bundle {} B brotli > {INTERACTIVE_LIMIT}",
                self.interactive().brotli
            ));
        }
        if !over.is_empty() {
            bail!("over the size budget: {}", over.join("; "));
        }
        Ok(())
    }
}

/// Measures the assembled site; `edge` (e.g. `http://127.0.0.1:8787`) is asked for the first-view HTML.
/// The staff console's bytes (every file of `site/console/`: page, boot script, glue, wasm, stylesheet), printed by
/// the bench. No limit: staff load it once a day on a laptop, but it must not grow unnoticed.
pub fn print_console(site: &Path) -> Result<()> {
    let mut total = Size::default();
    for entry in std::fs::read_dir(site.join("console"))? {
        total = total + Size::of(&std::fs::read(entry?.path())?);
    }
    println!(
        "  console bundle (all of /console/): {} B raw, {} B gzip, {} B brotli",
        total.raw, total.gzip, total.brotli
    );
    Ok(())
}

pub fn measure(site: &Path, edge: Option<&str>) -> Result<Report> {
    let loader = std::fs::read(site.join("v1/widget.js")).context("reading the loader")?;
    let versioned = site.join("widget").join(env!("CARGO_PKG_VERSION"));
    let glue = std::fs::read(find(&versioned, ".js")?)?;
    let wasm = std::fs::read(find(&versioned, ".wasm")?)?;
    let first_view_html = edge
        .and_then(|edge| http_get(edge, "/v1/t/harbor/embed/roth-ira?locale=en").ok())
        .map(|html| Size::of(&html));
    Ok(Report {
        loader: Size::of(&loader),
        first_view_html,
        glue: Size::of(&glue),
        wasm: Size::of(&wasm),
    })
}

/// The widget's GETs before and after the form opens (`tests/browser/bench/form-bytes.mjs` lists their paths; the
/// idle prefetch of the bundle is off), each answer read again from the edge and sized as a CDN would send it.
/// Printed by `cargo xtask bench`.
pub fn print_form_bytes(edge: &str, listed: &serde_json::Value) -> Result<()> {
    for (phase, title) in [
        ("before", "before the form opens"),
        ("after", "when the form opens"),
    ] {
        let paths = listed[phase]
            .as_array()
            .with_context(|| format!("form-bytes.mjs listed no `{phase}`"))?;
        let mut total = Size::default();
        let mut names = Vec::new();
        for path in paths.iter().filter_map(serde_json::Value::as_str) {
            let size = Size::of(&http_get(edge, path)?);
            total = total + size;
            names.push(format!("{} ({} B)", short(path), size.brotli));
        }
        println!(
            "  loaded {title}: {} requests, {} B raw, {} B gzip, {} B brotli: {}",
            names.len(),
            total.raw,
            total.gzip,
            total.brotli,
            names.join(", ")
        );
    }
    Ok(())
}

/// A path without its query, and versioned file names without their hash folder (`/widget/0.1.0/candor.….wasm`).
fn short(path: &str) -> &str {
    let path = path.split('?').next().unwrap_or(path);
    match path.strip_prefix("/widget/") {
        Some(rest) => rest.rsplit('/').next().unwrap_or(rest),
        None => path,
    }
}

/// `cargo xtask test` step: measure against the running edge, print, fail above a hard limit.
pub fn step(site: &Path, edge: &str) -> Result<(u64, u64)> {
    let report = measure(site, Some(edge))?;
    report.print();
    match report.check() {
        Ok(()) => Ok((1, 0)),
        Err(error) => {
            eprintln!("xtask: {error:#}");
            Ok((0, 1))
        }
    }
}

fn find(dir: &Path, suffix: &str) -> Result<PathBuf> {
    std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| path.to_string_lossy().ends_with(suffix))
        .with_context(|| format!("no *{suffix} in {}", dir.display()))
}

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map_or(0, |out| out.len())
}

fn brotli_len(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out.len(),
        Err(_) => 0,
    }
}

/// A plain HTTP/1.1 GET to the local edge (`http://host:port` only), answering the body of a 200.
/// Only 2xx bodies count: an error page must not be measured as the first view.
fn http_get(edge: &str, path: &str) -> Result<Vec<u8>> {
    let authority = edge
        .strip_prefix("http://")
        .context("the local edge is plain http")?
        .trim_end_matches('/');
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("no HTTP header end")?;
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    if !head.starts_with("HTTP/1.1 2") {
        bail!("{path}: {}", head.lines().next().unwrap_or_default());
    }
    let body = &response[split + 4..];
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return Ok(dechunk(body));
    }
    Ok(body.to_vec())
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..line_end])
            .ok()
            .and_then(|hex| {
                usize::from_str_radix(hex.split(';').next().unwrap_or("").trim(), 16).ok()
            })
            .unwrap_or(0);
        body = &body[line_end + 2..];
        if size == 0 || body.len() < size {
            break;
        }
        out.extend_from_slice(&body[..size]);
        body = body.get(size + 2..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_sizes_are_smaller_than_raw_for_repetitive_input() {
        let size = Size::of(&b"candor ".repeat(1000));
        assert_eq!(size.raw, 7000);
        assert!(size.gzip > 0 && size.gzip < 200);
        assert!(size.brotli > 0 && size.brotli < 200);
    }

    #[test]
    fn the_check_fails_only_above_a_hard_limit() {
        let at = |brotli| Size {
            raw: brotli,
            gzip: brotli,
            brotli,
        };
        let report = |wasm| Report {
            loader: at(1_000),
            first_view_html: Some(at(2_000)),
            glue: at(5_000),
            wasm: at(wasm),
        };
        assert!(report(INTERACTIVE_LIMIT - 5_000).check().is_ok());
        assert!(report(INTERACTIVE_LIMIT - 4_999).check().is_err());
    }

    #[test]
    fn reads_a_chunked_body() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"), b"abcde");
    }
}
