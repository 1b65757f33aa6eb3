//! The neutrality report: per product and star bucket, how many reviews were submitted, approved (published) and
//! rejected, the approval rate and the time from submission to the decision — so anyone can see whether
//! moderation treats low and high ratings alike.
//!
//! The rules: a review counts in the period of its submission; its outcome is its current stage (published →
//! approved, rejected → rejected, withdrawn, anything else pending); the approval rate is approved / (approved +
//! rejected), so pending reviews do not lower it; time to decision runs from submission to the transition that
//! put the review in its current decided stage.

use serde::Serialize;

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

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductReport {
    pub product: String,
    /// Always five buckets, one star first.
    pub stars: Vec<StarBucket>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StarBucket {
    pub rating: u8,
    pub submitted: u64,
    pub approved: u64,
    pub rejected: u64,
    pub withdrawn: u64,
    pub pending: u64,
    /// approved / (approved + rejected); `None` before any decision.
    pub approval_rate: Option<f64>,
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
        approval_rate: None,
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
    bucket.approval_rate = (decided > 0).then(|| bucket.approved as f64 / decided as f64);
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
}

/// `GET /v1/admin/reports/neutrality`: decisions by star bucket per product over `[from, to)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeutralityReport {
    /// The product asked for; absent: every product of the tenant.
    pub product: Option<String>,
    pub from: i64,
    pub to: i64,
    pub products: Vec<ProductReport>,
}
