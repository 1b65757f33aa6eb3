//! The demo site's pages as `cargo xtask demo` prints them (and the browser suite opens them), and the demo's second
//! origin: a small static server for `demo-site/second-origin/` that never serves anything outside `demo-site/`.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::root;

/// The demo's second origin (`http://localhost:8789`; another free port if taken). `localhost` rather than
/// `127.0.0.1`: another site than the edge's, so the page is cross-site as well as cross-origin. (8788 is the
/// Access stand-in in front of the console.)
pub const DEMO_SECOND_ORIGIN_PORT: u16 = 8789;

/// Which server answers a page.
#[derive(Clone, Copy)]
enum Origin {
    /// The local edge (Workers static assets: `demo-site/` is copied to `/demo/` by the site build).
    Edge,
    /// The second-origin server below.
    Second,
}

/// One demo page: what `cargo xtask demo` calls it, where it is, and how many widgets it must show.
struct Page {
    label: &'static str,
    origin: Origin,
    path: &'static str,
    widgets: u32,
}

const fn page(label: &'static str, origin: Origin, path: &'static str, widgets: u32) -> Page {
    Page {
        label,
        origin,
        path,
        widgets,
    }
}

/// The products of the demo tenant `harbor`, line by line.
const PRODUCTS: [&str; 6] = [
    "checking",
    "high-yield-savings",
    "traditional-ira",
    "roth-ira",
    "brokerage-account",
    "active-trader",
];

/// Every page a person is shown, in the order printed. The product pages (English and Chinese) and the "open an
/// account" pages follow the same pattern for each of `PRODUCTS` and are added by `pages`.
const PAGES: [Page; 6] = [
    page("Home", Origin::Edge, "/demo/", 0),
    page("Home (zh-CN)", Origin::Edge, "/demo/zh/", 0),
    page("Two widgets", Origin::Edge, "/demo/products.html", 2),
    page(
        "Strict CSP (iframe fallback)",
        Origin::Edge,
        "/demo/csp.html",
        1,
    ),
    page("Second origin", Origin::Second, "/", 1),
    page("Second origin, strict CSP", Origin::Second, "/csp.html", 1),
];

/// One page with its full URL, as printed and as the browser suite opens it.
pub struct PageUrl {
    pub label: String,
    pub url: String,
    /// Widgets the page must show (0 for pages without one).
    pub widgets: u32,
}

/// Every demo page's URL, for the edge at `edge` and the second origin at `second`.
pub fn pages(edge: &str, second: &str) -> Vec<PageUrl> {
    let at = |origin: Origin, path: &str| match origin {
        Origin::Edge => format!("{edge}{path}"),
        Origin::Second => format!("{second}{path}"),
    };
    let mut all: Vec<PageUrl> = PAGES[..2]
        .iter()
        .map(|page| PageUrl {
            label: page.label.to_owned(),
            url: at(page.origin, page.path),
            widgets: page.widgets,
        })
        .collect();
    for (prefix, suffix) in [("/demo/", ""), ("/demo/zh/", " (zh-CN)")] {
        all.extend(PRODUCTS.iter().map(|slug| PageUrl {
            label: format!("Product {slug}{suffix}"),
            url: format!("{edge}{prefix}{slug}.html"),
            widgets: 1,
        }));
    }
    all.extend(PAGES[2..].iter().map(|page| PageUrl {
        label: page.label.to_owned(),
        url: at(page.origin, page.path),
        widgets: page.widgets,
    }));
    all.extend(PRODUCTS.iter().map(|slug| PageUrl {
        label: format!("Open an account: {slug}"),
        url: format!("{edge}/demo/open/{slug}.html"),
        widgets: 0,
    }));
    all
}

/// The pages as JSON for the browser suite (`CANDOR_DEMO_PAGES`): `[{"label", "url", "widgets"}]`.
pub fn pages_json(edge: &str, second: &str) -> String {
    let pages: Vec<serde_json::Value> = pages(edge, second)
        .into_iter()
        .map(|page| serde_json::json!({ "label": page.label, "url": page.url, "widgets": page.widgets }))
        .collect();
    serde_json::Value::Array(pages).to_string()
}

/// The lines `cargo xtask demo` prints for the pages.
pub fn describe(edge: &str, second: &str) -> String {
    let mut text = String::from("  Demo pages (Harbor Federal, a fictional bank):\n");
    for page in pages(edge, second) {
        text.push_str(&format!("    {:<36} {}\n", page.label, page.url));
    }
    text
}

