//! The neutrality report: per product and star bucket, how many reviews were submitted, approved (published) and
//! rejected, the approval rate and the time from submission to the decision — so anyone can see whether
//! moderation treats low and high ratings alike.
//!
//! The rules: a review counts in the period of its submission; its outcome is its current stage (published →
//! approved, rejected → rejected, withdrawn, anything else pending); the approval rate is approved / (approved +
//! rejected), so pending reviews do not lower it; time to decision runs from submission to the transition that
//! put the review in its current decided stage; the 95 % interval of a rate is Wilson's score interval; a warning
//! names two buckets of a product with at least `MIN_DECISIONS` decisions each whose approval rates differ by more
//! than the tenant's threshold (`TenantSettings::neutrality_alert_points`).

use serde::{Deserialize, Serialize};

use crate::stage::Stage;

/// One submitted review as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub product: String,
    pub rating: u8,
    pub stage: Stage,
    pub submitted_at: i64,
    /// When the review entered its current stage, for published and rejected reviews.
    pub decided_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductReport {
    pub product: String,
    /// Always five buckets, one star first.
    pub stars: Vec<StarBucket>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StarBucket {
    pub rating: u8,
    pub submitted: u64,
    pub approved: u64,
    pub rejected: u64,
    pub withdrawn: u64,
    pub pending: u64,
    /// approved + rejected: the decisions the rate is made of.
    pub decisions: u64,
    /// approved / (approved + rejected); `None` before any decision.
    pub approval_rate: Option<f64>,
    /// The 95 % Wilson score interval of the approval rate, `[low, high]` in 0–1; `None` before any decision.
    pub approval_interval: Option<[f64; 2]>,
    /// Milliseconds from submission to decision over approved and rejected reviews.
    pub decision_ms_median: Option<f64>,
    pub decision_ms_mean: Option<f64>,
}

/// The report for `products` (in that order; a product without submissions has five empty buckets).
/// Submissions of other products and ratings outside 1–5 are ignored.
pub fn report(products: &[String], submissions: &[Submission]) -> Vec<ProductReport> {
    products
        .iter()
        .map(|product| ProductReport {
            product: product.clone(),
            stars: (1..=5u8)
                .map(|rating| {
                    bucket(
                        rating,
                        submissions
                            .iter()
                            .filter(|s| &s.product == product && s.rating == rating),
                    )
                })
                .collect(),
        })
        .collect()
}

fn bucket<'a>(rating: u8, submissions: impl Iterator<Item = &'a Submission>) -> StarBucket {
    let mut bucket = StarBucket {
        rating,
        submitted: 0,
        approved: 0,
        rejected: 0,
        withdrawn: 0,
        pending: 0,
        decisions: 0,
        approval_rate: None,
        approval_interval: None,
        decision_ms_median: None,
        decision_ms_mean: None,
    };
    let mut durations: Vec<i64> = Vec::new();
    for submission in submissions {
        bucket.submitted += 1;
        let decided = match submission.stage {
            Stage::Published => {
                bucket.approved += 1;
                true
            }
            Stage::Rejected => {
                bucket.rejected += 1;
                true
            }
            Stage::Withdrawn => {
                bucket.withdrawn += 1;
                false
            }
            Stage::Screening | Stage::ComplianceReview | Stage::OwnerReview => {
                bucket.pending += 1;
                false
            }
        };
        if let (true, Some(decided_at)) = (decided, submission.decided_at) {
            durations.push((decided_at - submission.submitted_at).max(0));
        }
    }
    let decided = bucket.approved + bucket.rejected;
    bucket.decisions = decided;
    bucket.approval_rate = (decided > 0).then(|| bucket.approved as f64 / decided as f64);
    bucket.approval_interval = wilson_interval(bucket.approved, decided);
    durations.sort_unstable();
    let n = durations.len();
    if n > 0 {
        bucket.decision_ms_mean = Some(durations.iter().sum::<i64>() as f64 / n as f64);
        bucket.decision_ms_median = Some(if n % 2 == 1 {
            durations[n / 2] as f64
        } else {
            (durations[n / 2 - 1] + durations[n / 2]) as f64 / 2.0
        });
    }
    bucket
}

/// z for a two-sided 95 % interval.
const Z_95: f64 = 1.959_963_984_540_054;

/// Wilson's score interval (95 %) of `successes` out of `trials`; `None` without trials. Unlike the normal
/// approximation it stays inside 0–1 and is not empty at 0 % or 100 %.
pub fn wilson_interval(successes: u64, trials: u64) -> Option<[f64; 2]> {
    if trials == 0 {
        return None;
    }
    let n = trials as f64;
    let p = successes.min(trials) as f64 / n;
    let z2 = Z_95 * Z_95;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z_95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    Some([(centre - half).max(0.0), (centre + half).min(1.0)])
}

/// The fewest decisions a bucket needs before its rate is compared with another's.
pub const MIN_DECISIONS: u64 = 30;

/// The threshold when the tenant set none, in percentage points.
pub const DEFAULT_ALERT_POINTS: u32 = 10;

/// Two star buckets of one product whose approval rates differ by more than the tenant's threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeutralityWarning {
    pub product: String,
    /// The two buckets, fewer stars first.
    pub ratings: [u8; 2],
    /// Their approval rates (0–1), in the same order.
    pub approval_rates: [f64; 2],
    /// |difference| in percentage points.
    pub difference_points: f64,
}

