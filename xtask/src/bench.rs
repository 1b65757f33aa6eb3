//! `cargo xtask bench`: wrk (Debian) against a fresh local edge — the summary read (cached: the isolate's memory in
//! front of the Cache API; and uncached from D1), the first-view HTML and a page of the widget's list vs the no-op
//! `/health` vs nginx serving a static file of the summary's size, in one run, at 64 and 256 connections, with 1,000
//! and then 1,000,000 published reviews in the product (written by SQL before the edge starts: a synthetic archive). Prints requests/s, p50, p99 and the ratios (goal: cached
//! reads >= 0.9 x `/health`), then the screener's time on hostile inputs (`bench_screening`). Installs wrk and nginx
//! when missing. Measures; asserts nothing.
//!
//! Also prints the edge's CPU time per answer (robust to load elsewhere on a shared machine), and before the reads the
//! widget's bytes, its main-thread time to the first view and the bytes it loads before and after the form opens.
//!
//! `CANDOR_BENCH_ONLY=reads` measures the reads alone (no widget bytes, main-thread trace or screener);
//! `CANDOR_BENCH_ONLY=reads:1000` only at 1,000 reviews (for iterating: the 1,000,000 fill is the slow part).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::process::Owned;
use crate::tools::{self, Need};
use crate::{bench_screening, budget, build, edge, root, worker_weight};

/// Each route's time under load. `/health` and the cached reads share it out in `ROUNDS` slices taken in turn, the
/// order rotating each round, with a pause between slices for the edge to finish what the last one left in flight: a
/// burst of load from elsewhere on the machine falls on every route alike, so their ratios compare like with like.
/// The uncached read (its backlog would slow the next slice) and nginx are measured after them, in one go each.
const SECONDS: u32 = 8;
const ROUNDS: u32 = 4;
const PAUSE: Duration = Duration::from_millis(500);
const CONNECTIONS: [u32; 2] = [64, 256];
const PRODUCT_PATH: &str = "/v1/t/harbor/products/roth-ira/summary";
const FIRST_VIEW_PATH: &str = "/v1/t/harbor/embed/roth-ira";
/// The first page the widget's list asks for when the visitor sorts by rating (the first view shows the newest).
const LIST_PAGE_PATH: &str = "/v1/t/harbor/embed/roth-ira/reviews?lang=en&sort=highest";
/// Makes the summary skip the Cache API; the edge honours it only with the local test hooks on.
const BYPASS_CACHE: &str = "X-Candor-Test-Bypass-Cache: 1";

struct Measured {
    requests_per_second: f64,
    /// The edge's CPU time (wrangler and workerd) per answer; none for nginx.
    cpu_ms_per_request: Option<f64>,
    p50_ms: f64,
    p99_ms: f64,
}

/// What `CANDOR_BENCH_ONLY` asks for: everything, or the reads alone at these sizes.
struct Scope {
    reads_only: bool,
    sizes: Vec<u32>,
}

fn scope() -> Result<Scope> {
    let all = vec![1_000, 1_000_000];
    match std::env::var("CANDOR_BENCH_ONLY").ok().as_deref() {
        None | Some("") => Ok(Scope {
            reads_only: false,
            sizes: all,
        }),
        Some("reads") => Ok(Scope {
            reads_only: true,
            sizes: all,
        }),
        Some(other) => match other.strip_prefix("reads:").map(str::parse::<u32>) {
            Some(Ok(size)) if size > 0 => Ok(Scope {
                reads_only: true,
                sizes: vec![size],
            }),
            _ => bail!("CANDOR_BENCH_ONLY is `reads` or `reads:<reviews>`, not {other:?}"),
        },
    }
}

