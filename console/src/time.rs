//! Times as staff read them: ages ("3 h 20 min") and UTC timestamps. Pure arithmetic on milliseconds.

use candor_domain::calendar;

/// How long something has waited, in the largest two units.
pub fn age(seconds: i64) -> String {
    let seconds = seconds.max(0);
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60);
    if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes} min")
    } else {
        format!("{minutes} min")
    }
}

/// `YYYY-MM-DD HH:MM UTC`.
pub fn utc(ms: i64) -> String {
    let day = ms.div_euclid(86_400_000);
    let minute_of_day = ms.rem_euclid(86_400_000) / 60_000;
    format!(
        "{} {:02}:{:02} UTC",
        calendar::date_of_day(day),
        minute_of_day / 60,
        minute_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_use_the_two_largest_units() {
        assert_eq!(age(59), "0 min");
        assert_eq!(age(3_600 * 3 + 60 * 20), "3 h 20 min");
        assert_eq!(age(86_400 * 2 + 3_600 * 5), "2 d 5 h");
        assert_eq!(age(-5), "0 min");
    }

    #[test]
    fn utc_times_are_readable() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_764_547_200_000 + 90 * 60_000), "2025-12-01 01:30 UTC");
    }
}
