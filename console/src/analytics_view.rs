//! What the analytics page shows, computed from the API's `AnalyticsReport`: one row per week or month for the
//! chosen measure (overall rating or one attribute), the totals of a period (for the comparison of two periods) and
//! the CSV of the table. Pure: the page renders these, the tests hold them to the API's numbers.

use candor_domain::analytics::AnalyticsReport;
use candor_domain::csv;

/// Overall ratings, or the ratings of one attribute (`fees`, `service`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    Overall,
    Attribute(String),
}

impl Measure {
    /// From the page's picker: empty is overall.
    pub fn from_choice(choice: &str) -> Measure {
        if choice.is_empty() {
            Measure::Overall
        } else {
            Measure::Attribute(choice.to_owned())
        }
    }
}

/// One week or month as the table, the charts and the CSV show it. For an attribute, `count` and `mean` are its
/// own; the would-recommend share, the distribution and the clicks are always the reviews' (an attribute has none).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub start: String,
    pub count: u64,
    pub mean: Option<f64>,
    pub would_recommend_pct: Option<f64>,
    pub histogram: [u64; 5],
    pub cta_clicks: u64,
}

pub fn rows(report: &AnalyticsReport, measure: &Measure) -> Vec<Row> {
    report
        .buckets
        .iter()
        .map(|bucket| {
            let (count, mean) = match measure {
                Measure::Overall => (bucket.count, bucket.mean),
                Measure::Attribute(key) => bucket
                    .attributes
                    .get(key)
                    .map_or((0, None), |figures| (figures.count, figures.mean)),
            };
            Row {
                label: bucket.label.clone(),
                start: bucket.start.clone(),
                count,
                mean,
                would_recommend_pct: bucket.would_recommend_pct,
                histogram: bucket.histogram,
                cta_clicks: bucket.cta_clicks,
            }
        })
        .collect()
}

/// Every attribute key that has ratings in the report, sorted.
pub fn attribute_keys(report: &AnalyticsReport) -> Vec<String> {
    let mut keys: Vec<String> = report
        .buckets
        .iter()
        .flat_map(|bucket| bucket.attributes.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A whole period in one row: counts and clicks summed, mean and share weighted by each bucket's count.
#[derive(Debug, Clone, PartialEq)]
pub struct Totals {
    pub count: u64,
    pub mean: Option<f64>,
    pub would_recommend_pct: Option<f64>,
    pub histogram: [u64; 5],
    pub cta_clicks: u64,
}

pub fn totals(rows: &[Row]) -> Totals {
    let count: u64 = rows.iter().map(|row| row.count).sum();
    let mut histogram = [0u64; 5];
    for row in rows {
        for (total, n) in histogram.iter_mut().zip(row.histogram) {
            *total += n;
        }
    }
    let reviews: u64 = histogram.iter().sum();
    let weighted = |value: fn(&Row) -> Option<f64>, weight: fn(&Row) -> u64, whole: u64| {
        (whole > 0).then(|| {
            rows.iter()
                .filter_map(|row| Some(value(row)? * weight(row) as f64))
                .sum::<f64>()
                / whole as f64
        })
    };
    Totals {
        count,
        mean: weighted(|row| row.mean, |row| row.count, count),
        would_recommend_pct: weighted(
            |row| row.would_recommend_pct,
            |row| row.histogram.iter().sum(),
            reviews,
        ),
        histogram,
        cta_clicks: rows.iter().map(|row| row.cta_clicks).sum(),
    }
}

/// `3.6`, or an empty cell when there is nothing to average.
pub fn one_decimal(value: Option<f64>) -> String {
    value.map(|value| format!("{value:.1}")).unwrap_or_default()
}

/// `b - a` with a sign (`+0.4`, `-2`), or empty when either side is missing.
pub fn difference(a: Option<f64>, b: Option<f64>, decimals: usize) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!("{:+.*}", decimals, b - a),
        _ => String::new(),
    }
}

