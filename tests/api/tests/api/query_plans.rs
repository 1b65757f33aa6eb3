//! Every read of the store uses an index: each SELECT (and WITH) statement written in `edge/src/store/*.rs`, named by
//! its file and line, is run through `EXPLAIN QUERY PLAN` on a throwaway migrated state (`ScratchDb`), and no plan may
//! scan a table of the schema without an index. Statements built with `format!` get their `{CONST}` parts from the
//! same file's constants and their `{local}` parts from `VARIANTS` below (each value must appear in that file, so a
//! change to the store cannot leave this test checking stale text). Parameters (`?N`) are replaced by `1`: the plan
//! depends on which columns are constrained, not on the values.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::api::scratch_db::ScratchDb;

/// Tables small by construction, where a scan is the right plan: one row per tenant or per catalogue item of one
/// tenant, never growing with reviews, visitors or decisions. Every other table must be searched through an index.
/// Empty today: every read of the store is a search.
const SMALL_TABLES: [&str; 0] = [];

/// The values a `format!` placeholder that is a local variable can take, per store file.
const VARIANTS: [(&str, &str, &[&str]); 7] = [
    (
        "search.rs",
        "index",
        &[
            "reviews_search_all",
            "reviews_search_stage",
            "reviews_search_product",
            "reviews_search_product_stage",
        ],
    ),
    ("search.rs", "product", &["?2 IS NULL", "product_id = ?2"]),
    ("search.rs", "stage", &["?3 IS NULL", "stage = ?3"]),
    // The text filter reads the rows the window already found: one value each is enough for the plan.
    ("search.rs", "title", &["lower(r.title)"]),
    ("search.rs", "body", &["lower(r.body)"]),
    // A tenant move reads every table the same way (`COPIED_TABLES`).
    (
        "moves.rs",
        "table",
        &[
            "tenant_settings",
            "people",
            "staff_tokens",
            "admin_notices",
            "disclosures",
            "product_lines",
            "products",
            "attributes",
            "aggregates",
            "attribute_aggregates",
            "reviews",
            "review_contacts",
            "contact_erasures",
            "idempotency_keys",
            "flags",
            "helpful_votes",
            "firm_responses",
            "escalations",
            "webhook_secrets",
            "webhook_outbox",
            "cta_clicks",
        ],
    ),
    (
        "escalations.rs",
        "order",
        &[
            "AND (?3 IS NULL OR (e.due_at, e.id) > (?3, ?4)) ORDER BY e.due_at ASC, e.id ASC",
            "AND (?3 IS NULL OR (e.opened_at, e.id) < (?3, ?4)) ORDER BY e.opened_at DESC, e.id DESC",
        ],
    ),
];

fn store_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../edge/src/store")
}

/// The string literals of a Rust source (plain `"…"` only, with `\` escapes and line continuations), each with the
/// line it starts on. Raw strings are not used for SQL in the store (asserted below).
fn string_literals(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut chars = source.char_indices().peekable();
    let mut line = 1;
    let mut in_comment = false;
    while let Some((_, c)) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                in_comment = false;
            }
            '/' if !in_comment && chars.peek().is_some_and(|(_, next)| *next == '/') => {
                in_comment = true;
            }
            '\'' if !in_comment => {
                // A char literal ('"' among them) or a lifetime: skip a quoted char, leave lifetimes alone.
                let rest: String = chars.clone().take(3).map(|(_, c)| c).collect();
                if rest.starts_with('\\') {
                    chars.nth(2);
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.nth(1);
                }
            }
            '"' if !in_comment => {
                let start = line;
                let mut text = String::new();
                while let Some((_, c)) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some((_, '\n')) => {
                                line += 1;
                                while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                                    if chars.next().is_some_and(|(_, c)| c == '\n') {
                                        line += 1;
                                    }
                                }
                            }
                            Some((_, 'n')) => text.push('\n'),
                            Some((_, other)) => text.push(other),
                            None => break,
                        },
                        '\n' => {
                            line += 1;
                            text.push('\n');
                        }
                        other => text.push(other),
                    }
                }
                found.push((start, text));
            }
            _ => {}
        }
    }
    found
}

/// `const NAME: &str = "…";` of a source file.
fn constants(source: &str) -> BTreeMap<String, String> {
    let literals = string_literals(source);
    let mut constants = BTreeMap::new();
    for (index, text) in source.lines().enumerate() {
        let Some(rest) = text.trim_start().strip_prefix("const ") else {
            continue;
        };
        let Some((name, _)) = rest.split_once(": &str") else {
            continue;
        };
        // The literal that starts on this line or the next (a long constant breaks after `=`).
        if let Some((_, value)) = literals
            .iter()
            .find(|(line, _)| *line == index + 1 || *line == index + 2)
        {
            constants.insert(name.trim().to_owned(), value.clone());
        }
    }
    constants
}

