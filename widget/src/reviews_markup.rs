//! The reviews list as escaped HTML strings, rendered on the edge only (feature `ssr`): the section of the first
//! view, and the items of every later page the interactive list asks for (`/embed/{product}/reviews`), so both look
//! the same, nothing moves when the wasm takes over, and the wasm carries no review markup at all.
//!
//! Everything a visitor wrote goes through `escape`; nothing here ever hides a review or decides by its rating.

use candor_domain::ReasonCode;
use candor_domain::dto::PublicReview;

use crate::i18n::{FirstViewStrings, Lang, Strings};
use crate::markup::escape;

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
fn iso_date(ms: i64) -> String {
    let (year, month, day) = civil_date(ms);
    let two = |n: u32| {
        if n < 10 {
            ["0", &n.to_string()].concat()
        } else {
            n.to_string()
        }
    };
    [&year.to_string(), "-", &two(month), "-", &two(day)].concat()
}

fn date(f: &FirstViewStrings, ms: i64) -> String {
    let (year, month, day) = civil_date(ms);
    [
        r#"<time datetime=""#,
        &iso_date(ms),
        r#"">"#,
        &(f.date)(year, month, day),
        "</time>",
    ]
    .concat()
}

/// One published review: stars, title, author, date, badges, text, recommendation, the firm's approved
/// response, and the helpful / report buttons.
pub fn review_item(t: &Strings, f: &FirstViewStrings, review: &PublicReview) -> String {
    let id = escape(&review.id);
    let stars = review.rating.clamp(1, 5);
    let mut out = String::with_capacity(1_200 + review.body.len());
    out.push_str(
        &[
            r#"<li class="review" data-review=""#,
            &id,
            r#"" data-rating=""#,
            &stars.to_string(),
            r#""><div class="review-head"><span class="review-stars" role="img" aria-label=""#,
            &escape(&(t.star_label)(stars)),
            r#""><span aria-hidden="true">"#,
            &"★".repeat(usize::from(stars)),
            r#"</span><span class="off" aria-hidden="true">"#,
            &"★".repeat(usize::from(5 - stars)),
            r#"</span></span><h4 class="review-title" lang=""#,
            &escape(&review.locale),
            r#"">"#,
            &escape(&review.title),
            r#"</h4></div><p class="review-meta"><span class="author">"#,
            &escape(&review.nickname),
            "</span>",
        ]
        .concat(),
    );
    if let Some(segment) = review.segment.as_deref().filter(|s| !s.is_empty()) {
        out.push_str(&[r#" · <span>"#, &escape(segment), "</span>"].concat());
    }
    out.push_str(" · ");
    out.push_str(&date(f, review.created_at));
    out.push_str(r#"</p><p class="badges">"#);
    let relationship = match review.relationship.as_str() {
        "client" => f.badge_client,
        "employee" => f.badge_employee,
        _ => f.badge_non_client,
    };
    let badge = |out: &mut String, class: &str, text: &str| {
        out.push_str(&[r#"<span class="badge "#, class, r#"">"#, text, "</span>"].concat());
    };
    badge(
        &mut out,
        &["badge-", &escape(&review.relationship)].concat(),
        relationship,
    );
    if review.incentive != "none" {
        badge(&mut out, "badge-incentive", f.badge_incentive);
    }
    if review.verified_client {
        badge(&mut out, "badge-verified", f.badge_verified);
    }
    out.push_str(
        &[
            r#"</p><p class="review-body" lang=""#,
            &escape(&review.locale),
            r#"">"#,
            &escape(&review.body),
            r#"</p><p class="review-recommend">"#,
            if review.would_recommend {
                f.recommends
            } else {
                f.not_recommends
            },
            "</p>",
        ]
        .concat(),
    );
    if let Some(response) = &review.response {
        out.push_str(
            &[
                r#"<div class="response"><p class="response-label">"#,
                f.firm_response,
                " · ",
                &date(f, response.approved_at),
                r#"</p><p class="response-body">"#,
                &escape(&response.body),
                "</p></div>",
            ]
            .concat(),
        );
    }
    out.push_str(
        &[
            r#"<div class="review-actions"><button type="button" class="link" data-helpful=""#,
            &id,
            r#"" aria-pressed="false">"#,
            f.helpful,
            r#" <span data-count="">("#,
            &review.helpful.to_string(),
            r#")</span></button><button type="button" class="link" data-report=""#,
            &id,
            r#"">"#,
            f.report,
            "</button></div></li>",
        ]
        .concat(),
    );
    out
}

/// The items of the list, or one line saying that no published review matches the visitor's filter.
pub fn review_items(lang: Lang, reviews: &[PublicReview]) -> String {
    let (t, f) = (lang.strings(), lang.first_view_strings());
    if reviews.is_empty() {
        return [r#"<li class="review-empty">"#, f.no_matching, "</li>"].concat();
    }
    reviews
        .iter()
        .map(|review| review_item(t, f, review))
        .collect()
}

fn options(out: &mut String, name: &str, label: &str, choices: &[(&str, &str)]) {
    out.push_str(
        &[
            r#"<label class="tool"><span>"#,
            label,
            r#"</span><select data-"#,
            name,
            ">",
        ]
        .concat(),
    );
    for (value, text) in choices {
        out.push_str(&[r#"<option value=""#, value, r#"">"#, text, "</option>"].concat());
    }
    out.push_str("</select></label>");
}

/// The whole reviews section of the first view: heading, sort and language choices (newest first, all
/// languages), the star-filter note, the first reviews, "load more" when `next_cursor` exists, a status line
/// and the report dialog. The interactive list adopts this markup as it is.
pub fn reviews_section(lang: Lang, reviews: &[PublicReview], next_cursor: Option<&str>) -> String {
    let f = lang.first_view_strings();
    let mut out = String::with_capacity(4_000);
    out.push_str(r#"<section class="reviews" data-candor-reviews="" aria-labelledby="reviews-heading" data-cursor=""#);
    out.push_str(&escape(next_cursor.unwrap_or("")));
    out.push_str(r#""><div class="reviews-head"><h3 id="reviews-heading">"#);
    out.push_str(f.reviews_heading);
    out.push_str(r#"</h3><div class="toolbar">"#);
    options(
        &mut out,
        "sort",
        f.sort_label,
        &[
            ("newest", f.sort_newest),
            ("highest", f.sort_highest),
            ("lowest", f.sort_lowest),
            ("helpful", f.sort_helpful),
        ],
    );
    options(
        &mut out,
        "language",
        f.language_label,
        &[("", f.language_all), ("en", "English"), ("zh-CN", "中文")],
    );
    out.push_str(
        &[
            r#"</div></div><p class="filter-note" data-filter-note="" hidden><span data-filter-text=""></span> <button type="button" class="link" data-clear="">"#,
            f.clear_filter,
            r#"</button></p><ol class="review-list" data-list="">"#,
            &review_items(lang, reviews),
            r#"</ol><button type="button" class="secondary more" data-more="""#,
            if next_cursor.is_some() { "" } else { " hidden" },
            ">",
            f.load_more,
            r#"</button><p class="notice" role="status" data-list-status=""></p>"#,
        ]
        .concat(),
    );
    report_dialog(&mut out, f);
    out.push_str("</section>");
    out
}

/// A small modal dialog (native `<dialog>`: focus stays inside, Escape closes) with the reasons the edge accepts.
/// No `<form>`: the loader keeps form data as the review draft, and a report is not a review.
fn report_dialog(out: &mut String, f: &FirstViewStrings) {
    out.push_str(
        &[
            r#"<dialog class="report-dialog" data-report-dialog="" aria-labelledby="report-heading"><h4 id="report-heading">"#,
            f.report_heading,
            "</h4><p>",
            f.report_intro,
            r#"</p><fieldset><legend class="visually-hidden">"#,
            f.report_reason,
            "</legend>",
        ]
        .concat(),
    );
    // The reasons the edge accepts for a flag: every reason code that may justify a rejection.
    for code in ReasonCode::ALL
        .into_iter()
        .filter(|reason| reason.is_for_rejection())
        .map(ReasonCode::code)
    {
        out.push_str(
            &[
                r#"<label class="reason"><input type="radio" name="report-reason" value=""#,
                code,
                r#"">"#,
                (f.reason_label)(code),
                "</label>",
            ]
            .concat(),
        );
    }
    out.push_str(
        &[
            r#"</fieldset><p class="notice field-error" role="alert" data-report-status=""></p><div class="actions"><button type="button" data-report-send="">"#,
            f.report_send,
            r#"</button><button type="button" class="secondary" data-report-cancel="">"#,
            f.report_cancel,
            "</button></div></dialog>",
        ]
        .concat(),
    );
}

#[cfg(test)]
mod tests {
    use candor_domain::dto::{FirmResponse, PublicReview};

    use super::*;
    use crate::i18n::Lang;

    pub fn review(id: &str, rating: u8) -> PublicReview {
        PublicReview {
            id: id.into(),
            rating,
            attributes: Default::default(),
            would_recommend: rating > 2,
            title: "<b>Fees</b> & more".into(),
            body: "Line one\n<script>alert(1)</script>".into(),
            nickname: "Ann \"A\"".into(),
            segment: Some("retiree".into()),
            relationship: "employee".into(),
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

    #[test]
    fn dates_are_computed_in_utc() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(1_767_571_200_000), (2026, 1, 5));
        assert_eq!(civil_date(951_782_400_000), (2000, 2, 29));
        assert_eq!(iso_date(1_767_571_200_000), "2026-01-05");
    }

    #[test]
    fn a_review_is_escaped_and_carries_its_badges_and_the_firm_response() {
        let html = review_item(
            Lang::En.strings(),
            Lang::En.first_view_strings(),
            &review("r1", 1),
        );
        assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"));
        assert!(html.contains("&lt;b&gt;Fees&lt;/b&gt; &amp; more"));
        assert!(html.contains("Ann &quot;A&quot;"));
        assert!(html.contains("Employee") && html.contains("Incentivised"));
        assert!(!html.contains("Verified client"));
        assert!(html.contains("Response from the firm"));
        assert!(html.contains("Thanks &lt;i&gt;"));
        assert!(html.contains(r#"aria-label="1 of 5 stars""#));
        assert!(html.contains(r#"<time datetime="2026-01-05">5 Jan 2026</time>"#));
        assert!(html.contains(r#"aria-pressed="false""#));
    }

    #[test]
    fn the_section_offers_load_more_only_with_a_cursor_and_every_reason_the_edge_accepts() {
        let reviews = [review("r1", 5)];
        let with = reviews_section(Lang::ZhCn, &reviews, Some("abc"));
        assert!(with.contains(r#"data-cursor="abc""#));
        assert!(with.contains(r#"data-more="">"#));
        let without = reviews_section(Lang::ZhCn, &reviews, None);
        assert!(without.contains(r#"data-more="" hidden>"#));
        let reasons = with.matches(r#"name="report-reason""#).count();
        assert_eq!(reasons, 8);
        assert!(with.contains(r#"value="impersonation""#));
        assert!(!with.contains("withdrawn_by_author"));
        assert!(with.contains("2026年1月5日"));
    }
}
