//! Taking in a validated review (a submission or a revision): screened, stored exactly once per idempotency key with
//! its archive rows (and, for a revision, the row that marks the original superseded), and a case opened when
//! screening found complaint language — or the first answer again for a replay. Shared by the submit and revisions
//! routes, which answer 202 with what this returns.

use candor_domain::dto::{StoredAcceptance, SubmitAccepted};
use candor_domain::moderation::{Actor, ActorRole, ReviewState, decide};
use candor_domain::screening::{content_fingerprint, screen};
use candor_domain::{Stage, ValidReview};
use worker::Env;

use crate::audit::{self, Entry, sha256_hex};
use crate::chain::{self, Step};
use crate::clock::Clock;
use crate::error::ApiError;
use crate::ops::cases;
use crate::store::{NewSubmission, ReviewRow, Store, StoredAnswer, Superseded};
use crate::{runtime, status_token};

/// What the author is told (202), and the webhook event of a case screening opened, to send after the answer.
pub struct Accepted {
    pub answer: SubmitAccepted,
    pub case_event: Option<String>,
}

/// One validated review to store, and for a revision the rejected review it supersedes.
pub struct Intake<'a> {
    pub tenant: &'a str,
    pub product_id: &'a str,
    pub key: &'a str,
    pub request_hash: &'a str,
    pub review: &'a ValidReview,
    pub revision_of: Option<&'a ReviewRow>,
    /// The request's clock: the review's submission time.
    pub clock: Clock,
}

/// Screens and stores a validated review exactly once per key, appending its archive rows to the tenant's chain
/// (and, for a revision, the row that marks the original as superseded).
pub async fn accept(store: &Store, env: &Env, intake: Intake<'_>) -> Result<Accepted, ApiError> {
    let Intake {
        tenant,
        product_id,
        key,
        request_hash,
        review,
        revision_of,
        clock,
    } = intake;
    let review_id = runtime::random_id()?;
    let token_key = runtime::secret(env, "STATUS_TOKEN_KEY")?;
    let status_token = status_token::issue(token_key.as_bytes(), tenant, &review_id);
    let content_hash = sha256_hex(
        serde_json::to_string(review)
            .map_err(|_| ApiError::Misconfigured("serialisation"))?
            .as_bytes(),
    );
    let fingerprint = content_fingerprint(&review.body);

    let (review_id, status_token, content_hash, fingerprint, token_key) = (
        &review_id,
        &status_token,
        &content_hash,
        &fingerprint,
        &token_key,
    );
    // The chain head is read before each attempt: the duplicate check below is then exact, because only one
    // insert can claim this head, and a loser re-checks after the winner's review is visible.
    chain::append(
        store,
        tenant,
        "submission",
        |mut head| async move {
            let now_ms = clock.now_ms();
            // A revision first closes the original's trail: superseded, still rejected, text unchanged.
            let superseded = match revision_of {
                Some(original) => {
                    let closing = Entry {
                        action: "revised",
                        from: Some(Stage::Rejected),
                        to: Stage::Rejected,
                        actor: original.id.clone(),
                        role: ActorRole::Author.as_str(),
                        reason_code: None,
                        note: Some(format!("superseded by revision {review_id}")),
                        person_id: None,
                        credential_id: None,
                    };
                    let mut rows = audit::chain(
                        tenant,
                        &original.id,
                        head,
                        &original.content_hash,
                        std::slice::from_ref(&closing),
                        original.version,
                        None,
                        now_ms,
                    );
                    let row = rows.pop().ok_or(ApiError::Misconfigured("audit chain"))?;
                    head = row.row_hash.clone();
                    Some(Superseded {
                        original_id: &original.id,
                        original_version: original.version,
                        audit: row,
                    })
                }
                None => None,
            };
            let known = if store
                .fingerprint_exists(tenant, product_id, fingerprint)
                .await?
            {
                vec![fingerprint.clone()]
            } else {
                Vec::new()
            };
            // The automatic first stage: content only, never the star value.
            let outcome = screen(review, &known);
            let mut entries = vec![match revision_of {
                Some(original) => Entry {
                    action: "revise",
                    note: Some(format!("revision of {}", original.id)),
                    ..Entry::intake()
                },
                None => Entry::intake(),
            }];
            let mut state = ReviewState::submitted();
            if let Some((decision, reason)) = outcome.decision() {
                let transition = decide(&state, &Actor::screener(), decision, reason, None)
                    .map_err(|_| ApiError::Misconfigured("screening decision"))?;
                entries.push(Entry::from(&transition.audit));
                state.apply(&transition);
            }
            let findings_json = serde_json::to_string(outcome.findings())
                .map_err(|_| ApiError::Misconfigured("serialisation"))?;
            // The stored answer leaves the token out: it is a credential, and a replay recomputes it.
            let stored_answer = StoredAcceptance {
                id: review_id.clone(),
                status: state.stage,
            };
            let response_json = serde_json::to_string(&stored_answer)
                .map_err(|_| ApiError::Misconfigured("serialisation"))?;
            let audit = audit::chain(
                tenant,
                review_id,
                head,
                content_hash,
                &entries,
                0,
                None,
                now_ms,
            );
            let escalation =
                cases::opened_by_screening(store, tenant, review_id, &outcome, &audit, now_ms)
                    .await?;
            let submission = NewSubmission {
                tenant,
                product: product_id,
                review_id,
                review,
                stage: state.stage,
                reason_code: state.reason.map(|reason| reason.code()),
                findings_json: &findings_json,
                content_hash,
                fingerprint,
                idempotency_key: key,
                request_hash,
                response: &response_json,
                superseded,
                audit,
                escalation,
                now_ms,
            };
            // The batch's first row is built on the head the attempt was given: the revision's closing row, if any.
            let landmark = match &submission.superseded {
                Some(superseded) => superseded.audit.row_hash.clone(),
                None => submission
                    .audit
                    .first()
                    .ok_or(ApiError::Misconfigured("audit chain"))?
                    .row_hash
                    .clone(),
            };
            let accepted = Accepted {
                answer: stored_answer.answer(status_token.clone()),
                case_event: cases::webhook_event(submission.escalation.as_ref()),
            };
            let outcome = store.insert_submission(&submission).await;
            Ok(Step::sent(&landmark, accepted, outcome))
        },
        |_| async move {
            // A concurrent duplicate won the key: replay its answer.
            if let Some(stored) = store.stored_answer(tenant, key).await? {
                return Ok(Some(replay(stored, request_hash, token_key, tenant)?));
            }
            if let Some(original) = revision_of
                && store.review_version(tenant, &original.id).await? != Some(original.version)
            {
                return Err(already_revised());
            }
            Ok(None)
        },
    )
    .await
}

pub fn already_revised() -> ApiError {
    ApiError::conflict(
        "already_revised",
        "A revision of this review was already submitted; follow the status of the revision.",
    )
}

/// The first answer again: the stored part, and the status token recomputed from tenant and review id (so it equals
/// the first one; the idempotency table never holds it).
pub fn replay(
    stored: StoredAnswer,
    request_hash: &str,
    token_key: &str,
    tenant: &str,
) -> Result<Accepted, ApiError> {
    if stored.request_hash != request_hash {
        return Err(ApiError::IdempotencyKeyReused);
    }
    let answer: StoredAcceptance = serde_json::from_str(&stored.response)
        .map_err(|_| ApiError::Misconfigured("stored idempotent answer"))?;
    let status_token = status_token::issue(token_key.as_bytes(), tenant, &answer.id);
    Ok(Accepted {
        answer: answer.answer(status_token),
        case_event: None,
    })
}
