//! English strings of the widget.

use candor_domain::ValidationCode;

use super::Strings;
#[cfg(feature = "ssr")]
use super::{FirstViewStrings, FormStrings, StatusStrings};

pub static STRINGS: Strings = Strings {
    body_counter: |len, max| format!("{len} / {max} characters"),
    submitting: "Sending…",
    retry: "Try again",
    offline: "We could not reach the server. Your review is kept here; try again in a moment.",
    fix_errors: "Please correct the highlighted fields.",
    validation: |code| match code {
        ValidationCode::Required => "Please fill this in.",
        ValidationCode::TooShort => "Please write a little more.",
        ValidationCode::TooLong => "This is too long.",
        ValidationCode::OutOfRange => "Choose between 1 and 5 stars.",
        ValidationCode::InvalidChoice => "Choose one of the options.",
        ValidationCode::ForbiddenCharacter => "Remove control or text-direction characters.",
        ValidationCode::UnknownAttribute => "This question does not apply to this product.",
        ValidationCode::InvalidEmail => "Enter a valid e-mail address.",
        ValidationCode::ConsentRequired => "Tick the box to let us store your e-mail.",
        ValidationCode::TermsNotAccepted => "Please confirm the review terms.",
    },
    api_error: |code| match code {
        "product_line_hidden" => "This product does not take reviews at the moment.",
        "origin_not_allowed" => "Reviews cannot be sent from this page.",
        "payload_too_large" => "Your review is too long to send.",
        "captcha_required" => {
            "Please complete the human check next to the button, then send again."
        }
        "captcha_failed" => "The human check did not pass. Please complete it again, then send.",
        "already_revised" => "This review was already revised.",
        _ => "Something went wrong. Please try again.",
    },
    // --- Read side (issue 6): the interactive reviews list. ---
    filtered_by: |stars| ["Showing only ", &stars.to_string(), "-star reviews."].concat(),
    loading: "Loading reviews…",
    load_failed: "Reviews could not be loaded. Please try again.",
    report_choose: "Choose a reason.",
    report_thanks: "Thank you. Our compliance team will check this review.",
    report_already: "You already reported this review.",
    helpful_already: "You already marked this review as helpful.",
};

/// The first view's own strings (edge only, not in the wasm).
#[cfg(feature = "ssr")]
pub static FIRST_VIEW: FirstViewStrings = FirstViewStrings {
    population_all: "Scores count all published reviews, including employees and reviewers who received an incentive.",
    population_independent: "Scores count independent reviews only: employees and reviewers who received an incentive are not counted.",
    how_heading: "How these reviews work",
    how_items: [
        "Collection: anyone can rate this product here. Each reviewer says whether they are a client, an employee or neither; this is shown as a badge.",
        "Verification: reviews are not verified as coming from clients. The relationship badge is what the reviewer declared.",
        "Moderation: every review is checked automatically for personal data and spam, then by compliance and by the firm's registered principal. Reviews are never edited.",
        "All ratings are published, whatever the number of stars. No review is hidden or ranked because of its rating.",
        "Employees and reviewers who received an incentive are labelled with a badge.",
        "Reviews are shown newest first. You can change the order or filter by stars or language.",
    ],
    histogram_filter: |stars, count| {
        [
            "Show only ",
            &stars.to_string(),
            "-star reviews (",
            &count.to_string(),
            ")",
        ]
        .concat()
    },
    reviews_heading: "Reviews",
    sort_label: "Sort",
    sort_newest: "Newest first",
    sort_highest: "Highest rating",
    sort_lowest: "Lowest rating",
    sort_helpful: "Most helpful",
    language_label: "Language",
    language_all: "All languages",
    clear_filter: "Clear filter",
    load_more: "Load more reviews",
    read_more: "Read more",
    show_less: "Show less",
    report_heading: "Report this review",
    report_intro: "Why should our compliance team look at this review? It stays visible while they check it.",
    report_reason: "Reason",
    report_send: "Send report",
    report_cancel: "Cancel",
    reason_label: |code| match code {
        "personal_information" => "It contains personal or account information",
        "profanity" => "It contains profanity or abuse",
        "spam_or_advertising" => "It is spam or advertising",
        "off_topic" => "It is not about this product",
        "not_a_client_experience" => "It is not a real client experience",
        "legal_or_compliance" => "It raises a legal or compliance concern",
        "duplicate" => "It is a duplicate",
        _ => "Someone is impersonated",
    },
    no_matching: "No published review matches this choice.",
    badge_client: "Client",
    badge_non_client: "Not a client",
    badge_employee: "Employee",
    badge_incentive: "Incentivised",
    badge_verified: "Verified client",
    recommends: "Would recommend",
    not_recommends: "Would not recommend",
    firm_response: "Response from the firm",
    helpful: "Helpful",
    report: "Report",
    date: |year, month, day| {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        [
            &day.to_string(),
            " ",
            MONTHS[(month.clamp(1, 12) - 1) as usize],
            " ",
            &year.to_string(),
        ]
        .concat()
    },
    heading: "Client ratings",
    out_of_five: "out of 5",
    reviews_count: |n| match n {
        1 => "1 review".to_owned(),
        n => format!("{n} reviews"),
    },
    no_reviews_yet: "No published reviews yet. Be the first to rate this product.",
    would_recommend: |pct| format!("{pct}% would recommend"),
    write_review: "Write a review",
};

#[cfg(feature = "ssr")]
pub static STATUS: StatusStrings = StatusStrings {
    frame_title: "Your review's status",
    status_label: "Status of your review",
    stage_screening: "received, being checked",
    stage_compliance_review: "in compliance review",
    stage_owner_review: "in final review",
    stage_published: "published",
    stage_rejected: "not published",
    stage_withdrawn: "withdrawn",
    withdraw: "Withdraw my review",
    withdraw_confirm: "Withdraw this review? It will not be published, and this cannot be undone.",
    withdraw_yes: "Yes, withdraw it",
    withdraw_no: "Keep it",
    revise: "Revise my review",
    revise_heading: "Revise your review in the form below.",
    action_failed: "That did not work. Please try again in a moment.",
};

#[cfg(feature = "ssr")]
pub static FORM: FormStrings = FormStrings {
    star_label: |n| match n {
        1 => "1 of 5 stars".to_owned(),
        n => format!("{n} of 5 stars"),
    },
    form_heading: "Rate this product",
    overall_rating: "Your overall rating",
    recommend_question: "Would you recommend it to a friend?",
    yes: "Yes",
    no: "No",
    relationship: "Your relationship with the firm",
    relationship_client: "I am a client",
    relationship_non_client: "I am not a client",
    relationship_employee: "I am an employee",
    incentive: "Did you receive anything for this review?",
    incentive_none: "No",
    incentive_free_product: "A free product or service",
    incentive_discount: "A discount",
    incentive_payment: "A payment",
    incentive_sweepstakes: "A sweepstakes entry",
    incentive_other: "Something else",
    title: "Title",
    body: "Your review",
    nickname: "Nickname (shown publicly)",
    segment: "About you, e.g. \"retiree\"",
    optional: "optional",
    contact_email: "E-mail for customer service follow-up",
    contact_consent: "Customer service may contact me about this review. My e-mail is never published.",
    terms: "I confirm this review is my own honest experience and accept the review terms.",
    submit: "Submit review",
    cancel: "Cancel",
    thanks: "Thank you! Your review was received and is being checked before publication.",
};
