//! `GET /v1/t/{tenant}/reviews/{id}/status`: the author, holding the status token, sees the stage and the public reason
//! (the code, and the statement of reasons in `?locale=en|zh-CN`, English by default). `…/status-line` answers the
//! same as the escaped HTML of the status line (`candor_widget::status_line`) for the visitor's status frame.

use worker::{Request, Response, RouteContext};

use crate::error::ApiError;
use crate::http;
use crate::ops::author_status;

pub async fn get(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let status = author_status::read(&request, &ctx).await?;
    let mut response = Response::from_json(&status)?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

pub async fn line(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let status = author_status::read(&request, &ctx).await?;
    let locale = http::query_param(&request.url()?, "locale").unwrap_or_default();
    let mut response = Response::from_html(candor_widget::status_line(&locale, &status))?;
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
