//! The time a request acts at: the Worker's clock, or — only with the test hooks on (`wrangler dev --var
//! CANDOR_TEST_HOOKS:enabled`, passed only by `cargo xtask test`) — the instant a test names in
//! `X-Candor-Test-Clock: <unix ms>`, so time-dependent tests never backdate rows with SQL.
//!
//! The override is a value of one request, never global state: requests of concurrent tests run interleaved in
//! one isolate. Without the test hooks the header is never parsed: a deployed Worker's time cannot be set.

use worker::{Env, Request};

use crate::runtime;

pub const TEST_CLOCK_HEADER: &str = "X-Candor-Test-Clock";

/// The latest instant a test may name: 9999-12-31T23:59:59.999Z. Later values are refused as absurd.
const LATEST_MS: i64 = 253_402_300_799_999;

/// A request's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    fixed_ms: Option<i64>,
}

impl Clock {
    /// The clock of `request`: the test clock when the hooks are on and the header names a valid instant,
    /// otherwise the Worker's clock.
    pub fn of(request: &Request, env: &Env) -> Clock {
        if !runtime::test_hooks_enabled(env) {
            return Clock::default();
        }
        let header = request.headers().get(TEST_CLOCK_HEADER).ok().flatten();
        Clock {
            fixed_ms: requested(header.as_deref(), true),
        }
    }

    /// Milliseconds since the Unix epoch, as this request sees them.
    pub fn now_ms(&self) -> i64 {
        self.fixed_ms.unwrap_or_else(runtime::now_ms)
    }
}

/// The instant a request's header asks for: only with the test hooks on, and only a whole number of
/// milliseconds between the epoch and year 9999 (digits only: no sign, no fraction, no exponent, no spaces).
pub fn requested(header: Option<&str>, hooks_enabled: bool) -> Option<i64> {
    if !hooks_enabled {
        return None;
    }
    let text = header?;
    if text.is_empty() || text.len() > 15 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>()
        .ok()
        .filter(|ms| (0..=LATEST_MS).contains(ms))
}

#[cfg(test)]
mod tests {
    use super::requested;

    #[test]
    fn the_header_counts_only_with_the_test_hooks_on() {
        assert_eq!(
            requested(Some("1767225600000"), true),
            Some(1_767_225_600_000)
        );
        assert_eq!(requested(Some("1767225600000"), false), None);
        assert_eq!(requested(None, true), None);
        assert_eq!(requested(None, false), None);
    }

    #[test]
    fn only_whole_milliseconds_in_range_are_honoured() {
        let table: [(&str, Option<i64>); 14] = [
            ("0", Some(0)),
            ("253402300799999", Some(253_402_300_799_999)),
            ("253402300800000", None),
            ("999999999999999", None),
            ("9999999999999999999999", None),
            ("-1", None),
            ("+5", None),
            ("1.5", None),
            ("1e12", None),
            (" 1000", None),
            ("1000 ", None),
            ("", None),
            ("now", None),
            ("0x10", None),
        ];
        for (header, expected) in table {
            assert_eq!(requested(Some(header), true), expected, "header {header:?}");
        }
    }
}
