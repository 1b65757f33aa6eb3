//! Analytics of published reviews: per ISO week (UTC, Monday start) or calendar month (UTC) count, mean, histogram,
//! would-recommend share, per-attribute count and mean, and clicks on the call to action.
//!
//! The rule: a review (or a click) counts in the bucket of the UTC day it happened, if that instant is inside the
//! period `[from, to)`; a bucket cut by `from` or `to` counts only its part inside. Every bucket of the period is
//! listed, empty ones too, so a chart has no gaps. The store reduces rows to day counts; the buckets are decided here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{
    DAY_MS, Period, civil_from_days, date_of_day, day_of, days_from_civil, iso_week_label,
    week_start,
};

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

/// Clicks on a call to action on one UTC day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayClicks {
    pub day: i64,
    pub count: u64,
}

/// How long one bucket is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketKind {
    /// ISO weeks (UTC, Monday start), labelled `2026-W48`.
    Week,
    /// Calendar months (UTC), labelled `2026-11`.
    Month,
}

impl BucketKind {
    /// The `bucket` parameter: `week` or `month`.
    pub fn parse(text: &str) -> Option<BucketKind> {
        match text {
            "week" => Some(BucketKind::Week),
            "month" => Some(BucketKind::Month),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BucketKind::Week => "week",
            BucketKind::Month => "month",
        }
    }

    /// The first day of the bucket that holds `day`.
    pub fn start(self, day: i64) -> i64 {
        match self {
            BucketKind::Week => week_start(day),
            BucketKind::Month => {
                let (y, m, _) = civil_from_days(day);
                days_from_civil(y, m, 1)
            }
        }
    }

    /// The first day of the bucket after the one starting on `start`.
    fn next(self, start: i64) -> i64 {
        match self {
            BucketKind::Week => start + 7,
            BucketKind::Month => {
                let (y, m, _) = civil_from_days(start);
                if m == 12 {
                    days_from_civil(y + 1, 1, 1)
                } else {
                    days_from_civil(y, m + 1, 1)
                }
            }
        }
    }

    fn label(self, start: i64) -> String {
        match self {
            BucketKind::Week => iso_week_label(start),
            BucketKind::Month => {
                let (y, m, _) = civil_from_days(start);
                format!("{y:04}-{m:02}")
            }
        }
    }
}

/// The figures of one week or month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bucket {
    /// ISO week (`2026-W48`) or month (`2026-11`).
    pub label: String,
    /// The bucket's first day, `YYYY-MM-DD`, and the same instant in milliseconds.
    pub start: String,
    pub start_ms: i64,
    pub count: u64,
    pub mean: Option<f64>,
    /// `histogram[0]` counts one-star ratings, `histogram[4]` five-star ratings.
    pub histogram: [u64; 5],
    /// Share of reviews that would recommend, in percent.
    pub would_recommend_pct: Option<f64>,
    /// Per attribute key: how many rated it and their mean.
    pub attributes: BTreeMap<String, AttributeFigures>,
    /// Clicks on the call to action (`GET /v1/t/{tenant}/products/{product}/cta`).
    pub cta_clicks: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttributeFigures {
    pub count: u64,
    pub mean: Option<f64>,
}

#[derive(Default)]
struct Tally {
    histogram: [u64; 5],
    would_recommend: u64,
    attributes: BTreeMap<String, (u64, u64)>,
    cta_clicks: u64,
}

