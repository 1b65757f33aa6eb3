//! Who sent a request, as the browser states it in `Sec-Fetch-Site` (a header page scripts cannot set or remove):
//! a page of the edge's own origin (the visitor's status frame), a page of any other origin (the firm's page, where
//! the widget sits), or no browser at all (server to server: no `Sec-Fetch-*` headers).
//!
//! The visitor's status token is a credential over their own review. It is handed only to the edge's own pages and
//! to servers, and only they may withdraw or revise with it, so the firm's page can never act for its visitors. It
//! never decides anything else (rate limits, origins and the token itself are checked as before).

use worker::Request;

use crate::error::ApiError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    /// `Sec-Fetch-Site: same-origin`: a page served by the edge itself.
    EdgePage,
    /// `Sec-Fetch-Site` with any other value (`same-site`, `cross-site`, `none`): a page the edge does not own.
    OtherPage,
    /// No `Sec-Fetch-Site`: a server, a script outside any browser, or a browser too old to send it.
    Server,
}

impl Caller {
    pub fn of(request: &Request) -> Caller {
        let site = request.headers().get("Sec-Fetch-Site").ok().flatten();
        Caller::from_header(site.as_deref())
    }

    fn from_header(site: Option<&str>) -> Caller {
        match site.map(str::trim) {
            None => Caller::Server,
            Some(site) if site.eq_ignore_ascii_case("same-origin") => Caller::EdgePage,
            Some(_) => Caller::OtherPage,
        }
    }

    /// Whether the answer to a submission may carry the status token.
    pub fn may_hold_status_token(self) -> bool {
        self != Caller::OtherPage
    }

    /// Withdraw and revise: refused (403 `same_origin_required`) from a page the edge does not own.
    pub fn require_author_page(self) -> Result<(), ApiError> {
        match self {
            Caller::OtherPage => Err(ApiError::forbidden(
                "same_origin_required",
                "Only the visitor can do this, from the review's status frame on the edge's own page.",
            )),
            Caller::EdgePage | Caller::Server => Ok(()),
        }
    }

    /// How an author's action was authorised, in the words the archive keeps with it.
    pub fn authorisation(self) -> &'static str {
        match self {
            Caller::EdgePage => {
                "Authorised by the review's status token, from the edge's own status frame (Sec-Fetch-Site: same-origin)."
            }
            Caller::OtherPage => {
                "Authorised by the review's status token, from a page of another origin."
            }
            Caller::Server => {
                "Authorised by the review's status token, server to server (no Sec-Fetch-Site)."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Caller;

    #[test]
    fn only_the_edges_own_pages_and_servers_hold_and_use_the_status_token() {
        assert_eq!(Caller::from_header(None), Caller::Server);
        assert_eq!(Caller::from_header(Some("same-origin")), Caller::EdgePage);
        for other in ["same-site", "cross-site", "none", "", "bogus"] {
            let caller = Caller::from_header(Some(other));
            assert_eq!(caller, Caller::OtherPage, "{other}");
            assert!(!caller.may_hold_status_token());
            assert!(caller.require_author_page().is_err());
        }
        for allowed in [Caller::EdgePage, Caller::Server] {
            assert!(allowed.may_hold_status_token());
            assert!(allowed.require_author_page().is_ok());
        }
    }
}
