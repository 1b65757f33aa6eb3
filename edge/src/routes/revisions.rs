//! `POST /v1/t/{tenant}/reviews/{id}/revisions` (`Authorization: Bearer <status_token>`, `Idempotency-Key`): after a
//! rejection for a fixable reason the author submits a revised text, within 30 days of the rejection. It becomes a new review (the original's text
//! is never edited) that goes through screening again; the original is marked superseded, once. From a browser only the
//! edge's own status frame may revise (`caller::Caller`).

use candor_domain::{Actor, Decision, ReviewDraft, decide};
use worker::{Request, Response, RouteContext};

use crate::audit::sha256_hex;
use crate::caller::Caller;
use crate::clock::Clock;
use crate::error::ApiError;
use crate::ops::intake::{self, Intake, already_revised, replay};
use crate::ops::transition::state_of;
use crate::store::Store;
use crate::{captcha, cors, faults, http, rate_limit, runtime, status_token};

pub async fn post(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?.to_owned();
    let review_id = http::param(&ctx, "id")?.to_owned();
    // Only the visitor, in the edge's own status frame (or a server), may revise: never the firm's page.
    let caller = Caller::of(&request);
    caller.require_author_page()?;
    let token = http::bearer_token(&request).ok_or(ApiError::Unauthorized)?;
    let token_key = runtime::secret(&ctx.env, "STATUS_TOKEN_KEY")?;
    if !status_token::verify(token_key.as_bytes(), &tenant, &review_id, &token) {
        return Err(ApiError::Unauthorized);
    }
    let key = http::idempotency_key(&request)?;
    let body = http::read_json_body(&mut request).await?;
    let request_hash = sha256_hex(&[request.path().as_bytes(), b"\n", &body].concat());
    let store = Store::open(&ctx.env)?.with_faults(faults::requested(&request, &ctx.env)?);
    // A replay is answered before any limit and before the superseded check (by then the original is superseded,
    // which would refuse it); the stored answer is the only read before the visitor's own limit.
    let stored = store.stored_answer(&tenant, &key).await?;
    if stored.is_none() {
        rate_limit::visitor(&request, &ctx.env, &tenant).await?;
    }
    let original = store
        .review(&tenant, &review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    let product = store
        .product(&tenant, &original.product_id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    cors::check_write_origin(&request, &product.allowed_origins)?;
    if let Some(stored) = stored {
        return http::accepted(
            caller,
            &tenant,
            replay(stored, &request_hash, &token_key, &tenant)?,
        );
    }
    // The status token's age and the rejection's age, on the request's clock.
    let now_ms = Clock::of(&request, &ctx.env).now_ms();
    status_token::require_unexpired(original.created_at, now_ms)?;
    if original.superseded_by.is_some() {
        return Err(already_revised());
    }
    if !product.line_visible {
        return Err(ApiError::conflict(
            "product_line_hidden",
            "This product line does not take reviews at the moment.",
        ));
    }
    // The domain decides whether this rejection may be revised (fixable reasons only).
    let state = state_of(&store, &tenant, &original).await?;
    decide(
        &state,
        &Actor::author(&review_id),
        Decision::Revise,
        None,
        None,
    )?;
    // A rejected review changes no more until its revision, so its last update is the rejection.
    status_token::require_revision_window(original.updated_at, now_ms)?;
    let draft: ReviewDraft = http::parse_json(&body)?;
    let attribute_keys: Vec<&str> = product.attributes.iter().map(|a| a.key.as_str()).collect();
    let review = draft.validate(&attribute_keys)?;
    rate_limit::tenant(&ctx.env, &tenant).await?;
    captcha::check(&request, &ctx.env, &store, &tenant, &key).await?;
    let accepted = intake::accept(
        &store,
        &ctx.env,
        Intake {
            tenant: &tenant,
            product_id: &original.product_id,
            key: &key,
            request_hash: &request_hash,
            review: &review,
            revision_of: Some(&original),
            clock: Clock::of(&request, &ctx.env),
        },
    )
    .await?;
    http::accepted(caller, &tenant, accepted)
}
