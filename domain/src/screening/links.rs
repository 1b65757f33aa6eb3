//! Detectors for contact details and links: e-mail addresses and URLs (with a scheme, or a bare domain with a common top-level domain).

use super::Span;
use super::coverage::Coverage;
use super::fold::{Folded, is_word_char};

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// The last label must be letters only and at least two long.
fn has_plausible_tld(domain: &[char]) -> bool {
    let Some(dot) = domain.iter().rposition(|&c| c == '.') else {
        return false;
    };
    let tld = &domain[dot + 1..];
    dot > 0 && tld.len() >= 2 && tld.iter().all(char::is_ascii_alphabetic)
}

/// E-mail addresses around each `@`. Linear: neither side of an `@` reads past the next `@`
/// (it is neither a local nor a domain character), so every character is read at most a few times.
pub(crate) fn scan_emails(text: &Folded, steps: &mut usize) -> Vec<Span> {
    let chars = &text.chars;
    let mut found = Vec::new();
    for at in 0..chars.len() {
        *steps += 1;
        if chars[at] != '@' {
            continue;
        }
        let mut start = at;
        while start > 0 && is_local_char(chars[start - 1]) {
            *steps += 1;
            start -= 1;
        }
        while start < at && chars[start] == '.' {
            *steps += 1;
            start += 1;
        }
        let mut end = at + 1;
        while end < chars.len() && is_domain_char(chars[end]) {
            *steps += 1;
            end += 1;
        }
        while end > at + 1 && matches!(chars[end - 1], '.' | '-') {
            *steps += 1;
            end -= 1;
        }
        *steps += end.saturating_sub(at + 1);
        if start < at && end > at + 1 && has_plausible_tld(&chars[at + 1..end]) {
            found.push(Span { start, end });
        }
    }
    found
}

/// Top-level domains common in link spam and ordinary links. Two-letter codes that are also
/// everyday English words ("in", "at", "it", "us", "no", "me", "be", "to") are left out so that a
/// missing space after a full stop is not a link.
const TLDS: &[&str] = &[
    "com", "net", "org", "info", "biz", "io", "co", "cn", "uk", "de", "fr", "jp", "ru", "tv", "cc",
    "xyz", "top", "app", "dev", "site", "online", "shop", "store", "club", "vip", "link", "ly",
    "gl", "gg", "ai", "eu", "ca", "au", "hk", "tw", "sg", "nl", "ch", "es", "pl", "br", "kr", "nz",
    "edu", "gov", "live", "pro", "win", "bid", "loan", "click", "icu", "buzz", "fun", "space",
    "tech", "website", "money", "finance", "bank", "cash", "ws", "su", "vn", "ph",
];

/// URL characters after the host: ASCII, printable, not whitespace nor quotes or angle brackets.
fn is_url_char(c: char) -> bool {
    c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
}

/// Where a URL that continues at a given index ends: the run of URL characters from there, less
/// trailing punctuation. Both are tabulated once per field, so each question costs one step.
struct UrlEnds {
    /// `run_end[p]`: the end of the run of URL characters starting at `p`.
    run_end: Vec<usize>,
    /// `trimmed[e]`: `e` less the trailing punctuation just before it.
    trimmed: Vec<usize>,
}

impl UrlEnds {
    fn new(chars: &[char], steps: &mut usize) -> UrlEnds {
        let mut run_end = vec![chars.len(); chars.len() + 1];
        for p in (0..chars.len()).rev() {
            *steps += 1;
            if !is_url_char(chars[p]) {
                run_end[p] = p;
            } else {
                run_end[p] = run_end[p + 1];
            }
        }
        let mut trimmed = Vec::with_capacity(chars.len() + 1);
        trimmed.push(0);
        for (e, &c) in chars.iter().enumerate() {
            *steps += 1;
            let trailing = matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'');
            trimmed.push(if trailing { trimmed[e] } else { e + 1 });
        }
        UrlEnds { run_end, trimmed }
    }

    /// The end of a URL whose path continues at `from`.
    fn end(&self, from: usize) -> usize {
        self.run_end
            .get(from)
            .and_then(|&end| self.trimmed.get(end))
            .copied()
            .unwrap_or(from)
    }
}

