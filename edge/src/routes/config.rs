//! `GET /v1/t/{tenant}/config`: what an embed needs before it renders: locales, theme, the current disclosure and its
//! version, captcha settings, and the visible product lines with their products. Public, cacheable.

use candor_domain::public_answers::{
    PublicCaptcha, PublicConfig, PublicProduct, PublicProductLine,
};
use worker::{Request, Response, RouteContext};

use crate::error::ApiError;
use crate::ops::staff_views;
use crate::store::Store;
use crate::{captcha, http};

pub async fn get(_request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let tenant = http::param(&ctx, "tenant")?;
    let store = Store::open(&ctx.env)?;
    let firm = store
        .tenant(tenant)
        .await?
        .ok_or(ApiError::NotFound("tenant"))?;
    let settings = store
        .settings(tenant)
        .await?
        .ok_or(ApiError::NotFound("tenant"))?;
    // Only what a browser may see: never the verify URL, the webhook or the origins list. The script URL is the
    // Worker's own configuration, not the tenant's.
    let captcha = settings.captcha.as_ref().map(|captcha| PublicCaptcha {
        site_key: captcha.site_key.clone(),
        script_url: captcha::script_url(&ctx.env),
    });
    let lines = store.product_lines(tenant).await?;
    let products = store.catalogue_products(tenant).await?;
    // Only visible, unarchived lines; a hidden line is not mentioned at all.
    let visible_lines: Vec<PublicProductLine> = lines
        .iter()
        .filter(|line| line.visible == 1 && line.archived == 0)
        .map(|line| {
            let line_products: Vec<PublicProduct> = products
                .iter()
                .filter(|p| p.line_id == line.id && p.archived == 0)
                .map(|p| PublicProduct {
                    id: p.id.clone(),
                    name: p.name.clone(),
                })
                .collect();
            PublicProductLine {
                id: line.id.clone(),
                name: line.name.clone(),
                products: line_products,
            }
        })
        .collect();
    let disclosure = store
        .disclosure(tenant)
        .await?
        .map(|row| staff_views::disclosure(&row));
    let body = PublicConfig {
        disclosure_version: disclosure.as_ref().map(|d| d.version),
        tenant: firm.id,
        name: firm.name,
        locales: settings.locales,
        theme: settings.theme,
        aggregate_rule: settings.aggregate_rule,
        json_ld: settings.json_ld,
        disclosure,
        captcha,
        product_lines: visible_lines,
    };
    let mut response = Response::from_json(&body)?;
    response
        .headers_mut()
        .set("Cache-Control", "public, max-age=0, s-maxage=30")?;
    Ok(response)
}
