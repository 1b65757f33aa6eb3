//! Repository rules that a text scan can enforce, run by `cargo xtask test` before anything is built:
//!
//! - **One writer per D1 state.** No test writes or reads the running edge's database beside it: a file under
//!   `tests/` never names the edge's state variable and never calls an SQL runner (`execute`/`execute_ok` in Rust,
//!   `d1` in the browser suite); the tenant fixtures use the operator and admin APIs.
//! - **Every cited document is in the repository.** Any mention of a `*.md` file name in a tracked file resolves
//!   to a tracked file (relative to the repository root or to the citing file, or by a unique base name).
//!
//! Both are pure functions over `(path, text)` pairs, table-tested below; `run` feeds them `git ls-files`.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::root;

/// The environment variable that once named the running edge's D1 state. `cargo xtask test` no longer sets it, and
/// no test may read it: tenants, people and tokens come from the operator and admin APIs.
const EDGE_STATE_VAR: &str = "CANDOR_D1_STATE";

/// Runs both checks on the tracked files; counts as one passed step each, or fails with every violation.
pub fn run() -> Result<(u64, u64)> {
    let root = root();
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .context("running git ls-files")?;
    if !listed.status.success() {
        bail!(
            "git ls-files failed: {}",
            String::from_utf8_lossy(&listed.stderr)
        );
    }
    let paths: Vec<String> = String::from_utf8_lossy(&listed.stdout)
        .split('\0')
        .filter(|path| !path.is_empty())
        .map(str::to_owned)
        .collect();
    let mut files = Vec::new();
    for path in &paths {
        // The fuzz corpus is the fuzzer's bytes, not prose: an input that happens to end in `.md` cites nothing.
        if path.starts_with("fuzz/corpus/") {
            continue;
        }
        // Deleted but not yet staged files, binaries and non-UTF-8 files have nothing to cite.
        if let Ok(text) = std::fs::read_to_string(root.join(path)) {
            files.push((path.clone(), text));
        }
    }
    let mut problems = one_writer_violations(&files);
    problems.extend(citation_violations(&paths, &files));
    if problems.is_empty() {
        return Ok((2, 0));
    }
    for problem in &problems {
        eprintln!("xtask: {problem}");
    }
    Ok((0, 1))
}

/// Test files outside `ONE_WRITER_ALLOWED` that touch the running edge's database.
pub fn one_writer_violations(files: &[(String, String)]) -> Vec<String> {
    let rule = "tests never run SQL on the running edge's D1 state (one writer per state: the edge); read through \
                the API, use the test clock (X-Candor-Test-Clock) instead of backdating, or run SQL on a scratch \
                state no edge serves (tests/api/tests/api/scratch_db.rs)";
    let mut problems = Vec::new();
    for (path, text) in files {
        if !path.starts_with("tests/") {
            continue;
        }
        let runners: &[&str] = if path.ends_with(".rs") {
            &["execute", "execute_ok"]
        } else if path.ends_with(".mjs") || path.ends_with(".js") {
            &["d1"]
        } else {
            &[]
        };
        if text.contains(EDGE_STATE_VAR) {
            problems.push(format!("{path} names {EDGE_STATE_VAR}: {rule}"));
        }
        for runner in runners {
            if calls(text, runner) {
                problems.push(format!("{path} calls {runner}(…): {rule}"));
            }
        }
    }
    problems
}

/// Whether `text` calls the free function `name` (`name(` not preceded by an identifier character or a `.`,
/// so methods such as `db.run(` or `scratch.execute(` and longer names do not count).
fn calls(text: &str, name: &str) -> bool {
    let call = format!("{name}(");
    text.match_indices(&call).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|before| before.is_alphanumeric() || before == '_' || before == '.')
    })
}

/// Mentions of `*.md` documents that resolve to no tracked file.
pub fn citation_violations(tracked: &[String], files: &[(String, String)]) -> Vec<String> {
    let tracked_set: BTreeSet<&str> = tracked.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for (path, text) in files {
        let mut reported = BTreeSet::new();
        for cited in cited_documents(text) {
            if !resolves(&cited, path, &tracked_set) && reported.insert(cited.clone()) {
                problems.push(format!(
                    "{path} cites {cited}, which is not in the repository: a file never cites a document outside \
                     it; state the reason itself or point at ARCHITECTURE.md or docs/"
                ));
            }
        }
    }
    problems
}

/// The `*.md` names a text mentions: runs of path characters ending in `.md` at a word boundary. URLs (`//`)
/// and patterns without a name (`*.md`) are not citations.
fn cited_documents(text: &str) -> Vec<String> {
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/');
    let mut found = Vec::new();
    for (at, _) in text.match_indices(".md") {
        let after = text[at + 3..].chars().next();
        if after.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_path_char(*c))
            .last()
            .map_or(at, |(index, _)| index);
        let name = &text[start..at + 3];
        let stem = name.trim_end_matches(".md");
        let preceded_by_url = text[..start].ends_with(':');
        if stem.is_empty() || stem.ends_with('/') || name.contains("//") || preceded_by_url {
            continue;
        }
        found.push(name.trim_start_matches("./").to_owned());
    }
    found
}

