//! A local stand-in for Cloudflare Access in front of the local edge, the allowed substitute for the real service:
//! `cargo xtask test` and `demo` start it on a loopback port and point the Worker's `ACCESS_JWKS_URL` and
//! `ACCESS_ISSUER` at it. It plays the real flow with real RS256 JWTs (a 2048-bit key generated at start):
//!
//! - `GET /cdn-cgi/access/certs`: the key set, shaped like Cloudflare's (`keys`: `kid`, `kty`, `alg`, `use`, `n`,
//!   `e`; `public_cert(s)` are omitted);
//! - `GET /cdn-cgi/access/login?redirect_url=/console/`: the sign-in page, one button per person it knows (the
//!   identity provider's part); `POST` of a person sets the `CF_Authorization` cookie (HttpOnly, SameSite=Lax,
//!   Path=/) holding a JWT (`aud`, `email`, `exp` = now + the session length, `iat`, `nbf`, `iss`, `sub`,
//!   `type: "app"`) and redirects back (to a path of this origin only);
//! - `GET /cdn-cgi/access/logout`: clears the cookie;
//! - every other request is proxied to the local edge. On `/console/*` and `/v1/admin/*` a request without a valid
//!   cookie is refused as Access does — 302 to the sign-in page, or 401 when it asks for JSON — and one with a
//!   valid cookie goes on with `Cf-Access-Jwt-Assertion` set to it; a `Cf-Access-Jwt-Assertion` sent by the client
//!   is removed on every path;
//! - test-only (like Turnstile's `/challenge`): `POST /cdn-cgi/access/people` (form `email`, `name`, `aud`) adds a
//!   person to the sign-in page; `POST /cdn-cgi/access/sign` (form `email`, `aud` (repeatable), `exp_in`, `iat_in`,
//!   `nbf_in` (seconds from now), `iss`, `kid`, `alg` = `RS256`|`none`|`HS256`, `tamper` = `signature`) answers a
//!   token as text, for the refusals the suites must show.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use candor_domain::access::{base64url_encode, decode};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::Sha256;

/// The cookie Access keeps the session in.
pub const COOKIE: &str = "CF_Authorization";
/// How long a sign-in lasts (an Access application's session duration; 24 hours is Cloudflare's default).
const SESSION_SECONDS: i64 = 24 * 3_600;
/// Requests larger than this are not proxied.
const MAX_BODY_BYTES: usize = 1024 * 1024;
const BITS: usize = 2048;

/// Someone the sign-in page offers (the identity provider's directory).
#[derive(Clone)]
pub struct Person {
    pub email: String,
    pub name: String,
    /// The Access application (tenant audience) they sign in to.
    pub audience: String,
}

/// The running stand-in (threads of the xtask process, gone with it).
pub struct StandIn {
    /// `http://127.0.0.1:<port>`: the issuer, and the origin to open the console at.
    pub url: String,
}

impl StandIn {
    pub fn jwks_url(&self) -> String {
        [self.url.as_str(), "/cdn-cgi/access/certs"].concat()
    }

    pub fn login_url(&self) -> String {
        [self.url.as_str(), "/cdn-cgi/access/login"].concat()
    }
}

struct Keys {
    kid: String,
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    public: RsaPublicKey,
}

struct State {
    issuer: String,
    /// `127.0.0.1:<port>` of the local edge.
    edge: String,
    keys: Keys,
    people: Mutex<Vec<Person>>,
}

/// Starts the stand-in on `port` (0: a free one) in front of the edge at `edge_url`, offering `people`.
pub fn start(port: u16, edge_url: &str, people: Vec<Person>) -> Result<StandIn> {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .or_else(|_| TcpListener::bind("127.0.0.1:0"))
        .context("binding the Access stand-in")?;
    let url = format!("http://127.0.0.1:{}", listener.local_addr()?.port());
    let state = Arc::new(State {
        issuer: url.clone(),
        edge: edge_url
            .strip_prefix("http://")
            .context("the local edge is plain http")?
            .trim_end_matches('/')
            .to_owned(),
        keys: generate_keys()?,
        people: Mutex::new(people),
    });
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let state = Arc::clone(&state);
            std::thread::spawn(move || {
                let _ = serve(stream, &state);
            });
        }
    });
    Ok(StandIn { url })
}

