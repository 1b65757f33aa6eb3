//! `POST /v1/t/{tenant}/products/{product}/reviews`: accept a review exactly once per Idempotency-Key and answer 202 with a status token.

use candor_domain::dto::SubmitAccepted;
use candor_domain::{ReviewDraft, Stage};
use worker::{Request, Response, RouteContext};

use crate::audit::{self, sha256_hex};
use crate::error::ApiError;
use crate::store::{AuditAppend, NewSubmission, Store, StoredAnswer};
use crate::{cors, http, runtime, status_token};

/// How often a submission is retried when a concurrent archive append moved the chain head.
const ATTEMPTS: usize = 3;

pub async fn post(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?.to_owned();
    let product_id = http::param(&ctx, "product")?.to_owned();
    let key = http::idempotency_key(&request)?;
    let body = http::read_json_body(&mut request).await?;
    let request_hash = sha256_hex(&body);
    let store = Store::open(&ctx.env)?;

    // A replay is answered first, before anything that could refuse it the second time.
    if let Some(stored) = store.stored_answer(&tenant, &key).await? {
        return replay(stored, &request_hash);
    }

    let product = store
        .product(&tenant, &product_id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    cors::check_write_origin(&request, &product.allowed_origins)?;
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
    let accepted = SubmitAccepted {
        id: review_id.clone(),
        status: Stage::Screening,
        status_token: status_token::issue(token_key.as_bytes(), &tenant, &review_id),
    };
    let response_json =
        serde_json::to_string(&accepted).map_err(|_| ApiError::Misconfigured("serialisation"))?;
    let content_hash = sha256_hex(
        serde_json::to_string(&review)
            .map_err(|_| ApiError::Misconfigured("serialisation"))?
            .as_bytes(),
    );

    for _ in 0..ATTEMPTS {
        let now_ms = runtime::now_ms();
        let prev_hash = store.audit_head(&tenant).await?;
        let row_hash = audit::row_hash(&audit::RowFields {
            tenant: &tenant,
            review_id: Some(&review_id),
            prev_hash: &prev_hash,
            content_hash: &content_hash,
            from_stage: None,
            to_stage: Some(Stage::Screening.as_str()),
            actor: "visitor",
            role: "author",
            reason_code: None,
            note: None,
            at_ms: now_ms,
        });
        let submission = NewSubmission {
            tenant: &tenant,
            product: &product_id,
            review_id: &review_id,
            review: &review,
            content_hash: &content_hash,
            idempotency_key: &key,
            request_hash: &request_hash,
            response: &response_json,
            audit: AuditAppend {
                prev_hash,
                content_hash: content_hash.clone(),
                from_stage: None,
                to_stage: Stage::Screening,
                actor: "visitor".to_owned(),
                role: "author".to_owned(),
                row_hash,
            },
            now_ms,
        };
        match store.insert_submission(&submission).await {
            Ok(()) => return accepted_response(response_json),
            Err(error) => {
                // Either a concurrent duplicate won the key (replay its answer) or the chain head moved (try again).
                if let Some(stored) = store.stored_answer(&tenant, &key).await? {
                    return replay(stored, &request_hash);
                }
                worker::console_warn!("submission batch failed, retrying: {error}");
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
