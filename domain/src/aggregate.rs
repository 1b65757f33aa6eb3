//! Per-product aggregates: count, sum, five-bucket histogram and would-recommend count, updated incrementally; the mean is computed on read.

use serde::{Deserialize, Serialize};

use crate::rating::Rating;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregate {
    pub count: u64,
    pub sum: u64,
    /// `histogram[0]` counts one-star ratings, `histogram[4]` five-star ratings.
    pub histogram: [u64; 5],
    pub would_recommend: u64,
}

impl Aggregate {
    /// Adds one published rating.
    pub fn apply(&mut self, rating: Rating, would_recommend: bool) {
        self.count += 1;
        self.sum += u64::from(rating.get());
        self.histogram[rating.bucket()] += 1;
        self.would_recommend += u64::from(would_recommend);
    }

    /// Removes one previously applied rating (unpublish). Saturates rather than wrapping on a mismatch.
    pub fn revert(&mut self, rating: Rating, would_recommend: bool) {
        self.count = self.count.saturating_sub(1);
        self.sum = self.sum.saturating_sub(u64::from(rating.get()));
        self.histogram[rating.bucket()] = self.histogram[rating.bucket()].saturating_sub(1);
        self.would_recommend = self
            .would_recommend
            .saturating_sub(u64::from(would_recommend));
    }

    /// Mean star value, `None` when nothing is published.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// Share of reviewers who would recommend, 0–100, rounded to the nearest whole percent.
    pub fn would_recommend_percent(&self) -> Option<u8> {
        (self.count > 0).then(|| ((self.would_recommend * 100 + self.count / 2) / self.count) as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mean_and_percent() {
        let mut aggregate = Aggregate::default();
        assert_eq!(aggregate.mean(), None);
        aggregate.apply(Rating::new(5).unwrap(), true);
        aggregate.apply(Rating::new(2).unwrap(), false);
        aggregate.apply(Rating::new(2).unwrap(), true);
        assert_eq!(aggregate.mean(), Some(3.0));
        assert_eq!(aggregate.histogram, [0, 2, 0, 0, 1]);
        assert_eq!(aggregate.would_recommend_percent(), Some(67));
    }

    proptest! {
        #[test]
        fn incremental_equals_rebuild(ops in proptest::collection::vec((1i64..=5, any::<bool>(), any::<bool>()), 0..200)) {
            let mut published: Vec<(Rating, bool)> = Vec::new();
            let mut incremental = Aggregate::default();
            for (stars, recommend, publish) in ops {
                let rating = Rating::new(stars).unwrap();
                if publish || published.is_empty() {
                    incremental.apply(rating, recommend);
                    published.push((rating, recommend));
                } else {
                    let (rating, recommend) = published.remove(0);
                    incremental.revert(rating, recommend);
                }
            }
            let mut rebuilt = Aggregate::default();
            for (rating, recommend) in &published {
                rebuilt.apply(*rating, *recommend);
            }
            prop_assert_eq!(incremental, rebuilt);
        }
    }
}