fn generate_keys() -> Result<Keys> {
    let private =
        RsaPrivateKey::new(&mut rand::thread_rng(), BITS).context("RSA key generation")?;
    let public = private.to_public_key();
    Ok(Keys {
        kid: crate::tools::hex(&random_bytes(16)),
        signing: SigningKey::<Sha256>::new(private),
        verifying: VerifyingKey::<Sha256>::new(public.clone()),
        public,
    })
}

fn random_bytes(count: usize) -> Vec<u8> {
    let mut buffer = vec![0u8; count];
    if let Ok(mut urandom) = std::fs::File::open("/dev/urandom") {
        let _ = urandom.read_exact(&mut buffer);
    }
    buffer
}

fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default()
}

/// One HTTP request as read from a client.
struct Incoming {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("/")
    }

    fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case("cookie"))
            .flat_map(|(_, value)| value.split(';'))
            .find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                (key == name).then(|| value.to_owned())
            })
    }
}

fn read_request(stream: &TcpStream) -> std::io::Result<Option<Incoming>> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(None);
    }
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    if length > MAX_BODY_BYTES {
        return Ok(None);
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let mut parts = request_line.split_whitespace();
    Ok(Some(Incoming {
        method: parts.next().unwrap_or("").to_owned(),
        target: parts.next().unwrap_or("/").to_owned(),
        headers,
        body,
    }))
}

/// An answer of the stand-in's own.
struct Answer {
    status: u16,
    content_type: &'static str,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn new(status: u16, content_type: &'static str, body: impl Into<String>) -> Answer {
        Answer {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    fn with(mut self, name: &str, value: impl Into<String>) -> Answer {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    fn write(&self, stream: &mut TcpStream) -> std::io::Result<()> {
        let reason = match self.status {
            200 => "OK",
            201 => "Created",
            302 => "Found",
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            411 => "Length Required",
            502 => "Bad Gateway",
            _ => "Not Found",
        };
        let mut head = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(self.body.as_bytes())?;
        stream.flush()
    }
}

fn serve(mut stream: TcpStream, state: &State) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let Some(request) = read_request(&stream)? else {
        return Answer::new(400, "text/plain", "bad request").write(&mut stream);
    };
    let form = || parse_form(&String::from_utf8_lossy(&request.body));
    let answer = match (request.method.as_str(), request.path()) {
        ("GET", "/cdn-cgi/access/certs") => {
            Answer::new(200, "application/json", key_set(&state.keys).to_string())
        }
        ("GET", "/cdn-cgi/access/login") => {
            let redirect = field(&parse_form(request.query()), "redirect_url").to_owned();
            Answer::new(200, "text/html; charset=utf-8", login_page(state, &redirect))
        }
        ("POST", "/cdn-cgi/access/login") => sign_in(state, &form()),
        ("GET", "/cdn-cgi/access/logout") => Answer::new(
            200,
            "text/html; charset=utf-8",
            page(
                "Signed out",
                "<p>You have signed out.</p><p><a href=\"/cdn-cgi/access/login?redirect_url=/console/\">Sign in again</a></p>",
            ),
        )
        .with("Set-Cookie", format!("{COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax")),
        ("POST", "/cdn-cgi/access/people") => {
            let form = form();
            let person = Person {
                email: field(&form, "email").to_lowercase(),
                name: field(&form, "name").to_owned(),
                audience: field(&form, "aud").to_owned(),
            };
            if person.email.is_empty() || person.audience.is_empty() {
                Answer::new(400, "text/plain", "email and aud are required")
            } else {
                lock(&state.people).push(person);
                Answer::new(201, "text/plain", "added")
            }
        }
        ("POST", "/cdn-cgi/access/sign") => {
            Answer::new(200, "text/plain", test_token(state, &form()))
        }
        _ => return proxy(stream, state, request),
    };
    answer.write(&mut stream)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn key_set(keys: &Keys) -> Value {
    json!({
        "keys": [{
            "kid": keys.kid,
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "e": base64url_encode(&keys.public.e().to_bytes_be()),
            "n": base64url_encode(&keys.public.n().to_bytes_be()),
        }],
    })
}

/// A JWT of these header and claims, signed with the stand-in's key.
fn sign(keys: &Keys, header: &Value, claims: &Value) -> String {
    let input = [
        base64url_encode(header.to_string().as_bytes()),
        base64url_encode(claims.to_string().as_bytes()),
    ]
    .join(".");
    let signature = keys.signing.sign(input.as_bytes()).to_vec();
    [input, base64url_encode(&signature)].join(".")
}

/// The session JWT Access issues for a person of an application.
fn session_token(state: &State, email: &str, audience: &str) -> String {
    let now = now_seconds();
    let claims = json!({
        "aud": [audience],
        "email": email,
        "exp": now + SESSION_SECONDS,
        "iat": now,
        "nbf": now,
        "iss": state.issuer,
        "type": "app",
        "identity_nonce": crate::tools::hex(&random_bytes(8)),
        "sub": subject(email),
        "country": "XX",
    });
    sign(
        &state.keys,
        &json!({ "alg": "RS256", "kid": state.keys.kid, "typ": "JWT" }),
        &claims,
    )
}

/// A stable user id per e-mail, UUID-shaped as Access's `sub` is.
fn subject(email: &str) -> String {
    use sha2::Digest;
    let hash = crate::tools::hex(&Sha256::digest(email.as_bytes()));
    format!(
        "{}-{}-{}-{}-{}",
        &hash[0..8],
        &hash[8..12],
        &hash[12..16],
        &hash[16..20],
        &hash[20..32]
    )
}

/// Whether a cookie is a session JWT this stand-in signed and that has not expired.
fn valid_session(state: &State, cookie: &str) -> bool {
    let Ok(decoded) = decode(cookie) else {
        return false;
    };
    let Ok(signature) = Signature::try_from(decoded.signature.as_slice()) else {
        return false;
    };
    decoded.kid == state.keys.kid
        && state
            .keys
            .verifying
            .verify(decoded.signing_input.as_bytes(), &signature)
            .is_ok()
        && decoded.claims.exp.is_some_and(|exp| exp > now_seconds())
}

fn sign_in(state: &State, form: &[(String, String)]) -> Answer {
    let email = field(form, "email").to_lowercase();
    let audience = field(form, "aud");
    let known = lock(&state.people)
        .iter()
        .any(|person| person.email == email && person.audience == audience);
    if !known {
        return Answer::new(
            403,
            "text/html; charset=utf-8",
            page(
                "Not allowed",
                "<p>This person may not sign in to this application.</p>",
            ),
        );
    }
    let token = session_token(state, &email, audience);
    Answer::new(302, "text/plain", "")
        .with("Location", safe_redirect(field(form, "redirect_url")))
        .with(
            "Set-Cookie",
            format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_SECONDS}"),
        )
}

/// Only a path of this origin (never `//host` or a URL): the sign-in page is no open redirect.
fn safe_redirect(target: &str) -> String {
    if target.starts_with('/') && !target.starts_with("//") && !target.contains('\\') {
        target.to_owned()
    } else {
        "/console/".to_owned()
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · Cloudflare Access (local stand-in)</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}}\
         li{{list-style:none;margin:.5rem 0}}button{{font:inherit;padding:.5rem 1rem;min-width:20rem;text-align:left}}</style>\
         </head><body><main><h1>{title}</h1>{body}</main></body></html>"
    )
}