/// The buckets of `period` with the published reviews of `ratings` and `attributes` and the `clicks` (rows outside
/// the period are ignored, as are ratings outside 1–5).
pub fn bucketed(
    period: Period,
    kind: BucketKind,
    ratings: &[DayRatings],
    attributes: &[DayAttribute],
    clicks: &[DayClicks],
) -> Vec<Bucket> {
    let first_day = day_of(period.from_ms);
    let last_day = day_of(period.to_ms - 1);
    let inside = |day: i64| (first_day..=last_day).contains(&day);
    let mut buckets: BTreeMap<i64, Tally> = BTreeMap::new();
    let mut start = kind.start(first_day);
    while start <= last_day {
        buckets.insert(start, Tally::default());
        start = kind.next(start);
    }
    for row in ratings.iter().filter(|row| inside(row.day)) {
        let (Some(tally), Some(bucket)) = (buckets.get_mut(&kind.start(row.day)), star(row.rating))
        else {
            continue;
        };
        tally.histogram[bucket] += row.count;
        if row.would_recommend {
            tally.would_recommend += row.count;
        }
    }
    for row in attributes.iter().filter(|row| inside(row.day)) {
        let (Some(tally), Some(_)) = (buckets.get_mut(&kind.start(row.day)), star(row.rating))
        else {
            continue;
        };
        let (count, sum) = tally.attributes.entry(row.attribute.clone()).or_default();
        *count += row.count;
        *sum += row.count * u64::from(row.rating);
    }
    for row in clicks.iter().filter(|row| inside(row.day)) {
        if let Some(tally) = buckets.get_mut(&kind.start(row.day)) {
            tally.cta_clicks += row.count;
        }
    }
    buckets
        .into_iter()
        .map(|(start, tally)| {
            let count: u64 = tally.histogram.iter().sum();
            let sum: u64 = (1..=5u64)
                .zip(tally.histogram)
                .map(|(stars, n)| stars * n)
                .sum();
            Bucket {
                label: kind.label(start),
                start: date_of_day(start),
                start_ms: start * DAY_MS,
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
                            AttributeFigures {
                                count,
                                mean: share(sum, count, 1.0),
                            },
                        )
                    })
                    .collect(),
                cta_clicks: tally.cta_clicks,
            }
        })
        .collect()
}

fn star(rating: u8) -> Option<usize> {
    (1..=5).contains(&rating).then(|| usize::from(rating - 1))
}

fn share(part: u64, whole: u64, scale: f64) -> Option<f64> {
    (whole > 0).then(|| scale * part as f64 / whole as f64)
}

