//! Events to the firm's service desk (tenant setting `webhook_url`): a case opened or changed status.
//!
//! Flow: the case change writes an outbox row in its own batch; the route marks its answer (`schedule`) and the
//! entry point, after the answer, sends a Cloudflare Queue message carrying only the row's tenant and id
//! (`hand_off`). The queue consumer (`consume`) builds the payload from the current case, signs it with the tenant's
//! secret(s), POSTs it without following redirects and marks the row delivered, or lets the message retry; the
//! dead-letter consumer marks it dead. The Cron Trigger (`sweep`) re-sends pending rows nobody touched for a while
//! (a lost message). Nothing here can delay or fail the request that caused the event.

use std::time::Duration;

use candor_domain::webhook::{self as rules, WebhookEvent};
use candor_domain::webhook_destination::WebhookDestination;
use futures_util::future::{Either, select};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use wasm_bindgen::JsValue;
use worker::{
    AbortController, Context, Delay, Env, Fetch, Headers, MessageBatch, MessageExt, Method,
    QueueRetryOptionsBuilder, Request, RequestInit, RequestRedirect, Response,
};

use crate::error::ApiError;
use crate::store::{EscalationRow, ReviewRow, Store};
use crate::{runtime, sealing};

/// The internal mark a route puts on its answer; removed before the answer leaves the Worker.
const MARK_HEADER: &str = "X-Candor-Internal-Webhook";
/// Test hooks only: `hold` keeps the Queue message from being sent, as if the send had failed after the commit.
pub const TEST_QUEUE_HEADER: &str = "X-Candor-Test-Queue";
/// The producer binding and the dead-letter queue's name (`edge/wrangler.toml`).
const QUEUE_BINDING: &str = "WEBHOOKS";
const DEAD_LETTER_QUEUE: &str = "candor-webhooks-dead";
/// How long one attempt may take.
const ATTEMPT_TIMEOUT_MS: u64 = 5_000;
/// A pending row untouched this long is re-sent by the sweep (longer than the longest queue retry pause in use
/// before the dead-letter queue takes over); two seconds with the test hooks.
const STALE_AFTER_MS: i64 = 15 * 60 * 1_000;
const TEST_STALE_AFTER_MS: i64 = 2_000;
const SWEEP_LIMIT: u32 = 100;

/// The Queue message: which outbox row, nothing of the event itself.
#[derive(Serialize, Deserialize)]
pub struct OutboxMessage {
    pub tenant: String,
    pub id: String,
}

/// Marks an answer so that the entry point enqueues outbox row `outbox_id` after sending it.
pub fn schedule(response: &mut Response, tenant: &str, outbox_id: &str) -> Result<(), ApiError> {
    response
        .headers_mut()
        .set(MARK_HEADER, &format!("{tenant} {outbox_id}"))?;
    Ok(())
}

/// Strips the mark from an answer and enqueues its outbox row after the answer is sent (unless `hold`, a test
/// hook standing for a lost message). A failed send leaves the row pending for the sweep.
pub fn hand_off(mut response: Response, env: &Env, ctx: &Context, hold: bool) -> Response {
    let mark = response.headers().get(MARK_HEADER).ok().flatten();
    let Some(mark) = mark else { return response };
    if let Err(error) = response.headers_mut().delete(MARK_HEADER) {
        worker::console_error!("webhook mark could not be removed: {error}");
    }
    if let Some((tenant, id)) = mark.split_once(' ')
        && !hold
    {
        let (env, message) = (
            env.clone(),
            OutboxMessage {
                tenant: tenant.to_owned(),
                id: id.to_owned(),
            },
        );
        ctx.wait_until(async move {
            if let Err(error) = enqueue(&env, message).await {
                worker::console_error!("webhook message could not be sent: {error}");
            }
        });
    }
    response
}

async fn enqueue(env: &Env, message: OutboxMessage) -> Result<(), ApiError> {
    env.queue(QUEUE_BINDING)?.send(message).await?;
    Ok(())
}

