//! The visitor's own earlier review of this product, found by the status token kept in localStorage: its stage in
//! plain words, the statement of reasons after a rejection, **Withdraw** (with a confirm step) while it is not
//! final, and **Revise** after a fixable rejection (the form then sends a revision).
//!
//! Size decision (as in `review_form`): the line is static markup (our strings, and the edge's escaped statement of
//! reasons; never visitor text), rebuilt
//! when the status changes, with one delegated click handler reading `data-action`; typed views per button and an
//! effect cost several kilobytes of wasm.

use candor_domain::{ReasonCode, Stage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::Embed;
use crate::client;
use crate::components::app::request_open_form;
use crate::i18n::Strings;
use crate::markup::escape;
use crate::storage;

/// The author's review as the widget last saw it, and where the line stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Known {
    pub id: String,
    pub token: String,
    pub stage: Stage,
    pub reason: Option<ReasonCode>,
    /// The statement of reasons in the visitor's language, as the edge words it.
    pub statement: Option<String>,
    /// Withdraw was clicked: the line asks to confirm.
    pub confirming: bool,
    /// Revise was clicked: the form sends a revision of this review.
    pub revising: bool,
}

/// What the status line and the form share about the author's own review. No signals: the line is redrawn by
/// `show` when something changes (each signal type costs kilobytes of reactive code in the wasm).
#[derive(Clone, Copy)]
pub struct Author {
    known: StoredValue<Option<Known>>,
    line: NodeRef<leptos::html::Div>,
    t: &'static Strings,
    /// The Idempotency-Key of the form's pending attempt; a new one for each new review or revision.
    pub key: StoredValue<Option<String>>,
}

impl Author {
    pub fn new(t: &'static Strings) -> Author {
        Author {
            known: StoredValue::new(None),
            line: NodeRef::new(),
            t,
            key: StoredValue::new(None),
        }
    }

    /// `(review id, status token)` of the review being revised, if Revise was clicked.
    pub fn revising(&self) -> Option<(String, String)> {
        self.known.with_value(|known| {
            known
                .as_ref()
                .filter(|known| known.revising)
                .map(|known| (known.id.clone(), known.token.clone()))
        })
    }

    /// Shows `known` (the review just sent, or its status as the edge answered).
    pub fn show(&self, known: Known) {
        self.known.set_value(Some(known));
        self.redraw();
    }

    fn redraw(&self) {
        let Some(line) = self.line.get_untracked() else {
            return;
        };
        self.known.with_value(|known| {
            if let Some(known) = known {
                line.set_inner_html(&markup(self.t, known));
                let _ = line.set_attribute("data-stage", known.stage.as_str());
                let _ = line.remove_attribute("hidden");
            }
        });
    }

    fn update(&self, change: fn(&mut Known)) {
        self.known.update_value(|known| {
            if let Some(known) = known {
                change(known);
            }
        });
        self.redraw();
    }
}

#[component]
pub fn ReviewStatusLine(embed: Embed, author: Author) -> impl IntoView {
    let embed = StoredValue::new(embed);

    // Reads the stored review's status, or (`withdraw`) withdraws it and shows the answer.
    let load = move |withdraw: bool| {
        let embed = embed.get_value();
        let Some((id, token)) = storage::load_status(&embed.tenant, &embed.product) else {
            return;
        };
        spawn_local(async move {
            if let Ok(answer) = client::status(
                &embed.api,
                &embed.tenant,
                &id,
                &token,
                embed.lang.api_tag(),
                withdraw,
            )
            .await
            {
                author.show(Known {
                    id,
                    token,
                    stage: answer.stage,
                    reason: answer.reason_code.as_deref().and_then(ReasonCode::parse),
                    statement: answer.reason,
                    confirming: false,
                    revising: false,
                });
            }
        });
    };
    load(false);

    let on_click = move |event: web_sys::MouseEvent| {
        let action = event
            .target()
            // Clicks inside the line always target an element (our buttons, paragraphs, spans).
            .and_then(|target| {
                target
                    .unchecked_into::<web_sys::Element>()
                    .get_attribute("data-action")
            });
        match action.as_deref() {
            Some("withdraw") => author.update(|known| known.confirming = true),
            Some("withdraw-keep") => author.update(|known| known.confirming = false),
            Some("withdraw-confirm") => load(true),
            Some("revise") => {
                author.key.set_value(None);
                author.update(|known| known.revising = true);
                // From the line itself: the clicked button was just replaced by the redraw.
                if let Some(line) = event.current_target() {
                    request_open_form(&line);
                }
            }
            _ => {}
        }
    };

    view! {
        <div class="notice status-line" data-testid="review-status" hidden node_ref=author.line on:click=on_click></div>
    }
}

