//! A local stand-in for Cloudflare Turnstile, the one allowed substitute for a third-party service: `cargo xtask
//! test` (and, harmlessly, `demo` and `bench`) start it on a free loopback port and point the Worker's
//! `TURNSTILE_SCRIPT_URL` / `TURNSTILE_VERIFY_URL` at it. It speaks Turnstile's real protocols and nothing of ours:
//!
//! - `GET /turnstile/v0/api.js`: the explicit-render client API (`turnstile_api.js`), a visible checkbox;
//! - `POST /turnstile/v0/siteverify`: form fields `secret`, `response`, `remoteip`, `idempotency_key`; JSON answer
//!   `success`, `error-codes`, `challenge_ts`, `hostname`, `action`, `cdata`. A token it issued is accepted once
//!   (again only with the first check's `idempotency_key`), others → `invalid-input-response`, a wrong secret →
//!   `invalid-input-secret`, a reused or 300 s old token → `timeout-or-duplicate`. Cloudflare's test secrets behave
//!   as documented (always pass, always fail, always spent) and accept the dummy token `XXXX.DUMMY.TOKEN.XXXX`;
//! - `POST /turnstile/v0/challenge`: what clicking the checkbox does — issues a token (test-only, like the
//!   challenge inside Cloudflare's iframe);
//! - `GET /turnstile/v0/verifications?response=…`: how often siteverify was asked about a token (for tests that
//!   prove a replay is never verified again);
//! - the token `standin.outage` makes siteverify answer HTTP 500, as Turnstile would during an outage.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Result;

const API_JS: &str = include_str!("turnstile_api.js");
/// Cloudflare's documented test secrets and the dummy token its test site keys produce.
const PASS_SECRET: &str = "1x0000000000000000000000000000000AA";
const FAIL_SECRET: &str = "2x0000000000000000000000000000000AA";
const SPENT_SECRET: &str = "3x0000000000000000000000000000000AA";
const DUMMY_TOKEN: &str = "XXXX.DUMMY.TOKEN.XXXX";
/// Cloudflare's always-block test site keys: no token is ever issued for them.
const BLOCK_SITE_KEYS: [&str; 2] = ["2x00000000000000000000AB", "2x00000000000000000000BB"];
/// A token that makes siteverify fail as if Turnstile were down (HTTP 500), for the 503 path of the Worker.
const OUTAGE_TOKEN: &str = "standin.outage";
/// Tokens are valid for 300 s.
const TOKEN_LIFETIME: Duration = Duration::from_secs(300);

/// The running stand-in (a thread of the xtask process, gone with it).
pub struct StandIn {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
}

impl StandIn {
    pub fn script_url(&self) -> String {
        [self.url.as_str(), "/turnstile/v0/api.js"].concat()
    }

    pub fn verify_url(&self) -> String {
        [self.url.as_str(), "/turnstile/v0/siteverify"].concat()
    }
}

struct Issued {
    hostname: String,
    issued: SystemTime,
    /// The `idempotency_key` of the first successful check (`Some("")` when it had none).
    first_check: Option<String>,
    verifications: u32,
}

struct State {
    secret: String,
    tokens: HashMap<String, Issued>,
}

/// Starts the stand-in on a free loopback port; it accepts `secret` (the Worker's `TURNSTILE_SECRET`).
pub fn start(secret: String) -> Result<StandIn> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
    let state = Arc::new(Mutex::new(State {
        secret,
        tokens: HashMap::new(),
    }));
    let base = url.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = Arc::clone(&state);
            let base = base.clone();
            std::thread::spawn(move || {
                let _ = serve(stream, &state, &base);
            });
        }
    });
    Ok(StandIn { url })
}

