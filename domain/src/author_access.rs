//! How long an author's status token opens their own review: status and withdraw for 400 days after it was issued
//! (at the submission), revise for 30 days after the rejection. Pure: the caller passes the instants.

/// Days a status token opens the status and the withdrawal of its review, counted from its issue (the submission).
pub const STATUS_TOKEN_VALID_DAYS: i64 = 400;
/// Days after a rejection in which the author may submit a revision.
pub const REVISE_WINDOW_DAYS: i64 = 30;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Whether a status token issued at `issued_ms` still opens its review at `now_ms`: until exactly 400 days later.
/// A clock that reads earlier than the issue (skew between machines) does not expire it.
pub fn status_token_valid(issued_ms: i64, now_ms: i64) -> bool {
    now_ms.saturating_sub(issued_ms) < STATUS_TOKEN_VALID_DAYS * DAY_MS
}

/// Whether a review rejected at `rejected_ms` may still be revised at `now_ms`: until exactly 30 days later.
pub fn revise_window_open(rejected_ms: i64, now_ms: i64) -> bool {
    now_ms.saturating_sub(rejected_ms) < REVISE_WINDOW_DAYS * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    #[test]
    fn status_token_opens_its_review_for_400_days() {
        for (after_ms, valid) in [
            (0, true),
            (-5 * 60 * 1000, true),
            (DAY_MS, true),
            (399 * DAY_MS, true),
            (400 * DAY_MS - 1, true),
            (400 * DAY_MS, false),
            (401 * DAY_MS, false),
            (10 * 365 * DAY_MS, false),
        ] {
            assert_eq!(
                status_token_valid(T0, T0 + after_ms),
                valid,
                "{after_ms} ms after issue"
            );
        }
    }

    #[test]
    fn revision_is_open_for_30_days_after_the_rejection() {
        for (after_ms, open) in [
            (0, true),
            (-1, true),
            (29 * DAY_MS, true),
            (30 * DAY_MS - 1, true),
            (30 * DAY_MS, false),
            (31 * DAY_MS, false),
            (399 * DAY_MS, false),
        ] {
            assert_eq!(
                revise_window_open(T0, T0 + after_ms),
                open,
                "{after_ms} ms after the rejection"
            );
        }
    }

    #[test]
    fn extreme_instants_do_not_overflow() {
        assert!(!status_token_valid(i64::MIN, i64::MAX));
        assert!(status_token_valid(i64::MAX, i64::MIN));
        assert!(!revise_window_open(i64::MIN, i64::MAX));
    }
}
