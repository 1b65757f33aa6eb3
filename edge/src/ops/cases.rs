//! Opening a customer-service case: by screening (complaint language in a submission, archived in the same batch
//! right after the submission's rows) or by a person; and which webhook event announces it.

use candor_domain::Actor;
use candor_domain::archive::EscalationOpened;
use candor_domain::escalation::{EscalationReason, due_at};
use candor_domain::moderation::ActorRole;
use candor_domain::screening::ScreeningOutcome;
use candor_domain::webhook::event_id;

use crate::audit::{self, StaffChange};
use crate::auth::Staff;
use crate::error::ApiError;
use crate::runtime;
use crate::store::{AuditAppend, NewEscalation, Store};

/// The case screening opens for a submission with complaint language, archived right after the submission's own
/// rows (`review_rows`) in the same batch; `None` when screening found none.
pub async fn opened_by_screening(
    store: &Store,
    tenant: &str,
    review_id: &str,
    outcome: &ScreeningOutcome,
    review_rows: &[AuditAppend],
    now_ms: i64,
) -> Result<Option<NewEscalation>, ApiError> {
    if !outcome.opens_escalation() {
        return Ok(None);
    }
    let head = review_rows
        .last()
        .map(|row| row.row_hash.clone())
        .ok_or(ApiError::Misconfigured("audit chain"))?;
    let case = new_case(
        store,
        tenant,
        review_id,
        EscalationReason::ComplaintLanguage,
        None,
        None,
        None,
        head,
        now_ms,
    )
    .await?;
    Ok(Some(case))
}

/// A case to open now, with its archive row on `head`.
#[allow(clippy::too_many_arguments)]
pub async fn new_case(
    store: &Store,
    tenant: &str,
    review_id: &str,
    reason: EscalationReason,
    opener: Option<&Staff>,
    assignee: Option<String>,
    note: Option<String>,
    head: String,
    now_ms: i64,
) -> Result<NewEscalation, ApiError> {
    let settings = store
        .settings(tenant)
        .await?
        .ok_or(ApiError::NotFound("tenant"))?;
    let id = runtime::random_id()?;
    let due = due_at(now_ms, settings.sla_hours.escalation);
    // The screener, or the person (id) who opened it.
    let opened_by = opener.map_or(Actor::SCREENER_ID, |staff| staff.person_id.as_str());
    let content = audit::content(&EscalationOpened {
        assignee: assignee.as_deref(),
        due_at: due,
        escalation_id: &id,
        note: note.as_deref(),
        opened_by,
        reason: reason.as_str(),
        review_id,
    })?;
    let audit = audit::staff_change(
        tenant,
        head,
        &match opener {
            Some(staff) => {
                StaffChange::by(staff, "escalation_opened", &content, Some(content.clone()))
            }
            None => StaffChange {
                action: "escalation_opened",
                actor: Actor::SCREENER_ID,
                role: ActorRole::Screener.as_str(),
                content: &content,
                note: Some(content.clone()),
                person_id: None,
                credential_id: None,
            },
        },
        now_ms,
    );
    Ok(NewEscalation {
        id,
        review_id: review_id.to_owned(),
        reason: reason.as_str(),
        opened_by: opened_by.to_owned(),
        opened_at: now_ms,
        due_at: due,
        assignee,
        note,
        webhook_state: if settings.webhook_url.is_some() {
            "pending"
        } else {
            "none"
        },
        audit,
    })
}

/// The webhook event to send once the answer that opened `case` is out (`webhook::schedule`): the case's first
/// outbox row when the tenant has a webhook, none otherwise.
pub fn webhook_event(case: Option<&NewEscalation>) -> Option<String> {
    case.filter(|case| case.webhook_state == "pending")
        .map(|case| event_id(&case.id, 0))
}
