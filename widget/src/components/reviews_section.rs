//! The reviews section of the first view: heading, sort and language choices (newest first, all languages), the
//! star-filter note, the first reviews, "load more" when there is a next page, a status line and the report dialog.
//! Rendered on the edge only; the interactive list (`review_list`) adopts it as it is, through its data attributes.

use candor_domain::dto::PublicReview;
use leptos::prelude::*;

use crate::components::report_dialog::ReportDialog;
use crate::components::review_item::ReviewItems;
use crate::i18n::Lang;

/// A labelled choice of the toolbar; the interactive list reads it through `data-sort` or `data-language`.
#[component]
fn Choice(
    sort: bool,
    label: &'static str,
    choices: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <label class="tool">
            <span>{label}</span>
            <select data-sort=sort.then_some("") data-language=(!sort).then_some("")>
                {choices.into_iter().map(|(value, text)| view! { <option value=value>{text}</option> }).collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn ReviewsSection(
    lang: Lang,
    reviews: Vec<PublicReview>,
    next_cursor: Option<String>,
) -> impl IntoView {
    let f = lang.first_view_strings();
    let last_page = next_cursor.is_none();
    view! {
        <section class="reviews" data-candor-reviews="" aria-labelledby="reviews-heading" data-cursor=next_cursor.unwrap_or_default()>
            <div class="reviews-head">
                <h3 id="reviews-heading">{f.reviews_heading}</h3>
                <div class="toolbar">
                    <Choice sort=true label=f.sort_label choices=vec![
                        ("newest", f.sort_newest),
                        ("highest", f.sort_highest),
                        ("lowest", f.sort_lowest),
                        ("helpful", f.sort_helpful),
                    ]/>
                    <Choice sort=false label=f.language_label choices=vec![
                        ("", f.language_all),
                        ("en", "English"),
                        ("zh-CN", "中文"),
                    ]/>
                </div>
            </div>
            <p class="filter-note" data-filter-note="" hidden>
                <span data-filter-text=""></span>" "
                <button type="button" class="link" data-clear="">{f.clear_filter}</button>
            </p>
            <ol class="review-list" data-list="">
                <ReviewItems lang=lang reviews=reviews/>
            </ol>
            <button type="button" class="secondary more" data-more="" hidden=last_page>{f.load_more}</button>
            <p class="notice" role="status" data-list-status=""></p>
            <ReportDialog lang=lang/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use leptos::prelude::*;

    use super::ReviewsSection;
    use crate::i18n::Lang;

    fn section(next_cursor: Option<&str>) -> String {
        let review = crate::components::review_item::tests::review("r1", 5);
        let next_cursor = next_cursor.map(str::to_owned);
        view! { <ReviewsSection lang=Lang::ZhCn reviews=vec![review] next_cursor=next_cursor/> }
            .to_html()
    }

    #[test]
    fn offers_load_more_only_with_a_cursor_and_every_reason_the_edge_accepts() {
        let with = section(Some("abc\""));
        assert!(with.contains(r#"data-cursor="abc&quot;""#), "{with}");
        // The "load more" button's tag, whatever the order of its attributes.
        let more = |html: &str| {
            let start = html.find("data-more").expect("a load-more button");
            let end = start + html[start..].find('>').expect("the end of its tag");
            html[start..end].to_owned()
        };
        assert!(!more(&with).contains("hidden"), "{with}");
        assert!(with.contains("data-sort") && with.contains("data-language"));
        let without = section(None);
        assert!(more(&without).contains("hidden"), "{without}");
        assert_eq!(with.matches(r#"name="report-reason""#).count(), 8);
        assert!(with.contains(r#"value="impersonation""#));
        assert!(!with.contains("withdrawn_by_author"));
        assert!(with.contains("2026年1月5日"));
    }
}
