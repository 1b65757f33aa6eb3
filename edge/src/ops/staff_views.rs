//! Stored cases, firm responses and disclosure versions as staff see them (`candor_domain::staff_views`), for every
//! route that shows them.

use candor_domain::escalation::{EscalationStatus, is_overdue};
use candor_domain::staff_views::{
    DisclosureTexts, DisclosureView, EscalationView, FirmResponseView, WebhookDelivery,
};

use crate::store::{DisclosureRow, EscalationRow, ResponseRow};

/// A case, overdue or not at `now_ms`.
pub fn escalation(case: &EscalationRow, now_ms: i64) -> EscalationView {
    let status = EscalationStatus::parse(&case.status).unwrap_or(EscalationStatus::Open);
    EscalationView {
        id: case.id.clone(),
        review_id: case.review_id.clone(),
        product: case.product_id.clone(),
        reason: case.reason.clone(),
        opened_by: case.opened_by.clone(),
        opened_at: case.opened_at,
        due_at: case.due_at,
        overdue: is_overdue(status, case.due_at, now_ms),
        status: case.status.clone(),
        assignee: case.assignee.clone(),
        note: case.note.clone(),
        version: case.version,
        updated_at: case.updated_at,
        resolved_at: case.resolved_at,
        webhook: WebhookDelivery {
            state: case.webhook_state.clone(),
            attempts: case.webhook_attempts,
            last_status: case.webhook_status,
            last_error: case.webhook_error.clone(),
            last_attempt_at: case.webhook_at,
        },
    }
}

pub fn firm_response(response: &ResponseRow) -> FirmResponseView {
    FirmResponseView {
        id: response.id.clone(),
        review_id: response.review_id.clone(),
        product: response.product_id.clone(),
        body: response.body.clone(),
        body_hash: response.body_hash.clone(),
        status: response.status.clone(),
        drafted_by: response.drafted_by.clone(),
        drafted_role: response.drafted_role.clone(),
        drafted_at: response.drafted_at,
        decided_by: response.decided_by.clone(),
        decided_at: response.decided_at,
        decision_note: response.decision_note.clone(),
    }
}

pub fn disclosure(row: &DisclosureRow) -> DisclosureView {
    DisclosureView {
        version: row.version,
        texts: DisclosureTexts {
            en: row.text_en.clone(),
            zh_cn: row.text_zh.clone(),
        },
        created_at: row.created_at,
        created_by: row.created_by.clone(),
        created_by_name: row.created_by_name.clone(),
    }
}
