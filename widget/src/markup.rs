//! Static markup as escaped strings: the review form's fields, shared by the browser widget and the edge's first view.
//!
//! Everything that is not a literal of ours goes through `escape` (text) or `attr` (attribute values): labels come
//! from the API, and the widget never turns data into markup unescaped.

use candor_domain::dto::AttributeQuestion;
use candor_domain::review::{BODY_MAX, NICKNAME_MAX, SEGMENT_MAX, TITLE_MAX};

use crate::i18n::Strings;

/// HTML-escapes text for element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The error slot of a field: filled by the form when the domain refuses the field.
fn error_slot(out: &mut String, name: &str) {
    out.push_str(r#"<span class="field-error" id="err-"#);
    out.push_str(name);
    out.push_str(r#""></span>"#);
}

/// A star rating input: a native radio group (arrow keys move between stars, each option reads "3 of 5 stars"),
/// lit through CSS `:has`, so it needs no script per option.
pub fn star_input(out: &mut String, t: &Strings, name: &str, legend: &str) {
    out.push_str(r#"<fieldset class="star-input" data-field=""#);
    out.push_str(name);
    out.push_str(r#""><legend>"#);
    out.push_str(&escape(legend));
    out.push_str(r#"</legend><div class="star-options">"#);
    for stars in 1..=5u8 {
        let id = [name, "-", &stars.to_string()].concat();
        let label = escape(&(t.star_label)(stars));
        out.push_str(
            &[
                r#"<input type="radio" id=""#,
                &id,
                r#"" name=""#,
                name,
                r#"" value=""#,
                &stars.to_string(),
                r#"" aria-describedby="err-"#,
                name,
                r#""><label for=""#,
                &id,
                r#"" title=""#,
                &label,
                r#""><span class="visually-hidden">"#,
                &label,
                r#"</span><span aria-hidden="true">★</span></label>"#,
            ]
            .concat(),
        );
    }
    out.push_str("</div>");
    error_slot(out, name);
    out.push_str("</fieldset>");
}

fn field(out: &mut String, name: &str, label: &str, optional: Option<&str>, control: &str) {
    out.push_str(
        &[
            r#"<label class="field" data-field=""#,
            name,
            r#""><span>"#,
            label,
        ]
        .concat(),
    );
    if let Some(optional) = optional {
        out.push_str(&[" (", optional, ")"].concat());
    }
    out.push_str("</span>");
    out.push_str(control);
    error_slot(out, name);
    out.push_str("</label>");
}

fn input(name: &str, extra: &str) -> String {
    [
        r#"<input name=""#,
        name,
        r#"" aria-describedby="err-"#,
        name,
        r#"" "#,
        extra,
        ">",
    ]
    .concat()
}

fn select(name: &str, options: &[(&str, &str)], selected: &str) -> String {
    let mut out = [
        r#"<select name=""#,
        name,
        r#"" aria-describedby="err-"#,
        name,
        r#"">"#,
    ]
    .concat();
    for (value, label) in options {
        let selected = if *value == selected { " selected" } else { "" };
        out.push_str(
            &[
                r#"<option value=""#,
                value,
                r#"""#,
                selected,
                ">",
                label,
                "</option>",
            ]
            .concat(),
        );
    }
    out.push_str("</select>");
    out
}

fn check(out: &mut String, name: &str, label: &str) {
    out.push_str(
        &[
            r#"<div class="check-field" data-field=""#,
            name,
            r#""><label class="check"><input type="checkbox" name=""#,
            name,
            r#"" aria-describedby="err-"#,
            name,
            r#""><span>"#,
            label,
            "</span></label>",
        ]
        .concat(),
    );
    error_slot(out, name);
    out.push_str("</div>");
}

/// Every field of the review form, in form order. The strings of `t` are ours; attribute labels are escaped.
pub fn form_markup(t: &Strings, attributes: &[AttributeQuestion]) -> String {
    let mut out = String::with_capacity(6_000);
    star_input(&mut out, t, "rating", t.overall_rating);
    for question in attributes {
        star_input(
            &mut out,
            t,
            &["attr-", &escape(&question.key)].concat(),
            &question.label,
        );
    }
    out.push_str(&[
        r#"<fieldset class="choice" data-field="would_recommend"><legend>"#, t.recommend_question,
        r#"</legend><label><input type="radio" name="recommend" value="yes" aria-describedby="err-would_recommend">"#, t.yes,
        r#"</label><label><input type="radio" name="recommend" value="no" aria-describedby="err-would_recommend">"#, t.no,
        "</label>",
    ]
    .concat());
    error_slot(&mut out, "would_recommend");
    out.push_str("</fieldset>");
    field(
        &mut out,
        "relationship",
        t.relationship,
        None,
        &select(
            "relationship",
            &[
                ("", "—"),
                ("client", t.relationship_client),
                ("non_client", t.relationship_non_client),
                ("employee", t.relationship_employee),
            ],
            "",
        ),
    );
    field(
        &mut out,
        "incentive",
        t.incentive,
        None,
        &select(
            "incentive",
            &[
                ("none", t.incentive_none),
                ("free_product", t.incentive_free_product),
                ("discount", t.incentive_discount),
                ("payment", t.incentive_payment),
                ("sweepstakes", t.incentive_sweepstakes),
                ("other", t.incentive_other),
            ],
            "none",
        ),
    );
    field(
        &mut out,
        "title",
        t.title,
        None,
        &input(
            "title",
            &["maxlength=\"", &TITLE_MAX.to_string(), "\""].concat(),
        ),
    );
    let body = [
        r#"<textarea name="body" rows="5" aria-describedby="err-body" maxlength=""#,
        &BODY_MAX.to_string(),
        r#""></textarea><span class="counter" aria-live="polite"></span>"#,
    ]
    .concat();
    field(&mut out, "body", t.body, None, &body);
    field(
        &mut out,
        "nickname",
        t.nickname,
        None,
        &input(
            "nickname",
            &[
                "autocomplete=\"nickname\" maxlength=\"",
                &NICKNAME_MAX.to_string(),
                "\"",
            ]
            .concat(),
        ),
    );
    field(
        &mut out,
        "segment",
        t.segment,
        Some(t.optional),
        &input(
            "segment",
            &["maxlength=\"", &SEGMENT_MAX.to_string(), "\""].concat(),
        ),
    );
    field(
        &mut out,
        "contact_email",
        t.contact_email,
        Some(t.optional),
        &input("contact_email", r#"type="email" autocomplete="email""#),
    );
    check(&mut out, "contact_consent", t.contact_consent);
    check(&mut out, "terms_accepted", t.terms);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn escapes_markup_in_labels() {
        assert_eq!(
            escape(r#"<b>"x" & 'y'</b>"#),
            "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn form_has_one_star_group_per_attribute_and_escapes_their_labels() {
        let html = form_markup(
            Lang::En.strings(),
            &[AttributeQuestion {
                key: "fees".into(),
                label: "<script>".into(),
            }],
        );
        assert!(html.contains(r#"data-field="attr-fees""#));
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("<script>"));
        assert_eq!(html.matches(r#"type="radio" id="rating-"#).count(), 5);
    }
}