pub fn bench() -> Result<()> {
    let scope = scope()?;
    let tools = tools::ensure(Need::Browser)?;
    tools::ensure_bench_tools()?;
    build::worker(&tools)?;
    edge::ensure_dev_vars()?;
    let state = root()
        .join("target")
        .join("bench-state")
        .join(std::process::id().to_string());
    if state.exists() {
        std::fs::remove_dir_all(&state)?;
    }
    std::fs::create_dir_all(&state)?;
    if !scope.reads_only {
        worker_weight::Weight::measure(&root().join("edge/build"))?.print();
        widget_figures(&tools, &state)?;
    }
    let rows = reads(&tools, &state, &scope.sizes)?;
    print_reads(&rows);
    if scope.reads_only {
        return Ok(());
    }
    bench_screening::bench()
}

/// The widget's bytes and main-thread time, on the seeded demo state alone.
fn widget_figures(tools: &tools::Tools, state: &Path) -> Result<()> {
    let persist = state.join("d1-seed");
    edge::migrate(tools, &persist)?;
    edge::load_fixture_if_empty(tools, &persist)?;
    let port = edge::free_port()?;
    let local = edge::start(
        tools,
        port,
        &persist,
        Some(&state.join("wrangler-seed.log")),
        edge::TestHooks::On,
    )?;

    // The widget's bytes: first view (loader + the edge's first-view HTML) and the interactive bundle.
    build::widget_site(tools)?;
    budget::measure(&root().join("target/site"), Some(&local.url))?.print();
    budget::print_console(&root().join("target/site"))?;
    // Main-thread time to the first view: a Chromium trace of the demo page (tests/browser/bench/main-thread.mjs).
    let trace = browser_bench(tools, &local.url, "main-thread.mjs")?;
    let main_thread = String::from_utf8_lossy(&trace.stdout).trim().to_owned();
    println!("  main-thread time to first view (median of runs, goal 20 ms): {main_thread}");
    // The bytes a visitor loads before and after opening the form (tests/browser/bench/form-bytes.mjs).
    let listed = browser_bench(tools, &local.url, "form-bytes.mjs")?;
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).with_context(|| {
        format!(
            "form-bytes.mjs printed no JSON: {}",
            String::from_utf8_lossy(&listed.stderr)
        )
    })?;
    budget::print_form_bytes(&local.url, &listed)?;
    drop(local);
    Ok(())
}

/// Runs one script of `tests/browser/bench/` with node against the edge at `url` (Debian Chromium).
fn browser_bench(tools: &tools::Tools, url: &str, script: &str) -> Result<std::process::Output> {
    Command::new("node")
        .arg(root().join("tests/browser/bench").join(script))
        .env("CANDOR_EDGE_URL", url)
        .env("CANDOR_NODE_MODULES", &tools.node_modules)
        .env(
            "CANDOR_CHROMIUM",
            tools
                .chromium
                .as_deref()
                .unwrap_or(Path::new("/usr/bin/chromium")),
        )
        .output()
        .with_context(|| format!("running tests/browser/bench/{script}"))
}

