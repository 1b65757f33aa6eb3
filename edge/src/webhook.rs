//! Events to the firm's service desk (tenant setting `webhook_url`): a case opened or changed status. Delivered after
//! the answer has gone out (`ctx.wait_until`), signed with HMAC-SHA256 so the firm can verify them, with a few
//! bounded attempts; the outcome is recorded on the case.
//!
//! Never delays or fails the request that caused the event: a route only marks its answer (`schedule`), and the
//! entry point hands the delivery to the runtime (`hand_off`) after stripping the mark.

use std::time::Duration;

use futures_util::future::{Either, select};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use wasm_bindgen::JsValue;
use worker::{
    AbortController, Context, Delay, Env, Fetch, Headers, Method, Request, RequestInit, Response,
};

use crate::error::ApiError;
use crate::runtime;
use crate::store::{DeliveryOutcome, EscalationRow, ReviewRow, Store};

/// The internal mark a route puts on its answer; removed before the answer leaves the Worker.
const MARK_HEADER: &str = "X-Candor-Internal-Webhook";
/// The signature header the firm verifies: `t=<ms>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.
pub const SIGNATURE_HEADER: &str = "X-Candor-Signature";
/// Attempts per event, the pause before each retry, and how long one attempt may take.
const ATTEMPTS: u32 = 3;
const RETRY_PAUSES_MS: [u64; 2] = [500, 2_000];
const ATTEMPT_TIMEOUT_MS: u64 = 5_000;

/// What happened to a case.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Opened,
    StatusChanged,
}

impl Event {
    pub fn name(self) -> &'static str {
        match self {
            Event::Opened => "escalation.opened",
            Event::StatusChanged => "escalation.status_changed",
        }
    }

    fn parse(name: &str) -> Option<Event> {
        [Event::Opened, Event::StatusChanged]
            .into_iter()
            .find(|event| event.name() == name)
    }
}

/// Marks an answer so that the entry point delivers `event` of this case after sending it.
pub fn schedule(
    response: &mut Response,
    tenant: &str,
    escalation_id: &str,
    event: Event,
) -> Result<(), ApiError> {
    response.headers_mut().set(
        MARK_HEADER,
        &format!("{} {tenant} {escalation_id}", event.name()),
    )?;
    Ok(())
}

/// Strips the mark from an answer and hands its delivery to the runtime, to run after the answer is sent.
pub fn hand_off(mut response: Response, env: &Env, ctx: &Context) -> Response {
    let mark = response.headers().get(MARK_HEADER).ok().flatten();
    let Some(mark) = mark else { return response };
    if let Err(error) = response.headers_mut().delete(MARK_HEADER) {
        worker::console_error!("webhook mark could not be removed: {error}");
    }
    let mut parts = mark.split(' ');
    if let (Some(event), Some(tenant), Some(id), None) = (
        parts.next().and_then(Event::parse),
        parts.next(),
        parts.next(),
        parts.next(),
    ) {
        let (env, tenant, id) = (env.clone(), tenant.to_owned(), id.to_owned());
        ctx.wait_until(async move {
            if let Err(error) = deliver(&env, &tenant, &id, event).await {
                worker::console_error!("webhook delivery of {id} could not run: {error}");
            }
        });
    }
    response
}

/// The signature header value for `body` sent at `t_ms`.
pub fn signature(key: &[u8], t_ms: i64, body: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        // HMAC takes keys of any length; this arm is never taken.
        Err(_) => return String::new(),
    };
    mac.update(t_ms.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    format!("t={t_ms},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// The event as the firm receives it. The contact e-mail is included only because the author consented to
/// customer-service follow-up (it is stored only with consent).
fn payload(tenant: &str, event: Event, case: &EscalationRow, review: &ReviewRow) -> String {
    serde_json::json!({
        "type": event.name(),
        // Stable per case version: a retried delivery carries the same id, so the desk can drop duplicates.
        "id": format!("{}.{}", case.id, case.version),
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

/// Sends the case's current state to the tenant's webhook (if one is configured) and records the outcome.
async fn deliver(env: &Env, tenant: &str, id: &str, event: Event) -> Result<(), ApiError> {
    let store = Store::open(env)?;
    let Some(url) = store.settings(tenant).await?.and_then(|s| s.webhook_url) else {
        return Ok(());
    };
    let Some(case) = store.escalation(tenant, id).await? else {
        return Ok(());
    };
    let review = store
        .review(tenant, &case.review_id)
        .await?
        .ok_or(ApiError::NotFound("review"))?;
    let key = runtime::secret(env, "WEBHOOK_SIGNING_KEY")?;
    let body = payload(tenant, event, &case, &review);

    let mut last_status = None;
    let mut last_error = None;
    let mut attempts = 0;
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            let pause = RETRY_PAUSES_MS[(attempt as usize - 1).min(RETRY_PAUSES_MS.len() - 1)];
            Delay::from(Duration::from_millis(pause)).await;
        }
        attempts += 1;
        match post(&url, &key, event, &body).await {
            Ok(status) if (200..300).contains(&status) => {
                let outcome = DeliveryOutcome {
                    delivered: true,
                    attempts,
                    status: Some(status),
                    error: None,
                    at_ms: runtime::now_ms(),
                };
                store.record_delivery(tenant, id, &outcome).await?;
                return Ok(());
            }
            Ok(status) => {
                last_status = Some(status);
                last_error = Some(format!("the receiver answered {status}"));
            }
            Err(error) => {
                last_status = None;
                last_error = Some(error);
            }
        }
    }
    worker::console_warn!("webhook delivery of {id} failed after {attempts} attempts");
    let outcome = DeliveryOutcome {
        delivered: false,
        attempts,
        status: last_status,
        error: last_error.as_deref(),
        at_ms: runtime::now_ms(),
    };
    store.record_delivery(tenant, id, &outcome).await
}

/// One signed POST, bounded in time; the receiver's status, or why there was none.
async fn post(url: &str, key: &str, event: Event, body: &str) -> Result<u16, String> {
    let headers = Headers::new();
    let sent_at = runtime::now_ms();
    for (name, value) in [
        ("Content-Type", "application/json".to_owned()),
        ("User-Agent", "Candor-Webhook/1".to_owned()),
        ("X-Candor-Event", event.name().to_owned()),
        (SIGNATURE_HEADER, signature(key.as_bytes(), sent_at, body)),
    ] {
        headers.set(name, &value).map_err(|e| e.to_string())?;
    }
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
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