/// The queue consumer: the delivery queue delivers, the dead-letter queue marks rows dead.
pub async fn consume(batch: MessageBatch<OutboxMessage>, env: &Env) -> Result<(), ApiError> {
    let dead_letters = batch.queue() == DEAD_LETTER_QUEUE;
    let messages = match batch.messages() {
        Ok(messages) => messages,
        Err(error) => {
            // Not ours to deliver; any row it meant stays pending for the sweep.
            worker::console_error!("unreadable webhook messages dropped: {error}");
            batch.ack_all();
            return Ok(());
        }
    };
    let store = Store::open(env)?;
    let test_hooks = runtime::test_hooks_enabled(env);
    for message in messages {
        let OutboxMessage { tenant, id } = message.body();
        if dead_letters {
            match store.mark_dead(tenant, id, runtime::now_ms()).await {
                Ok(()) => message.ack(),
                Err(_) => message.retry(),
            }
            continue;
        }
        match deliver(env, &store, tenant, id, test_hooks).await {
            Ok(None) => message.ack(),
            Ok(Some(delay_seconds)) => message.retry_with_options(
                &QueueRetryOptionsBuilder::new()
                    .with_delay_seconds(delay_seconds)
                    .build(),
            ),
            Err(error) => {
                worker::console_error!("webhook delivery of {id} could not run: {error}");
                message.retry();
            }
        }
    }
    Ok(())
}

/// The Cron Trigger: re-sends pending rows that nobody touched for a while.
pub async fn sweep(env: &Env) -> Result<(), ApiError> {
    let store = Store::open(env)?;
    let now_ms = runtime::now_ms();
    let after = if runtime::test_hooks_enabled(env) {
        TEST_STALE_AFTER_MS
    } else {
        STALE_AFTER_MS
    };
    let stale = store
        .claim_stale_outbox(now_ms - after, now_ms, SWEEP_LIMIT)
        .await?;
    for row in stale {
        let id = row.id.clone();
        if let Err(error) = enqueue(
            env,
            OutboxMessage {
                tenant: row.tenant_id,
                id: row.id,
            },
        )
        .await
        {
            worker::console_error!("the sweep could not re-send {id}: {error}");
        }
    }
    Ok(())
}

