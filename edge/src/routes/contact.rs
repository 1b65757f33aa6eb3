//! A reviewer's contact e-mail (compliance and owner only): `GET /v1/admin/reviews/{id}/contact` shows it and
//! archives the read (who, which review, never the e-mail); `POST /v1/admin/reviews/{id}/contact/erasure` erases it
//! on the reviewer's request (GDPR Art. 17): the e-mail row is deleted, a tombstone says when, who asked and who
//! erased it, and the archive records the same in one batch. The review, its content hash and the archive chain stay
//! as they were. A repeated erasure answers the first one again (200). Another tenant's review is 404.
//!
//! Moderators do not see contact e-mails: they decide on the text, and customer-service follow-up reaches the
//! firm's desk through the webhook, which carries the e-mail itself.

use candor_domain::archive::{ContactErased, ContactRead};
use candor_domain::staff_views::{ContactEmail, ErasureDone, ErasureRequest};
use candor_domain::{Role, text};
use worker::{Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::auth;
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::ops::archived_read;
use crate::store::{ContactRow, NewErasure, Store};
use crate::{faults, http};

/// Who may read and erase contact e-mails: the roles that answer for the firm's handling of personal data.
const CONTACT_ROLES: [Role; 2] = [Role::Compliance, Role::Owner];
const REQUESTED_BY_MAX_CHARS: usize = 500;
const NOTE_MAX_CHARS: usize = 2_000;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&CONTACT_ROLES)?;
    let review_id = http::param(&ctx, "id")?;
    let contact = store
        .contact(&staff.tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    // Archived before it is shown: a read the archive cannot record is refused.
    archived_read::record(
        &store,
        &staff,
        "contact_read",
        &ContactRead {
            shown: contact.email.is_some(),
            review_id,
        },
    )
    .await?;
    http::no_store(Response::from_json(&ContactEmail {
        review_id: review_id.to_owned(),
        email: contact.email,
        erased_at: contact.erased_at,
    })?)
}

/// The first erasure's answer, from its tombstone.
fn done(review_id: &str, contact: &ContactRow) -> Option<ErasureDone> {
    Some(ErasureDone {
        review_id: review_id.to_owned(),
        erased_at: contact.erased_at?,
        outbox_rows_cleared: contact.pending_events.unwrap_or(0),
    })
}

fn no_contact() -> ApiError {
    ApiError::conflict(
        "no_contact",
        "This review has no contact e-mail to erase: the reviewer left none.",
    )
}

/// A bounded, normalised free text; `field` names it in the error.
fn parse_text(field: &'static str, raw: &str, min: usize, max: usize) -> Result<String, ApiError> {
    let value = text::normalize(raw.trim());
    text::check(&value, min, max, true)
        .map_err(|code| ApiError::invalid(field, code.code(), format!("{field}: {code}.")))?;
    Ok(value)
}

pub async fn erase(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?.with_faults(faults::requested(&request, &ctx.env)?);
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&CONTACT_ROLES)?;
    let review_id = http::param(&ctx, "id")?;
    let body: ErasureRequest = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let requested_by = parse_text(
        "requested_by",
        &body.requested_by,
        1,
        REQUESTED_BY_MAX_CHARS,
    )?;
    let note = body
        .note
        .as_deref()
        .map(|note| parse_text("note", note, 1, NOTE_MAX_CHARS))
        .transpose()?;
    let contact = store
        .contact(&staff.tenant, review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    if let Some(first) = done(review_id, &contact) {
        return http::no_store(Response::from_json(&first)?);
    }
    let Some(email) = contact.email.as_deref() else {
        return Err(no_contact());
    };
    // The archive keeps who asked, never the address being erased.
    let email = email.to_lowercase();
    for (field, value) in [
        ("requested_by", Some(&requested_by)),
        ("note", note.as_ref()),
    ] {
        if value.is_some_and(|value| value.to_lowercase().contains(&email)) {
            return Err(ApiError::invalid(
                field,
                "contains_the_email",
                format!("{field} must not contain the e-mail being erased: the archive keeps it."),
            ));
        }
    }
    let pending_events = store.pending_case_events(&staff.tenant, review_id).await?;
    let (store, staff, requested_by, note) = (&store, &staff, &requested_by, &note);
    let answer = chain::append(
        store,
        &staff.tenant,
        "contact erasure",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let content = audit::content(&ContactErased {
                erased_at: now_ms,
                erased_by: &staff.person_id,
                note: note.as_deref(),
                requested_by,
                review_id,
            })?;
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(staff, "contact_erased", &content, Some(content.clone())),
                now_ms,
            );
            let erasure = NewErasure {
                review_id,
                requested_by,
                erased_by: &staff.person_id,
                pending_events,
                audit: row,
            };
            let landmark = erasure.audit.row_hash.clone();
            match store.erase_contact(&staff.tenant, &erasure).await {
                // The e-mail went meanwhile: erased by someone else (answer theirs), or never there.
                Ok(false) => match store.contact(&staff.tenant, review_id).await? {
                    Some(now) => done(review_id, &now).map(Step::Done).ok_or_else(no_contact),
                    None => Err(ApiError::NotFound("review")),
                },
                outcome => Ok(Step::sent(
                    &landmark,
                    ErasureDone {
                        review_id: review_id.to_owned(),
                        erased_at: now_ms,
                        outbox_rows_cleared: pending_events,
                    },
                    outcome,
                )),
            }
        },
        // A batch that did not land on a free head: a racing erasure took the tombstone first.
        |_| async move {
            Ok(store
                .contact(&staff.tenant, review_id)
                .await?
                .and_then(|now| done(review_id, &now)))
        },
    )
    .await?;
    http::no_store(Response::from_json(&answer)?)
}
