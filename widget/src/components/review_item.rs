//! One published review, as the first view and every later page of the list show it: stars, title, author, date,
//! badges, the text (clamped to four lines for display, with "Read more"; never cut), the recommendation, the firm's
//! approved response, and the helpful / report / read-more buttons the interactive list adopts through their data
//! attributes. Rendered on the edge only (feature `ssr`); the wasm carries no review markup.
//!
//! Everything a visitor wrote is text (escaped by Leptos); nothing here hides a review or decides by its rating.

use candor_domain::dto::PublicReview;
use leptos::prelude::*;

use crate::i18n::Lang;

/// `(year, month, day)` of a time in milliseconds since the Unix epoch (UTC), without a date library.
pub fn civil_date(ms: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days-from-civil inverse.
    let days = ms.div_euclid(86_400_000) + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2026-01-05`, for the `datetime` attribute.
pub fn iso_date(ms: i64) -> String {
    let (year, month, day) = civil_date(ms);
    format!("{year}-{month:02}-{day:02}")
}

/// A date in the visitor's language, machine-readable in `datetime`.
#[component]
pub fn ReviewDate(lang: Lang, ms: i64) -> impl IntoView {
    let (year, month, day) = civil_date(ms);
    view! { <time datetime=iso_date(ms)>{(lang.first_view_strings().date)(year, month, day)}</time> }
}

#[component]
pub fn ReviewItem(lang: Lang, review: PublicReview) -> impl IntoView {
    let (t, f) = (lang.form_strings(), lang.first_view_strings());
    let stars = review.rating.clamp(1, 5);
    let relationship = match review.relationship.as_str() {
        "client" => f.badge_client,
        "employee" => f.badge_employee,
        _ => f.badge_non_client,
    };
    let segment = review.segment.clone().filter(|s| !s.is_empty());
    let id = review.id.clone();
    view! {
        <li class="review" data-review=review.id.clone() data-rating=stars>
            <div class="review-head">
                <span class="review-stars" role="img" aria-label=(t.star_label)(stars)>
                    <span aria-hidden="true">{"★".repeat(usize::from(stars))}</span>
                    <span class="off" aria-hidden="true">{"★".repeat(usize::from(5 - stars))}</span>
                </span>
                <h4 class="review-title" lang=review.locale.clone()>{review.title}</h4>
            </div>
            // Who, when, their declared relationship and whether they recommend: one wrapping line.
            <div class="review-byline">
                <p class="review-meta">
                    <span class="author">{review.nickname}</span>
                    {segment.map(|segment| view! { " · "<span>{segment}</span> })}
                    " · "
                    <ReviewDate lang=lang ms=review.created_at/>
                </p>
                <p class="badges">
                    <span class=format!("badge badge-{}", review.relationship)>{relationship}</span>
                    {(review.incentive != "none").then(|| view! { <span class="badge badge-incentive">{f.badge_incentive}</span> })}
                    {review.verified_client.then(|| view! { <span class="badge badge-verified">{f.badge_verified}</span> })}
                </p>
                <p class="review-recommend">{if review.would_recommend { f.recommends } else { f.not_recommends }}</p>
            </div>
            <p class="review-body clamped" lang=review.locale>{review.body}</p>
            {review.response.map(|response| view! {
                <div class="response">
                    <p class="response-label">{f.firm_response}" · "<ReviewDate lang=lang ms=response.approved_at/></p>
                    <p class="response-body">{response.body}</p>
                </div>
            })}
            <div class="review-actions">
                <button type="button" class="link" data-helpful=id.clone() aria-pressed="false">
                    {f.helpful}" "<span data-count="">"("{review.helpful}")"</span>
                </button>
                <button type="button" class="link" data-report=id>{f.report}</button>
                // Shown by the loader, in the frame the item arrives in, when the body overflows its clamp.
                <button type="button" class="link read-more" data-candor-read-more="" aria-expanded="false">
                    <span class="more">{f.read_more}</span>
                    <span class="less">{f.show_less}</span>
                </button>
            </div>
        </li>
    }
}

/// The items of one page of the list, or one line saying that no published review matches the visitor's filter.
#[component]
pub fn ReviewItems(lang: Lang, reviews: Vec<PublicReview>) -> impl IntoView {
    let f = lang.first_view_strings();
    let empty = reviews.is_empty();
    view! {
        {empty.then(|| view! { <li class="review-empty">{f.no_matching}</li> })}
        {reviews.into_iter().map(|review| view! { <ReviewItem lang=lang review=review/> }).collect_view()}
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use candor_domain::dto::{FirmResponse, PublicReview};
    use leptos::prelude::*;

    use super::*;

    /// A published review with hostile text in every visitor field; the other tests of the widget start from it.
    pub(crate) fn review(id: &str, rating: u8) -> PublicReview {
        PublicReview {
            id: id.into(),
            rating,
            attributes: Default::default(),
            would_recommend: rating > 2,
            title: "<b>Fees</b> & more".into(),
            body: "Line one\n<script>alert(1)</script>".into(),
            nickname: "Ann \"A\"".into(),
            segment: Some("retiree".into()),
            relationship: "employee\"><script>".into(),
            incentive: "discount".into(),
            verified_client: false,
            locale: "en".into(),
            created_at: 1_767_571_200_000,
            helpful: 3,
            response: Some(FirmResponse {
                body: "Thanks <i>".into(),
                approved_at: 1_767_657_600_000,
            }),
        }
    }

    fn item(lang: Lang, review: PublicReview) -> String {
        view! { <ReviewItem lang=lang review=review/> }.to_html()
    }

    #[test]
    fn dates_are_computed_in_utc() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(1_767_571_200_000), (2026, 1, 5));
        assert_eq!(civil_date(951_782_400_000), (2000, 2, 29));
        assert_eq!(iso_date(1_767_571_200_000), "2026-01-05");
    }

    #[test]
    fn a_review_is_escaped_and_carries_its_badges_the_firm_response_and_read_more() {
        let html = item(Lang::En, review("r1", 1));
        assert!(
            !html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;Fees&lt;/b&gt; &amp; more"));
        assert!(
            html.contains("Line one\n&lt;script&gt;alert(1)&lt;/script&gt;"),
            "the text is kept whole"
        );
        assert!(html.contains(r#"Ann "A""#));
        assert!(
            html.contains("badge-employee&quot;&gt;&lt;script&gt;"),
            "attribute values are escaped"
        );
        assert!(html.contains("Incentivised"));
        assert!(!html.contains("Verified client"));
        assert!(html.contains("Response from the firm"));
        assert!(html.contains("Thanks &lt;i&gt;"));
        assert!(html.contains(r#"aria-label="1 of 5 stars""#));
        assert!(html.contains(r#"<time datetime="2026-01-05">5 Jan 2026</time>"#));
        assert!(html.contains(r#"aria-pressed="false""#));
        assert!(html.contains(r#"class="review-body clamped""#));
        assert!(html.contains(r#"data-candor-read-more="" aria-expanded="false""#));
        assert!(html.contains("Read more") && html.contains("Show less"));
    }

    #[test]
    fn the_chinese_item_has_chinese_dates_and_labels() {
        let html = item(Lang::ZhCn, review("r1", 5));
        assert!(html.contains("2026年1月5日"), "{html}");
        assert!(html.contains("展开全文"));
    }

    #[test]
    fn an_empty_page_says_that_nothing_matches() {
        let html = view! { <ReviewItems lang=Lang::En reviews=vec![]/> }.to_html();
        assert!(html.contains(r#"<li class="review-empty">"#), "{html}");
    }
}
