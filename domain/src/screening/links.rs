//! Detectors for contact details and links: e-mail addresses and URLs (with a scheme, or a bare domain with a common top-level domain).

use super::Span;
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

pub(crate) fn scan_emails(text: &Folded) -> Vec<Span> {
    let chars = &text.chars;
    let mut found = Vec::new();
    for at in 0..chars.len() {
        if chars[at] != '@' {
            continue;
        }
        let mut start = at;
        while start > 0 && is_local_char(chars[start - 1]) {
            start -= 1;
        }
        while start < at && chars[start] == '.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < chars.len() && is_domain_char(chars[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(chars[end - 1], '.' | '-') {
            end -= 1;
        }
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

fn url_end(chars: &[char], mut end: usize) -> usize {
    while end < chars.len() && is_url_char(chars[end]) {
        end += 1;
    }
    while end > 0
        && matches!(
            chars[end - 1],
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\''
        )
    {
        end -= 1;
    }
    end
}

pub(crate) fn scan_urls(text: &Folded, emails: &[Span]) -> Vec<Span> {
    let chars = &text.chars;
    let mut found: Vec<Span> = Vec::new();
    let http: Vec<char> = "http".chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let boundary = i == 0 || !is_word_char(chars[i - 1]);
        if boundary && text.matches_at(i, &http) {
            let mut j = i + 4;
            if chars.get(j) == Some(&'s') {
                j += 1;
            }
            if text.matches_at(j, &[':', '/', '/']) {
                let end = url_end(chars, j + 3);
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
                j += 1;
            }
            let mut host_end = j;
            while host_end > i && matches!(chars[host_end - 1], '.' | '-') {
                host_end -= 1;
            }
            let host: String = chars[i..host_end].iter().collect();
            let labels: Vec<&str> = host.split('.').collect();
            let is_link = labels.len() >= 2
                && labels.iter().all(|label| !label.is_empty())
                && labels.last().is_some_and(|tld| TLDS.contains(tld))
                && chars.get(host_end) != Some(&'@');
            let span = Span {
                start: i,
                end: if chars.get(host_end) == Some(&'/') {
                    url_end(chars, host_end)
                } else {
                    host_end
                },
            };
            if is_link && !emails.iter().any(|e| e.overlaps(span)) {
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
        let emails = scan_emails(&folded);
        let urls = scan_urls(&folded, &emails);
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
}