/// Every pair of buckets (per product) with at least `MIN_DECISIONS` decisions each whose approval rates differ by
/// more than `threshold_points` percentage points.
pub fn warnings(products: &[ProductReport], threshold_points: u32) -> Vec<NeutralityWarning> {
    let mut found = Vec::new();
    for product in products {
        let rated: Vec<(u8, f64)> = product
            .stars
            .iter()
            .filter(|bucket| bucket.decisions >= MIN_DECISIONS)
            .filter_map(|bucket| Some((bucket.rating, bucket.approval_rate?)))
            .collect();
        for (index, &(low, low_rate)) in rated.iter().enumerate() {
            for &(high, high_rate) in &rated[index + 1..] {
                let difference_points = (high_rate - low_rate).abs() * 100.0;
                // The tolerance keeps a difference of exactly the threshold (29/30 − 20/30 = 30 points) from
                // counting as more through floating-point rounding.
                if difference_points > f64::from(threshold_points) + 1e-9 {
                    found.push(NeutralityWarning {
                        product: product.product.clone(),
                        ratings: [low, high],
                        approval_rates: [low_rate, high_rate],
                        difference_points,
                    });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submission(rating: u8, stage: Stage, decision_ms: Option<i64>) -> Submission {
        Submission {
            product: "savings".into(),
            rating,
            stage,
            submitted_at: 1_000,
            decided_at: decision_ms.map(|ms| 1_000 + ms),
        }
    }

    #[test]
    fn counts_outcomes_rates_and_decision_times_per_star() {
        let rows = [
            submission(1, Stage::Published, Some(300)),
            submission(1, Stage::Rejected, Some(100)),
            submission(1, Stage::Published, Some(200)),
            submission(1, Stage::ComplianceReview, None),
            submission(1, Stage::Withdrawn, None),
            submission(5, Stage::Published, Some(400)),
            submission(5, Stage::Published, Some(600)),
            Submission {
                product: "other".into(),
                ..submission(5, Stage::Rejected, Some(1))
            },
        ];
        let report = report(&["savings".into(), "empty".into()], &rows);
        assert_eq!(report.len(), 2);
        let one = &report[0].stars[0];
        assert_eq!(
            (
                one.rating,
                one.submitted,
                one.approved,
                one.rejected,
                one.withdrawn,
                one.pending
            ),
            (1, 5, 2, 1, 1, 1)
        );
        assert_eq!(one.approval_rate, Some(2.0 / 3.0));
        assert_eq!(one.decision_ms_median, Some(200.0));
        assert_eq!(one.decision_ms_mean, Some(200.0));
        let five = &report[0].stars[4];
        assert_eq!((five.submitted, five.approved, five.rejected), (2, 2, 0));
        assert_eq!(five.approval_rate, Some(1.0));
        assert_eq!(five.decision_ms_median, Some(500.0));
        let three = &report[0].stars[2];
        assert_eq!(
            (three.submitted, three.approval_rate, three.decision_ms_mean),
            (0, None, None)
        );
        assert!(report[1].stars.iter().all(|bucket| bucket.submitted == 0));
    }

    #[test]
    fn wilson_intervals_match_published_values() {
        assert_eq!(wilson_interval(0, 0), None);
        let close = |a: f64, b: f64| (a - b).abs() < 5e-4;
        // 8 of 10: 0.490 to 0.943; 0 of 10: 0 to 0.278; 50 of 50: 0.929 to 1.
        let [low, high] = wilson_interval(8, 10).unwrap();
        assert!(close(low, 0.4902) && close(high, 0.9433), "{low} {high}");
        let [low, high] = wilson_interval(0, 10).unwrap();
        assert!(close(low, 0.0) && close(high, 0.2775), "{low} {high}");
        let [low, high] = wilson_interval(50, 50).unwrap();
        assert!(close(low, 0.9287) && close(high, 1.0), "{low} {high}");
    }

    fn decided(rating: u8, approved: u64, rejected: u64) -> Vec<Submission> {
        let mut rows = Vec::new();
        for index in 0..approved + rejected {
            let stage = if index < approved {
                Stage::Published
            } else {
                Stage::Rejected
            };
            rows.push(submission(rating, stage, Some(10)));
        }
        rows
    }

    #[test]
    fn warns_only_for_buckets_with_enough_decisions_that_differ_beyond_the_threshold() {
        let mut rows = decided(1, 20, 10); // 66.7 %, 30 decisions
        rows.extend(decided(5, 29, 1)); // 96.7 %, 30 decisions
        rows.extend(decided(3, 29, 0)); // 100 %, only 29 decisions: never compared
        rows.extend(decided(4, 27, 3)); // 90 %
        let report = report(&["savings".into()], &rows);
        assert_eq!(report[0].stars[0].decisions, 30);
        let found = warnings(&report, 10);
        let pairs: Vec<[u8; 2]> = found.iter().map(|w| w.ratings).collect();
        assert_eq!(pairs, [[1, 4], [1, 5]]);
        assert!((found[1].difference_points - 30.0).abs() < 1e-9);
        assert_eq!(found[1].product, "savings");
        assert_eq!(found[1].approval_rates, [20.0 / 30.0, 29.0 / 30.0]);
        // 30 points is not more than 30; 23.3 is more than 23.
        assert_eq!(warnings(&report, 30).len(), 0);
        assert_eq!(warnings(&report, 23).len(), 2);
        assert_eq!(warnings(&report, 24).len(), 1);
    }
}

/// `GET /v1/admin/reports/neutrality`: decisions by star bucket per product over `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeutralityReport {
    /// The product asked for; absent: every product of the tenant.
    pub product: Option<String>,
    pub from: i64,
    pub to: i64,
    pub products: Vec<ProductReport>,
    /// The tenant's threshold in percentage points (`neutrality_alert_points`).
    pub threshold_points: u32,
    /// Pairs of buckets that differ by more than the threshold (see `warnings`).
    pub warnings: Vec<NeutralityWarning>,
}
