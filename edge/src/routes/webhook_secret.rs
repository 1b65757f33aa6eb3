//! `POST /v1/admin/webhook/secret` (admin): creates or rotates the tenant's webhook signing secret and shows it
//! once. Only its sealed form is stored; the previous secret keeps signing for 24 hours, so the receiver can switch
//! without losing events. The rotation is archived without the secret.

use candor_domain::Role;
use candor_domain::archive::WebhookSecretRotated;
use candor_domain::staff_views::WebhookSecretIssued;
use candor_domain::webhook::ROTATION_OVERLAP_MS;
use worker::{Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::auth;
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::store::Store;
use crate::{runtime, sealing};

pub async fn post(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate(&request, &ctx.env, &store).await?;
    staff.require(&[Role::Admin])?;
    // 32 random bytes from Web Crypto; the receiver uses the whole string (with its prefix) as the HMAC key.
    let secret = format!("whsec_{}", runtime::random_hex(32)?);
    let sealed = sealing::seal(&ctx.env, &staff.tenant, &secret).await?;
    let had_one = store.webhook_secrets(&staff.tenant).await?.is_some();
    let (store, staff, sealed) = (&store, &staff, &sealed);
    let created_at = chain::append(
        store,
        &staff.tenant,
        "webhook secret rotation",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            // No secret, sealed or not, in the archive: only that a rotation happened, and when.
            let content = audit::content(&WebhookSecretRotated {
                previous_signs_until: now_ms + ROTATION_OVERLAP_MS,
                rotated_at: now_ms,
            })?;
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(
                    staff,
                    "webhook_secret_rotated",
                    &content,
                    Some(content.clone()),
                ),
                now_ms,
            );
            let outcome = store
                .rotate_webhook_secret(
                    &staff.tenant,
                    sealed,
                    now_ms,
                    now_ms + ROTATION_OVERLAP_MS,
                    &row,
                )
                .await;
            Ok(Step::sent(&row.row_hash, now_ms, outcome))
        },
        chain::never_refused,
    )
    .await?;
    let mut response = Response::from_json(&WebhookSecretIssued {
        secret,
        created_at,
        previous_secret_signs_until: had_one.then_some(created_at + ROTATION_OVERLAP_MS),
    })?
    .with_status(201);
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
