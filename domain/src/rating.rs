//! `Rating`: a star value that can only ever be 1 to 5.

use serde::{Deserialize, Serialize};

/// A star rating between 1 and 5 inclusive; no other value can be constructed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Rating(u8);

/// In the OpenAPI document a rating is an integer from 1 to 5, as the parser enforces.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Rating {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .minimum(Some(f64::from(Rating::MIN)))
            .maximum(Some(f64::from(Rating::MAX)))
            .description(Some("A star rating, 1 to 5."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Rating {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a rating must be between 1 and 5, got {0}")]
pub struct RatingOutOfRange(pub i64);

impl Rating {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 5;

    pub fn new(value: i64) -> Result<Self, RatingOutOfRange> {
        if (i64::from(Self::MIN)..=i64::from(Self::MAX)).contains(&value) {
            Ok(Rating(value as u8))
        } else {
            Err(RatingOutOfRange(value))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// Index 0..=4 into a five-bucket histogram.
    pub fn bucket(self) -> usize {
        usize::from(self.0 - 1)
    }
}

impl TryFrom<u8> for Rating {
    type Error = RatingOutOfRange;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Rating::new(i64::from(value))
    }
}

impl From<Rating> for u8 {
    fn from(rating: Rating) -> u8 {
        rating.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_one_to_five() {
        for value in 1..=5 {
            assert_eq!(Rating::new(value).map(Rating::get), Ok(value as u8));
        }
    }

    #[test]
    fn rejects_zero_six_and_negative() {
        for value in [0, 6, -1, 255, i64::MAX] {
            assert_eq!(Rating::new(value), Err(RatingOutOfRange(value)));
        }
    }

    #[test]
    fn deserialising_enforces_the_range() {
        assert!(serde_json::from_str::<Rating>("3").is_ok());
        assert!(serde_json::from_str::<Rating>("0").is_err());
        assert!(serde_json::from_str::<Rating>("6").is_err());
    }

    #[test]
    fn bucket_maps_stars_to_histogram_index() {
        assert_eq!(Rating::new(1).unwrap().bucket(), 0);
        assert_eq!(Rating::new(5).unwrap().bucket(), 4);
    }
}