fn login_page(state: &State, redirect: &str) -> String {
    let redirect = escape(&safe_redirect(redirect));
    let people = lock(&state.people).clone();
    let mut items = String::new();
    for person in &people {
        items.push_str(&format!(
            "<li><form method=\"post\" action=\"/cdn-cgi/access/login\">\
             <input type=\"hidden\" name=\"email\" value=\"{email}\">\
             <input type=\"hidden\" name=\"aud\" value=\"{aud}\">\
             <input type=\"hidden\" name=\"redirect_url\" value=\"{redirect}\">\
             <button type=\"submit\">{name} &lt;{email}&gt;</button></form></li>",
            email = escape(&person.email),
            aud = escape(&person.audience),
            name = escape(&person.name),
        ));
    }
    page(
        "Sign in",
        &format!(
            "<p>The local stand-in for your identity provider: choose who you are.</p><ul>{items}</ul>"
        ),
    )
}

/// A token for the suites: a valid session by default, or one of the refusals they must show.
fn test_token(state: &State, form: &[(String, String)]) -> String {
    let now = now_seconds();
    let seconds = |name: &str, default: i64| field(form, name).parse().unwrap_or(default);
    let audiences: Vec<&str> = form
        .iter()
        .filter(|(key, _)| key == "aud")
        .map(|(_, value)| value.as_str())
        .collect();
    let issuer = match field(form, "iss") {
        "" => state.issuer.as_str(),
        other => other,
    };
    let claims = json!({
        "aud": audiences,
        "email": field(form, "email"),
        "exp": now + seconds("exp_in", SESSION_SECONDS),
        "iat": now + seconds("iat_in", 0),
        "nbf": now + seconds("nbf_in", 0),
        "iss": issuer,
        "type": "app",
        "sub": subject(field(form, "email")),
    });
    let kid = match field(form, "kid") {
        "" => state.keys.kid.as_str(),
        other => other,
    };
    match field(form, "alg") {
        "none" => [
            base64url_encode(json!({ "alg": "none", "kid": kid }).to_string().as_bytes()),
            base64url_encode(claims.to_string().as_bytes()),
            String::new(),
        ]
        .join("."),
        "HS256" => [
            base64url_encode(
                json!({ "alg": "HS256", "kid": kid, "typ": "JWT" })
                    .to_string()
                    .as_bytes(),
            ),
            base64url_encode(claims.to_string().as_bytes()),
            base64url_encode(&random_bytes(32)),
        ]
        .join("."),
        _ => {
            let token = sign(
                &state.keys,
                &json!({ "alg": "RS256", "kid": kid, "typ": "JWT" }),
                &claims,
            );
            if field(form, "tamper") == "signature" {
                // The same size, one bit changed: only the signature check can tell.
                let (input, signature) = token.rsplit_once('.').unwrap_or((&token, ""));
                let mut bytes = candor_domain::access::base64url(signature).unwrap_or_default();
                if let Some(last) = bytes.last_mut() {
                    *last ^= 1;
                }
                [input, &base64url_encode(&bytes)].join(".")
            } else {
                token
            }
        }
    }
}

