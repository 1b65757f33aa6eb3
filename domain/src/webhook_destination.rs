//! Where a tenant's webhook may point: `https` on port 443 to a public DNS name, never an IP literal, a local or
//! internal name, credentials in the URL or anything a URL parser could read two ways. Pure: no IO, no DNS.
//!
//! The Worker sends each event (with review text and, by consent, a contact e-mail) to this URL, so a setting that
//! reached an internal service or a loopback port would turn the Worker into a tool against its own network.

/// The longest URL accepted, in bytes.
pub const MAX_URL_LEN: usize = 2_000;

/// Top-level names and suffixes that never name a public host (RFC 6761, RFC 6762, RFC 8375, common internal use).
const PRIVATE_SUFFIXES: [&str; 14] = [
    "localhost",
    "local",
    "localdomain",
    "internal",
    "intranet",
    "lan",
    "home",
    "corp",
    "private",
    "arpa",
    "invalid",
    "test",
    "onion",
    "alt",
];

/// A webhook URL that passed every rule, normalised (lower-case host, default port dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDestination {
    url: String,
    host: String,
}

/// Why a URL is refused; `code` is the field error code the settings API answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    #[error("the URL is longer than {MAX_URL_LEN} bytes")]
    TooLong,
    #[error("the URL has characters a URL may not carry (spaces, controls, non-ASCII, backslash)")]
    BadCharacters,
    #[error("not an absolute URL")]
    NotAbsolute,
    #[error("only https is allowed")]
    NotHttps,
    #[error("only port 443 is allowed")]
    PortNotAllowed,
    #[error("user name or password in the URL")]
    Credentials,
    #[error("a fragment (#) is never sent")]
    Fragment,
    #[error("an IP address instead of a host name")]
    IpLiteral,
    #[error("a local or internal host name")]
    PrivateHost,
    #[error("not a valid public DNS name")]
    InvalidHost,
}

impl DestinationError {
    pub fn code(self) -> &'static str {
        match self {
            DestinationError::TooLong => "too_long",
            DestinationError::BadCharacters | DestinationError::NotAbsolute => "invalid_url",
            DestinationError::NotHttps => "https_required",
            DestinationError::PortNotAllowed => "port_not_allowed",
            DestinationError::Credentials => "credentials_in_url",
            DestinationError::Fragment => "fragment_not_allowed",
            DestinationError::IpLiteral => "ip_address_not_allowed",
            DestinationError::PrivateHost => "private_host",
            DestinationError::InvalidHost => "invalid_host",
        }
    }
}

