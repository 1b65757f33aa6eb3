//! Per-product aggregates: count, sum, five-bucket histogram and would-recommend count, updated incrementally; the mean is computed on read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::rating::Rating;
use crate::review::ValidReview;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// The overall aggregate and one per attribute key, for one population of reviews.
/// An attribute appears only while at least one published review rated it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggregateSet {
    pub overall: Aggregate,
    pub attributes: BTreeMap<String, Aggregate>,
}

impl AggregateSet {
    pub fn apply(&mut self, review: &ValidReview) {
        self.overall.apply(review.rating, review.would_recommend);
        for (key, rating) in &review.attributes {
            self.attributes
                .entry(key.clone())
                .or_default()
                .apply(*rating, review.would_recommend);
        }
    }

    pub fn revert(&mut self, review: &ValidReview) {
        self.overall.revert(review.rating, review.would_recommend);
        for (key, rating) in &review.attributes {
            if let Some(aggregate) = self.attributes.get_mut(key) {
                aggregate.revert(*rating, review.would_recommend);
                // Dropping emptied entries keeps incremental state equal to a rebuild.
                if aggregate.count == 0 {
                    self.attributes.remove(key);
                }
            }
        }
    }
}

/// Which population a tenant shows; the widget says which one it is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AggregateRule {
    /// Every published review.
    #[default]
    AllReviews,
    /// Published reviews excluding employees and incentivised reviewers.
    IndependentOnly,
}

impl AggregateRule {
    pub fn as_str(self) -> &'static str {
        match self {
            AggregateRule::AllReviews => "all_reviews",
            AggregateRule::IndependentOnly => "independent_only",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [AggregateRule::AllReviews, AggregateRule::IndependentOnly]
            .into_iter()
            .find(|rule| rule.as_str() == name)
    }
}

/// A product's aggregates, kept twice: all reviews, and independent reviews only.
/// Publishing calls `apply`, unpublishing `revert`, in the same storage batch as the stage change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggregatePair {
    pub all: AggregateSet,
    pub independent: AggregateSet,
}

impl AggregatePair {
    pub fn apply(&mut self, review: &ValidReview) {
        self.all.apply(review);
        if review.is_independent() {
            self.independent.apply(review);
        }
    }

    pub fn revert(&mut self, review: &ValidReview) {
        self.all.revert(review);
        if review.is_independent() {
            self.independent.revert(review);
        }
    }

    /// Recomputes from scratch from the currently published reviews; equals the incremental state.
    pub fn rebuild<'a>(published: impl IntoIterator<Item = &'a ValidReview>) -> Self {
        let mut pair = AggregatePair::default();
        for review in published {
            pair.apply(review);
        }
        pair
    }

    /// The population the tenant's rule selects for display.
    pub fn shown(&self, rule: AggregateRule) -> &AggregateSet {
        match rule {
            AggregateRule::AllReviews => &self.all,
            AggregateRule::IndependentOnly => &self.independent,
        }
    }
}

/// The signed change one review makes to one stored aggregate row: `+1` rating on publish, `-1` on unpublish.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AggregateDelta {
    pub count: i64,
    pub sum: i64,
    pub histogram: [i64; 5],
    pub would_recommend: i64,
}

impl AggregateDelta {
    fn of(rating: Rating, would_recommend: bool, sign: i64) -> Self {
        let mut histogram = [0; 5];
        histogram[rating.bucket()] = sign;
        AggregateDelta {
            count: sign,
            sum: sign * i64::from(rating.get()),
            histogram,
            would_recommend: sign * i64::from(would_recommend),
        }
    }
}

/// Which stored row a delta applies to: a scope (`all` or `independent`) and the overall row or one attribute's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScopedDelta {
    /// `"all"` or `"independent"`, as stored.
    pub scope: &'static str,
    /// `None` for the overall aggregate, else the attribute key.
    pub attribute: Option<String>,
    pub delta: AggregateDelta,
}

