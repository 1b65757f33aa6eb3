//! The statement of reasons an author reads: `GET …/status` and `POST …/withdraw` carry it as `reason`, in the
//! language asked for with `?locale=en|zh-CN` (English by default), beside the stable `reason_code`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::client::{StatusTokenOf, clean_review, edge, expect_accepted, send};
use crate::api::fixture::TestTenant;
use crate::api::moderation::json_of;

fn status(tenant: &TestTenant, id: &str, token: &str, query: &str) -> Value {
    json_of(
        send(
            edge()
                .request(
                    Method::GET,
                    &format!("/v1/t/{}/reviews/{id}/status{query}", tenant.id),
                )
                .header("Authorization", format!("Bearer {token}")),
        ),
        StatusCode::OK,
    )
}

#[test]
fn a_rejected_review_s_status_carries_the_statement_of_reasons_in_the_visitor_s_language() {
    let tenant = TestTenant::new();
    let accepted = expect_accepted(tenant.submit(&clean_review()));
    let fresh = status(&tenant, &accepted.id, accepted.token(), "");
    assert_eq!(fresh["reason"], Value::Null, "no reason before a decision");
    json_of(
        tenant.decide(
            "compliance",
            &accepted.id,
            json!({ "decision": "reject", "reason_code": "off_topic" }),
        ),
        StatusCode::OK,
    );
    let english = status(&tenant, &accepted.id, accepted.token(), "");
    assert_eq!(english["reason_code"], "off_topic");
    assert!(
        english["reason"]
            .as_str()
            .unwrap()
            .starts_with("Your review does not describe this product or service."),
        "{english}"
    );
    let chinese = status(&tenant, &accepted.id, accepted.token(), "?locale=zh-CN");
    assert_eq!(
        chinese["reason"],
        "您的评价未描述该产品或服务。您可以提交关于您使用体验的修改版。"
    );
    let unknown = status(&tenant, &accepted.id, accepted.token(), "?locale=fr");
    assert_eq!(unknown["reason"], english["reason"], "English by default");
}

#[test]
fn withdrawing_answers_the_statement_in_the_visitor_s_language() {
    let tenant = TestTenant::new();
    let accepted = expect_accepted(tenant.submit(&clean_review()));
    let withdrawn = json_of(
        send(
            edge()
                .request(
                    Method::POST,
                    &format!(
                        "/v1/t/{}/reviews/{}/withdraw?locale=zh-CN",
                        tenant.id, accepted.id
                    ),
                )
                .header("Authorization", format!("Bearer {}", accepted.token())),
        ),
        StatusCode::OK,
    );
    assert_eq!(withdrawn["stage"], "withdrawn");
    assert_eq!(withdrawn["reason_code"], "withdrawn_by_author");
    assert_eq!(withdrawn["reason"], "您已撤回此评价。");
}
