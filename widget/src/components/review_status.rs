//! The status of the visitor's own earlier review of this product, read with the status token kept in localStorage.

use candor_domain::Stage;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::Embed;
use crate::client;
use crate::i18n::Strings;
use crate::storage;

#[component]
pub fn ReviewStatusLine(embed: Embed) -> impl IntoView {
    let t = embed.lang.strings();
    let stage = RwSignal::new(None::<Stage>);
    if let Some((id, token)) = storage::load_status(&embed.tenant, &embed.product) {
        spawn_local(async move {
            if let Ok(status) = client::status(&embed.api, &embed.tenant, &id, &token).await {
                stage.set(Some(status.stage));
            }
        });
    }
    move || {
        stage.get().map(|stage| {
            view! {
                <p class="notice status-line" data-testid="review-status">
                    {t.status_label}": "<strong>{stage_text(t, stage)}</strong>
                </p>
            }
        })
    }
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