fn is_protected(path: &str) -> bool {
    path == "/console"
        || path.starts_with("/console/")
        || path == "/v1/admin"
        || path.starts_with("/v1/admin/")
}

/// Hands the request to the local edge: as is, less any client-sent `Cf-Access-Jwt-Assertion`; on protected paths
/// only with a valid session, whose JWT is then the assertion.
fn proxy(mut client: TcpStream, state: &State, request: Incoming) -> std::io::Result<()> {
    let mut assertion = None;
    if is_protected(request.path()) {
        match request
            .cookie(COOKIE)
            .filter(|cookie| valid_session(state, cookie))
        {
            Some(cookie) => assertion = Some(cookie),
            None => {
                let wants_json = request
                    .header("Accept")
                    .is_some_and(|accept| accept.contains("application/json"));
                let answer = if wants_json {
                    Answer::new(
                        401,
                        "application/json",
                        r#"{"error":"Access: sign in at /cdn-cgi/access/login"}"#,
                    )
                } else {
                    let back: String = request
                        .target
                        .bytes()
                        .map(|byte| match byte {
                            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                                char::from(byte).to_string()
                            }
                            other => format!("%{other:02X}"),
                        })
                        .collect();
                    Answer::new(302, "text/plain", "").with(
                        "Location",
                        format!("/cdn-cgi/access/login?redirect_url={back}"),
                    )
                };
                return answer.write(&mut client);
            }
        }
    }
    if request
        .header("Transfer-Encoding")
        .is_some_and(|value| value.contains("chunked"))
    {
        return Answer::new(411, "text/plain", "send Content-Length").write(&mut client);
    }
    let Ok(mut edge) = TcpStream::connect(&state.edge) else {
        return Answer::new(502, "text/plain", "the local edge is not answering")
            .write(&mut client);
    };
    edge.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target);
    for (name, value) in &request.headers {
        let dropped = [
            "cf-access-jwt-assertion",
            "connection",
            "keep-alive",
            "proxy-connection",
        ];
        if !dropped.contains(&name.to_ascii_lowercase().as_str()) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if let Some(assertion) = assertion {
        head.push_str(&format!("Cf-Access-Jwt-Assertion: {assertion}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    edge.write_all(head.as_bytes())?;
    edge.write_all(&request.body)?;
    edge.flush()?;
    relay_response(edge, &mut client)
}

/// Copies the edge's answer to the client with `Connection: close`, ending when the body does. The local runtime
/// may keep its side open after answering; without this the client (a browser) would reuse a connection nobody
/// reads any more, and its next request there would hang.
fn relay_response(edge: TcpStream, client: &mut TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(edge);
    let mut head = String::new();
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        if line.trim().is_empty() {
            break;
        }
        let name = line
            .split(':')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if name == "content-length" {
            length = line
                .split_once(':')
                .and_then(|(_, value)| value.trim().parse::<u64>().ok());
        }
        if name != "connection" && name != "keep-alive" {
            head.push_str(&line);
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    client.write_all(head.as_bytes())?;
    match length {
        Some(length) => std::io::copy(&mut reader.take(length), client)?,
        // Chunked or unframed: until the edge closes (the client, told to close, reads the framing itself).
        None => std::io::copy(&mut reader, client)?,
    };
    client.flush()?;
    client.shutdown(std::net::Shutdown::Both)
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

fn parse_form(text: &str) -> Vec<(String, String)> {
    crate::turnstile::parse_form(text)
}

/// What `cargo xtask demo` prints: where to sign in, and as whom.
pub fn describe(stand_in: &StandIn, people: &[Person]) -> String {
    let mut text = format!(
        "  Console sign-in (local Cloudflare Access stand-in): {}/console/\n  Sign-in page: {}?redirect_url=/console/\n",
        stand_in.url,
        stand_in.login_url()
    );
    for person in people {
        text.push_str(&format!("    {:<17} {}\n", person.name, person.email));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State {
            issuer: "http://127.0.0.1:1".to_owned(),
            edge: "127.0.0.1:2".to_owned(),
            keys: generate_keys().unwrap(),
            people: Mutex::new(vec![Person {
                email: "mia@bank.example".to_owned(),
                name: "Mia <Moderator>".to_owned(),
                audience: "aud-1".to_owned(),
            }]),
        }
    }

    #[test]
    fn keys_are_generated_fast_and_sessions_verify() {
        let started = std::time::Instant::now();
        let state = state();
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "RSA keygen took {:?}",
            started.elapsed()
        );
        let token = session_token(&state, "mia@bank.example", "aud-1");
        assert!(valid_session(&state, &token));
        let decoded = decode(&token).unwrap();
        assert_eq!(decoded.claims.audiences(), ["aud-1"]);
        assert_eq!(decoded.claims.iss.as_deref(), Some("http://127.0.0.1:1"));
        let tampered = test_token(
            &state,
            &[
                ("email".to_owned(), "mia@bank.example".to_owned()),
                ("aud".to_owned(), "aud-1".to_owned()),
                ("tamper".to_owned(), "signature".to_owned()),
            ],
        );
        assert!(!valid_session(&state, &tampered));
        let expired = test_token(
            &state,
            &[
                ("aud".to_owned(), "aud-1".to_owned()),
                ("exp_in".to_owned(), "-5".to_owned()),
            ],
        );
        assert!(!valid_session(&state, &expired));
        assert!(
            decode(&test_token(
                &state,
                &[("alg".to_owned(), "none".to_owned())]
            ))
            .is_err()
        );
        let set = key_set(&state.keys);
        assert_eq!(set["keys"][0]["kid"], state.keys.kid.as_str());
        assert_eq!(set["keys"][0]["e"], "AQAB");
    }

    #[test]
    fn the_sign_in_page_escapes_people_and_redirects_only_home() {
        let state = state();
        let html = login_page(&state, "https://evil.example/");
        assert!(html.contains("Mia &lt;Moderator&gt;"));
        assert!(html.contains("name=\"redirect_url\" value=\"/console/\""));
        assert_eq!(
            safe_redirect("/console/reviews?x=1"),
            "/console/reviews?x=1"
        );
        assert_eq!(safe_redirect("//evil.example"), "/console/");
        let refused = sign_in(
            &state,
            &[
                ("email".to_owned(), "mia@bank.example".to_owned()),
                ("aud".to_owned(), "aud-2".to_owned()),
            ],
        );
        assert_eq!(refused.status, 403);
        let accepted = sign_in(
            &state,
            &[
                ("email".to_owned(), "Mia@Bank.example".to_owned()),
                ("aud".to_owned(), "aud-1".to_owned()),
            ],
        );
        assert_eq!(accepted.status, 302);
        assert!(
            accepted
                .headers
                .iter()
                .any(|(name, value)| name == "Set-Cookie"
                    && value.contains("HttpOnly; SameSite=Lax"))
        );
        assert!(is_protected("/v1/admin/me") && is_protected("/console/"));
        assert!(!is_protected("/v1/t/harbor/config") && !is_protected("/consoles"));
    }
}
