//! Every relative link and `#anchor` in the user and maintainer documents (README.md, ARCHITECTURE.md, docs/*.md,
//! docs/decisions/*.md) resolves: the file or folder exists and the anchor is a heading's slug as GitHub makes it.
//! Checked by a unit test (`cargo xtask test` runs it with the unit tests); reads files, never writes.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// The documents whose links are checked, relative to the repository root (folders: their `*.md` files).
const DOCUMENTS: [&str; 4] = ["README.md", "ARCHITECTURE.md", "docs", "docs/decisions"];

/// GitHub's anchor for a heading: lower case, punctuation removed (letters, digits, `-`, `_` and spaces kept), each
/// space a `-`. Markdown around the text (code spans, emphasis, links) is not part of it.
pub fn slug(heading: &str) -> String {
    without_link_targets(heading)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// `[text](target)` becomes `text` (a heading's anchor is made from the text a reader sees).
fn without_link_targets(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("](") {
        let Some(end) = rest[start..].find(')') else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The lines of `markdown` outside fenced code blocks, with inline code spans blanked out.
fn prose_lines(markdown: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut lines = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut kept = String::new();
        for (index, part) in line.split('`').enumerate() {
            if index % 2 == 0 {
                kept.push_str(part);
            } else {
                kept.push_str(&" ".repeat(part.len()));
            }
        }
        lines.push(kept);
    }
    lines
}

/// Every anchor a document offers: its headings' slugs (a repeated slug gets `-1`, `-2`, … as on GitHub) and the
/// `id`/`name` of explicit HTML anchors.
pub fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut in_fence = false;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            let text = trimmed[hashes..].trim().trim_end_matches('#').trim();
            let base = slug(text);
            let mut candidate = base.clone();
            let mut n = 0;
            while found.contains(&candidate) {
                n += 1;
                candidate = format!("{base}-{n}");
            }
            found.insert(candidate);
        }
        for attribute in ["id=\"", "name=\""] {
            let mut rest = line;
            while let Some(start) = rest.find(attribute) {
                rest = &rest[start + attribute.len()..];
                if let Some(end) = rest.find('"') {
                    found.insert(rest[..end].to_owned());
                }
            }
        }
    }
    found
}