/// The line's markup: our own strings and the escaped statement of reasons.
fn markup(t: &Strings, known: &Known) -> String {
    let mut out = [
        "<p>",
        t.status_label,
        ": <strong>",
        stage_text(t, known.stage),
        "</strong></p>",
    ]
    .concat();
    if let Some(statement) = &known.statement {
        // The edge's text: escaped like anything that is not a literal of ours.
        out.push_str(
            &[
                r#"<p class="reason" data-testid="status-reason">"#,
                &escape(statement),
                "</p>",
            ]
            .concat(),
        );
    }
    let button = |action: &str, class: &str, label: &str| {
        [
            r#"<button type="button" class=""#,
            class,
            r#"" data-action=""#,
            action,
            r#"" data-testid=""#,
            action,
            r#"">"#,
            label,
            "</button>",
        ]
        .concat()
    };
    if known.revising {
        out.push_str(&["<p><strong>", t.revise_heading, "</strong></p>"].concat());
    }
    let actions = if !known.stage.author_may_withdraw() {
        if known.stage == Stage::Rejected
            && known.reason.is_some_and(ReasonCode::is_fixable)
            && !known.revising
        {
            button("revise", "", t.revise)
        } else {
            String::new()
        }
    } else if known.confirming {
        [
            "<span>",
            t.withdraw_confirm,
            "</span>",
            &button("withdraw-confirm", "", t.withdraw_yes),
            &button("withdraw-keep", "link", t.withdraw_no),
        ]
        .concat()
    } else {
        button("withdraw", "link", t.withdraw)
    };
    if !actions.is_empty() {
        out.push_str(&[r#"<p class="status-actions">"#, &actions, "</p>"].concat());
    }
    out
}

fn stage_text(t: &Strings, stage: Stage) -> &'static str {
    match stage {
        Stage::Screening => t.stage_screening,
        Stage::ComplianceReview => t.stage_compliance_review,
        Stage::OwnerReview => t.stage_owner_review,
        Stage::Published => t.stage_published,
        Stage::Rejected => t.stage_rejected,
        Stage::Withdrawn => t.stage_withdrawn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn known(stage: Stage, reason: Option<ReasonCode>, confirming: bool, revising: bool) -> Known {
        Known {
            id: "r1".into(),
            token: "t".into(),
            stage,
            reason,
            statement: reason.map(|reason| reason.public_text().to_owned()),
            confirming,
            revising,
        }
    }

    #[test]
    fn offers_withdraw_until_final_and_revise_only_after_a_fixable_rejection() {
        let t = Lang::En.strings();
        let waiting = markup(t, &known(Stage::ComplianceReview, None, false, false));
        assert!(
            waiting.contains("in compliance review")
                && waiting.contains(r#"data-action="withdraw""#)
        );
        let confirming = markup(t, &known(Stage::Published, None, true, false));
        assert!(
            confirming.contains(r#"data-action="withdraw-confirm""#)
                && !confirming.contains(r#""withdraw""#)
        );
        let fixable = markup(
            t,
            &known(Stage::Rejected, Some(ReasonCode::OffTopic), false, false),
        );
        assert!(fixable.contains(r#"data-action="revise""#) && !fixable.contains("withdraw"));
        assert!(fixable.contains(r#"data-testid="status-reason">Your review does not describe"#));
        let revising = markup(
            t,
            &known(Stage::Rejected, Some(ReasonCode::OffTopic), false, true),
        );
        assert!(!revising.contains("data-action"));
        let final_reason = markup(
            t,
            &known(Stage::Rejected, Some(ReasonCode::Duplicate), false, false),
        );
        assert!(!final_reason.contains("data-action"));
    }
}