fn serve(mut stream: TcpStream, state: &Mutex<State>, base: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0).min(64 * 1024);
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (status, content_type, answer) = match (method, path) {
        ("OPTIONS", _) => (204, "text/plain", String::new()),
        ("GET", "/turnstile/v0/api.js") => (
            200,
            "application/javascript; charset=utf-8",
            API_JS.replace("__BASE__", base),
        ),
        ("POST", "/turnstile/v0/siteverify") => {
            let form = parse_form(&String::from_utf8_lossy(&body));
            if field(&form, "response") == OUTAGE_TOKEN {
                // An outage of Turnstile, on request: the Worker must answer 503 and store nothing.
                (500, "text/plain", "internal server error".to_owned())
            } else {
                (200, "application/json", siteverify(state, &form))
            }
        }
        ("POST", "/turnstile/v0/challenge") => {
            let form = parse_form(&String::from_utf8_lossy(&body));
            (200, "application/json", challenge(state, &form))
        }
        ("GET", "/turnstile/v0/verifications") => {
            let form = parse_form(query);
            let count = lock(state)
                .tokens
                .get(field(&form, "response"))
                .map_or(0, |issued| issued.verifications);
            (200, "application/json", format!("{{\"count\":{count}}}"))
        }
        _ => (404, "text/plain", "not found".to_owned()),
    };
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Methods: GET, POST, OPTIONS\r\n\
         Access-Control-Allow-Headers: Content-Type\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        match status {
            404 => "Not Found",
            500 => "Internal Server Error",
            _ => "OK",
        },
        answer.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(answer.as_bytes())?;
    stream.flush()
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What solving the challenge yields: a fresh token for this site key, or the always-block keys' failure.
fn challenge(state: &Mutex<State>, form: &[(String, String)]) -> String {
    let site_key = field(form, "sitekey");
    if site_key.is_empty() || BLOCK_SITE_KEYS.contains(&site_key) {
        return r#"{"success":false,"error":"110200"}"#.to_owned();
    }
    let token = ["standin.", &random_hex(24)].concat();
    lock(state).tokens.insert(
        token.clone(),
        Issued {
            hostname: field(form, "hostname").to_owned(),
            issued: SystemTime::now(),
            first_check: None,
            verifications: 0,
        },
    );
    format!(r#"{{"success":true,"token":"{token}"}}"#)
}

fn siteverify(state: &Mutex<State>, form: &[(String, String)]) -> String {
    let secret = field(form, "secret");
    let response = field(form, "response");
    let idempotency_key = field(form, "idempotency_key");
    if secret.is_empty() {
        return refusal("missing-input-secret");
    }
    if response.is_empty() {
        return refusal("missing-input-response");
    }
    match secret {
        PASS_SECRET => return success("example.com", SystemTime::now()),
        FAIL_SECRET => return refusal("invalid-input-response"),
        SPENT_SECRET => return refusal("timeout-or-duplicate"),
        _ => {}
    }
    let mut state = lock(state);
    if secret != state.secret {
        return refusal("invalid-input-secret");
    }
    if response == DUMMY_TOKEN {
        // The dummy token passes only with a test secret.
        return refusal("invalid-input-response");
    }
    let Some(issued) = state.tokens.get_mut(response) else {
        return refusal("invalid-input-response");
    };
    issued.verifications += 1;
    let expired = issued.issued.elapsed().unwrap_or_default() > TOKEN_LIFETIME;
    let repeat_of_first = match &issued.first_check {
        None => false,
        Some(first) => !first.is_empty() && first == idempotency_key,
    };
    if expired || (issued.first_check.is_some() && !repeat_of_first) {
        return refusal("timeout-or-duplicate");
    }
    issued.first_check = Some(idempotency_key.to_owned());
    success(&issued.hostname, issued.issued)
}

fn success(hostname: &str, at: SystemTime) -> String {
    format!(
        r#"{{"success":true,"error-codes":[],"challenge_ts":"{}","hostname":"{}","action":"","cdata":"","metadata":{{}}}}"#,
        iso8601(at),
        hostname.replace(['"', '\\'], "")
    )
}

fn refusal(code: &str) -> String {
    format!(r#"{{"success":false,"error-codes":["{code}"],"messages":[]}}"#)
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

/// `application/x-www-form-urlencoded` pairs (also a URL query).
pub fn parse_form(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'+' => out.push(b' '),
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => {
                        out.push(byte);
                        index += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    if let Ok(mut urandom) = std::fs::File::open("/dev/urandom") {
        let _ = urandom.read_exact(&mut buffer);
    }
    crate::tools::hex(&buffer)
}

/// `2026-11-23T13:35:30.000Z`.
fn iso8601(at: SystemTime) -> String {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = since.as_secs();
    let (days, rest) = ((seconds / 86_400) as i64, seconds % 86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stand_in() -> Mutex<State> {
        Mutex::new(State {
            secret: "s".repeat(64),
            tokens: HashMap::new(),
        })
    }

    fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn token_of(answer: &str) -> String {
        answer
            .split("\"token\":\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_owned()
    }

    #[test]
    fn issued_tokens_verify_once_unless_the_idempotency_key_repeats() {
        let state = stand_in();
        let secret = "s".repeat(64);
        let token = token_of(&challenge(
            &state,
            &form(&[("sitekey", "site"), ("hostname", "127.0.0.1")]),
        ));
        let check = |key: &str| {
            siteverify(
                &state,
                &form(&[
                    ("secret", &secret),
                    ("response", &token),
                    ("idempotency_key", key),
                ]),
            )
        };
        assert!(check("k1").starts_with(r#"{"success":true"#));
        assert!(check("k1").starts_with(r#"{"success":true"#));
        assert!(check("k2").contains("timeout-or-duplicate"));
        assert!(
            siteverify(&state, &form(&[("secret", "wrong"), ("response", &token)]))
                .contains("invalid-input-secret")
        );
        assert!(
            siteverify(
                &state,
                &form(&[("secret", &secret), ("response", "forged")])
            )
            .contains("invalid-input-response")
        );
        assert!(
            siteverify(
                &state,
                &form(&[("secret", PASS_SECRET), ("response", DUMMY_TOKEN)])
            )
            .starts_with(r#"{"success":true"#)
        );
    }

    #[test]
    fn forms_are_decoded_and_times_are_iso() {
        assert_eq!(
            parse_form("a=x%20y&b=1+2&c"),
            form(&[("a", "x y"), ("b", "1 2"), ("c", "")])
        );
        assert_eq!(
            iso8601(UNIX_EPOCH + Duration::from_millis(1_795_959_330_123)),
            "2026-11-29T13:35:30.123Z"
        );
    }
}
