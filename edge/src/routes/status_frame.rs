//! `GET /v1/t/{tenant}/frame/{product}?locale=&theme=`: the visitor's status frame, a small page of the edge's own
//! origin that the loader puts into each widget's status slot (`candor_widget::status_frame_page`). Its script keeps
//! the status token of the visitor's own review in this origin's storage and sends the widget's submissions from
//! here, so the host page never holds the token (`caller::Caller`).
//!
//! Only the tenant's allowed origins may frame it (CSP `frame-ancestors`): the widget takes reviews only on the
//! firm's own pages, as the origin check of a direct write does. Never renders visitor text.

use worker::{Request, Response, RouteContext};

use crate::error::ApiError;
use crate::store::Store;
use crate::{http, render};

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let url = request.url()?;
    let tenant = http::param(&ctx, "tenant")?;
    let product = http::param(&ctx, "product")?;
    let locale = http::query_param(&url, "locale").unwrap_or_default();
    let theme = http::query_param(&url, "theme");
    let store = Store::open(&ctx.env)?;
    store
        .product(tenant, product)
        .await?
        .ok_or(ApiError::NotFound("product"))?;
    let settings = store
        .settings(tenant)
        .await?
        .ok_or(ApiError::NotFound("tenant"))?;
    let html = candor_widget::status_frame_page(&candor_widget::StatusFrame {
        tenant,
        product,
        locale: &locale,
        theme: theme.as_deref(),
        theme_rules: render::theme_rules(&settings.theme),
    });
    let mut response = Response::from_html(html)?;
    let headers = response.headers_mut();
    headers.set(
        "Content-Security-Policy",
        &content_security_policy(&settings.allowed_origins),
    )?;
    // Short-lived: a change of the allowed origins or the theme reaches every page within a minute.
    headers.set("Cache-Control", "public, max-age=60")?;
    headers.set("Referrer-Policy", "no-referrer")?;
    headers.set("X-Content-Type-Options", "nosniff")?;
    Ok(response)
}

/// Only the edge's own script and requests; framed only by the edge itself and the tenant's allowed origins. An
/// origin that is not a plain scheme-host-port (the settings rule never stores one) is left out, so nothing can
/// add a directive.
fn content_security_policy(allowed_origins: &[String]) -> String {
    let ancestors: String = allowed_origins
        .iter()
        .filter(|origin| {
            !origin.is_empty()
                && origin
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '/' | '-'))
        })
        .flat_map(|origin| [" ", origin.as_str()])
        .collect();
    [
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
        &ancestors,
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use super::content_security_policy;

    #[test]
    fn only_allowed_origins_may_frame_it_and_nothing_can_add_a_directive() {
        let csp = content_security_policy(&[
            "https://bank.example".into(),
            "http://localhost:9000".into(),
            "https://evil.example; script-src *".into(),
        ]);
        assert!(
            csp.ends_with("frame-ancestors 'self' https://bank.example http://localhost:9000"),
            "{csp}"
        );
        assert_eq!(csp.matches("script-src").count(), 1);
    }
}