/// HMAC-SHA256 of the signed message under one secret, hex.
pub fn sign(secret: &str, tenant: &str, event_id: &str, t_ms: i64, body: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is never taken.
        Err(_) => return String::new(),
    };
    mac.update(rules::signed_message(tenant, event_id, t_ms, body).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The secrets that sign now: the current one, and the previous one during a rotation's overlap.
async fn signing_secrets(
    env: &Env,
    store: &Store,
    tenant: &str,
    now_ms: i64,
) -> Result<Option<Vec<String>>, ApiError> {
    let Some(row) = store.webhook_secrets(tenant).await? else {
        return Ok(None);
    };
    let mut secrets = vec![sealing::open(env, tenant, &row.current_sealed).await?];
    if let Some(previous) = &row.previous_sealed
        && rules::previous_still_signs(row.previous_until, now_ms)
    {
        secrets.push(sealing::open(env, tenant, previous).await?);
    }
    Ok(Some(secrets))
}

/// The event as the firm receives it, built from the current case. The contact e-mail is included only because
/// the author consented to customer-service follow-up (it is stored only with consent).
fn payload(
    tenant: &str,
    event: WebhookEvent,
    event_id: &str,
    case: &EscalationRow,
    review: &ReviewRow,
) -> String {
    serde_json::json!({
        "type": event.name(),
        // Stable per case change: a retried delivery carries the same id, so the desk can drop duplicates.
        "id": event_id,
        "tenant": tenant,
        "escalation": {
            "id": case.id,
            "review_id": case.review_id,
            "reason": case.reason,
            "opened_by": case.opened_by,
            "opened_at": case.opened_at,
            "due_at": case.due_at,
            "status": case.status,
            "assignee": case.assignee,
            "note": case.note,
        },
        "review": {
            "id": review.id,
            "product": review.product_id,
            "rating": review.rating,
            "title": review.title,
            "body": review.body,
            "locale": review.locale,
            "stage": review.stage,
            "contact_email": review.contact_email,
        },
    })
    .to_string()
}

/// One delivery attempt of one outbox row. `None`: finished (delivered, or nothing left to do); `Some(seconds)`:
/// failed, retry after that pause (the attempt is recorded on the row).
async fn deliver(
    env: &Env,
    store: &Store,
    tenant: &str,
    id: &str,
    test_hooks: bool,
) -> Result<Option<u32>, ApiError> {
    let Some(row) = store.outbox_row(tenant, id).await? else {
        return Ok(None);
    };
    if row.state != rules::OutboxState::Pending.as_str() {
        return Ok(None);
    }
    let retry_after = Some(if test_hooks {
        1
    } else {
        rules::retry_delay_seconds(row.attempts + 1)
    });
    let failed = |status: Option<u16>, error: String| async move {
        store
            .record_attempt(tenant, id, false, status, Some(&error), runtime::now_ms())
            .await?;
        Ok::<Option<u32>, ApiError>(retry_after)
    };
    let Some(event) = WebhookEvent::parse(&row.event) else {
        return failed(None, format!("unknown event {}", row.event)).await;
    };
    let Some(url) = store.settings(tenant).await?.and_then(|s| s.webhook_url) else {
        return failed(None, "no webhook URL is configured".to_owned()).await;
    };
    // Checked again at delivery: a URL stored before a rule existed is never sent to.
    let destination = match WebhookDestination::parse(&url, test_hooks) {
        Ok(destination) => destination,
        Err(error) => return failed(None, format!("the webhook URL is refused: {error}")).await,
    };
    let t_ms = runtime::now_ms();
    let Some(secrets) = signing_secrets(env, store, tenant, t_ms).await? else {
        return failed(
            None,
            "no signing secret: an admin creates one with POST /v1/admin/webhook/secret".to_owned(),
        )
        .await;
    };
    let Some(case) = store.escalation(tenant, &row.case_id).await? else {
        return failed(None, "the case is missing".to_owned()).await;
    };
    let Some(review) = store.review(tenant, &case.review_id).await? else {
        return failed(None, "the review is missing".to_owned()).await;
    };
    let body = payload(tenant, event, &row.id, &case, &review);
    let signatures: Vec<String> = secrets
        .iter()
        .map(|secret| sign(secret, tenant, &row.id, t_ms, &body))
        .collect();
    let headers = [
        ("Content-Type", "application/json".to_owned()),
        ("User-Agent", "Candor-Webhook/2".to_owned()),
        ("X-Candor-Event", event.name().to_owned()),
        ("X-Candor-Event-Id", row.id.clone()),
        ("X-Candor-Tenant", tenant.to_owned()),
        (
            "X-Candor-Signature",
            rules::signature_header(t_ms, &signatures),
        ),
    ];
    match post(destination.url(), &headers, &body).await {
        Ok(status) if (200..300).contains(&status) => {
            store
                .record_attempt(tenant, id, true, Some(status), None, runtime::now_ms())
                .await?;
            Ok(None)
        }
        Ok(status) if (300..400).contains(&status) => {
            failed(
                Some(status),
                format!("the receiver answered {status}; redirects are not followed"),
            )
            .await
        }
        Ok(status) => failed(Some(status), format!("the receiver answered {status}")).await,
        Err(error) => failed(None, error).await,
    }
}

/// One signed POST, redirects not followed, bounded in time; the receiver's status, or why there was none.
async fn post(url: &str, headers: &[(&str, String)], body: &str) -> Result<u16, String> {
    let request_headers = Headers::new();
    for (name, value) in headers {
        request_headers
            .set(name, value)
            .map_err(|e| e.to_string())?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(request_headers)
        .with_redirect(RequestRedirect::Manual)
        .with_body(Some(JsValue::from_str(body)));
    let request = Request::new_with_init(url, &init).map_err(|e| e.to_string())?;
    let controller = AbortController::default();
    let signal = controller.signal();
    let fetch = Fetch::Request(request);
    let sending = Box::pin(fetch.send_with_signal(&signal));
    let timeout = Box::pin(Delay::from(Duration::from_millis(ATTEMPT_TIMEOUT_MS)));
    match select(sending, timeout).await {
        Either::Left((Ok(response), _)) => Ok(response.status_code()),
        Either::Left((Err(error), _)) => Err(format!("no answer: {error}")),
        Either::Right(_) => {
            controller.abort();
            Err(format!("no answer within {ATTEMPT_TIMEOUT_MS} ms"))
        }
    }
}
