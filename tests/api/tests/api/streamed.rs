//! Bodies sent with `Transfer-Encoding: chunked` (no `Content-Length`), and the one way the local dev proxy treats
//! them differently from the Worker: a request held after a streamed body was refused part-way.
//!
//! Measured on wrangler 4.86.0 (issue 14's closing note has the commands): when the Worker answers 413 before it
//! has read a chunked body to its end, `wrangler dev`'s proxy holds the next request it forwards, whoever sends it,
//! until that request's client gives up (seen in CI: `GET /health 200 OK (90605ms)`, the client's timeout); the
//! request after it is answered at once. Sent to the Worker's own workerd socket, behind the proxy, the same body is
//! refused and the next request answered in milliseconds: the hold is the local proxy's, not the edge's, and
//! production has no such proxy. Hence:
//! - a test that has the edge refuse a streamed body past the cap runs alone (`RUN_ALONE` in `xtask/src/suites.rs`),
//!   so that the held request is never another test's;
//! - right after the refusal it calls `take_the_dev_proxy_hold`, and only then asserts what the edge does next.
//!
//! Bodies just over the cap (32 KiB + 1 byte, the last chunk holding the extra byte) leave only the terminating chunk
//! unread and were not seen held; the hostile corpus sends those in parallel.

use std::io::Read;
use std::time::Duration;

use reqwest::blocking::{Body, RequestBuilder, Response};
use reqwest::{Method, StatusCode};

use crate::api::client::{STORAGE_RETRIES, edge, retry_after, transmit};

/// How long the request that the proxy may hold is given: far more than `/health` takes (milliseconds), far less
/// than the hold (until the client gives up).
const HOLD_PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// A body sent with `Transfer-Encoding: chunked` and no `Content-Length`, in chunks of at most 1 KiB.
pub fn chunked(bytes: Vec<u8>) -> Body {
    struct Chunks(std::io::Cursor<Vec<u8>>);
    impl Read for Chunks {
        fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
            let at_most = buffer.len().min(1024);
            self.0.read(&mut buffer[..at_most])
        }
    }
    Body::new(Chunks(std::io::Cursor::new(bytes)))
}

/// `client::send` for a request with a streamed body, which cannot be cloned: `build` makes the request again (the
/// same Idempotency-Key) for each attempt. A 503, the edge's (`storage_unavailable`, `Retry-After`) or the local
/// proxy's "Your worker restarted mid-request", is sent again, as a well-behaved client does.
pub fn send_streamed(build: impl Fn() -> RequestBuilder) -> Response {
    for _ in 1..STORAGE_RETRIES {
        let response = transmit(build());
        if response.status() != StatusCode::SERVICE_UNAVAILABLE {
            return response;
        }
        std::thread::sleep(retry_after(&response));
    }
    transmit(build())
}

/// Sends the one request `wrangler dev`'s proxy may hold after a refused streamed body (see the module comment): a
/// `/health` (on a connection of its own, like every request of the suite) that gives up after
/// `HOLD_PROBE_TIMEOUT`. Held or answered, both are fine; whatever the test asserts next is then answered by the
/// edge, not stuck behind the proxy.
pub fn take_the_dev_proxy_hold() {
    let probe = edge()
        .request(Method::GET, "/health")
        .timeout(HOLD_PROBE_TIMEOUT);
    match probe.send() {
        Ok(response) => assert_eq!(response.status(), StatusCode::OK, "/health answered"),
        Err(error) => assert!(
            error.is_timeout(),
            "the held request failed otherwise than by its timeout: {error:?}"
        ),
    }
}
