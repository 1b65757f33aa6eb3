//! The rules of webhook delivery that need no IO: the events, what a signature covers, which secrets sign during a
//! rotation, the outbox states and the pause before a retry. The edge does the HMAC, the clock and the sending.

/// How long the previous secret keeps signing after a rotation (24 hours).
pub const ROTATION_OVERLAP_MS: i64 = 24 * 60 * 60 * 1_000;

/// What happened to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookEvent {
    Opened,
    StatusChanged,
}

impl WebhookEvent {
    pub fn name(self) -> &'static str {
        match self {
            WebhookEvent::Opened => "escalation.opened",
            WebhookEvent::StatusChanged => "escalation.status_changed",
        }
    }

    pub fn parse(name: &str) -> Option<WebhookEvent> {
        [WebhookEvent::Opened, WebhookEvent::StatusChanged]
            .into_iter()
            .find(|event| event.name() == name)
    }
}

/// Where an outbox row stands: waiting (first try, retries, or re-sent by the sweep), delivered (a 2xx answer), or
/// dead (the queue gave up; final).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    Pending,
    Delivered,
    Dead,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Delivered => "delivered",
            OutboxState::Dead => "dead",
        }
    }
}

/// The event id of a case change: `<case id>.<case version after the change>`. Stable across retries, so the
/// receiver can drop a duplicate.
pub fn event_id(case_id: &str, version: i64) -> String {
    format!("{case_id}.{version}")
}

/// The bytes a signature covers: `<tenant>.<event id>.<t>.<body>`. Tenant and event id are inside, so a body
/// signed for one tenant or event cannot be replayed as another; `t` lets the receiver refuse old deliveries.
pub fn signed_message(tenant: &str, event_id: &str, t_ms: i64, body: &str) -> String {
    format!("{tenant}.{event_id}.{t_ms}.{body}")
}

/// The signature header value: `t=<ms>` and one `v1=<hex>` per signing secret (two during a rotation's overlap).
pub fn signature_header(t_ms: i64, signatures: &[String]) -> String {
    let mut header = format!("t={t_ms}");
    for signature in signatures {
        header.push_str(",v1=");
        header.push_str(signature);
    }
    header
}

/// Whether the previous secret still signs at `now_ms` (it does until `previous_until`, exclusive).
pub fn previous_still_signs(previous_until: Option<i64>, now_ms: i64) -> bool {
    previous_until.is_some_and(|until| now_ms < until)
}

/// Seconds to wait before retry number `attempts` (1-based count of failed attempts so far): 30 s doubling, at most
/// an hour. With the test hooks on, the edge waits one second instead.
pub fn retry_delay_seconds(attempts: i64) -> u32 {
    let doublings = attempts.clamp(1, 8) - 1;
    (30u32 << doublings).min(3_600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_tenant_event_time_and_body() {
        assert_eq!(
            signed_message("acme", "c1.3", 1_700_000_000_000, "{\"a\":1}"),
            "acme.c1.3.1700000000000.{\"a\":1}"
        );
        assert_ne!(
            signed_message("acme", "c1.3", 1, "b"),
            signed_message("acmf", "c1.3", 1, "b")
        );
        assert_ne!(
            signed_message("acme", "c1.3", 1, "b"),
            signed_message("acme", "c1.4", 1, "b")
        );
    }

    #[test]
    fn a_header_carries_every_signing_secret() {
        assert_eq!(signature_header(5, &["aa".into()]), "t=5,v1=aa");
        assert_eq!(
            signature_header(5, &["aa".into(), "bb".into()]),
            "t=5,v1=aa,v1=bb"
        );
    }

    #[test]
    fn the_previous_secret_signs_for_the_overlap_only() {
        let rotated = 1_000;
        let until = rotated + ROTATION_OVERLAP_MS;
        assert!(previous_still_signs(Some(until), rotated));
        assert!(previous_still_signs(Some(until), until - 1));
        assert!(!previous_still_signs(Some(until), until));
        assert!(!previous_still_signs(None, rotated));
    }

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(retry_delay_seconds(0), 30);
        assert_eq!(retry_delay_seconds(1), 30);
        assert_eq!(retry_delay_seconds(2), 60);
        assert_eq!(retry_delay_seconds(5), 480);
        assert_eq!(retry_delay_seconds(8), 3_600);
        assert_eq!(retry_delay_seconds(1_000), 3_600);
    }

    #[test]
    fn events_round_trip_by_name() {
        for event in [WebhookEvent::Opened, WebhookEvent::StatusChanged] {
            assert_eq!(WebhookEvent::parse(event.name()), Some(event));
        }
        assert_eq!(WebhookEvent::parse("escalation.deleted"), None);
        assert_eq!(event_id("c9", 0), "c9.0");
    }
}