/// wrk against each route, at each size and connection count.
fn reads(tools: &tools::Tools, state: &Path, sizes: &[u32]) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for &reviews in sizes {
        // One state per size, filled before its edge starts: nothing writes a state while an edge serves it.
        let persist = state.join(format!("d1-{reviews}"));
        edge::migrate(tools, &persist)?;
        edge::load_fixture_if_empty(tools, &persist)?;
        fill_reviews(tools, &persist, reviews)?;
        let port = edge::free_port()?;
        let launched = std::time::Instant::now();
        let local = edge::start(
            tools,
            port,
            &persist,
            Some(&state.join(format!("wrangler-{reviews}.log"))),
            edge::TestHooks::On,
        )?;
        let to_first_answer = launched.elapsed();
        let summary_url = format!("{}{PRODUCT_PATH}", local.url);
        let first_request = std::time::Instant::now();
        fetch(&summary_url)?;
        println!(
            "  cold start ({reviews} reviews): launch of wrangler dev to the first /health answer {:.1} s; the first \
             summary read after it {:.0} ms (the local runtime; Cloudflare reports its own cold starts)",
            to_first_answer.as_secs_f64(),
            first_request.elapsed().as_secs_f64() * 1000.0
        );
        let first_view_url = format!("{}{FIRST_VIEW_PATH}", local.url);
        let list_page_url = format!("{}{LIST_PAGE_PATH}", local.url);
        let health_url = format!("{}/health", local.url);
        let body = fetch(&summary_url)?;
        let nginx_port = edge::free_port()?;
        let _nginx = start_nginx(&state.join(format!("nginx-{reviews}")), nginx_port, &body)?;
        let static_url = format!("http://127.0.0.1:{nginx_port}/summary.json");
        // One read of each fills the caches (as the first visitor's would).
        let first_view_bytes = fetch(&first_view_url)?.len();
        fetch(&list_page_url)?;
        let targets = [
            (health_url.as_str(), None),
            (summary_url.as_str(), None),
            (first_view_url.as_str(), None),
            (list_page_url.as_str(), None),
        ];
        for connections in CONNECTIONS {
            let group = Some(local.process_group());
            let [health, summary, first_view, list_page] =
                interleaved(&targets, connections, group)?;
            let uncached = combine(&[wrk(
                &summary_url,
                connections,
                Some(BYPASS_CACHE),
                SECONDS,
                group,
            )?]);
            std::thread::sleep(PAUSE);
            let nginx = combine(&[wrk(&static_url, connections, None, SECONDS, None)?]);
            rows.push(Row {
                reviews,
                connections,
                health,
                summary,
                uncached,
                first_view,
                list_page,
                nginx,
                bytes: body.len(),
                first_view_bytes,
            });
        }
        drop(local);
    }
    Ok(rows)
}

fn print_reads(rows: &[Row]) {
    println!();
    if rows.iter().any(|row| row.reviews > 1_000) {
        println!(
            "  note: the large product's reviews are written by SQL into the state before its edge starts; their \
             archive is synthetic (no archive rows), which the reads measured here never touch"
        );
    }
    // Growth: the summary at the largest size beside the smallest, same connections (goal: p50 ratio <= 1.1).
    for small in rows.iter().filter(|row| row.reviews == 1_000) {
        for large in rows
            .iter()
            .filter(|row| row.reviews > 1_000 && row.connections == small.connections)
        {
            println!(
                "  growth at {} connections, {} vs {} reviews: summary p50 ratio {:.2} (goal <= 1.1), rps ratio {:.2}; \
                 first view p50 ratio {:.2}; list page p50 ratio {:.2}; uncached summary p50 ratio {:.2}",
                small.connections,
                large.reviews,
                small.reviews,
                large.summary.p50_ms / small.summary.p50_ms.max(0.001),
                large.summary.requests_per_second / small.summary.requests_per_second.max(1.0),
                large.first_view.p50_ms / small.first_view.p50_ms.max(0.001),
                large.list_page.p50_ms / small.list_page.p50_ms.max(0.001),
                large.uncached.p50_ms / small.uncached.p50_ms.max(0.001),
            );
        }
    }
    println!(
        "  Candor bench: wrk -t2, {SECONDS} s a route (health and the cached reads in {ROUNDS} interleaved slices), local wrangler dev (workerd + local D1), one machine"
    );
    println!(
        "  summary = GET {PRODUCT_PATH} after the first read (the isolate's memory, 5 s; then the Cache API);"
    );
    println!(
        "  uncached = the same read with the cache skipped (D1: product, settings, disclosure, aggregates);"
    );
    println!(
        "  first view = GET {FIRST_VIEW_PATH} (the HTML the loader places in the shadow root), cached the same way;"
    );
    println!(
        "  list page = GET {LIST_PAGE_PATH} (a page of the widget's list), cached the same way"
    );
    println!();
    let cell = |m: &Measured| {
        format!(
            "{:>7.0} {:>5.1}/{:<6.1}",
            m.requests_per_second, m.p50_ms, m.p99_ms
        )
    };
    println!(
        "  {:>7} {:>5}  {:<20}  {:<20}  {:<20}  {:<20}  {:<20}  {:<20}",
        "reviews",
        "conns",
        "health rps p50/p99",
        "summary",
        "uncached",
        "first view",
        "list page",
        "nginx static"
    );
    for row in rows {
        println!(
            "  {:>7} {:>5}  {}  {}  {}  {}  {}  {}",
            row.reviews,
            row.connections,
            cell(&row.health),
            cell(&row.summary),
            cell(&row.uncached),
            cell(&row.first_view),
            cell(&row.list_page),
            cell(&row.nginx),
        );
    }
    println!();
    println!(
        "  {:>7} {:>5}  {:>13} {:>13} {:>13} {:>13} {:>13}  (ratios of requests/s; goal: cached reads >= 0.90)",
        "reviews",
        "conns",
        "summary/hlth",
        "uncached/hlth",
        "1st view/hlth",
        "list pg/hlth",
        "summary/ngx"
    );
    for row in rows {
        let ratio = |m: &Measured, base: &Measured| {
            m.requests_per_second / base.requests_per_second.max(1.0)
        };
        println!(
            "  {:>7} {:>5}  {:>13.2} {:>13.2} {:>13.2} {:>13.2} {:>13.3}  ({} B summary, {} B first view)",
            row.reviews,
            row.connections,
            ratio(&row.summary, &row.health),
            ratio(&row.uncached, &row.health),
            ratio(&row.first_view, &row.health),
            ratio(&row.list_page, &row.health),
            ratio(&row.summary, &row.nginx),
            row.bytes,
            row.first_view_bytes,
        );
    }
    println!();
    println!(
        "  {:>7} {:>5}  {:>9} {:>9} {:>9} {:>9} {:>9}  (the edge's CPU ms per answer, wrangler + workerd: unlike",
        "reviews", "conns", "health", "summary", "uncached", "1st view", "list page"
    );
    println!(
        "  {:>15}  requests/s, not moved by load elsewhere on the machine; health/route is the cost ratio)",
        ""
    );
    for row in rows {
        let cpu = |m: &Measured| m.cpu_ms_per_request.unwrap_or(f64::NAN);
        let cost = |m: &Measured| cpu(&row.health) / cpu(m);
        println!(
            "  {:>7} {:>5}  {:>9.3} {:>9.3} {:>9.3} {:>9.3} {:>9.3}  health/route: summary {:.2}, 1st view {:.2}, list page {:.2}",
            row.reviews,
            row.connections,
            cpu(&row.health),
            cpu(&row.summary),
            cpu(&row.uncached),
            cpu(&row.first_view),
            cpu(&row.list_page),
            cost(&row.summary),
            cost(&row.first_view),
            cost(&row.list_page),
        );
    }
}

