//! `POST /v1/t/{tenant}/products/{product}/reviews`: accept a review exactly once per Idempotency-Key, run the
//! automatic screening stage, and answer 202 with where the review now stands and a status token.

use std::time::Duration;

use candor_domain::ReviewDraft;
use candor_domain::dto::SubmitAccepted;
use candor_domain::moderation::{Actor, ReviewState, decide};
use candor_domain::screening::{content_fingerprint, screen};
use worker::{Request, Response, RouteContext};

use crate::audit::{self, Entry, sha256_hex};
use crate::error::ApiError;
use crate::store::{NewSubmission, Store, StoredAnswer};
use crate::{cors, http, runtime, status_token};

/// Submissions of one tenant share one archive chain; an append that lost the race for the chain head is
/// retried with the new head after a short random pause.
const ATTEMPTS: u32 = 12;
const MAX_BACKOFF_MS: f64 = 250.0;

pub async fn post(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?.to_owned();
    let product_id = http::param(&ctx, "product")?.to_owned();
    let key = http::idempotency_key(&request)?;
    let body = http::read_json_body(&mut request).await?;
    // The key answers for one request: the same path and the same bytes.
    let request_hash = sha256_hex(&[request.path().as_bytes(), b"\n", &body].concat());
    let store = Store::open(&ctx.env)?;

    let product = store
        .product(&tenant, &product_id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    cors::check_write_origin(&request, &product.allowed_origins)?;
    // A replay is answered before anything that could refuse it the second time (hidden line, rate limits).
    if let Some(stored) = store.stored_answer(&tenant, &key).await? {
        return replay(stored, &request_hash);
    }
    if !product.line_visible {
        return Err(ApiError::Conflict {
            code: "product_line_hidden",
            message: "This product line does not take reviews at the moment.".to_owned(),
        });
    }
    let draft: ReviewDraft = http::parse_json(&body)?;
    let attribute_keys: Vec<&str> = product.attributes.iter().map(|a| a.key.as_str()).collect();
    let review = draft.validate(&attribute_keys)?;

    let review_id = runtime::random_id()?;
    let token_key = runtime::secret(&ctx.env, "STATUS_TOKEN_KEY")?;
    let status_token = status_token::issue(token_key.as_bytes(), &tenant, &review_id);
    let content_hash = sha256_hex(
        serde_json::to_string(&review)
            .map_err(|_| ApiError::Misconfigured("serialisation"))?
            .as_bytes(),
    );
    let fingerprint = content_fingerprint(&review.body);

    for attempt in 0..ATTEMPTS {
        let now_ms = runtime::now_ms();
        // Read the chain head first: the duplicate check below is then exact, because only one insert
        // can claim this head, and a loser re-checks after the winner's review is visible.
        let head = store.audit_head(&tenant).await?;
        let known = if store
            .fingerprint_exists(&tenant, &product_id, &fingerprint)
            .await?
        {
            vec![fingerprint.clone()]
        } else {
            Vec::new()
        };
        // The automatic first stage: content only, never the star value.
        let outcome = screen(&review, &known);
        let mut entries = vec![Entry::intake()];
        let mut state = ReviewState::submitted();
        if let Some((decision, reason)) = outcome.decision() {
            let transition = decide(&state, &Actor::screener(), decision, reason, None)
                .map_err(|_| ApiError::Misconfigured("screening decision"))?;
            entries.push(Entry::from(&transition.audit));
            state.apply(&transition);
        }
        let findings_json = serde_json::to_string(outcome.findings())
            .map_err(|_| ApiError::Misconfigured("serialisation"))?;
        let accepted = SubmitAccepted {
            id: review_id.clone(),
            status: state.stage,
            status_token: status_token.clone(),
        };
        let response_json = serde_json::to_string(&accepted)
            .map_err(|_| ApiError::Misconfigured("serialisation"))?;
        let submission = NewSubmission {
            tenant: &tenant,
            product: &product_id,
            review_id: &review_id,
            review: &review,
            stage: state.stage,
            reason_code: state.reason.map(|reason| reason.code()),
            findings_json: &findings_json,
            content_hash: &content_hash,
            fingerprint: &fingerprint,
            idempotency_key: &key,
            request_hash: &request_hash,
            response: &response_json,
            audit: audit::chain(
                &tenant,
                &review_id,
                head,
                &content_hash,
                &entries,
                0,
                now_ms,
            ),
            now_ms,
        };
        match store.insert_submission(&submission).await {
            Ok(()) => return accepted_response(response_json),
            Err(error) => {
                // Either a concurrent duplicate won the key (replay its answer) or the chain head moved (try again).
                if let Some(stored) = store.stored_answer(&tenant, &key).await? {
                    return replay(stored, &request_hash);
                }
                worker::console_warn!("submission attempt {attempt} failed, retrying: {error}");
                let pause = js_sys::Math::random()
                    * MAX_BACKOFF_MS.min(10.0 * f64::from(1u32 << attempt.min(5)));
                worker::Delay::from(Duration::from_millis(pause as u64)).await;
            }
        }
    }
    Err(ApiError::StorageUnavailable)
}

fn replay(stored: StoredAnswer, request_hash: &str) -> Result<Response, ApiError> {
    if stored.request_hash != request_hash {
        return Err(ApiError::IdempotencyKeyReused);
    }
    accepted_response(stored.response)
}

fn accepted_response(json: String) -> Result<Response, ApiError> {
    let mut response = Response::from_bytes(json.into_bytes())?.with_status(202);
    response
        .headers_mut()
        .set("Content-Type", "application/json")?;
    Ok(response)
}