/// Every text the template can become: constants filled in, each local placeholder in every listed value.
fn expand(file: &str, template: &str, constants: &BTreeMap<String, String>) -> Vec<String> {
    let mut texts = vec![template.to_owned()];
    for (name, value) in constants {
        texts = texts
            .into_iter()
            .map(|text| text.replace(&format!("{{{name}}}"), value))
            .collect();
    }
    for (variant_file, name, values) in VARIANTS {
        if variant_file != file {
            continue;
        }
        let placeholder = format!("{{{name}}}");
        texts = texts
            .into_iter()
            .flat_map(|text| {
                if text.contains(&placeholder) {
                    values
                        .iter()
                        .map(|value| text.replace(&placeholder, value))
                        .collect()
                } else {
                    vec![text]
                }
            })
            .collect();
    }
    texts
}

/// `?N` → `1`.
fn without_parameters(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
            out.push('1');
        } else {
            out.push(c);
        }
    }
    out
}

/// The store's reads, named `file:line` (with `#k` for the k-th expansion of a template).
fn store_reads() -> Vec<(String, String)> {
    let mut reads = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(store_dir())
        .expect("edge/src/store")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    for path in files {
        let file = path
            .file_name()
            .and_then(|name| name.to_str())
            .expect("a name")
            .to_owned();
        let source = std::fs::read_to_string(&path).expect("a store file");
        assert!(
            !source.contains("r#\"") && !source.contains("r\""),
            "{file}: raw strings are not read by this test; write SQL as plain literals"
        );
        for (_, name, values) in VARIANTS.iter().filter(|(f, _, _)| *f == file) {
            for value in *values {
                assert!(
                    source.contains(&format!("\"{value}\"")),
                    "{file}: `{name}` no longer takes the value {value:?}: update VARIANTS"
                );
            }
        }
        let constants = constants(&source);
        for (line, text) in string_literals(&source) {
            let head = text.trim_start();
            if !(head.starts_with("SELECT") || head.starts_with("WITH")) {
                continue;
            }
            let expansions = expand(&file, &text, &constants);
            let many = expansions.len() > 1;
            for (k, sql) in expansions.into_iter().enumerate() {
                assert!(
                    !sql.contains('{'),
                    "{file}:{line}: a placeholder without a value: {sql}"
                );
                let name = if many {
                    format!("{file}:{line}#{k}")
                } else {
                    format!("{file}:{line}")
                };
                reads.push((name, without_parameters(&sql)));
            }
        }
    }
    reads
}

/// Plan lines that scan a schema table without an index.
fn full_scans(plan: &[serde_json::Value], tables: &[String]) -> Vec<String> {
    plan.iter()
        .filter_map(|row| row["detail"].as_str())
        .filter(|detail| {
            let Some(rest) = detail.strip_prefix("SCAN ") else {
                return false;
            };
            let table = rest.split_whitespace().next().unwrap_or_default();
            tables.iter().any(|known| known == table)
                && !SMALL_TABLES.contains(&table)
                && !detail.contains(" USING ")
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_read_of_the_store_uses_an_index() {
    let reads = store_reads();
    assert!(
        reads.len() >= 60,
        "the store's reads were found ({} of them)",
        reads.len()
    );
    let db = ScratchDb::migrated();
    let tables: Vec<String> = db
        .run("SELECT name FROM sqlite_master WHERE type = 'table'")
        .expect("the schema")[0]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|row| row["name"].as_str().map(str::to_owned))
        .collect();
    // One wrangler call for all plans (each call starts node): statements joined, one result set each.
    let script: String = reads
        .iter()
        .map(|(_, sql)| format!("EXPLAIN QUERY PLAN {};\n", sql.trim().trim_end_matches(';')))
        .collect();
    let plans = db
        .run(&script)
        .unwrap_or_else(|error| panic!("a store read does not prepare: {error}"));
    assert_eq!(plans.len(), reads.len(), "one plan per read");
    let mut scans = Vec::new();
    for ((name, sql), plan) in reads.iter().zip(&plans) {
        let plan = plan.as_array().expect("plan rows");
        assert!(!plan.is_empty(), "{name}: a plan");
        for detail in full_scans(plan, &tables) {
            scans.push(format!("{name}: {detail}\n    {}", sql.trim()));
        }
    }
    assert!(
        scans.is_empty(),
        "reads that scan a table without an index:\n{}",
        scans.join("\n")
    );
}

#[test]
fn the_scan_detector_sees_a_full_scan_and_accepts_an_index() {
    let tables = vec!["audit_log".to_owned(), "reviews".to_owned()];
    let plan = |detail: &str| vec![serde_json::json!({ "detail": detail })];
    assert_eq!(full_scans(&plan("SCAN audit_log"), &tables).len(), 1);
    assert!(full_scans(&plan("SCAN reviews USING INDEX reviews_by_tenant"), &tables).is_empty());
    assert!(full_scans(&plan("SEARCH reviews USING INDEX x (tenant_id=?)"), &tables).is_empty());
    assert!(
        full_scans(&plan("SCAN lineage"), &tables).is_empty(),
        "a CTE"
    );
    assert_eq!(without_parameters("a = ?1 AND b = ?12"), "a = 1 AND b = 1");
    let literals = string_literals("let a = \"x \\\n   y\"; // \"no\"\nconst B: &str = \"q\";");
    assert_eq!(literals, vec![(1, "x y".to_owned()), (3, "q".to_owned())]);
}
