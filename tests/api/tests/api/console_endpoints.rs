//! The staff endpoints the console needs: the contact e-mail as an archived read of compliance and owner, its
//! erasure on the reviewer's request (gone from the contact endpoint, the webhook delivery, the export and the case
//! view, while the review and the hash chain stay intact), the review search over every stage (stage, product,
//! period, text in any script, cursor paging), the firm responses awaiting the owner, visitors' report notes on the
//! record, and the archive export archiving itself. Each test has a tenant of its own.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use candor_domain::archive::{AuditRow, ChainCheck, verify_chain};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::archive::{assert_chain_intact, ndjson};
use crate::api::client::{
    TEST_CLOCK, clean_body, edge, expect_accepted, expect_error, header, send, unique_key,
    unique_word, valid_review_with,
};
use crate::api::escalations::{case_of_review, complaint_review};
use crate::api::fixture::{PRODUCT, TestTenant, now_ms};
use crate::api::moderation::{json_of, review_at, submit_held};
use crate::api::scratch_db::ScratchDb;
use crate::api::webhooks::{receiver, settled_delivery, tenant_with_webhook};

const DAY_MS: i64 = 86_400_000;
/// 2026-01-01T00:00:00Z.
const JAN_1: i64 = 1_767_225_600_000;

fn contact(tenant: &TestTenant, role: &str, review: &str) -> reqwest::blocking::Response {
    tenant.call(
        role,
        Method::GET,
        &format!("/v1/admin/reviews/{review}/contact"),
        None,
    )
}

fn erase(
    tenant: &TestTenant,
    role: &str,
    review: &str,
    body: Value,
) -> reqwest::blocking::Response {
    tenant.call(
        role,
        Method::POST,
        &format!("/v1/admin/reviews/{review}/contact/erasure"),
        Some(&body),
    )
}

fn record(tenant: &TestTenant, review: &str) -> Value {
    json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{review}"),
            None,
        ),
        StatusCode::OK,
    )
}

/// Archive rows of one action, with their note (the change's content) parsed.
fn archived(rows: &[Value], action: &str) -> Vec<(Value, Value)> {
    rows.iter()
        .filter(|row| row["action"] == action)
        .map(|row| {
            let note = serde_json::from_str(row["note"].as_str().expect("a note"))
                .expect("the note is the change as JSON");
            (row.clone(), note)
        })
        .collect()
}

/// The chain as the console checks it: the domain's rule over the exported rows.
fn domain_check(tenant: &TestTenant, rows: &[Value]) -> ChainCheck {
    let rows: Vec<AuditRow> = rows
        .iter()
        .map(|row| serde_json::from_value(row.clone()).expect("an archive row"))
        .collect();
    verify_chain(&tenant.id, &rows)
}