/// The table as CSV, with the same columns and numbers as the page's table: `header` names the columns (in the
/// page's language), then one line per row.
pub fn csv_text(header: &[&str], rows: &[Row]) -> String {
    let mut text = csv::line(header);
    for row in rows {
        let mut cells = vec![
            row.label.clone(),
            row.start.clone(),
            row.count.to_string(),
            one_decimal(row.mean),
            one_decimal(row.would_recommend_pct),
        ];
        cells.extend(row.histogram.iter().map(u64::to_string));
        cells.push(row.cta_clicks.to_string());
        text.push_str(&csv::line(&cells));
    }
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use candor_domain::analytics::{AttributeFigures, Bucket};

    use super::*;

    fn bucket(
        label: &str,
        histogram: [u64; 5],
        recommend: u64,
        fees: Option<(u64, f64)>,
    ) -> Bucket {
        let count: u64 = histogram.iter().sum();
        let sum: u64 = (1..=5).zip(histogram).map(|(stars, n)| stars * n).sum();
        Bucket {
            label: label.into(),
            start: "2026-03-02".into(),
            start_ms: 0,
            count,
            mean: (count > 0).then(|| sum as f64 / count as f64),
            histogram,
            would_recommend_pct: (count > 0).then(|| 100.0 * recommend as f64 / count as f64),
            attributes: fees
                .map(|(count, mean)| {
                    BTreeMap::from([(
                        "fees".to_owned(),
                        AttributeFigures {
                            count,
                            mean: Some(mean),
                        },
                    )])
                })
                .unwrap_or_default(),
            cta_clicks: 3,
        }
    }

    fn report() -> AnalyticsReport {
        AnalyticsReport {
            product: None,
            from: 0,
            to: 0,
            bucket: "week".into(),
            buckets: vec![
                bucket("2026-W10", [0, 1, 0, 0, 1], 1, Some((2, 3.0))),
                bucket("2026-W11", [0; 5], 0, None),
                bucket("2026-W12", [1, 0, 0, 1, 0], 1, Some((1, 5.0))),
            ],
            products: Vec::new(),
        }
    }

    #[test]
    fn rows_follow_the_measure_and_totals_weigh_by_count() {
        let overall = rows(&report(), &Measure::Overall);
        assert_eq!(overall[0].count, 2);
        assert_eq!(overall[0].mean, Some(3.5));
        let all = totals(&overall);
        assert_eq!((all.count, all.cta_clicks), (4, 9));
        assert_eq!(all.mean, Some(3.0));
        assert_eq!(all.would_recommend_pct, Some(50.0));
        assert_eq!(all.histogram, [1, 1, 0, 1, 1]);
        let fees = rows(&report(), &Measure::from_choice("fees"));
        assert_eq!((fees[0].count, fees[1].count, fees[2].count), (2, 0, 1));
        let fees = totals(&fees);
        assert_eq!(fees.mean, Some(11.0 / 3.0));
        assert_eq!(fees.would_recommend_pct, Some(50.0), "the reviews' share");
        assert_eq!(attribute_keys(&report()), ["fees"]);
        assert_eq!(difference(Some(3.5), Some(3.0), 1), "-0.5");
        assert_eq!(difference(Some(1.0), Some(3.0), 0), "+2");
        assert_eq!(difference(None, Some(3.0), 1), "");
    }

    #[test]
    fn the_csv_has_the_tables_columns_and_escapes_cells() {
        let text = csv_text(&["=week", "start"], &rows(&report(), &Measure::Overall));
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "'=week,start");
        assert_eq!(lines[1], "2026-W10,2026-03-02,2,3.5,50.0,0,1,0,0,1,3");
        assert_eq!(lines[2], "2026-W11,2026-03-02,0,,,0,0,0,0,0,3");
        assert_eq!(lines.len(), 5, "three rows and the final line end");
    }
}
