//! `POST /v1/t/{tenant}/products/{product}/reviews`: the checks of a new review (replay first, rate limits, product,
//! origin, body, captcha), then `ops::intake` screens and stores it exactly once per Idempotency-Key; answers 202
//! with where the review now stands and a status token.

use candor_domain::ReviewDraft;
use worker::{Request, Response, RouteContext};

use crate::audit::sha256_hex;
use crate::caller::Caller;
use crate::clock::Clock;
use crate::error::ApiError;
use crate::ops::intake::{self, Intake, replay};
use crate::store::Store;
use crate::{captcha, cors, http, rate_limit, runtime};

pub async fn post(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?.to_owned();
    let caller = Caller::of(&request);
    let product_id = http::param(&ctx, "product")?.to_owned();
    let key = http::idempotency_key(&request)?;
    let body = http::read_json_body(&mut request).await?;
    // The key answers for one request: the same path and the same bytes.
    let request_hash = sha256_hex(&[request.path().as_bytes(), b"\n", &body].concat());
    let store = Store::open(&ctx.env)?.with_faults(crate::faults::requested(&request, &ctx.env)?);

    // A replay is answered before anything that could refuse it the second time (hidden line, rate limits); the
    // stored answer (one primary-key read) is the only work done before the visitor's own limit.
    let stored = store.stored_answer(&tenant, &key).await?;
    if stored.is_none() {
        rate_limit::visitor(&request, &ctx.env, &tenant).await?;
    }
    let product = store
        .product(&tenant, &product_id)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    cors::check_write_origin(&request, &product.allowed_origins)?;
    if let Some(stored) = stored {
        let token_key = runtime::secret(&ctx.env, "STATUS_TOKEN_KEY")?;
        return http::accepted(
            caller,
            &tenant,
            replay(stored, &request_hash, &token_key, &tenant)?,
        );
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
    // Only a write that passed every cheap check spends the tenant's budget, and before the captcha's round trip.
    rate_limit::tenant(&ctx.env, &tenant).await?;
    captcha::check(&request, &ctx.env, &store, &tenant, &key).await?;
    let accepted = intake::accept(
        &store,
        &ctx.env,
        Intake {
            tenant: &tenant,
            product_id: &product_id,
            key: &key,
            request_hash: &request_hash,
            review: &review,
            revision_of: None,
            clock: Clock::of(&request, &ctx.env),
        },
    )
    .await?;
    http::accepted(caller, &tenant, accepted)
}
