//! The Worker's own weight: raw and gzip bytes of the wasm `wrangler deploy` uploads (`edge/build/index_bg.wasm`)
//! and of its JavaScript glue, its sections (code, data, custom), a hard limit that `cargo xtask test` checks, and
//! the figures `cargo xtask bench` and `soak` print.
//!
//! Cloudflare counts a Worker's size compressed (gzip); the hard limit here is 1 MB gzip (1 MB = 1,000,000 bytes, the
//! stricter reading), the goal 400 KB. The name section (function names for stack traces) must not ship: the
//! Worker's build strips symbols (`CARGO_PROFILE_RELEASE_STRIP`, see `build::worker`).

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::budget::gzip_len;

pub const GZIP_LIMIT: usize = 1_000_000;
pub const GZIP_GOAL: usize = 400_000;

/// One wasm section: its id name (`code`, `data`, …, or `custom:<name>`) and its size in bytes.
pub struct Section {
    pub name: String,
    pub bytes: usize,
}

pub struct Weight {
    pub wasm_raw: usize,
    pub wasm_gzip: usize,
    pub glue_raw: usize,
    pub glue_gzip: usize,
    pub sections: Vec<Section>,
}

impl Weight {
    pub fn measure(build: &Path) -> Result<Weight> {
        let wasm = std::fs::read(build.join("index_bg.wasm"))
            .with_context(|| format!("reading the Worker's wasm in {}", build.display()))?;
        let glue = std::fs::read(build.join("index.js"))?;
        Ok(Weight {
            wasm_raw: wasm.len(),
            wasm_gzip: gzip_len(&wasm),
            glue_raw: glue.len(),
            glue_gzip: gzip_len(&glue),
            sections: sections(&wasm)?,
        })
    }

    pub fn gzip_total(&self) -> usize {
        self.wasm_gzip + self.glue_gzip
    }

    fn section(&self, name: &str) -> usize {
        self.sections
            .iter()
            .filter(|section| section.name == name)
            .map(|section| section.bytes)
            .sum()
    }

    pub fn print(&self) {
        println!(
            "  Worker: wasm {} B raw / {} B gzip, glue {} B raw / {} B gzip; total {} B gzip (limit {GZIP_LIMIT}, goal \
             {GZIP_GOAL})",
            self.wasm_raw,
            self.wasm_gzip,
            self.glue_raw,
            self.glue_gzip,
            self.gzip_total()
        );
        let listed: Vec<String> = self
            .sections
            .iter()
            .filter(|section| section.bytes >= 1_000)
            .map(|section| format!("{} {} B", section.name, section.bytes))
            .collect();
        println!("  Worker sections (≥ 1 KB): {}", listed.join(", "));
    }

    /// The hard limits: gzip total under 1 MB, and no name section.
    pub fn check(&self) -> Result<()> {
        if self.gzip_total() > GZIP_LIMIT {
            bail!(
                "the Worker is {} B gzip, over the {GZIP_LIMIT} B limit",
                self.gzip_total()
            );
        }
        let names = self.section("custom:name");
        if names > 0 {
            bail!("the Worker ships a name section of {names} B: its symbols must be stripped");
        }
        Ok(())
    }
}

/// The `cargo xtask test` step: prints the weight and checks the limits.
pub fn step(build: &Path) -> Result<(u64, u64)> {
    let weight = Weight::measure(build)?;
    weight.print();
    match weight.check() {
        Ok(()) => Ok((1, 0)),
        Err(error) => {
            eprintln!("xtask: {error:#}");
            Ok((0, 1))
        }
    }
}

/// The module without the custom sections of these names (every other byte kept as it was).
pub fn without_custom_sections(wasm: &[u8], names: &[&str]) -> Result<Vec<u8>> {
    if wasm.get(..8).is_none() || wasm.get(..4) != Some(b"\0asm") {
        bail!("not a wasm module");
    }
    let mut out = wasm[..8].to_vec();
    let mut at = 8;
    while at < wasm.len() {
        let (size, payload) = leb128(wasm, at + 1)?;
        let end = payload
            .checked_add(size)
            .filter(|end| *end <= wasm.len())
            .context("a section runs past the end of the module")?;
        let dropped = wasm[at] == 0 && {
            let (length, text) = leb128(wasm, payload)?;
            names
                .iter()
                .any(|name| wasm.get(text..text + length) == Some(name.as_bytes()))
        };
        if !dropped {
            out.extend_from_slice(&wasm[at..end]);
        }
        at = end;
    }
    Ok(out)
}

/// The sections of a wasm module, in order (the binary format: magic, version, then id + LEB128 size + payload).
fn sections(wasm: &[u8]) -> Result<Vec<Section>> {
    if wasm.get(..4) != Some(b"\0asm") {
        bail!("not a wasm module");
    }
    let mut sections = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, payload) = leb128(wasm, at + 1)?;
        let end = payload
            .checked_add(size)
            .filter(|end| *end <= wasm.len())
            .context("a section runs past the end of the module")?;
        let name = match id {
            0 => {
                let (length, text) = leb128(wasm, payload)?;
                let name = wasm.get(text..text + length).unwrap_or_default();
                format!("custom:{}", String::from_utf8_lossy(name))
            }
            1 => "type".into(),
            2 => "import".into(),
            3 => "function".into(),
            4 => "table".into(),
            5 => "memory".into(),
            6 => "global".into(),
            7 => "export".into(),
            8 => "start".into(),
            9 => "element".into(),
            10 => "code".into(),
            11 => "data".into(),
            12 => "datacount".into(),
            13 => "tag".into(),
            other => format!("unknown:{other}"),
        };
        sections.push(Section { name, bytes: size });
        at = end;
    }
    Ok(sections)
}

/// An unsigned LEB128 number at `at`: its value and the index after it.
fn leb128(bytes: &[u8], mut at: usize) -> Result<(usize, usize)> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at).context("a number runs past the end")?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
    }
    bail!("a LEB128 number longer than 5 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_read_from_a_module() {
        // magic, version, a type section of 1 byte, a custom section "name" with 2 bytes of payload after its name.
        let module = [
            0, b'a', b's', b'm', 1, 0, 0, 0, 1, 1, 0, 0, 7, 4, b'n', b'a', b'm', b'e', 9, 9,
        ];
        let found = sections(&module).expect("a module");
        let names: Vec<(&str, usize)> = found
            .iter()
            .map(|section| (section.name.as_str(), section.bytes))
            .collect();
        assert_eq!(names, [("type", 1), ("custom:name", 7)]);
    }

    #[test]
    fn custom_sections_are_dropped_by_name_and_nothing_else_changes() {
        let module = [
            0, b'a', b's', b'm', 1, 0, 0, 0, 1, 1, 0, 0, 7, 4, b'n', b'a', b'm', b'e', 9, 9, 0, 3,
            1, b'x', 5,
        ];
        let stripped = without_custom_sections(&module, &["name"]).expect("a module");
        assert_eq!(
            stripped,
            [0, b'a', b's', b'm', 1, 0, 0, 0, 1, 1, 0, 0, 3, 1, b'x', 5]
        );
        assert_eq!(
            without_custom_sections(&module, &[]).expect("a module"),
            module
        );
    }

    #[test]
    fn a_truncated_module_is_an_error() {
        assert!(sections(&[0, b'a', b's', b'm', 1, 0, 0, 0, 10, 200]).is_err());
        assert!(sections(b"nope").is_err());
    }
}