/// Whether `cited` names a tracked file: from the root, from the citing file's folder, or by a unique base name.
fn resolves(cited: &str, citing: &str, tracked: &BTreeSet<&str>) -> bool {
    if tracked.contains(cited) {
        return true;
    }
    let beside = Path::new(citing)
        .parent()
        .unwrap_or(Path::new(""))
        .join(cited);
    if let Some(normal) = normalise(&beside)
        && tracked.contains(normal.to_string_lossy().as_ref())
    {
        return true;
    }
    if cited.contains('/') {
        return false;
    }
    tracked
        .iter()
        .filter(|path| {
            Path::new(path)
                .file_name()
                .is_some_and(|name| name == cited)
        })
        .count()
        == 1
}

/// `a/b/../c` → `a/c`; `None` when the path climbs out of the repository.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::{citation_violations, cited_documents, one_writer_violations};

    /// The extension, kept apart so that this file cites no document itself.
    const MD: &str = ".md";

    fn files(entries: &[(&str, &str)]) -> Vec<(String, String)> {
        entries
            .iter()
            .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
            .collect()
    }

    #[test]
    fn no_test_file_touches_the_edges_state() {
        let table: [(&str, &str, usize); 11] = [
            (
                "tests/api/tests/api/fixture.rs",
                "execute_ok(&sql); std::env::var(\"CANDOR_D1_STATE\")",
                2,
            ),
            ("tests/browser/tenant.mjs", "if (!d1(sql)) throw", 1),
            (
                "tests/browser/support.mjs",
                "export function d1(sql) { process.env.CANDOR_D1_STATE }",
                2,
            ),
            ("tests/api/tests/api/analytics.rs", "execute_ok(&sql);", 1),
            (
                "tests/api/tests/api/archive.rs",
                "let e = fixture::execute(&sql);",
                1,
            ),
            (
                "tests/api/tests/api/archive.rs",
                "let rows = db.run_ok(sql); scratch.execute(sql);",
                0,
            ),
            (
                "tests/api/tests/api/neutrality.rs",
                "fn executed(x: u8) {} executed(1); reexecute(2);",
                0,
            ),
            (
                "tests/browser/list.test.mjs",
                "const ready = d1(\"INSERT …\");",
                1,
            ),
            (
                "tests/browser/list.test.mjs",
                "const state = process.env.CANDOR_D1_STATE;",
                1,
            ),
            (
                "tests/api/tests/api/x.rs",
                "std::env::var(\"CANDOR_D1_STATE\"); execute(\"x\")",
                2,
            ),
            (
                "xtask/src/suites.rs",
                "env(\"CANDOR_D1_STATE\", &persist); execute_sql(x)",
                0,
            ),
        ];
        for (path, text, expected) in table {
            let problems = one_writer_violations(&files(&[(path, text)]));
            assert_eq!(problems.len(), expected, "{path}: {text}: {problems:?}");
            for problem in problems {
                assert!(
                    problem.starts_with(path) && problem.contains("one writer"),
                    "{problem}"
                );
            }
        }
    }

    #[test]
    fn finds_document_names_but_not_urls_or_patterns() {
        let table: Vec<(String, Vec<String>)> = vec![
            (
                format!("See DESIGN{MD} for why."),
                vec![format!("DESIGN{MD}")],
            ),
            (
                format!("(docs/decisions/0001-x{MD}), and"),
                vec![format!("docs/decisions/0001-x{MD}")],
            ),
            (format!("read ./README{MD}."), vec![format!("README{MD}")]),
            (
                format!("`../ARCHITECTURE{MD}`"),
                vec![format!("../ARCHITECTURE{MD}")],
            ),
            (format!("any *{MD} file"), vec![]),
            (format!("https://example.org/x/README{MD}"), vec![]),
            (format!("a {MD}x file and x{MD}own"), vec![]),
            ("no documents here".to_owned(), vec![]),
        ];
        for (text, expected) in table {
            assert_eq!(cited_documents(&text), expected, "{text}");
        }
    }

    #[test]
    fn a_citation_resolves_from_the_root_beside_the_file_or_by_a_unique_name() {
        let tracked: Vec<String> = [
            format!("ARCHITECTURE{MD}"),
            format!("docs/guide{MD}"),
            format!("docs/decisions/0001-x{MD}"),
            format!("a/README{MD}"),
            format!("b/README{MD}"),
            "edge/src/error.rs".to_owned(),
        ]
        .into();
        let table: [(&str, String, usize); 9] = [
            ("edge/src/error.rs", format!("see ARCHITECTURE{MD}"), 0),
            ("edge/src/error.rs", format!("see docs/guide{MD}"), 0),
            ("docs/decisions/0002-y.txt", format!("see 0001-x{MD}"), 0),
            ("docs/decisions/0002-y.txt", format!("see ../guide{MD}"), 0),
            ("edge/src/error.rs", format!("see guide{MD}"), 0),
            ("edge/src/error.rs", format!("DESIGN{MD} says so"), 1),
            ("edge/src/error.rs", format!("see README{MD}"), 1),
            (
                "edge/src/error.rs",
                format!("see docs/missing{MD} and ../../x{MD}"),
                2,
            ),
            (
                "edge/src/error.rs",
                format!("DESIGN{MD}, again DESIGN{MD}"),
                1,
            ),
        ];
        for (path, text, expected) in table {
            let problems = citation_violations(&tracked, &files(&[(path, &text)]));
            assert_eq!(problems.len(), expected, "{path}: {text}: {problems:?}");
            for problem in problems {
                assert!(
                    problem.starts_with(path) && problem.contains("not in the repository"),
                    "{problem}"
                );
            }
        }
    }
}
