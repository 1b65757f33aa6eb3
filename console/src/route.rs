//! Where the console is: the part of the URL after `#`, so that reloading and the back button work and the edge
//! serves one static page. Pure: parsed and written here, read by `components::app`.

use candor_domain::Stage;

/// A console page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The queue of one stage (`flagged`: published reviews visitors reported).
    Queue(QueueName),
    /// One review, by id.
    Review(String),
    /// Reviews in every stage: search by stage, product, date and text.
    Reviews,
    /// Firm responses waiting for an owner.
    Responses,
    Escalations,
    Archive,
    /// The marketer's catalogue: product lines (visibility), products (call to action), attribute questions.
    Catalogue,
    /// The marketer's disclosure editor.
    Disclosure,
    /// The embed snippet generator (every role).
    Embed,
    /// The admin's pages: people and their roles, API tokens, the tenant's settings.
    People,
    Tokens,
    Settings,
    /// Trends of published reviews (every role) and the neutrality report (compliance and the owner).
    Analytics,
    Neutrality,
}

/// The four queues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueName {
    Screening,
    Compliance,
    Owner,
    Flagged,
}

impl QueueName {
    pub const ALL: [QueueName; 4] = [
        QueueName::Screening,
        QueueName::Compliance,
        QueueName::Owner,
        QueueName::Flagged,
    ];

    /// The `stage` parameter of `GET /v1/admin/queue`.
    pub fn api_name(self) -> &'static str {
        match self {
            QueueName::Screening => Stage::Screening.as_str(),
            QueueName::Compliance => Stage::ComplianceReview.as_str(),
            QueueName::Owner => Stage::OwnerReview.as_str(),
            QueueName::Flagged => "flagged",
        }
    }

    fn parse(name: &str) -> Option<QueueName> {
        QueueName::ALL
            .into_iter()
            .find(|queue| queue.api_name() == name)
    }
}

impl Route {
    pub fn parse(hash: &str) -> Option<Route> {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let mut parts = path.split('/');
        match (parts.next()?, parts.next(), parts.next()) {
            ("queue", Some(name), None) => QueueName::parse(name).map(Route::Queue),
            ("review", Some(id), None) if valid_id(id) => Some(Route::Review(id.to_owned())),
            ("reviews", None, None) => Some(Route::Reviews),
            ("responses", None, None) => Some(Route::Responses),
            ("escalations", None, None) => Some(Route::Escalations),
            ("archive", None, None) => Some(Route::Archive),
            ("catalogue", None, None) => Some(Route::Catalogue),
            ("disclosure", None, None) => Some(Route::Disclosure),
            ("embed", None, None) => Some(Route::Embed),
            ("people", None, None) => Some(Route::People),
            ("tokens", None, None) => Some(Route::Tokens),
            ("settings", None, None) => Some(Route::Settings),
            ("analytics", None, None) => Some(Route::Analytics),
            ("neutrality", None, None) => Some(Route::Neutrality),
            _ => None,
        }
    }

    /// The `href` of a link to this page.
    pub fn href(&self) -> String {
        match self {
            Route::Queue(queue) => format!("#/queue/{}", queue.api_name()),
            Route::Review(id) => format!("#/review/{id}"),
            Route::Reviews => "#/reviews".to_owned(),
            Route::Responses => "#/responses".to_owned(),
            Route::Escalations => "#/escalations".to_owned(),
            Route::Archive => "#/archive".to_owned(),
            Route::Catalogue => "#/catalogue".to_owned(),
            Route::Disclosure => "#/disclosure".to_owned(),
            Route::Embed => "#/embed".to_owned(),
            Route::People => "#/people".to_owned(),
            Route::Tokens => "#/tokens".to_owned(),
            Route::Settings => "#/settings".to_owned(),
            Route::Analytics => "#/analytics".to_owned(),
            Route::Neutrality => "#/neutrality".to_owned(),
        }
    }
}

/// Review ids are what the edge made (letters, digits, `-`); anything else is not a page.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_read_back_from_their_links() {
        for route in [
            Route::Queue(QueueName::Screening),
            Route::Queue(QueueName::Flagged),
            Route::Review("r-123".to_owned()),
            Route::Reviews,
            Route::Responses,
            Route::Escalations,
            Route::Archive,
            Route::Catalogue,
            Route::Disclosure,
            Route::Embed,
            Route::People,
            Route::Tokens,
            Route::Settings,
            Route::Analytics,
            Route::Neutrality,
        ] {
            assert_eq!(Route::parse(&route.href()), Some(route));
        }
    }

    #[test]
    fn unknown_or_hostile_hashes_are_no_page() {
        for hash in [
            "",
            "#/",
            "#/queue/published",
            "#/review/",
            "#/review/a%22b",
            "#/review/<x>",
            "#/archive/x",
        ] {
            assert_eq!(Route::parse(hash), None, "{hash}");
        }
    }
}
