//! Builds the staff console (`console/`) into `target/site/console/`: the Leptos app compiled to wasm32 (profile
//! `widget`: size first), wasm-bindgen `--target web`, wasm-opt, content-hashed file names, and the page that boots
//! it. The public widget never loads any of it.

use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::root;
use crate::tools::{Tools, hex};

/// The console's files in `site/console/`: `(name, bytes)` of the wasm and the JavaScript, for the bench.
pub struct ConsoleFiles {
    pub wasm: (String, usize),
    pub glue: (String, usize),
}

pub fn build(tools: &Tools, site: &Path) -> Result<ConsoleFiles> {
    let root = root();
    let (bindgen_dir, optimised) =
        crate::build::browser_wasm(tools, "candor-console", "console", "web", &[])?;

    let out = site.join("console");
    std::fs::create_dir_all(&out)?;
    let hashed = |stem: &str, extension: &str, bytes: &[u8]| {
        format!("{stem}.{}.{extension}", &hex(&Sha256::digest(bytes))[..12])
    };
    let wasm = std::fs::read(&optimised)?;
    let wasm_name = hashed("console", "wasm", &wasm);
    std::fs::write(out.join(&wasm_name), &wasm)?;
    let glue = std::fs::read(bindgen_dir.join("console.js"))?;
    let glue_name = hashed("console", "js", &glue);
    std::fs::write(out.join(&glue_name), &glue)?;
    let css = read(&root.join("console/static/console.css"))?;
    let css_name = hashed("console", "css", css.as_bytes());
    std::fs::write(out.join(&css_name), &css)?;
    let boot = read(&root.join("console/static/boot.js"))?
        .replace("__CONSOLE_GLUE__", &glue_name)
        .replace("__CONSOLE_WASM__", &wasm_name);
    let boot_name = hashed("boot", "js", boot.as_bytes());
    std::fs::write(out.join(&boot_name), &boot)?;
    let page = read(&root.join("console/static/index.html"))?
        .replace("__CONSOLE_CSS__", &css_name)
        .replace("__CONSOLE_BOOT__", &boot_name);
    std::fs::write(out.join("index.html"), page)?;
    // The live preview of an embed (catalogue and snippet pages): a page that embeds the widget as a customer's does.
    let preview_js = read(&root.join("console/static/preview.js"))?;
    let preview_js_name = hashed("preview", "js", preview_js.as_bytes());
    std::fs::write(out.join(&preview_js_name), &preview_js)?;
    let preview_css = read(&root.join("console/static/preview.css"))?;
    let preview_css_name = hashed("preview", "css", preview_css.as_bytes());
    std::fs::write(out.join(&preview_css_name), &preview_css)?;
    let preview = read(&root.join("console/static/preview.html"))?
        .replace("__PREVIEW_CSS__", &preview_css_name)
        .replace("__PREVIEW_JS__", &preview_js_name);
    std::fs::write(out.join("preview.html"), preview)?;
    Ok(ConsoleFiles {
        wasm: (wasm_name, wasm.len()),
        glue: (glue_name, glue.len()),
    })
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}
