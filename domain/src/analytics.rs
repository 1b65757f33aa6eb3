//! Weekly analytics of published reviews: per ISO week (UTC, Monday start) count, mean, histogram,
//! would-recommend share and per-attribute count and mean.
//!
//! The rule: a review counts in the week of the UTC day it was submitted, if that instant is inside the period
//! `[from, to)`; a week cut by `from` or `to` counts only its part inside. Every week of the period is listed,
//! empty ones too, so a chart has no gaps. The store reduces rows to day counts; the weeks are decided here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calendar::{Period, date_of_day, day_of, iso_week_label, week_start};

/// Published reviews of one UTC day with one overall rating and one would-recommend answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRatings {
    pub day: i64,
    pub rating: u8,
    pub would_recommend: bool,
    pub count: u64,
}

/// Published reviews of one UTC day that gave one attribute one rating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayAttribute {
    pub day: i64,
    pub attribute: String,
    pub rating: u8,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Week {
    /// ISO week, e.g. `2026-W48`.
    pub week: String,
    /// The week's Monday, `YYYY-MM-DD`, and the same instant in milliseconds.
    pub start: String,
    pub start_ms: i64,
    pub count: u64,
    pub mean: Option<f64>,
    /// `histogram[0]` counts one-star ratings, `histogram[4]` five-star ratings.
    pub histogram: [u64; 5],
    /// Share of reviews that would recommend, in percent.
    pub would_recommend_pct: Option<f64>,
    /// Per attribute key: how many rated it and their mean.
    pub attributes: BTreeMap<String, AttributeWeek>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttributeWeek {
    pub count: u64,
    pub mean: Option<f64>,
}

#[derive(Default)]
struct Tally {
    histogram: [u64; 5],
    would_recommend: u64,
    attributes: BTreeMap<String, (u64, u64)>,
}

/// The weeks of `period` with the published reviews of `ratings` and `attributes` (rows outside it are ignored,
/// as are ratings outside 1–5).
pub fn weekly(period: Period, ratings: &[DayRatings], attributes: &[DayAttribute]) -> Vec<Week> {
    let first_day = day_of(period.from_ms);
    let last_day = day_of(period.to_ms - 1);
    let inside = |day: i64| (first_day..=last_day).contains(&day);
    let mut weeks: BTreeMap<i64, Tally> = (week_start(first_day)..=week_start(last_day))
        .step_by(7)
        .map(|monday| (monday, Tally::default()))
        .collect();
    for row in ratings.iter().filter(|row| inside(row.day)) {
        let (Some(tally), Some(bucket)) = (weeks.get_mut(&week_start(row.day)), bucket(row.rating))
        else {
            continue;
        };
        tally.histogram[bucket] += row.count;
        if row.would_recommend {
            tally.would_recommend += row.count;
        }
    }
    for row in attributes.iter().filter(|row| inside(row.day)) {
        let (Some(tally), Some(_)) = (weeks.get_mut(&week_start(row.day)), bucket(row.rating))
        else {
            continue;
        };
        let (count, sum) = tally.attributes.entry(row.attribute.clone()).or_default();
        *count += row.count;
        *sum += row.count * u64::from(row.rating);
    }
    weeks
        .into_iter()
        .map(|(monday, tally)| {
            let count: u64 = tally.histogram.iter().sum();
            let sum: u64 = (1..=5u64)
                .zip(tally.histogram)
                .map(|(stars, n)| stars * n)
                .sum();
            Week {
                week: iso_week_label(monday),
                start: date_of_day(monday),
                start_ms: monday * crate::calendar::DAY_MS,
                count,
                mean: share(sum, count, 1.0),
                histogram: tally.histogram,
                would_recommend_pct: share(tally.would_recommend, count, 100.0),
                attributes: tally
                    .attributes
                    .into_iter()
                    .map(|(key, (count, sum))| {
                        (
                            key,
                            AttributeWeek {
                                count,
                                mean: share(sum, count, 1.0),
                            },
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

fn bucket(rating: u8) -> Option<usize> {
    (1..=5).contains(&rating).then(|| usize::from(rating - 1))
}

fn share(part: u64, whole: u64, scale: f64) -> Option<f64> {
    (whole > 0).then(|| scale * part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{DAY_MS, days_from_civil};

    fn day(y: i64, m: i64, d: i64) -> i64 {
        days_from_civil(y, m, d)
    }

    fn rated(day: i64, rating: u8, would_recommend: bool, count: u64) -> DayRatings {
        DayRatings {
            day,
            rating,
            would_recommend,
            count,
        }
    }

    #[test]
    fn buckets_by_iso_week_and_lists_empty_weeks() {
        // Wednesday 2026-11-18 to Wednesday 2026-12-02 (exclusive): weeks of 16 Nov, 23 Nov, 30 Nov.
        let period = Period {
            from_ms: day(2026, 11, 18) * DAY_MS,
            to_ms: day(2026, 12, 2) * DAY_MS,
        };
        let ratings = [
            rated(day(2026, 11, 17), 1, false, 9), // before `from`: ignored
            rated(day(2026, 11, 18), 5, true, 2),
            rated(day(2026, 11, 22), 2, false, 1), // Sunday: still the week of 16 Nov
            rated(day(2026, 12, 1), 4, true, 1),
            rated(day(2026, 12, 2), 3, true, 7), // `to` is exclusive
        ];
        let attributes = [
            DayAttribute {
                day: day(2026, 11, 18),
                attribute: "fees".into(),
                rating: 5,
                count: 2,
            },
            DayAttribute {
                day: day(2026, 11, 22),
                attribute: "fees".into(),
                rating: 2,
                count: 1,
            },
        ];
        let weeks = weekly(period, &ratings, &attributes);
        let labels: Vec<&str> = weeks.iter().map(|w| w.week.as_str()).collect();
        assert_eq!(labels, ["2026-W47", "2026-W48", "2026-W49"]);
        assert_eq!(weeks[0].start, "2026-11-16");
        assert_eq!(weeks[0].count, 3);
        assert_eq!(weeks[0].histogram, [0, 1, 0, 0, 2]);
        assert_eq!(weeks[0].mean, Some(4.0));
        assert_eq!(weeks[0].would_recommend_pct, Some(200.0 / 3.0));
        assert_eq!(
            weeks[0].attributes["fees"],
            AttributeWeek {
                count: 3,
                mean: Some(4.0)
            }
        );
        assert_eq!(weeks[1].count, 0);
        assert_eq!(weeks[1].mean, None);
        assert_eq!(weeks[1].would_recommend_pct, None);
        assert!(weeks[1].attributes.is_empty());
        assert_eq!(weeks[2].count, 1);
        assert_eq!(weeks[2].would_recommend_pct, Some(100.0));
    }
}

/// `GET /v1/admin/analytics`: the tenant's published reviews per ISO week over `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnalyticsReport {
    /// The product asked for; absent: every product of the tenant.
    pub product: Option<String>,
    pub from: i64,
    pub to: i64,
    /// Always `week` for now.
    pub bucket: String,
    pub weeks: Vec<Week>,
}
