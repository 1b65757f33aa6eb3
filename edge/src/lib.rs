//! The Candor Worker's entry point: the route table in one place, nothing else.
//!
//! Every handler parses the request, asks `candor_domain`, makes one store call and builds the response;
//! every failure is an `ApiError`, turned into the one JSON error format by `error.rs`.

mod access;
mod audit;
mod auth;
mod caller;
mod captcha;
mod chain;
mod clock;
mod cors;
mod edge_cache;
mod error;
mod faults;
mod http;
mod ops;
mod platform_key;
mod rate_limit;
mod render;
mod report_query;
mod routes;
mod runtime;
mod sealing;
mod status_token;
mod store;
mod strict_json;
mod visitor;
mod webhook;

use worker::{Context, Env, Method, Request, Response, Result, RouteContext, Router, event};

use crate::error::ApiError;

#[event(fetch)]
async fn fetch(request: Request, env: Env, ctx: Context) -> Result<Response> {
    if request.method() == Method::Options {
        return cors::preflight(&request);
    }
    let origin = request.headers().get("Origin").ok().flatten();
    if http::is_unknown_method(&request) {
        return cors::decorate(
            ApiError::MethodNotAllowed.into_response()?,
            origin.as_deref(),
        );
    }
    let webhook_env = env.clone();
    let hold_webhook = runtime::test_hooks_enabled(&env)
        && request
            .headers()
            .get(webhook::TEST_QUEUE_HEADER)
            .ok()
            .flatten()
            .as_deref()
            == Some("hold");
    let response = Router::new()
        .get_async("/health", |_, _| async { answer(routes::health::get()) })
        .get_async("/v1/t/:tenant/embed/:product", |req, ctx| async move {
            answer(routes::embed::get(req, ctx).await)
        })
        .get_async("/v1/t/:tenant/embed/:product/form", |req, ctx| async move {
            answer(routes::embed_form::get(req, ctx).await)
        })
        .get_async(
            "/v1/t/:tenant/embed/:product/reviews",
            |req, ctx| async move { answer(routes::embed_reviews::get(req, ctx).await) },
        )
        .get_async("/v1/t/:tenant/config", |req, ctx| async move {
            answer(routes::config::get(req, ctx).await)
        })
        .get_async(
            "/v1/t/:tenant/products/:product/summary",
            |req, ctx| async move { answer(routes::summary::get(req, ctx).await) },
        )
        .post_async(
            "/v1/t/:tenant/products/:product/reviews",
            |req, ctx| async move { answer(routes::submit::post(req, ctx).await) },
        )
        .get_async(
            "/v1/t/:tenant/products/:product/reviews",
            |req, ctx| async move { answer(routes::reviews::get(req, ctx).await) },
        )
        .get_async(
            "/v1/t/:tenant/products/:product/cta",
            |req, ctx| async move { answer(routes::cta::get(req, ctx).await) },
        )
        .get_async("/v1/t/:tenant/reviews/:id/status", |req, ctx| async move {
            answer(routes::status::get(req, ctx).await)
        })
        .get_async(
            "/v1/t/:tenant/reviews/:id/status-line",
            |req, ctx| async move { answer(routes::status::line(req, ctx).await) },
        )
        .get_async("/v1/t/:tenant/frame/:product", |req, ctx| async move {
            answer(routes::status_frame::get(req, ctx).await)
        })
        .post_async(
            "/v1/t/:tenant/reviews/:id/withdraw",
            |req, ctx| async move { answer(routes::withdraw::post(req, ctx).await) },
        )
        .post_async(
            "/v1/t/:tenant/reviews/:id/revisions",
            |req, ctx| async move { answer(routes::revisions::post(req, ctx).await) },
        )
        .post_async("/v1/t/:tenant/reviews/:id/flags", |req, ctx| async move {
            answer(routes::flags::post(req, ctx).await)
        })
        .post_async("/v1/t/:tenant/reviews/:id/helpful", |req, ctx| async move {
            answer(routes::helpful::post(req, ctx).await)
        })
        .get_async("/v1/admin/me", |req, ctx| async move {
            answer(routes::me::get(req, ctx).await)
        })
        .get_async("/v1/admin/tokens", |req, ctx| async move {
            answer(routes::tokens::list(req, ctx).await)
        })
        .post_async("/v1/admin/tokens", |req, ctx| async move {
            answer(routes::tokens::issue(req, ctx).await)
        })
        .delete_async("/v1/admin/tokens/:id", |req, ctx| async move {
            answer(routes::tokens::revoke(req, ctx).await)
        })
        .get_async("/v1/admin/people", |req, ctx| async move {
            answer(routes::people::list(req, ctx).await)
        })
        .post_async("/v1/admin/people", |req, ctx| async move {
            answer(routes::people::create(req, ctx).await)
        })
        .patch_async("/v1/admin/people/:id", |req, ctx| async move {
            answer(routes::people::patch(req, ctx).await)
        })
        .post_async("/v1/platform/tenants", |req, ctx| async move {
            answer(routes::platform::create_tenant(req, ctx).await)
        })
        .get_async(
            "/v1/platform/tenants/:tenant/placement",
            |req, ctx| async move { answer(routes::tenant_moves::placement(req, ctx).await) },
        )
        .post_async("/v1/platform/tenants/:tenant/move", |req, ctx| async move {
            answer(routes::tenant_moves::start(req, ctx).await)
        })
        .post_async(
            "/v1/platform/tenants/:tenant/move/copy",
            |req, ctx| async move { answer(routes::tenant_moves::copy(req, ctx).await) },
        )
        .get_async(
            "/v1/platform/tenants/:tenant/move/check",
            |req, ctx| async move { answer(routes::tenant_moves::check(req, ctx).await) },
        )
        .post_async(
            "/v1/platform/tenants/:tenant/move/finish",
            |req, ctx| async move { answer(routes::tenant_moves::finish(req, ctx).await) },
        )
        .post_async(
            "/v1/platform/tenants/:tenant/move/cancel",
            |req, ctx| async move { answer(routes::tenant_moves::cancel(req, ctx).await) },
        )
        .get_async("/v1/admin/audit", |req, ctx| async move {
            answer(routes::audit_export::get(req, ctx).await)
        })
        .get_async("/v1/admin/product-lines", |req, ctx| async move {
            answer(routes::catalogue::lines_list(req, ctx).await)
        })
        .post_async("/v1/admin/product-lines", |req, ctx| async move {
            answer(routes::catalogue::lines_create(req, ctx).await)
        })
        .patch_async("/v1/admin/product-lines/:id", |req, ctx| async move {
            answer(routes::catalogue::lines_patch(req, ctx).await)
        })
        .get_async("/v1/admin/products", |req, ctx| async move {
            answer(routes::catalogue::products_list(req, ctx).await)
        })
        .post_async("/v1/admin/products", |req, ctx| async move {
            answer(routes::catalogue::products_create(req, ctx).await)
        })
        .patch_async("/v1/admin/products/:id", |req, ctx| async move {
            answer(routes::catalogue::products_patch(req, ctx).await)
        })
        .get_async("/v1/admin/attributes", |req, ctx| async move {
            answer(routes::catalogue::attributes_list(req, ctx).await)
        })
        .post_async("/v1/admin/attributes", |req, ctx| async move {
            answer(routes::catalogue::attributes_create(req, ctx).await)
        })
        .patch_async("/v1/admin/attributes/:id", |req, ctx| async move {
            answer(routes::catalogue::attributes_patch(req, ctx).await)
        })
        .post_async("/v1/admin/webhook/secret", |req, ctx| async move {
            answer(routes::webhook_secret::post(req, ctx).await)
        })
        .get_async("/v1/admin/settings", |req, ctx| async move {
            answer(routes::settings::get(req, ctx).await)
        })
        .put_async("/v1/admin/settings", |req, ctx| async move {
            answer(routes::settings::put(req, ctx).await)
        })
        .get_async("/v1/admin/disclosure", |req, ctx| async move {
            answer(routes::disclosure::get(req, ctx).await)
        })
        .put_async("/v1/admin/disclosure", |req, ctx| async move {
            answer(routes::disclosure::put(req, ctx).await)
        })
        .get_async("/v1/admin/disclosure/versions", |req, ctx| async move {
            answer(routes::disclosure::versions(req, ctx).await)
        })
        .post_async("/v1/admin/disclosure/preview", |req, ctx| async move {
            answer(routes::disclosure::preview(req, ctx).await)
        })
        .get_async("/v1/admin/catalogue/history", |req, ctx| async move {
            answer(routes::catalogue_history::get(req, ctx).await)
        })
        .get_async("/v1/admin/queue", |req, ctx| async move {
            answer(routes::queue::get(req, ctx).await)
        })
        .get_async("/v1/admin/reviews", |req, ctx| async move {
            answer(routes::review_search::get(req, ctx).await)
        })
        .get_async("/v1/admin/reviews/:id", |req, ctx| async move {
            answer(routes::admin_review::get(req, ctx).await)
        })
        .get_async("/v1/admin/reviews/:id/audit", |req, ctx| async move {
            answer(routes::admin_review::audit(req, ctx).await)
        })
        .get_async("/v1/admin/reviews/:id/contact", |req, ctx| async move {
            answer(routes::contact::get(req, ctx).await)
        })
        .post_async(
            "/v1/admin/reviews/:id/contact/erasure",
            |req, ctx| async move { answer(routes::contact::erase(req, ctx).await) },
        )
        .post_async("/v1/admin/reviews/:id/decisions", |req, ctx| async move {
            answer(routes::decisions::post(req, ctx).await)
        })
        .get_async("/v1/admin/analytics", |req, ctx| async move {
            answer(routes::analytics::get(req, ctx).await)
        })
        .get_async("/v1/admin/reports/neutrality", |req, ctx| async move {
            answer(routes::neutrality::get(req, ctx).await)
        })
        .post_async("/v1/admin/reviews/:id/escalations", |req, ctx| async move {
            answer(routes::escalations::open(req, ctx).await)
        })
        .get_async("/v1/admin/escalations", |req, ctx| async move {
            answer(routes::escalations::list(req, ctx).await)
        })
        .patch_async("/v1/admin/escalations/:id", |req, ctx| async move {
            answer(routes::escalations::patch(req, ctx).await)
        })
        .post_async("/v1/admin/reviews/:id/responses", |req, ctx| async move {
            answer(routes::responses::draft(req, ctx).await)
        })
        .get_async("/v1/admin/responses", |req, ctx| async move {
            answer(routes::responses::list(req, ctx).await)
        })
        .post_async("/v1/admin/responses/:id/decisions", |req, ctx| async move {
            answer(routes::responses::decide(req, ctx).await)
        })
        .or_else_any_method_async("/*path", |_, _: RouteContext<()>| async {
            answer(Err(ApiError::RouteNotFound))
        })
        .run(request, env)
        .await;
    let response = match response {
        Ok(response) if response.status_code() == 405 => {
            ApiError::MethodNotAllowed.into_response()?
        }
        Ok(response) => response,
        Err(error) => ApiError::from(error).into_response()?,
    };
    // A case's event goes to the firm's service desk after the answer, never delaying it.
    let response = webhook::hand_off(response, &webhook_env, &ctx, hold_webhook);
    cors::decorate(response, origin.as_deref())
}

/// The webhook queues' consumer (delivery and dead letters, `webhook::consume`). An error retries the batch.
#[event(queue)]
async fn queue(
    batch: worker::MessageBatch<webhook::OutboxMessage>,
    env: Env,
    _ctx: Context,
) -> Result<()> {
    webhook::consume(batch, &env)
        .await
        .map_err(|error| worker::Error::RustError(error.to_string()))
}

/// The Cron Trigger (`[triggers] crons`): re-sends stale pending webhook events.
#[event(scheduled)]
async fn scheduled(_event: worker::ScheduledEvent, env: Env, _ctx: worker::ScheduleContext) {
    if let Err(error) = webhook::sweep(&env).await {
        worker::console_error!("webhook sweep failed: {error}");
    }
}

/// Turns a handler's outcome into the HTTP answer; the only place an `ApiError` becomes a response.
fn answer(outcome: std::result::Result<Response, ApiError>) -> Result<Response> {
    outcome.or_else(ApiError::into_response)
}