struct Row {
    reviews: u32,
    connections: u32,
    health: Measured,
    summary: Measured,
    uncached: Measured,
    first_view: Measured,
    list_page: Measured,
    nginx: Measured,
    bytes: usize,
    first_view_bytes: usize,
}

/// Makes the product hold `total` published reviews and rebuilds its aggregates from them. Only for a state no
/// edge serves yet (the edge is the one writer of a state it serves).
fn fill_reviews(tools: &tools::Tools, persist: &Path, total: u32) -> Result<()> {
    let sql = format!(
        "INSERT INTO reviews (tenant_id, id, product_id, stage, rating, attributes, would_recommend, title, body, nickname,
           relationship, incentive, locale, content_hash, created_at, updated_at)
         WITH RECURSIVE n(i) AS (SELECT (SELECT count(*) FROM reviews WHERE id LIKE 'bench-%') + 1
                                 UNION ALL SELECT i + 1 FROM n WHERE i < {total})
         SELECT 'harbor', 'bench-' || i, 'roth-ira', 'published', (i % 5) + 1, json_object('fees', ((i * 7) % 5) + 1),
                i % 2, 'Bench review ' || i, 'A generated review body for the benchmark, number ' || i || '.', 'Bench',
                'client', 'none', 'en', 'bench', 1767225600000 + i, 1767225600000 + i
         FROM n;
         DELETE FROM aggregates WHERE tenant_id = 'harbor' AND product_id = 'roth-ira';
         DELETE FROM attribute_aggregates WHERE tenant_id = 'harbor' AND product_id = 'roth-ira';
         INSERT INTO aggregates (tenant_id, product_id, scope, count, sum, h1, h2, h3, h4, h5, would_recommend)
         SELECT tenant_id, product_id, scope.name, count(*), sum(rating), sum(rating = 1), sum(rating = 2),
                sum(rating = 3), sum(rating = 4), sum(rating = 5), sum(would_recommend)
         FROM reviews JOIN (SELECT 'all' AS name UNION ALL SELECT 'independent') AS scope
         WHERE tenant_id = 'harbor' AND product_id = 'roth-ira' AND stage = 'published'
           AND (scope.name = 'all' OR (relationship <> 'employee' AND incentive = 'none'))
         GROUP BY tenant_id, product_id, scope.name;
         INSERT INTO attribute_aggregates (tenant_id, product_id, scope, attribute, count, sum, h1, h2, h3, h4, h5,
                                           would_recommend)
         SELECT r.tenant_id, r.product_id, scope.name, a.key, count(*), sum(a.value), sum(a.value = 1),
                sum(a.value = 2), sum(a.value = 3), sum(a.value = 4), sum(a.value = 5), sum(r.would_recommend)
         FROM reviews r JOIN json_each(r.attributes) AS a
         JOIN (SELECT 'all' AS name UNION ALL SELECT 'independent') AS scope
         WHERE r.tenant_id = 'harbor' AND r.product_id = 'roth-ira' AND r.stage = 'published'
           AND (scope.name = 'all' OR (r.relationship <> 'employee' AND r.incentive = 'none'))
         GROUP BY r.tenant_id, r.product_id, scope.name, a.key;"
    );
    edge::execute_sql(tools, persist, &sql).with_context(|| format!("filling {total} reviews"))
}

