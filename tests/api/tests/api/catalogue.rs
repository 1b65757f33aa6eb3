//! The marketer's catalogue (`/v1/admin/product-lines|products|attributes`, archive instead of delete, the line
//! visibility toggle), the versioned disclosure (`/v1/admin/disclosure`) and the public tenant config; every change archived.

use reqwest::blocking::Response;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::api::archive::ndjson;
use crate::api::client::{clean_review, edge, expect_error, expect_summary};
use crate::api::fixture::{PRODUCT, ROLES, TestTenant, person};
use crate::api::moderation::{first_view, json_of, list_page_html, review_at};

fn marketer(tenant: &TestTenant, method: Method, path: &str, body: Option<Value>) -> Response {
    tenant.call("marketer", method, path, body.as_ref())
}

fn config(tenant: &TestTenant) -> Value {
    json_of(
        edge().get(&format!("/v1/t/{}/config", tenant.id)),
        StatusCode::OK,
    )
}

/// The staff-change rows archived after the tenant's set-up, oldest first.
fn archived_actions(tenant: &TestTenant) -> Vec<(String, String, String)> {
    tenant
        .archive()
        .iter()
        .filter(|r| r["review_id"].is_null())
        .map(|r| {
            (
                r["action"].as_str().unwrap().to_owned(),
                r["actor"].as_str().unwrap().to_owned(),
                r["role"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn hiding_a_product_line_hides_its_scores_everywhere_and_showing_it_restores_them() {
    let tenant = TestTenant::new();
    let (id, _) = review_at(&tenant, "published", json!({ "rating": 5 }));
    // Read once so cached copies exist: hiding must replace them on the very next read.
    assert_eq!(expect_summary(edge().get(&tenant.summary_path())).count, 1);
    assert!(first_view(&tenant).contains(&id));
    assert!(list_page_html(&tenant).contains(&id));
    let hidden = json_of(
        marketer(
            &tenant,
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(json!({ "visible": false })),
        ),
        StatusCode::OK,
    );
    assert_eq!(hidden["visible"], false);
    let summary = expect_summary(edge().get(&tenant.summary_path()));
    assert!(!summary.visible);
    assert_eq!((summary.count, summary.mean), (0, None));
    assert_eq!(
        first_view(&tenant),
        "",
        "a hidden line's first view is empty at once"
    );
    assert!(
        !list_page_html(&tenant).contains(&id),
        "and its list shows no review"
    );
    assert!(
        config(&tenant)["product_lines"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    expect_error(
        tenant.submit(&clean_review()),
        StatusCode::CONFLICT,
        "product_line_hidden",
    );
    json_of(
        marketer(
            &tenant,
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(json!({ "visible": true })),
        ),
        StatusCode::OK,
    );
    let summary = expect_summary(edge().get(&tenant.summary_path()));
    assert!(summary.visible);
    assert_eq!(
        (summary.count, summary.mean),
        (1, Some(5.0)),
        "hiding never changed the aggregate"
    );
    assert!(
        first_view(&tenant).contains(&id),
        "showing restores the first view at once"
    );
    assert!(list_page_html(&tenant).contains(&id));
    let actions = archived_actions(&tenant);
    assert_eq!(actions.len(), 2);
    for (action, actor, role) in actions {
        assert_eq!(
            (action.as_str(), actor, role.as_str()),
            ("product_line_updated", person("marketer"), "marketer")
        );
    }
}

#[test]
fn marketer_creates_lines_products_and_attributes_and_the_config_shows_them() {
    let tenant = TestTenant::new();
    let line = json_of(
        marketer(
            &tenant,
            Method::POST,
            "/v1/admin/product-lines",
            Some(json!({ "id": "cards", "name": "Cards" })),
        ),
        StatusCode::CREATED,
    );
    assert_eq!(
        (line["visible"].as_bool(), line["archived"].as_bool()),
        (Some(true), Some(false))
    );
    json_of(
        marketer(
            &tenant,
            Method::POST,
            "/v1/admin/products",
            Some(json!({ "id": "gold-card", "line_id": "cards", "name": "Gold Card" })),
        ),
        StatusCode::CREATED,
    );
    let attribute = json_of(
        marketer(
            &tenant,
            Method::POST,
            "/v1/admin/attributes",
            Some(
                json!({ "product": "gold-card", "key": "rewards", "label_en": "Rewards", "label_zh": "奖励" }),
            ),
        ),
        StatusCode::CREATED,
    );
    assert_eq!(
        (attribute["id"].as_str(), attribute["position"].as_i64()),
        (Some("gold-card.rewards"), Some(1))
    );
    let summary =
        expect_summary(edge().get(&format!("/v1/t/{}/products/gold-card/summary", tenant.id)));
    assert_eq!(
        summary
            .attributes
            .iter()
            .map(|a| a.key.as_str())
            .collect::<Vec<_>>(),
        ["rewards"]
    );
    let lines = config(&tenant)["product_lines"].clone();
    let cards = lines
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "cards")
        .expect("listed");
    assert_eq!(cards["products"][0]["id"], "gold-card");
    let lists = [
        ("/v1/admin/product-lines", "product_lines", 2),
        ("/v1/admin/products", "products", 2),
        ("/v1/admin/attributes", "attributes", 3),
    ];
    for (path, member, count) in lists {
        let listed = json_of(marketer(&tenant, Method::GET, path, None), StatusCode::OK);
        assert_eq!(listed[member].as_array().unwrap().len(), count, "{path}");
    }
    let actions: Vec<String> = archived_actions(&tenant).into_iter().map(|a| a.0).collect();
    assert_eq!(
        actions,
        [
            "product_line_created",
            "product_created",
            "attribute_created"
        ]
    );
}

#[test]
fn archiving_instead_of_deleting_keeps_reviews_and_hides_the_object() {
    let tenant = TestTenant::new();
    let (published, _) = review_at(&tenant, "published", json!({}));
    let archived = json_of(
        marketer(
            &tenant,
            Method::PATCH,
            "/v1/admin/attributes/savings.fees",
            Some(json!({ "archived": true })),
        ),
        StatusCode::OK,
    );
    assert_eq!(archived["archived"], true);
    let summary = expect_summary(edge().get(&tenant.summary_path()));
    assert_eq!(
        summary
            .attributes
            .iter()
            .map(|a| a.key.as_str())
            .collect::<Vec<_>>(),
        ["service"]
    );
    json_of(
        marketer(
            &tenant,
            Method::PATCH,
            &format!("/v1/admin/products/{PRODUCT}"),
            Some(json!({ "archived": true })),
        ),
        StatusCode::OK,
    );
    expect_error(
        edge().get(&tenant.summary_path()),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    // The review is still there for staff; nothing was deleted.
    let record = json_of(
        tenant.call(
            "compliance",
            Method::GET,
            &format!("/v1/admin/reviews/{published}"),
            None,
        ),
        StatusCode::OK,
    );
    assert_eq!(record["stage"], "published");
    for method in [Method::DELETE, Method::PUT] {
        expect_error(
            marketer(
                &tenant,
                method,
                &format!("/v1/admin/products/{PRODUCT}"),
                None,
            ),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        );
    }
    json_of(
        marketer(
            &tenant,
            Method::PATCH,
            &format!("/v1/admin/products/{PRODUCT}"),
            Some(json!({ "archived": false })),
        ),
        StatusCode::OK,
    );
    assert_eq!(expect_summary(edge().get(&tenant.summary_path())).count, 1);
}

#[test]
fn catalogue_refuses_bad_input_duplicates_unknown_ids_and_other_roles() {
    let tenant = TestTenant::new();
    let cases = [
        (
            "/v1/admin/product-lines",
            json!({ "id": "Bad Id", "name": "X" }),
            "id",
        ),
        (
            "/v1/admin/product-lines",
            json!({ "id": "ok", "name": " " }),
            "name",
        ),
        (
            "/v1/admin/products",
            json!({ "id": "p", "line_id": "nope", "name": "P" }),
            "line_id",
        ),
        (
            "/v1/admin/attributes",
            json!({ "product": "nope", "key": "k", "label_en": "K", "label_zh": "K" }),
            "product",
        ),
        (
            "/v1/admin/attributes",
            json!({ "product": PRODUCT, "key": "k", "label_en": "K", "label_zh": "K", "position": 0 }),
            "position",
        ),
    ];
    for (path, body, field) in cases {
        let detail = expect_error(
            marketer(&tenant, Method::POST, path, Some(body)),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(detail.fields[0].field, field, "{path}");
    }
    expect_error(
        marketer(
            &tenant,
            Method::POST,
            "/v1/admin/product-lines",
            Some(json!({ "id": "savings-line", "name": "Again" })),
        ),
        StatusCode::CONFLICT,
        "already_exists",
    );
    expect_error(
        marketer(
            &tenant,
            Method::POST,
            "/v1/admin/attributes",
            Some(json!({ "product": PRODUCT, "key": "fees", "label_en": "F", "label_zh": "F" })),
        ),
        StatusCode::CONFLICT,
        "already_exists",
    );
    expect_error(
        marketer(
            &tenant,
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(json!({ "tenant": "harbor" })),
        ),
        StatusCode::BAD_REQUEST,
        "wrong_shape",
    );
    expect_error(
        marketer(
            &tenant,
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(json!({})),
        ),
        StatusCode::BAD_REQUEST,
        "nothing_to_change",
    );
    for path in [
        "/v1/admin/product-lines/nope",
        "/v1/admin/products/nope",
        "/v1/admin/attributes/savings.nope",
        "/v1/admin/attributes/nodot",
    ] {
        expect_error(
            marketer(
                &tenant,
                Method::PATCH,
                path,
                Some(json!({ "archived": true })),
            ),
            StatusCode::NOT_FOUND,
            "not_found",
        );
    }
    for role in ROLES.into_iter().filter(|r| *r != "marketer") {
        expect_error(
            tenant.call(role, Method::GET, "/v1/admin/product-lines", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
        expect_error(
            tenant.call(
                role,
                Method::PATCH,
                "/v1/admin/product-lines/savings-line",
                Some(&json!({ "visible": false })),
            ),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
    assert!(
        archived_actions(&tenant).is_empty(),
        "refused changes archive nothing"
    );
}

#[test]
fn another_tenants_catalogue_is_invisible_and_untouchable() {
    let mine = TestTenant::new();
    let theirs = TestTenant::new();
    json_of(
        marketer(
            &theirs,
            Method::POST,
            "/v1/admin/product-lines",
            Some(json!({ "id": "secret-line", "name": "Secret" })),
        ),
        StatusCode::CREATED,
    );
    expect_error(
        marketer(
            &mine,
            Method::PATCH,
            "/v1/admin/product-lines/secret-line",
            Some(json!({ "visible": false })),
        ),
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let text = marketer(&mine, Method::GET, "/v1/admin/product-lines", None)
        .text()
        .unwrap();
    assert!(!text.contains("secret-line"));
    // My PATCH of "my" savings line never touches theirs.
    json_of(
        marketer(
            &mine,
            Method::PATCH,
            "/v1/admin/product-lines/savings-line",
            Some(json!({ "visible": false })),
        ),
        StatusCode::OK,
    );
    assert!(expect_summary(edge().get(&theirs.summary_path())).visible);
}

#[test]
fn every_disclosure_change_is_a_new_version_shown_in_the_config() {
    let tenant = TestTenant::new();
    let empty = json_of(
        marketer(&tenant, Method::GET, "/v1/admin/disclosure", None),
        StatusCode::OK,
    );
    assert!(empty["version"].is_null());
    assert!(config(&tenant)["disclosure"].is_null());
    // Read the summary once so a cached copy exists: the change below must replace it.
    assert_eq!(
        expect_summary(edge().get(&tenant.summary_path())).disclosure_version,
        None
    );
    let first = json_of(
        marketer(
            &tenant,
            Method::PUT,
            "/v1/admin/disclosure",
            Some(
                json!({ "texts": { "en": "We publish every rating.", "zh-CN": "我们发布所有评分。" } }),
            ),
        ),
        StatusCode::OK,
    );
    assert_eq!(first["version"], 1);
    let second = json_of(
        marketer(
            &tenant,
            Method::PUT,
            "/v1/admin/disclosure",
            Some(json!({ "texts": { "en": "We publish every rating, good or bad." } })),
        ),
        StatusCode::OK,
    );
    assert_eq!(second["version"], 2);
    assert!(second["texts"]["zh-CN"].is_null());
    let config = config(&tenant);
    assert_eq!(config["disclosure_version"], 2);
    let summary = expect_summary(edge().get(&tenant.summary_path()));
    assert_eq!(
        summary.disclosure_version,
        Some(2),
        "each summary names the disclosure version shown beside it"
    );
    assert_eq!(summary.population, "all");
    assert_eq!(
        config["disclosure"]["texts"]["en"],
        "We publish every rating, good or bad."
    );
    let versions: Vec<Value> = ndjson(&tenant, "")
        .into_iter()
        .filter(|row| row["action"] == "disclosure_published")
        .map(|row| row["note"].clone())
        .collect();
    assert_eq!(
        versions,
        [json!("disclosure version 1"), json!("disclosure version 2")],
        "the archive keeps every version's publication"
    );
    let actions: Vec<String> = archived_actions(&tenant).into_iter().map(|a| a.0).collect();
    assert_eq!(actions, ["disclosure_published", "disclosure_published"]);
    for (body, status, code) in [
        (
            json!({ "texts": { "en": "" } }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({ "texts": { "en": "x".repeat(2_001) } }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (
            json!({ "texts": { "fr": "Bonjour" } }),
            StatusCode::BAD_REQUEST,
            "wrong_shape",
        ),
    ] {
        expect_error(
            marketer(&tenant, Method::PUT, "/v1/admin/disclosure", Some(body)),
            status,
            code,
        );
    }
    for role in ROLES.into_iter().filter(|r| *r != "marketer") {
        expect_error(
            tenant.call(role, Method::GET, "/v1/admin/disclosure", None),
            StatusCode::FORBIDDEN,
            "wrong_role",
        );
    }
}

#[test]
fn config_of_an_unknown_tenant_is_404() {
    expect_error(
        edge().get("/v1/t/no-such-tenant/config"),
        StatusCode::NOT_FOUND,
        "not_found",
    );
}
