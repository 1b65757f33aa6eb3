//! Calendar arithmetic on UTC instants (milliseconds since the Unix epoch): `YYYY-MM-DD` or millisecond parameters,
//! report periods and ISO weeks (Monday start). Pure: the caller passes "now" when it needs one.

pub const DAY_MS: i64 = 86_400_000;
/// 10000-01-01: the end of time for parameters (times stay within JavaScript's safe integers on their way to D1).
pub const END_OF_TIME_MS: i64 = 253_402_300_800_000;

/// `YYYY-MM-DD` (midnight UTC, a real date) or a whole number of milliseconds since the epoch, up to 10000-01-01.
pub fn parse_instant(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .ok()
            .filter(|ms| (0..=END_OF_TIME_MS).contains(ms));
    }
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (number(0..4)?, number(5..7)?, number(8..10)?);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d) * DAY_MS)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `(year, month, day)` of a day number (inverse of `days_from_civil`).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The UTC day number of an instant.
pub fn day_of(ms: i64) -> i64 {
    ms.div_euclid(DAY_MS)
}

/// `YYYY-MM-DD` of a day number.
pub fn date_of_day(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The Monday on or before a day (1970-01-01 was a Thursday).
pub fn week_start(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// The ISO 8601 week of a day, e.g. `2026-W48`: weeks start on Monday and belong to the year of their Thursday.
pub fn iso_week_label(day: i64) -> String {
    let thursday = week_start(day) + 3;
    let (year, ..) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    format!("{year:04}-W{week:02}")
}

/// A report period `[from_ms, to_ms)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from_ms: i64,
    pub to_ms: i64,
}

/// The longest period a report covers: two years (105 weekly buckets at most).
pub const MAX_PERIOD_DAYS: i64 = 731;
/// The period when none is given: the twelve weeks up to the end of today (UTC).
pub const DEFAULT_PERIOD_DAYS: i64 = 84;

impl Period {
    /// Parses optional `from`/`to` parameters (see `parse_instant`); `to` defaults to the end of today and `from` to
    /// twelve weeks before `to`. Errors name the field and a code.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        now_ms: i64,
    ) -> Result<Period, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let mut parsed = |field: &'static str, text: Option<&str>| match text {
            None => None,
            Some(text) => {
                let instant = parse_instant(text);
                if instant.is_none() {
                    errors.push((field, "invalid_time"));
                }
                instant
            }
        };
        let from = parsed("from", from);
        let to = parsed("to", to);
        if !errors.is_empty() {
            return Err(errors);
        }
        let to_ms = to.unwrap_or_else(|| (day_of(now_ms) + 1) * DAY_MS);
        let from_ms = from.unwrap_or(to_ms - DEFAULT_PERIOD_DAYS * DAY_MS).max(0);
        if to_ms <= from_ms {
            return Err(vec![("to", "not_after_from")]);
        }
        if to_ms - from_ms > MAX_PERIOD_DAYS * DAY_MS {
            return Err(vec![("to", "period_too_long")]);
        }
        Ok(Period { from_ms, to_ms })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dates_and_milliseconds_and_refuses_the_rest() {
        assert_eq!(parse_instant("1970-01-02"), Some(DAY_MS));
        assert_eq!(parse_instant("2026-11-23"), Some(1_795_392_000_000));
        assert_eq!(parse_instant("1795392000000"), Some(1_795_392_000_000));
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "2026-1-01",
            "26-01-01",
            "-5",
            "1e9",
            "2026-11-23T00:00",
            "99999999999999999999",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
        assert_eq!(
            parse_instant("2024-02-29"),
            Some(days_from_civil(2024, 2, 29) * DAY_MS)
        );
    }

    #[test]
    fn civil_days_round_trip() {
        for day in [-800_000, -1, 0, 1, 59, 10_000, 20_415, 2_932_896] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(date_of_day(0), "1970-01-01");
    }

    #[test]
    fn iso_weeks_start_on_monday_and_belong_to_their_thursdays_year() {
        let day = |y, m, d| days_from_civil(y, m, d);
        // 2026-11-23 is a Monday; the Sunday after is in the same week.
        assert_eq!(week_start(day(2026, 11, 23)), day(2026, 11, 23));
        assert_eq!(week_start(day(2026, 11, 29)), day(2026, 11, 23));
        assert_eq!(week_start(day(2026, 11, 30)), day(2026, 11, 30));
        assert_eq!(iso_week_label(day(2026, 11, 23)), "2026-W48");
        // 2021-01-03 (Sunday) still belongs to 2020-W53; 2024-12-30 (Monday) to 2025-W01.
        assert_eq!(iso_week_label(day(2021, 1, 3)), "2020-W53");
        assert_eq!(iso_week_label(day(2021, 1, 4)), "2021-W01");
        assert_eq!(iso_week_label(day(2024, 12, 30)), "2025-W01");
        assert_eq!(iso_week_label(0), "1970-W01");
    }

    #[test]
    fn periods_default_and_refuse_empty_or_long_ranges() {
        let now = parse_instant("2026-11-23").unwrap() + 5_000;
        let period = Period::parse(None, None, now).unwrap();
        assert_eq!(period.to_ms, parse_instant("2026-11-24").unwrap());
        assert_eq!(period.to_ms - period.from_ms, 84 * DAY_MS);
        assert_eq!(
            Period::parse(Some("2026-01-01"), Some("2026-01-08"), now),
            Ok(Period {
                from_ms: parse_instant("2026-01-01").unwrap(),
                to_ms: parse_instant("2026-01-08").unwrap()
            })
        );
        assert_eq!(
            Period::parse(Some("x"), Some("2026-02-30"), now),
            Err(vec![("from", "invalid_time"), ("to", "invalid_time")])
        );
        assert_eq!(
            Period::parse(Some("2026-01-08"), Some("2026-01-08"), now),
            Err(vec![("to", "not_after_from")])
        );
        assert_eq!(
            Period::parse(Some("2020-01-01"), Some("2026-01-08"), now),
            Err(vec![("to", "period_too_long")])
        );
    }
}
