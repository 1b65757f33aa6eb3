//! `GET /health`: the storage-free liveness answer.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::api::client::{edge, expect_json_text};

#[test]
fn health_answers_ok_as_json() {
    let text = expect_json_text(edge().get("/health"), StatusCode::OK);
    let body: Value = serde_json::from_str(&text).expect("health is JSON");
    assert_eq!(body, json!({ "status": "ok" }));
}