/// The link targets of a document: inline links and images `](target)` and reference definitions `[x]: target`,
/// outside code. Targets with a scheme (`https:`, `mailto:`) are left out.
pub fn relative_targets(markdown: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for line in prose_lines(markdown) {
        let mut rest = line.as_str();
        while let Some(start) = rest.find("](") {
            rest = &rest[start + 2..];
            let Some(end) = rest.find(')') else {
                break;
            };
            targets.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('[')
            && let Some(end) = trimmed.find("]: ")
        {
            targets.push(trimmed[end + 3..].to_owned());
        }
    }
    targets
        .into_iter()
        .map(|target| {
            // A title after the target (`(path "title")`) and angle brackets are not part of it.
            let target = target.split_whitespace().next().unwrap_or_default();
            target
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_owned()
        })
        .filter(|target| !target.is_empty() && !has_scheme(target))
        .collect()
}

fn has_scheme(target: &str) -> bool {
    match target.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Problems of the document at `path` (relative to `root`), one line each: a target that does not exist, or an
/// anchor the target document does not offer.
pub fn problems(root: &Path, path: &str) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(root.join(path)) else {
        return vec![format!("{path}: cannot be read")];
    };
    let folder = Path::new(path).parent().unwrap_or(Path::new(""));
    let mut problems = Vec::new();
    for target in relative_targets(&text) {
        let (file, anchor) = match target.split_once('#') {
            Some((file, anchor)) => (file, Some(anchor)),
            None => (target.as_str(), None),
        };
        let resolved = if file.is_empty() {
            PathBuf::from(path)
        } else {
            normalise(&folder.join(file))
        };
        let full = root.join(&resolved);
        if !full.exists() {
            problems.push(format!(
                "{path}: {target}: {} does not exist",
                resolved.display()
            ));
            continue;
        }
        let Some(anchor) = anchor else {
            continue;
        };
        if full.extension().and_then(|e| e.to_str()) != Some("md") {
            problems.push(format!(
                "{path}: {target}: an anchor into a file that is not Markdown"
            ));
            continue;
        }
        let offered = anchors(&std::fs::read_to_string(&full).unwrap_or_default());
        if !offered.contains(anchor) {
            problems.push(format!(
                "{path}: {target}: {} has no heading with the anchor #{anchor}",
                resolved.display()
            ));
        }
    }
    problems
}

/// `a/b/../c` → `a/c` (without touching the file system).
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The documents `DOCUMENTS` names, relative to `root`.
pub fn documents(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in DOCUMENTS {
        let path = root.join(entry);
        if path.is_dir() {
            let mut files: Vec<String> = std::fs::read_dir(&path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|file| file.path())
                .filter(|file| file.extension().and_then(|e| e.to_str()) == Some("md"))
                .filter_map(|file| {
                    file.file_name()?
                        .to_str()
                        .map(|name| format!("{entry}/{name}"))
                })
                .collect();
            files.sort();
            found.extend(files);
        } else {
            found.push(entry.to_owned());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Document names of the fixtures below are built at run time: the repository rule that every cited document
    /// exists (`checks.rs`) reads this file too, and these documents live in a temporary folder.
    const MD: &str = ".md";

    #[test]
    fn every_relative_link_and_anchor_in_the_documents_resolves() {
        let root = crate::root();
        let documents = documents(&root);
        assert!(documents.len() > 30, "{documents:?}");
        let problems: Vec<String> = documents
            .iter()
            .flat_map(|path| problems(&root, path))
            .collect();
        assert!(
            problems.is_empty(),
            "broken links:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn slugs_are_made_as_github_makes_them() {
        for (heading, expected) in [
            ("Layout", "layout"),
            (
                "4. Custom domain, and why the Cache API needs it",
                "4-custom-domain-and-why-the-cache-api-needs-it",
            ),
            (
                "Storage and cookies (for consent banners)",
                "storage-and-cookies-for-consent-banners",
            ),
            (
                "`cargo xtask demo` — the pages",
                "cargo-xtask-demo--the-pages",
            ),
            ("The [API](docs/api.md) in short", "the-api-in-short"),
            ("snake_case stays", "snake_case-stays"),
            ("中文 标题", "中文-标题"),
        ] {
            assert_eq!(slug(heading), expected, "{heading}");
        }
    }

    #[test]
    fn repeated_headings_are_numbered_and_code_blocks_are_not_headings() {
        let offered =
            anchors("# Setup\n## Setup\n```\n# not a heading\n```\n<a id=\"custom\"></a>\n");
        assert!(
            offered.contains("setup") && offered.contains("setup-1") && offered.contains("custom")
        );
        assert!(!offered.contains("not-a-heading"));
    }

    #[test]
    fn finds_relative_targets_outside_code_and_leaves_out_urls() {
        let markdown = format!(
            "See [a](docs/a{MD}#x), ![s](shot.png \"title\") and [web](https://example.com).\n\
             `[code](not/a/link{MD})`\n```\n[fenced](nope{MD})\n```\n[ref]: ../b{MD}\n"
        );
        assert_eq!(
            relative_targets(&markdown),
            [
                format!("docs/a{MD}#x"),
                "shot.png".to_owned(),
                format!("../b{MD}")
            ]
        );
    }

    #[test]
    fn reports_a_missing_file_and_a_missing_anchor() {
        let dir = std::env::temp_dir().join(format!("candor-doc-links-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("docs")).expect("temporary folder");
        std::fs::write(dir.join(format!("docs/b{MD}")), "# Present\n").expect("writes");
        std::fs::write(
            dir.join(format!("docs/a{MD}")),
            format!("[ok](b{MD}#present) [no anchor](b{MD}#absent) [no file](c{MD}) [self](#top)\n# Top\n"),
        )
        .expect("writes");
        let found = problems(&dir, &format!("docs/a{MD}"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].contains("#absent") && found[1].contains(&format!("c{MD}")),
            "{found:?}"
        );
    }
}