#[test]
fn contact_emails_are_read_by_compliance_and_owner_only_and_every_read_is_archived() {
    let tenant = TestTenant::new();
    let (review, _) = submit_held(&tenant);
    for role in ["moderator", "admin", "marketer"] {
        expect_error(
            contact(&tenant, role, &review),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    for role in ["compliance", "owner"] {
        let shown = json_of(contact(&tenant, role, &review), StatusCode::OK);
        assert_eq!(shown["review_id"], review.as_str());
        assert_eq!(shown["email"], "author@example.org");
        assert_eq!(shown["erased_at"], Value::Null);
    }
    // A review without a contact: nothing to show, and the read is archived all the same.
    let bare =
        expect_accepted(tenant.submit(&valid_review_with(json!({ "body": clean_body() })))).id;
    let shown = json_of(contact(&tenant, "owner", &bare), StatusCode::OK);
    assert_eq!(shown["email"], Value::Null);
    expect_error(
        contact(&tenant, "compliance", "no-such-review"),
        StatusCode::NOT_FOUND,
        "not_found",
    );

    let rows = tenant.archive();
    let reads = archived(&rows, "contact_read");
    assert_eq!(reads.len(), 3, "one row per read, none for refusals");
    let readers: Vec<&str> = reads
        .iter()
        .map(|(row, _)| row["person_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        readers,
        [
            tenant.person_id("compliance"),
            tenant.person_id("owner"),
            tenant.person_id("owner")
        ]
    );
    for (row, _) in &reads {
        assert!(
            row["credential_id"]
                .as_str()
                .is_some_and(|id| !id.is_empty())
        );
        assert!(row["review_id"].is_null(), "kept out of the review's trail");
    }
    assert_eq!(reads[0].1, json!({ "review_id": review, "shown": true }));
    assert_eq!(reads[2].1, json!({ "review_id": bare, "shown": false }));
    for row in &rows {
        assert!(
            !row.to_string().contains("author@example.org"),
            "the archive never holds the e-mail: {row}"
        );
    }
}

#[test]
fn another_tenants_review_is_404_for_contact_and_erasure() {
    let mine = TestTenant::new();
    let theirs = TestTenant::new();
    let (review, _) = submit_held(&theirs);
    expect_error(
        contact(&mine, "compliance", &review),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    expect_error(
        erase(
            &mine,
            "owner",
            &review,
            json!({ "requested_by": "the reviewer" }),
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // Theirs is untouched.
    let shown = json_of(contact(&theirs, "compliance", &review), StatusCode::OK);
    assert_eq!(shown["email"], "author@example.org");
}

#[test]
fn erasure_removes_the_email_from_contact_webhook_export_and_case_while_the_review_and_chain_stay()
{
    let tenant = TestTenant::new();
    let (url, received) = receiver();
    tenant_with_webhook(&tenant, &url);
    let email = "worried@example.org";
    // A complaint opens a case whose webhook event stays pending: its Queue message is held (test hook), as if
    // it had been lost, so the event is delivered only after the erasure (by the Cron sweep).
    let submitted = send(
        edge()
            .submission_to(
                &tenant.id,
                PRODUCT,
                Some(&unique_key("erasure")),
                complaint_review().to_string(),
            )
            .header("X-Candor-Test-Queue", "hold"),
    );
    let review = expect_accepted(submitted).id;
    // Erased at once: the held event is pending now (the sweep re-sends only events untouched for 2 s).
    let before = record(&tenant, &review);
    assert_eq!(before["has_contact"], true);
    assert_eq!(
        json_of(contact(&tenant, "compliance", &review), StatusCode::OK)["email"],
        email
    );

    let requested_by = "the reviewer, by letter of 2026-11-28";
    let done = json_of(
        erase(
            &tenant,
            "compliance",
            &review,
            json!({ "requested_by": requested_by, "note": "identity checked by phone" }),
        ),
        StatusCode::OK,
    );
    assert_eq!(done["review_id"], review.as_str());
    let erased_at = done["erased_at"].as_i64().expect("erased_at");
    assert_eq!(
        done["outbox_rows_cleared"], 1,
        "the case's event was still pending: any delivery of it is built after the erasure"
    );
    // Idempotent: a repeat (by anyone allowed) answers the first erasure and writes nothing.
    let again = json_of(
        erase(
            &tenant,
            "owner",
            &review,
            json!({ "requested_by": "a retry" }),
        ),
        StatusCode::OK,
    );
    assert_eq!(again, done);

    // The contact endpoint: gone, with the tombstone's time.
    let shown = json_of(contact(&tenant, "owner", &review), StatusCode::OK);
    assert_eq!(shown["email"], Value::Null);
    assert_eq!(shown["erased_at"], erased_at);
    // The review itself is as it was: text, stage, content hash, version.
    let after = record(&tenant, &review);
    assert_eq!(after["has_contact"], false);
    for field in [
        "stage",
        "version",
        "content_hash",
        "title",
        "body",
        "created_at",
    ] {
        assert_eq!(after[field], before[field], "{field}");
    }
    // The case view never carried it, and does not now.
    let case = case_of_review(&tenant, &review).expect("the case");
    assert!(!case.to_string().contains(email), "{case}");

    // The held event, sent now by the sweep, is built at delivery from the contact table: no e-mail in it.
    let deadline = Instant::now() + Duration::from_secs(30);
    let event = loop {
        let swept = edge().get("/__scheduled?cron=*/5+*+*+*+*");
        assert!(swept.status().is_success(), "{}", swept.status());
        if let Ok(event) = received.recv_timeout(Duration::from_millis(500)) {
            break event;
        }
        assert!(Instant::now() < deadline, "the sweep never sent the event");
    };
    let body: Value = serde_json::from_str(&event.body).expect("a JSON event");
    assert_eq!(body["review"]["id"], review.as_str());
    assert_eq!(body["review"]["contact_email"], Value::Null);
    assert!(!event.body.contains(email), "{}", event.body);
    assert_eq!(
        settled_delivery(&tenant, &review)["webhook"]["state"],
        "delivered"
    );

    // Exports: neither format carries the e-mail; the archive records the reads, the erasure and the exports.
    let csv = tenant.call("owner", Method::GET, "/v1/admin/audit?format=csv", None);
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(!csv.text().unwrap().contains(email));
    let rows = ndjson(&tenant, "");
    assert!(!rows.iter().any(|row| row.to_string().contains(email)));
    let erasures = archived(&rows, "contact_erased");
    assert_eq!(erasures.len(), 1, "one erasure, however often it was asked");
    let (row, note) = &erasures[0];
    assert_eq!(row["person_id"], tenant.person_id("compliance"));
    assert_eq!(row["role"], "compliance");
    assert_eq!(row["at"], erased_at);
    assert_eq!(
        *note,
        json!({
            "erased_at": erased_at,
            "erased_by": tenant.person_id("compliance"),
            "note": "identity checked by phone",
            "requested_by": requested_by,
            "review_id": review,
        })
    );
    assert_eq!(archived(&rows, "contact_read").len(), 2);
    // The fixture's set-up export, the CSV, this NDJSON.
    assert_eq!(archived(&rows, "archive_exported").len(), 3);
    // The chain still verifies, by the test's own recomputation and by the rule the console runs.
    assert_chain_intact(&tenant, &rows);
    assert_eq!(
        domain_check(&tenant, &rows),
        ChainCheck::Intact { rows: rows.len() }
    );
}

#[test]
fn erasure_refuses_other_roles_bodies_without_who_asked_and_bodies_naming_the_email() {
    let tenant = TestTenant::new();
    let (review, _) = submit_held(&tenant);
    let email = "author@example.org";
    // Refusals first: the wrong roles, a body without who asked, and a request that would archive the e-mail.
    for role in ["moderator", "admin", "marketer"] {
        expect_error(
            erase(
                &tenant,
                role,
                &review,
                json!({ "requested_by": "the reviewer" }),
            ),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    expect_error(
        erase(&tenant, "compliance", &review, json!({})),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    let detail = expect_error(
        erase(
            &tenant,
            "compliance",
            &review,
            json!({ "requested_by": "  " }),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].field, "requested_by");
    let detail = expect_error(
        erase(
            &tenant,
            "compliance",
            &review,
            json!({ "requested_by": "Author@Example.org, by e-mail" }),
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].code, "contains_the_email");
    assert_eq!(
        json_of(contact(&tenant, "owner", &review), StatusCode::OK)["email"],
        email,
        "a refused erasure erases nothing"
    );

    assert!(archived(&tenant.archive(), "contact_erased").is_empty());
}

#[test]
fn racing_erasures_erase_once_and_all_answer_the_same_erasure() {
    let tenant = TestTenant::new();
    let (review, _) = submit_held(&tenant);
    let barrier = std::sync::Barrier::new(4);
    let answers: Vec<Value> = std::thread::scope(|scope| {
        let handles: Vec<_> = ["compliance", "owner", "compliance", "owner"]
            .into_iter()
            .map(|role| {
                let (tenant, review, barrier) = (&tenant, &review, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    json_of(
                        erase(
                            tenant,
                            role,
                            review,
                            json!({ "requested_by": "the reviewer" }),
                        ),
                        StatusCode::OK,
                    )
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.windows(2).all(|w| w[0] == w[1]), "{answers:?}");
    let rows = ndjson(&tenant, "");
    let erasures = archived(&rows, "contact_erased");
    assert_eq!(erasures.len(), 1);
    assert_eq!(erasures[0].0["at"], answers[0]["erased_at"]);
    assert_chain_intact(&tenant, &rows);
}

#[test]
fn an_erasure_committed_but_reported_failed_is_answered_from_what_was_written() {
    let tenant = TestTenant::new();
    let (review, _) = submit_held(&tenant);
    // Test hook: every batch commits, then D1 reports it failed.
    let done = json_of(
        send(
            tenant
                .staff(
                    tenant.token("owner"),
                    Method::POST,
                    &format!("/v1/admin/reviews/{review}/contact/erasure"),
                )
                .header("Content-Type", "application/json")
                .header("X-Candor-Test-Faults", "after=1,only=batches")
                .body(json!({ "requested_by": "the reviewer" }).to_string()),
        ),
        StatusCode::OK,
    );
    let shown = json_of(contact(&tenant, "compliance", &review), StatusCode::OK);
    assert_eq!(shown["email"], Value::Null);
    assert_eq!(shown["erased_at"], done["erased_at"]);
    let rows = ndjson(&tenant, "");
    assert_eq!(archived(&rows, "contact_erased").len(), 1, "written once");
    assert_chain_intact(&tenant, &rows);
}

#[test]
fn an_erasure_is_final_and_an_erased_contact_never_comes_back_even_from_the_database_console() {
    // On a throwaway migrated state that no edge serves: the test writes its own rows there.
    let db = ScratchDb::migrated();
    db.run_ok(
        "INSERT INTO tenants (id, name, created_at) VALUES ('scratch', 'Scratch', 0);
         INSERT INTO product_lines (tenant_id, id, name) VALUES ('scratch', 'l', 'L');
         INSERT INTO products (tenant_id, id, line_id, name) VALUES ('scratch', 'p', 'l', 'P');
         INSERT INTO reviews (tenant_id, id, product_id, stage, rating, would_recommend, title, body, nickname,
                              relationship, incentive, locale, content_hash, created_at, updated_at)
           VALUES ('scratch', 'r1', 'p', 'screening', 4, 1, 't', 'b', 'n', 'client', 'none', 'en', 'h', 1, 1);
         INSERT INTO review_contacts (tenant_id, review_id, email) VALUES ('scratch', 'r1', 'a@b.co');
         INSERT INTO contact_erasures (tenant_id, review_id, erased_at, requested_by, erased_by)
           VALUES ('scratch', 'r1', 2, 'the reviewer', 'p-1');
         DELETE FROM review_contacts WHERE tenant_id = 'scratch' AND review_id = 'r1';",
    );
    for (sql, refusal) in [
        (
            "INSERT INTO review_contacts (tenant_id, review_id, email) VALUES ('scratch', 'r1', 'a@b.co')",
            "contact erased",
        ),
        (
            "UPDATE contact_erasures SET requested_by = 'someone else'",
            "contact erasures are final",
        ),
        (
            "DELETE FROM contact_erasures",
            "contact erasures are never deleted",
        ),
    ] {
        let error = db.run(sql).expect_err("a trigger refuses it");
        assert!(error.contains(refusal), "{sql}: {error}");
    }
    let left = db.run_ok("SELECT count(*) AS n FROM review_contacts");
    assert_eq!(left[0][0]["n"], 0);
}

#[test]
fn erasing_a_review_without_a_contact_is_409() {
    let tenant = TestTenant::new();
    let bare =
        expect_accepted(tenant.submit(&valid_review_with(json!({ "body": clean_body() })))).id;
    expect_error(
        erase(
            &tenant,
            "owner",
            &bare,
            json!({ "requested_by": "the reviewer" }),
        ),
        StatusCode::CONFLICT,
        "no_contact",
    );
    assert!(archived(&tenant.archive(), "contact_erased").is_empty());
}

#[test]
fn every_archive_export_is_archived_and_names_its_file_for_browsers() {
    let tenant = TestTenant::new();
    let response = tenant.call(
        "compliance",
        Method::GET,
        "/v1/admin/audit?format=csv&from=2026-01-01&to=2999-01-01",
        None,
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header(&response, "Content-Disposition").contains(".csv"));
    assert!(
        header(&response, "Access-Control-Expose-Headers").contains("Content-Disposition"),
        "a browser may read the file name"
    );
    let text = response.text().unwrap();
    assert!(
        text.trim_end()
            .lines()
            .last()
            .unwrap()
            .contains("archive_exported"),
        "the export shows itself last"
    );
    let rows = ndjson(&tenant, "");
    let exports = archived(&rows, "archive_exported");
    // The fixture's set-up export, the CSV, the NDJSON.
    assert_eq!(exports.len(), 3);
    let (row, note) = &exports[1];
    assert_eq!(row["person_id"], tenant.person_id("compliance"));
    assert_eq!(row["actor"], "Test compliance");
    assert_eq!(
        *note,
        json!({ "format": "csv", "from": JAN_1, "to": 32_472_144_000_000_i64 })
    );
    assert_eq!(
        exports[2].1,
        json!({ "format": "ndjson", "from": 0, "to": candor_domain::calendar::END_OF_TIME_MS })
    );
    assert_chain_intact(&tenant, &rows);
}

fn search(tenant: &TestTenant, role: &str, query: &str) -> Value {
    json_of(
        tenant.call(
            role,
            Method::GET,
            &format!("/v1/admin/reviews{query}"),
            None,
        ),
        StatusCode::OK,
    )
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Every page of a search, following `next_cursor`.
fn all_pages(tenant: &TestTenant, query: &str) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let separator = if query.is_empty() { "?" } else { "&" };
        let path = match &cursor {
            Some(cursor) => format!("{query}{separator}cursor={cursor}"),
            None => query.to_owned(),
        };
        let page = search(tenant, "moderator", &path);
        pages.push(ids(&page));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return pages,
        }
        assert!(pages.len() < 50, "paging ends");
    }
}

#[test]
fn search_lists_every_stage_newest_first_and_filters_by_stage_product_and_period() {
    let tenant = TestTenant::new();
    // A second product, so the product filter has something to leave out.
    for (path, body) in [
        (
            "/v1/admin/products",
            json!({ "id": "loans", "line_id": "savings-line", "name": "Loans" }),
        ),
        (
            "/v1/admin/attributes",
            json!({ "product": "loans", "key": "fees", "label_en": "Fees", "label_zh": "费用", "position": 1 }),
        ),
        (
            "/v1/admin/attributes",
            json!({ "product": "loans", "key": "service", "label_en": "Service", "label_zh": "客户服务", "position": 2 }),
        ),
    ] {
        json_of(
            tenant.call("marketer", Method::POST, path, Some(&body)),
            StatusCode::CREATED,
        );
    }
    let (published, _) = review_at(&tenant, "published", json!({}));
    let (held, _) = submit_held(&tenant);
    let (rejected, _) = submit_held(&tenant);
    json_of(
        tenant.decide(
            "moderator",
            &rejected,
            json!({ "decision": "reject", "reason_code": "personal_information" }),
        ),
        StatusCode::OK,
    );
    let (withdrawn, token) = review_at(&tenant, "compliance_review", json!({}));
    assert_eq!(
        send(
            edge()
                .request(
                    Method::POST,
                    &format!("/v1/t/{}/reviews/{withdrawn}/withdraw", tenant.id),
                )
                .header("Authorization", format!("Bearer {token}")),
        )
        .status(),
        StatusCode::OK
    );
    let loan = expect_accepted(send(edge().submission_to(
        &tenant.id,
        "loans",
        Some(&unique_key("loan")),
        valid_review_with(json!({ "body": clean_body() })).to_string(),
    )))
    .id;
    // Two reviews submitted in the past (test clock), for the period filter.
    let january = expect_accepted(tenant.submit_at(
        Some(JAN_1 + 14 * DAY_MS),
        &valid_review_with(json!({ "body": clean_body() })),
    ))
    .id;
    let february = expect_accepted(tenant.submit_at(
        Some(JAN_1 + 40 * DAY_MS),
        &valid_review_with(json!({ "body": clean_body() })),
    ))
    .id;

    let everything = search(&tenant, "compliance", "");
    let listed = ids(&everything);
    assert_eq!(
        listed.iter().collect::<BTreeSet<_>>(),
        [
            &published, &held, &rejected, &withdrawn, &loan, &january, &february
        ]
        .into_iter()
        .collect::<BTreeSet<_>>(),
        "every stage, this tenant's only"
    );
    assert_eq!(everything["next_cursor"], Value::Null);
    let times: Vec<i64> = everything["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["created_at"].as_i64().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    assert_eq!(listed.last(), Some(&january));
    let first = &everything["items"][0];
    for field in [
        "product",
        "stage",
        "flagged",
        "rating",
        "title",
        "excerpt",
        "locale",
        "updated_at",
    ] {
        assert!(!first[field].is_null(), "{field}");
    }
    assert!(first.get("contact_email").is_none() && first.get("body").is_none());

    for (stage, expected) in [
        ("published", &published),
        ("rejected", &rejected),
        ("withdrawn", &withdrawn),
    ] {
        assert_eq!(
            ids(&search(&tenant, "owner", &format!("?stage={stage}"))),
            vec![expected.clone()],
            "{stage}"
        );
    }
    assert_eq!(
        ids(&search(&tenant, "moderator", "?stage=screening")),
        vec![held.clone()]
    );
    assert_eq!(
        ids(&search(&tenant, "moderator", "?product=loans")),
        vec![loan.clone()]
    );
    assert_eq!(
        ids(&search(
            &tenant,
            "moderator",
            "?product=loans&stage=published"
        )),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&search(
            &tenant,
            "moderator",
            "?from=2026-01-01&to=2026-02-01"
        )),
        vec![january.clone()]
    );
    assert_eq!(
        ids(&search(
            &tenant,
            "moderator",
            &format!("?from={}&to={}", JAN_1, JAN_1 + 41 * DAY_MS)
        )),
        [february.clone(), january.clone()]
    );
    assert_eq!(
        ids(&search(
            &tenant,
            "moderator",
            &format!("?to={}", JAN_1 + 14 * DAY_MS)
        )),
        Vec::<String>::new(),
        "to is exclusive"
    );
}

#[test]
fn search_finds_text_in_any_script_including_two_character_chinese_words() {
    let tenant = TestTenant::new();
    let word = unique_word();
    let chinese = expect_accepted(tenant.submit(&valid_review_with(json!({
        "locale": "zh-CN",
        "title": "手续费很低",
        "body": format!("客户经理回复及时，费用也透明。{word}"),
    }))))
    .id;
    let english = expect_accepted(tenant.submit(&valid_review_with(json!({
        "title": format!("Clear {word} statements"),
        "body": clean_body(),
    }))))
    .id;
    let other =
        expect_accepted(tenant.submit(&valid_review_with(json!({ "body": clean_body() })))).id;
    let query = |q: &str| {
        let encoded: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        ids(&search(&tenant, "moderator", &format!("?q={encoded}")))
    };
    assert_eq!(
        query("费用"),
        vec![chinese.clone()],
        "a two-character word in the body"
    );
    assert_eq!(
        query("手续费"),
        vec![chinese.clone()],
        "three characters, in the title"
    );
    assert_eq!(query("费"), vec![chinese.clone()], "one character");
    assert_eq!(query("不存在"), Vec::<String>::new());
    assert_eq!(
        query(&word.to_uppercase()),
        [english.clone(), chinese.clone()],
        "ASCII letters ignore case; newest first"
    );
    assert_eq!(query("STATEMENTS"), vec![english.clone()]);
    assert!(query("explains every charge").contains(&other));
    let detail = expect_error(
        tenant.call(
            "moderator",
            Method::GET,
            &format!("/v1/admin/reviews?q={}", "x".repeat(101)),
            None,
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].field, "q");
}

#[test]
fn search_pages_with_a_cursor_without_duplicates_or_gaps() {
    let tenant = TestTenant::new();
    let word = unique_word();
    let mut submitted = BTreeSet::new();
    for n in 0..7 {
        let body = if n % 2 == 0 {
            format!("The fees are low and the {word} app explains every charge clearly.")
        } else {
            clean_body()
        };
        // Distinct bodies: the same text twice would be held as a duplicate, which search must list all the same.
        let body = format!("{body} {}", unique_word());
        let id = expect_accepted(tenant.submit(&valid_review_with(json!({ "body": body })))).id;
        submitted.insert(id);
    }
    let pages = all_pages(&tenant, "?limit=3");
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
    let listed: Vec<&String> = pages.iter().flatten().collect();
    assert_eq!(listed.len(), 7);
    assert_eq!(
        listed.iter().copied().cloned().collect::<BTreeSet<_>>(),
        submitted,
        "every review once"
    );
    // A text search pages the same way: four matches, three and one.
    let pages = all_pages(&tenant, &format!("?limit=3&q={word}"));
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 1]);
    let matched: BTreeSet<&String> = pages.iter().flatten().collect();
    assert_eq!(matched.len(), 4);
    // limit is clamped, never refused.
    assert_eq!(ids(&search(&tenant, "moderator", "?limit=1000")).len(), 7);
    assert_eq!(ids(&search(&tenant, "moderator", "?limit=0")).len(), 1);
}

#[test]
fn search_refuses_other_roles_bad_filters_and_foreign_cursors() {
    let tenant = TestTenant::new();
    for role in ["admin", "marketer"] {
        expect_error(
            tenant.call(role, Method::GET, "/v1/admin/reviews", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    for role in ["moderator", "compliance", "owner"] {
        search(&tenant, role, "");
    }
    for (query, field) in [
        ("?stage=archived", "stage"),
        ("?from=yesterday", "from"),
        ("?from=2026-02-01&to=2026-01-01", "to"),
        ("?limit=many", "limit"),
    ] {
        let detail = expect_error(
            tenant.call(
                "moderator",
                Method::GET,
                &format!("/v1/admin/reviews{query}"),
                None,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].field, field, "{query}");
    }
    expect_error(
        tenant.call(
            "moderator",
            Method::GET,
            "/v1/admin/reviews?cursor=zz",
            None,
        ),
        StatusCode::BAD_REQUEST,
        "invalid_cursor",
    );
    expect_error(
        tenant.call(
            "moderator",
            Method::GET,
            "/v1/admin/reviews?product=nope",
            None,
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

fn draft(tenant: &TestTenant, role: &str, review: &str, body: &str) -> Value {
    json_of(
        tenant.call(
            role,
            Method::POST,
            &format!("/v1/admin/reviews/{review}/responses"),
            Some(&json!({ "body": body })),
        ),
        StatusCode::CREATED,
    )
}

fn pending(tenant: &TestTenant, role: &str) -> Vec<String> {
    json_of(
        tenant.call(
            role,
            Method::GET,
            "/v1/admin/responses?status=pending",
            None,
        ),
        StatusCode::OK,
    )["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn responses_awaiting_the_owner_are_listed_oldest_first_to_those_who_draft_or_decide() {
    let tenant = TestTenant::new();
    let (first_review, _) = review_at(&tenant, "published", json!({}));
    let (second_review, _) = review_at(&tenant, "published", json!({}));
    let older = draft(
        &tenant,
        "moderator",
        &second_review,
        "Thank you for the review.",
    );
    let newer = draft(
        &tenant,
        "compliance",
        &first_review,
        "We are glad it helped.",
    );
    let (older, newer) = (
        older["id"].as_str().unwrap().to_owned(),
        newer["id"].as_str().unwrap().to_owned(),
    );
    for role in ["moderator", "compliance", "owner"] {
        assert_eq!(
            pending(&tenant, role),
            [older.clone(), newer.clone()],
            "{role}"
        );
    }
    let listed = json_of(
        tenant.call("owner", Method::GET, "/v1/admin/responses", None),
        StatusCode::OK,
    );
    assert_eq!(listed["items"][0]["status"], "pending");
    assert_eq!(listed["items"][0]["review_id"], second_review.as_str());
    assert_eq!(listed["items"][0]["body"], "Thank you for the review.");
    for role in ["admin", "marketer"] {
        expect_error(
            tenant.call(role, Method::GET, "/v1/admin/responses", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    let detail = expect_error(
        tenant.call(
            "owner",
            Method::GET,
            "/v1/admin/responses?status=approved",
            None,
        ),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(detail.fields[0].field, "status");
    json_of(
        tenant.call(
            "owner",
            Method::POST,
            &format!("/v1/admin/responses/{older}/decisions"),
            Some(&json!({ "decision": "approve" })),
        ),
        StatusCode::OK,
    );
    assert_eq!(pending(&tenant, "owner"), [newer]);
    // Another tenant sees none of them.
    assert!(pending(&TestTenant::new(), "owner").is_empty());
}

#[test]
fn the_record_shows_visitors_reports_with_their_notes_newest_first() {
    let tenant = TestTenant::new();
    let (review, _) = review_at(&tenant, "published", json!({}));
    // Reported a minute apart (test clock), so "newest first" is a fact, not a tie.
    let now = now_ms();
    for (at, reason, note) in [
        (now - 60_000, "off_topic", Some("Not about this product.")),
        (now, "personal_information", None),
    ] {
        let mut body = json!({ "reason": reason });
        if let Some(note) = note {
            body["note"] = json!(note);
        }
        let flagged = send(
            edge()
                .visitor()
                .request(
                    Method::POST,
                    &format!("/v1/t/{}/reviews/{review}/flags", tenant.id),
                )
                .header("Content-Type", "application/json")
                .header(TEST_CLOCK, at.to_string())
                .body(body.to_string()),
        );
        assert_eq!(flagged.status(), StatusCode::CREATED);
    }
    let flags = record(&tenant, &review)["flags"].clone();
    let flags = flags.as_array().expect("flags");
    assert_eq!(flags.len(), 2);
    assert_eq!(flags[0]["reason"], "personal_information");
    assert_eq!(flags[0]["note"], Value::Null);
    assert_eq!(flags[1]["reason"], "off_topic");
    assert_eq!(flags[1]["note"], "Not about this product.");
    assert_eq!(flags[0]["created_at"], now);
    assert_eq!(flags[1]["created_at"], now - 60_000);
    assert!(flags.iter().all(|flag| flag["id"].is_string()));
}