/// Links with a scheme, then bare domains with a known top-level domain, never inside an e-mail.
/// Linear: where a URL ends and whether it touches an e-mail are tabulated (one step each),
/// and each bare domain is read once and skipped.
pub(crate) fn scan_urls(text: &Folded, emails: &[Span], steps: &mut usize) -> Vec<Span> {
    let chars = &text.chars;
    let mut found: Vec<Span> = Vec::new();
    let http: Vec<char> = "http".chars().collect();
    let emails = Coverage::new(chars.len(), emails, steps);
    let url_ends = UrlEnds::new(chars, steps);
    let mut i = 0;
    while i < chars.len() {
        *steps += 1;
        let boundary = i == 0 || !is_word_char(chars[i - 1]);
        if boundary && text.matches_at(i, &http) {
            let mut j = i + 4;
            if chars.get(j) == Some(&'s') {
                j += 1;
            }
            if text.matches_at(j, &[':', '/', '/']) {
                let end = url_ends.end(j + 3);
                if end > j + 3 {
                    found.push(Span { start: i, end });
                    i = end;
                    continue;
                }
            }
        }
        let bare_start = chars[i].is_ascii_alphanumeric()
            && (i == 0
                || !matches!(chars[i - 1], c if is_domain_char(c) || matches!(c, '@' | '/' | ':' | '_')));
        if bare_start {
            let mut j = i;
            while j < chars.len() && is_domain_char(chars[j]) {
                *steps += 1;
                j += 1;
            }
            let mut host_end = j;
            while host_end > i && matches!(chars[host_end - 1], '.' | '-') {
                *steps += 1;
                host_end -= 1;
            }
            // Building the host and its labels, then one table look-up.
            *steps += 2 * (host_end - i) + 1;
            let host: String = chars[i..host_end].iter().collect();
            let labels: Vec<&str> = host.split('.').collect();
            let is_link = labels.len() >= 2
                && labels.iter().all(|label| !label.is_empty())
                && labels.last().is_some_and(|tld| TLDS.contains(tld))
                && chars.get(host_end) != Some(&'@');
            let span = Span {
                start: i,
                end: if chars.get(host_end) == Some(&'/') {
                    url_ends.end(host_end)
                } else {
                    host_end
                },
            };
            if is_link && !emails.touches(span) {
                found.push(span);
                i = span.end;
                continue;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> (Vec<String>, Vec<String>) {
        let folded = Folded::new(text);
        let emails = scan_emails(&folded, &mut 0);
        let urls = scan_urls(&folded, &emails, &mut 0);
        let show = |spans: &[Span]| {
            spans
                .iter()
                .map(|s| text.chars().skip(s.start).take(s.end - s.start).collect())
                .collect()
        };
        (show(&emails), show(&urls))
    }

    #[test]
    fn finds_emails_and_links() {
        assert_eq!(
            spans("mail me: jo.smith+x@example.co.uk."),
            (vec!["jo.smith+x@example.co.uk".into()], vec![])
        );
        assert_eq!(
            spans("我的邮箱是abc@qq.com谢谢"),
            (vec!["abc@qq.com".into()], vec![])
        );
        assert_eq!(
            spans("see https://evil.example/path?a=1, or www.spam.xyz/now."),
            (
                vec![],
                vec![
                    "https://evil.example/path?a=1".into(),
                    "www.spam.xyz/now".into()
                ]
            )
        );
    }

    #[test]
    fn ordinary_prose_has_no_links() {
        assert_eq!(
            spans("Great app.it works. e.g. fees of 3.5 are fine. U.S. clients"),
            (vec![], vec![])
        );
        assert_eq!(spans("an @ sign, a@b, @handle"), (vec![], vec![]));
    }

    #[test]
    fn a_link_whose_path_reaches_an_email_is_not_a_link() {
        assert_eq!(
            spans("x.com/a@b.co and y.com/!z.com/!me@q.io"),
            (vec!["a@b.co".into(), "me@q.io".into()], vec![])
        );
        assert_eq!(
            spans("x.com/a, y.co/b."),
            (vec![], vec!["x.com/a".into(), "y.co/b".into()])
        );
    }
}