impl AggregatePair {
    /// The row changes that `apply` (publish, `sign = 1`) or `revert` (unpublish, `sign = -1`) make,
    /// so that storage can replay them as additions in the same batch as the stage change.
    /// Any other `sign` yields no change.
    pub fn deltas(review: &ValidReview, sign: i64) -> Vec<ScopedDelta> {
        if sign != 1 && sign != -1 {
            return Vec::new();
        }
        let mut scopes = vec!["all"];
        if review.is_independent() {
            scopes.push("independent");
        }
        let mut deltas = Vec::new();
        for scope in scopes {
            deltas.push(ScopedDelta {
                scope,
                attribute: None,
                delta: AggregateDelta::of(review.rating, review.would_recommend, sign),
            });
            for (key, rating) in &review.attributes {
                deltas.push(ScopedDelta {
                    scope,
                    attribute: Some(key.clone()),
                    delta: AggregateDelta::of(*rating, review.would_recommend, sign),
                });
            }
        }
        deltas
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::{Incentive, Locale, Relationship};
    use proptest::prelude::*;

    fn review(
        stars: i64,
        recommend: bool,
        attributes: &[(&str, i64)],
        relationship: Relationship,
        incentive: Incentive,
    ) -> ValidReview {
        ValidReview {
            rating: Rating::new(stars).unwrap(),
            attributes: attributes
                .iter()
                .map(|(key, stars)| ((*key).to_owned(), Rating::new(*stars).unwrap()))
                .collect(),
            would_recommend: recommend,
            title: "t".into(),
            body: "b".repeat(20),
            nickname: "n".into(),
            segment: None,
            relationship,
            incentive,
            locale: Locale::En,
            contact_email: None,
        }
    }

    /// Adds stored-row deltas onto a pair, as storage does, dropping emptied attribute rows like `revert`.
    fn add_deltas(pair: &mut AggregatePair, deltas: &[ScopedDelta]) {
        for scoped in deltas {
            let set = if scoped.scope == "all" {
                &mut pair.all
            } else {
                &mut pair.independent
            };
            let target = match &scoped.attribute {
                None => &mut set.overall,
                Some(key) => set.attributes.entry(key.clone()).or_default(),
            };
            let d = scoped.delta;
            target.count = target.count.checked_add_signed(d.count).unwrap();
            target.sum = target.sum.checked_add_signed(d.sum).unwrap();
            for (bucket, change) in target.histogram.iter_mut().zip(d.histogram) {
                *bucket = bucket.checked_add_signed(change).unwrap();
            }
            target.would_recommend = target
                .would_recommend
                .checked_add_signed(d.would_recommend)
                .unwrap();
        }
        for set in [&mut pair.all, &mut pair.independent] {
            set.attributes.retain(|_, aggregate| aggregate.count > 0);
        }
    }

    #[test]
    fn deltas_replay_apply_and_revert_exactly() {
        let reviews = [
            review(
                5,
                true,
                &[("fees", 5), ("service", 2)],
                Relationship::Client,
                Incentive::None,
            ),
            review(
                2,
                false,
                &[("fees", 1)],
                Relationship::Employee,
                Incentive::None,
            ),
            review(3, true, &[], Relationship::Client, Incentive::Discount),
        ];
        let mut incremental = AggregatePair::default();
        let mut stored = AggregatePair::default();
        for review in &reviews {
            incremental.apply(review);
            add_deltas(&mut stored, &AggregatePair::deltas(review, 1));
            assert_eq!(stored, incremental);
        }
        incremental.revert(&reviews[0]);
        add_deltas(&mut stored, &AggregatePair::deltas(&reviews[0], -1));
        assert_eq!(stored, incremental);
        assert!(AggregatePair::deltas(&reviews[0], 0).is_empty());
    }

    #[test]
    fn insiders_and_incentivised_count_only_in_all() {
        let mut pair = AggregatePair::default();
        pair.apply(&review(
            5,
            true,
            &[("fees", 5)],
            Relationship::Employee,
            Incentive::None,
        ));
        pair.apply(&review(
            4,
            true,
            &[],
            Relationship::Client,
            Incentive::Discount,
        ));
        pair.apply(&review(
            2,
            false,
            &[("fees", 1)],
            Relationship::NonClient,
            Incentive::None,
        ));
        assert_eq!(pair.all.overall.count, 3);
        assert_eq!(pair.independent.overall.count, 1);
        assert_eq!(pair.independent.attributes["fees"].sum, 1);
        assert_eq!(pair.all.attributes["fees"].sum, 6);
        assert_eq!(
            pair.shown(AggregateRule::IndependentOnly).overall.mean(),
            Some(2.0)
        );
    }

    #[test]
    fn reverting_the_last_rating_of_an_attribute_removes_it() {
        let mut pair = AggregatePair::default();
        let one = review(
            3,
            true,
            &[("advice", 4)],
            Relationship::Client,
            Incentive::None,
        );
        pair.apply(&one);
        pair.revert(&one);
        assert_eq!(pair, AggregatePair::default());
    }

    #[test]
    fn rule_names_round_trip() {
        for rule in [AggregateRule::AllReviews, AggregateRule::IndependentOnly] {
            assert_eq!(AggregateRule::parse(rule.as_str()), Some(rule));
            assert_eq!(
                serde_json::to_string(&rule).unwrap(),
                format!("\"{}\"", rule.as_str())
            );
        }
    }

    fn arbitrary_review() -> impl Strategy<Value = ValidReview> {
        (
            1i64..=5,
            any::<bool>(),
            proptest::collection::btree_map(
                prop_oneof![Just("fees"), Just("advice"), Just("service")],
                1i64..=5,
                0..3,
            ),
            prop_oneof![
                Just(Relationship::Client),
                Just(Relationship::NonClient),
                Just(Relationship::Employee)
            ],
            prop_oneof![Just(Incentive::None), Just(Incentive::Payment)],
        )
            .prop_map(|(stars, recommend, attributes, relationship, incentive)| {
                let attributes: Vec<(&str, i64)> = attributes.into_iter().collect();
                review(stars, recommend, &attributes, relationship, incentive)
            })
    }

    proptest! {
        #[test]
        fn pair_incremental_equals_rebuild(
            ops in proptest::collection::vec((arbitrary_review(), any::<bool>(), any::<prop::sample::Index>()), 0..120)
        ) {
            let mut published: Vec<ValidReview> = Vec::new();
            let mut incremental = AggregatePair::default();
            for (review, publish, pick) in ops {
                if publish || published.is_empty() {
                    incremental.apply(&review);
                    published.push(review);
                } else {
                    let review = published.remove(pick.index(published.len()));
                    incremental.revert(&review);
                }
                prop_assert_eq!(&incremental, &AggregatePair::rebuild(&published));
            }
        }
    }

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