impl WebhookDestination {
    /// Parses a webhook URL. `allow_local` (the Worker's test hooks only, never in production) additionally
    /// accepts `http://127.0.0.1:<port>/…`, the local receiver stand-in of the test suite.
    pub fn parse(text: &str, allow_local: bool) -> Result<WebhookDestination, DestinationError> {
        if text.len() > MAX_URL_LEN {
            return Err(DestinationError::TooLong);
        }
        // Printable ASCII only: no spaces, tabs or newlines (which parsers strip), no non-ASCII (IDN must be
        // punycode), no backslash (read as `/` by browsers' parsers, as a host character by others).
        if !text
            .bytes()
            .all(|b| (0x21..0x7f).contains(&b) && b != b'\\')
        {
            return Err(DestinationError::BadCharacters);
        }
        let (scheme, rest) = text
            .split_once("://")
            .ok_or(DestinationError::NotAbsolute)?;
        let scheme = scheme.to_ascii_lowercase();
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(authority_end);
        if tail.contains('#') {
            return Err(DestinationError::Fragment);
        }
        if authority.contains('@') {
            return Err(DestinationError::Credentials);
        }
        if authority.is_empty() {
            return Err(DestinationError::NotAbsolute);
        }
        if authority.starts_with('[') {
            return Err(DestinationError::IpLiteral);
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        let host = host.to_ascii_lowercase();
        let path = if tail.is_empty() { "/" } else { tail };

        if allow_local && scheme == "http" && host == "127.0.0.1" {
            let port = port
                .filter(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u16>().ok())
                .filter(|p| *p > 0)
                .ok_or(DestinationError::PortNotAllowed)?;
            return Ok(WebhookDestination {
                url: format!("http://127.0.0.1:{port}{path}"),
                host,
            });
        }
        if scheme != "https" {
            return Err(DestinationError::NotHttps);
        }
        if port.is_some_and(|p| p != "443") {
            return Err(DestinationError::PortNotAllowed);
        }
        check_host(&host)?;
        Ok(WebhookDestination {
            url: format!("https://{host}{path}"),
            host,
        })
    }

    /// The URL to send to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The host name (lower case).
    pub fn host(&self) -> &str {
        &self.host
    }
}

/// A public DNS name: at least two labels of `a-z`, `0-9`, `-` (1–63 each, no leading or trailing `-`), at most
/// 253 bytes, no trailing dot, a top-level label of letters (or an IDN `xn--` label) — so no number form of an
/// IPv4 address (`2130706433`, `0x7f.1`, `127.1`, `1.2.3.4`) — and no local or internal suffix.
fn check_host(host: &str) -> Result<(), DestinationError> {
    if host.is_empty() || host.len() > 253 {
        return Err(DestinationError::InvalidHost);
    }
    let labels: Vec<&str> = host.split('.').collect();
    let last = labels.last().copied().unwrap_or_default();
    // Whatever a URL parser would read as an IPv4 address in any notation ends in a numeric label.
    let numeric = |label: &str| {
        !label.is_empty()
            && (label.bytes().all(|b| b.is_ascii_digit())
                || (label.starts_with("0x") && label[2..].bytes().all(|b| b.is_ascii_hexdigit())))
    };
    if numeric(last) || (last.is_empty() && labels.len() > 1 && numeric(labels[labels.len() - 2])) {
        return Err(DestinationError::IpLiteral);
    }
    if host.ends_with('.') {
        return Err(DestinationError::InvalidHost);
    }
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    if !labels.iter().all(label_ok) {
        return Err(DestinationError::InvalidHost);
    }
    if PRIVATE_SUFFIXES.contains(&last) {
        return Err(DestinationError::PrivateHost);
    }
    if labels.len() < 2 {
        return Err(DestinationError::InvalidHost);
    }
    let tld_ok = last.bytes().all(|b| b.is_ascii_lowercase()) || last.starts_with("xn--");
    if !tld_ok {
        return Err(DestinationError::InvalidHost);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DestinationError::*;

    /// (URL, allow_local, expected): `Ok(normalised URL)` or the refusal.
    const CASES: &[(&str, bool, Result<&str, DestinationError>)] = &[
        // Accepted public destinations.
        (
            "https://desk.example.com/hooks/candor",
            false,
            Ok("https://desk.example.com/hooks/candor"),
        ),
        (
            "https://desk.example.com",
            false,
            Ok("https://desk.example.com/"),
        ),
        (
            "https://desk.example.com:443/h",
            false,
            Ok("https://desk.example.com/h"),
        ),
        (
            "HTTPS://Desk.Example.COM/Path",
            false,
            Ok("https://desk.example.com/Path"),
        ),
        (
            "https://a-b.c-d.example/x?token=abc&y=1",
            false,
            Ok("https://a-b.c-d.example/x?token=abc&y=1"),
        ),
        (
            "https://xn--bcher-kva.example/",
            false,
            Ok("https://xn--bcher-kva.example/"),
        ),
        (
            "https://desk.xn--p1ai/",
            false,
            Ok("https://desk.xn--p1ai/"),
        ),
        (
            "https://desk.example?x=1",
            false,
            Ok("https://desk.example?x=1"),
        ),
        // Scheme and port.
        ("http://desk.example.com/h", false, Err(NotHttps)),
        ("ftp://desk.example.com/h", false, Err(NotHttps)),
        ("javascript:alert(1)", false, Err(NotAbsolute)),
        ("desk.example.com/h", false, Err(NotAbsolute)),
        ("https:///h", false, Err(NotAbsolute)),
        (
            "https://desk.example.com:8443/h",
            false,
            Err(PortNotAllowed),
        ),
        (
            "https://desk.example.com:0443/h",
            false,
            Err(PortNotAllowed),
        ),
        ("https://desk.example.com:/h", false, Err(PortNotAllowed)),
        ("https://desk.example.com:80/h", false, Err(PortNotAllowed)),
        // Credentials and parser confusion.
        (
            "https://user:pw@desk.example.com/h",
            false,
            Err(Credentials),
        ),
        (
            "https://desk.example.com@evil.example/h",
            false,
            Err(Credentials),
        ),
        (
            "https://evil.example\\@desk.example.com/",
            false,
            Err(BadCharacters),
        ),
        ("https://desk.example.com/h#frag", false, Err(Fragment)),
        ("https://desk.example.com/a b", false, Err(BadCharacters)),
        ("https://desk.example.com/\n", false, Err(BadCharacters)),
        ("https://dësk.example.com/", false, Err(BadCharacters)),
        // IP literals in every notation.
        ("https://127.0.0.1/h", false, Err(IpLiteral)),
        ("https://10.0.0.5/h", false, Err(IpLiteral)),
        (
            "https://169.254.169.254/latest/meta-data",
            false,
            Err(IpLiteral),
        ),
        ("https://8.8.8.8/h", false, Err(IpLiteral)),
        ("https://2130706433/h", false, Err(IpLiteral)),
        ("https://0x7f000001/h", false, Err(IpLiteral)),
        ("https://0x7f.1/h", false, Err(IpLiteral)),
        ("https://0177.0.0.1/h", false, Err(IpLiteral)),
        ("https://127.1/h", false, Err(IpLiteral)),
        ("https://127.0.0.1./h", false, Err(IpLiteral)),
        ("https://[::1]/h", false, Err(IpLiteral)),
        ("https://[::ffff:127.0.0.1]/h", false, Err(IpLiteral)),
        ("https://[fe80::1%25eth0]/h", false, Err(IpLiteral)),
        // Local, internal and odd names.
        ("https://localhost/h", false, Err(PrivateHost)),
        ("https://LOCALHOST/h", false, Err(PrivateHost)),
        ("https://api.localhost/h", false, Err(PrivateHost)),
        ("https://printer.local/h", false, Err(PrivateHost)),
        (
            "https://metadata.google.internal/h",
            false,
            Err(PrivateHost),
        ),
        ("https://router.home.arpa/h", false, Err(PrivateHost)),
        ("https://1.0.0.127.in-addr.arpa/h", false, Err(PrivateHost)),
        ("https://nas.lan/h", false, Err(PrivateHost)),
        ("https://intranet/h", false, Err(PrivateHost)),
        ("https://deskhost/h", false, Err(InvalidHost)),
        ("https://desk.example.com./h", false, Err(InvalidHost)),
        ("https://localhost./h", false, Err(InvalidHost)),
        ("https://desk..example/h", false, Err(InvalidHost)),
        ("https://-desk.example/h", false, Err(InvalidHost)),
        ("https://desk_1.example/h", false, Err(InvalidHost)),
        ("https://desk.example1a/h", false, Err(InvalidHost)),
        // The test hooks' loopback receiver, and only that.
        (
            "http://127.0.0.1:9123/hooks/candor",
            true,
            Ok("http://127.0.0.1:9123/hooks/candor"),
        ),
        ("http://127.0.0.1:9123/hooks/candor", false, Err(NotHttps)),
        ("http://127.0.0.1/hooks", true, Err(PortNotAllowed)),
        ("http://127.0.0.1:0/hooks", true, Err(PortNotAllowed)),
        ("http://127.0.0.1:99999/hooks", true, Err(PortNotAllowed)),
        ("http://localhost:9123/hooks", true, Err(NotHttps)),
        ("http://10.0.0.1:9123/hooks", true, Err(NotHttps)),
        ("https://127.0.0.1:9123/hooks", true, Err(PortNotAllowed)),
        ("http://user@127.0.0.1:9123/hooks", true, Err(Credentials)),
    ];

    #[test]
    fn destinations_follow_the_table() {
        assert!(CASES.len() >= 30);
        for (url, allow_local, expected) in CASES {
            let got = WebhookDestination::parse(url, *allow_local);
            match expected {
                Ok(normalised) => assert_eq!(
                    got.as_ref().map(WebhookDestination::url),
                    Ok(*normalised),
                    "{url} (allow_local {allow_local})"
                ),
                Err(error) => assert_eq!(
                    got.as_ref().map(WebhookDestination::url),
                    Err(error),
                    "{url} (allow_local {allow_local})"
                ),
            }
        }
    }

    #[test]
    fn length_is_bounded() {
        let long = format!("https://desk.example.com/{}", "a".repeat(MAX_URL_LEN));
        assert_eq!(WebhookDestination::parse(&long, false), Err(TooLong));
        let fits = format!("https://desk.example.com/{}", "a".repeat(MAX_URL_LEN - 25));
        assert!(WebhookDestination::parse(&fits, false).is_ok());
    }

    #[test]
    fn codes_are_distinct_for_distinct_rules() {
        let codes: std::collections::BTreeSet<&str> = [
            TooLong,
            NotHttps,
            PortNotAllowed,
            Credentials,
            Fragment,
            IpLiteral,
            PrivateHost,
            InvalidHost,
        ]
        .iter()
        .map(|e| e.code())
        .collect();
        assert_eq!(codes.len(), 8);
    }
}