/// `GET /v1/admin/analytics`: the tenant's published reviews and call-to-action clicks per week or month over
/// `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnalyticsReport {
    /// The product asked for; absent: every product of the tenant.
    pub product: Option<String>,
    pub from: i64,
    pub to: i64,
    /// `week` or `month`.
    pub bucket: String,
    pub buckets: Vec<Bucket>,
    /// Every product id of the tenant (archived ones too), for a report's product picker: the catalogue itself is
    /// the marketer's to read.
    pub products: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
        let weeks = bucketed(period, BucketKind::Week, &ratings, &attributes, &[]);
        let labels: Vec<&str> = weeks.iter().map(|w| w.label.as_str()).collect();
        assert_eq!(labels, ["2026-W47", "2026-W48", "2026-W49"]);
        assert_eq!(weeks[0].start, "2026-11-16");
        assert_eq!(weeks[0].count, 3);
        assert_eq!(weeks[0].histogram, [0, 1, 0, 0, 2]);
        assert_eq!(weeks[0].mean, Some(4.0));
        assert_eq!(weeks[0].would_recommend_pct, Some(200.0 / 3.0));
        assert_eq!(
            weeks[0].attributes["fees"],
            AttributeFigures {
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

    #[test]
    fn buckets_by_calendar_month_with_clicks_and_cut_ends() {
        // 15 January to 1 March 2024 (exclusive): January (cut), February (a leap month, whole).
        let period = Period {
            from_ms: day(2024, 1, 15) * DAY_MS,
            to_ms: day(2024, 3, 1) * DAY_MS,
        };
        let ratings = [
            rated(day(2024, 1, 14), 1, false, 4), // before `from`
            rated(day(2024, 1, 31), 4, true, 1),
            rated(day(2024, 2, 1), 2, false, 1),
            rated(day(2024, 2, 29), 5, true, 3),
            rated(day(2024, 3, 1), 5, true, 9), // `to` is exclusive
        ];
        let clicks = [
            DayClicks {
                day: day(2024, 1, 15),
                count: 2,
            },
            DayClicks {
                day: day(2024, 2, 10),
                count: 5,
            },
            DayClicks {
                day: day(2024, 3, 1),
                count: 7,
            },
        ];
        let months = bucketed(period, BucketKind::Month, &ratings, &[], &clicks);
        let labels: Vec<&str> = months.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(labels, ["2024-01", "2024-02"]);
        assert_eq!(months[0].start, "2024-01-01");
        assert_eq!(months[0].histogram, [0, 0, 0, 1, 0]);
        assert_eq!(months[0].cta_clicks, 2);
        assert_eq!(months[1].count, 4);
        assert_eq!(months[1].mean, Some(17.0 / 4.0));
        assert_eq!(months[1].would_recommend_pct, Some(75.0));
        assert_eq!(months[1].cta_clicks, 5);
        // December rolls over into the next year.
        let winter = Period {
            from_ms: day(2025, 12, 20) * DAY_MS,
            to_ms: day(2026, 1, 2) * DAY_MS,
        };
        let labels: Vec<String> = bucketed(winter, BucketKind::Month, &[], &[], &[])
            .into_iter()
            .map(|m| m.label)
            .collect();
        assert_eq!(labels, ["2025-12", "2026-01"]);
        assert_eq!(BucketKind::parse("month"), Some(BucketKind::Month));
        assert_eq!(BucketKind::parse("day"), None);
    }

    proptest! {
        /// A month's figures are the sum of its days: its histogram, would-recommend count, attribute counts and
        /// clicks equal those of the one-day periods inside it, and weeks and months hold the same totals.
        #[test]
        fn a_month_is_the_sum_of_its_days(
            rows in proptest::collection::vec((0i64..120, 0u8..7, any::<bool>(), 1u64..5), 0..60),
            clicks in proptest::collection::vec((0i64..120, 1u64..9), 0..20),
            start in 0i64..60,
            length in 1i64..100,
        ) {
            let base = day(2023, 12, 1);
            let ratings: Vec<DayRatings> = rows
                .iter()
                .map(|&(offset, rating, recommend, count)| rated(base + offset, rating, recommend, count))
                .collect();
            let attributes: Vec<DayAttribute> = rows
                .iter()
                .map(|&(offset, rating, _, count)| DayAttribute {
                    day: base + offset,
                    attribute: "fees".into(),
                    rating,
                    count,
                })
                .collect();
            let clicks: Vec<DayClicks> = clicks
                .iter()
                .map(|&(offset, count)| DayClicks { day: base + offset, count })
                .collect();
            let period = Period {
                from_ms: (base + start) * DAY_MS,
                to_ms: (base + start + length) * DAY_MS,
            };
            let months = bucketed(period, BucketKind::Month, &ratings, &attributes, &clicks);
            for month in &months {
                let first = month.start_ms / DAY_MS;
                let mut histogram = [0u64; 5];
                let (mut recommend, mut fees, mut clicked) = (0u64, 0u64, 0u64);
                for d in first.max(base + start)..(base + start + length) {
                    if BucketKind::Month.start(d) != first {
                        continue;
                    }
                    let one_day = Period { from_ms: d * DAY_MS, to_ms: (d + 1) * DAY_MS };
                    let days = bucketed(one_day, BucketKind::Month, &ratings, &attributes, &clicks);
                    prop_assert_eq!(days.len(), 1);
                    for (total, n) in histogram.iter_mut().zip(days[0].histogram) {
                        *total += n;
                    }
                    let day_count = days[0].count;
                    recommend += days[0]
                        .would_recommend_pct
                        .map_or(0, |pct| (pct * day_count as f64 / 100.0).round() as u64);
                    fees += days[0].attributes.get("fees").map_or(0, |a| a.count);
                    clicked += days[0].cta_clicks;
                }
                prop_assert_eq!(month.histogram, histogram);
                let month_recommend = month
                    .would_recommend_pct
                    .map_or(0, |pct| (pct * month.count as f64 / 100.0).round() as u64);
                prop_assert_eq!(month_recommend, recommend);
                prop_assert_eq!(month.attributes.get("fees").map_or(0, |a| a.count), fees);
                prop_assert_eq!(month.cta_clicks, clicked);
            }
            let weeks = bucketed(period, BucketKind::Week, &ratings, &attributes, &clicks);
            let total = |buckets: &[Bucket]| -> (u64, u64) {
                (buckets.iter().map(|b| b.count).sum(), buckets.iter().map(|b| b.cta_clicks).sum())
            };
            prop_assert_eq!(total(&weeks), total(&months));
        }
    }
}