fn fetch(url: &str) -> Result<Vec<u8>> {
    let output = Command::new("curl")
        .args(["-sf", "--max-time", "10", url])
        .output()?;
    if !output.status.success() {
        bail!("GET {url} failed");
    }
    Ok(output.stdout)
}

fn start_nginx(dir: &Path, port: u16, body: &[u8]) -> Result<Owned> {
    std::fs::create_dir_all(dir.join("www"))?;
    std::fs::write(dir.join("www").join("summary.json"), body)?;
    let config = format!(
        "daemon off;\nworker_processes 2;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\nevents {{ worker_connections 1024; }}\n\
         http {{ access_log off; client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp;\n\
         uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;\n\
         server {{ listen 127.0.0.1:{port}; root {dir}/www; location / {{ default_type application/json; }} }} }}\n",
        dir = dir.display()
    );
    std::fs::create_dir_all(dir.join("tmp"))?;
    std::fs::write(dir.join("nginx.conf"), config)?;
    let nginx = Owned::spawn(
        "nginx",
        Command::new("nginx")
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .arg("-p")
            .arg(dir),
    )?;
    for _ in 0..40 {
        if fetch(&format!("http://127.0.0.1:{port}/summary.json")).is_ok() {
            return Ok(nginx);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!(
        "nginx did not start (see {})",
        dir.join("error.log").display()
    )
}

/// Each target measured for `SECONDS` in all, in `ROUNDS` slices; requests/s over all slices, p50 and p99 the
/// median of the slices'.
fn interleaved<const N: usize>(
    targets: &[(&str, Option<&str>); N],
    connections: u32,
    group: Option<u32>,
) -> Result<[Measured; N]> {
    let mut runs: [Vec<Run>; N] = std::array::from_fn(|_| Vec::new());
    for round in 0..ROUNDS as usize {
        for turn in 0..N {
            let index = (turn + round) % N;
            let (url, header) = targets[index];
            runs[index].push(wrk(url, connections, header, SECONDS / ROUNDS, group)?);
            std::thread::sleep(PAUSE);
        }
    }
    Ok(runs.map(|runs| combine(&runs)))
}

fn combine(runs: &[Run]) -> Measured {
    let median = |pick: fn(&Run) -> f64| {
        let mut values: Vec<f64> = runs.iter().map(pick).collect();
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let requests: f64 = runs.iter().map(|run| run.requests).sum();
    let seconds: f64 = runs.iter().map(|run| run.seconds).sum();
    let cpu_ms: Option<f64> = runs.iter().map(|run| run.cpu_ms).sum();
    Measured {
        requests_per_second: requests / seconds.max(0.001),
        cpu_ms_per_request: cpu_ms.map(|cpu| cpu / requests.max(1.0)),
        p50_ms: median(|run| run.p50_ms),
        p99_ms: median(|run| run.p99_ms),
    }
}

/// One wrk slice: how many answers in how long, its latencies and the edge's CPU time meanwhile.
struct Run {
    requests: f64,
    seconds: f64,
    cpu_ms: Option<f64>,
    p50_ms: f64,
    p99_ms: f64,
}

/// CPU time (ms, user + system) used so far by the processes of a process group still running, from `/proc`
/// (Linux, 100 clock ticks a second). Robust to load elsewhere on the machine, unlike requests/s.
fn group_cpu_ms(group: u32) -> f64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return f64::NAN;
    };
    let mut ticks = 0u64;
    for entry in entries.flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // After the command in parentheses: state ppid pgrp … utime (11th) stime (12th).
        let Some((_, fields)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = fields.split_whitespace().collect();
        if fields.get(2).and_then(|pgrp| pgrp.parse::<u32>().ok()) != Some(group) {
            continue;
        }
        for index in [11, 12] {
            ticks += fields
                .get(index)
                .and_then(|value| value.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    ticks as f64 * 10.0
}

fn wrk(
    url: &str,
    connections: u32,
    header: Option<&str>,
    seconds: u32,
    group: Option<u32>,
) -> Result<Run> {
    let mut command = Command::new("wrk");
    command.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    if let Some(header) = header {
        command.args(["-H", header]);
    }
    let cpu_before = group.map(group_cpu_ms);
    let output = command.arg(url).output().context("running wrk")?;
    let cpu_ms = group
        .map(group_cpu_ms)
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let text = String::from_utf8_lossy(&output.stdout);
    let find = |label: &str| -> Option<&str> {
        text.lines()
            .map(str::trim)
            .find(|line| line.starts_with(label))
            .and_then(|line| line.split_whitespace().nth(1))
    };
    let (requests, seconds) = requests_and_seconds(&text)
        .with_context(|| format!("wrk gave no request count for {url}:\n{text}"))?;
    Ok(Run {
        requests,
        seconds,
        cpu_ms,
        p50_ms: find("50%").and_then(millis).unwrap_or(f64::NAN),
        p99_ms: find("99%").and_then(millis).unwrap_or(f64::NAN),
    })
}

/// wrk's count: `12345 requests in 2.00s, 1.23MB read`.
fn requests_and_seconds(text: &str) -> Option<(f64, f64)> {
    let line = text.lines().find(|line| line.contains(" requests in "))?;
    let mut words = line.split_whitespace();
    let requests = words.next()?.parse::<f64>().ok()?;
    let seconds = millis(words.nth(2)?.trim_end_matches(','))? / 1000.0;
    Some((requests, seconds))
}

/// wrk's latency figures: `812.00us`, `1.23ms`, `2.00s`.
fn millis(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

#[cfg(test)]
mod tests {
    use super::{millis, requests_and_seconds};

    #[test]
    fn reads_wrk_latencies() {
        assert_eq!(millis("812.00us"), Some(0.812));
        assert_eq!(millis("1.50ms"), Some(1.5));
        assert_eq!(millis("2.00s"), Some(2000.0));
        assert_eq!(millis("n/a"), None);
    }

    #[test]
    fn reads_wrk_request_counts() {
        let text = "Running 2s test @ http://x\n  2 threads and 64 connections\n  1234 requests in 2.01s, 1.20MB read\nRequests/sec:    613.93\n";
        assert_eq!(requests_and_seconds(text), Some((1234.0, 2.01)));
        assert_eq!(requests_and_seconds("no output"), None);
    }
}