/// The running second-origin server (it lives as long as the xtask process).
pub struct SecondOrigin {
    pub url: String,
}

/// Serves `demo-site/second-origin/` on `localhost:port` (0: a free port; another free one if `port` is taken), with
/// `__EDGE__` in its pages replaced by `edge_url`, plus the site's one stylesheet at `/harbor.css`.
pub fn start(port: u16, edge_url: &str) -> Result<SecondOrigin> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .or_else(|_| TcpListener::bind("127.0.0.1:0"))
        .context("binding the demo's second-origin server")?;
    let port = listener.local_addr()?.port();
    // `localhost` may resolve to ::1 first: answer there too when the system has IPv6 loopback.
    let listeners = std::iter::once(listener).chain(TcpListener::bind(("::1", port)).ok());
    for listener in listeners {
        let edge = edge_url.trim_end_matches('/').to_owned();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let edge = edge.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &edge);
                });
            }
        });
    }
    Ok(SecondOrigin {
        url: format!("http://localhost:{port}"),
    })
}

fn serve(mut stream: TcpStream, edge: &str) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers are read and ignored: nothing here depends on them.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    let (status, content_type, body) = match (method, file_for(target)) {
        ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
            Ok(bytes) => {
                let content_type = content_type(&file);
                let body = if content_type.starts_with("text/html") {
                    String::from_utf8_lossy(&bytes)
                        .replace("__EDGE__", edge)
                        .into_bytes()
                } else {
                    bytes
                };
                ("200 OK", content_type, body)
            }
            Err(_) => not_found(),
        },
        ("GET" | "HEAD", None) => not_found(),
        _ => (
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    Ok(())
}

fn not_found() -> (&'static str, &'static str, Vec<u8>) {
    (
        "404 Not Found",
        "text/plain; charset=utf-8",
        b"not found\n".to_vec(),
    )
}

/// The file a request target names: `/` is the folder's `index.html`, `/harbor.css` the site's stylesheet, and any
/// other name a file directly in `demo-site/second-origin/` (no folders, so nothing outside it is reachable).
fn file_for(target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let site = root().join("demo-site");
    let name = path.trim_start_matches('/');
    match name {
        "" => Some(site.join("second-origin").join("index.html")),
        "harbor.css" => Some(site.join("harbor.css")),
        name if is_plain_file_name(name) => Some(site.join("second-origin").join(name)),
        _ => None,
    }
}

fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|extension| extension.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_only_files_of_the_second_origin_folder_and_the_stylesheet() {
        let site = root().join("demo-site");
        assert_eq!(
            file_for("/"),
            Some(site.join("second-origin").join("index.html"))
        );
        assert_eq!(
            file_for("/csp.html?x=1"),
            Some(site.join("second-origin").join("csp.html"))
        );
        assert_eq!(file_for("/harbor.css"), Some(site.join("harbor.css")));
        assert_eq!(file_for("/../edge/.dev.vars"), None);
        assert_eq!(file_for("/zh/index.html"), None);
        assert_eq!(file_for("/.hidden"), None);
    }

    #[test]
    fn every_listed_edge_page_is_a_file_of_the_demo_site() {
        for page in pages("EDGE", "SECOND") {
            let (base, folder) = if let Some(path) = page.url.strip_prefix("EDGE/demo/") {
                (path, "demo-site")
            } else if let Some(path) = page.url.strip_prefix("SECOND/") {
                (path, "demo-site/second-origin")
            } else {
                panic!("{} is on neither origin", page.url);
            };
            let file = if base.is_empty() || base.ends_with('/') {
                format!("{base}index.html")
            } else {
                base.to_owned()
            };
            let path = root().join(folder).join(&file);
            assert!(
                path.is_file(),
                "{} ({}) is missing",
                page.url,
                path.display()
            );
        }
    }

    #[test]
    fn serves_a_second_origin_page_with_the_edge_url_in_place_of_the_placeholder() {
        let server = start(0, "http://127.0.0.1:9").expect("server starts");
        let port = server.url.rsplit(':').next().expect("a port");
        let mut stream = TcpStream::connect(("127.0.0.1", port.parse::<u16>().expect("port")))
            .expect("connects");
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .expect("writes");
        let mut answer = String::new();
        std::io::Read::read_to_string(&mut stream, &mut answer).expect("reads");
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
        assert!(answer.contains("src=\"http://127.0.0.1:9/v1/widget.js\""));
        assert!(!answer.contains("__EDGE__"));
    }
}
