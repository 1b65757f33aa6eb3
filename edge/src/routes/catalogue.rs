//! `GET/POST /v1/admin/product-lines|products|attributes` and `PATCH …/{id}`: the marketer's catalogue. The line's
//! `visible` is the marketer toggle (whole lines only); a product's `cta` is its call to action (checked by
//! `ProductCta::validate` against the tenant's allowed origins); nothing is deleted, only archived. Every change is
//! archived.
//!
//! Never touches reviews or aggregates: hiding a line hides its scores, it does not change them.

use candor_domain::Role;
use candor_domain::archive::{
    AttributeCreated, CatalogueChanges, CatalogueUpdated, CtaChange, ProductCreated,
    ProductLineCreated,
};
use candor_domain::catalogue::{
    AttributeList, AttributePatch, AttributeView, NewAttribute, NewProduct, NewProductLine,
    ProductLineList, ProductLinePatch, ProductLineView, ProductList, ProductPatch, ProductView,
    attribute_item,
};
use candor_domain::slug::check_slug;
use serde::Serialize;
use worker::{Env, Request, Response, RouteContext};

use crate::auth::{self, Staff};
use crate::error::ApiError;
use crate::store::{StaffWrite, Store};
use crate::{chain, edge_cache, http};

const NAME_MAX_CHARS: usize = 80;

async fn marketer(request: &Request, env: &Env, store: &Store) -> Result<Staff, ApiError> {
    let staff = auth::authenticate(request, env, store).await?;
    staff.require(&[Role::Marketer])?;
    Ok(staff)
}

fn slug(field: &'static str, value: &str) -> Result<(), ApiError> {
    check_slug(value).map_err(|error| {
        ApiError::invalid(
            field,
            error.code(),
            format!("{field} must be 1 to 64 of a-z, 0-9, '-' and '_'."),
        )
    })
}

fn name(field: &'static str, value: &str) -> Result<String, ApiError> {
    let trimmed = value.trim();
    if trimmed.is_empty()
        || trimmed.chars().count() > NAME_MAX_CHARS
        || trimmed
            .chars()
            .any(|c| candor_domain::text::is_forbidden(c, false))
    {
        return Err(ApiError::invalid(
            field,
            "invalid_text",
            format!("{field} must be 1 to 80 printable characters."),
        ));
    }
    Ok(trimmed.to_owned())
}

fn nothing_to_change() -> ApiError {
    ApiError::bad_request("nothing_to_change", "The body names no field to change.")
}

fn json_response(value: &impl Serialize, status: u16) -> Result<Response, ApiError> {
    let mut response = Response::from_json(value)?.with_status(status);
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}

/// Stores one change with its archive row, retrying when another append took the chain head.
async fn commit(
    store: &Store,
    origin: &str,
    staff: &Staff,
    action: &'static str,
    content: &impl Serialize,
    note: String,
    write: StaffWrite<'_>,
) -> Result<(), ApiError> {
    let content = crate::audit::content(content)?;
    chain::staff_change(store, staff, action, &content, &note, &write).await?;
    // Visibility, archiving and questions all show in summaries: forget the tenant's cached ones.
    edge_cache::forget_tenant_summaries(store, origin, &staff.tenant).await
}

fn origin_of(request: &Request) -> Result<String, ApiError> {
    Ok(request.url()?.origin().ascii_serialization())
}

fn already_exists(what: &str) -> ApiError {
    ApiError::conflict(
        "already_exists",
        format!("This {what} already exists; archive or rename it with PATCH instead."),
    )
}

// ---- product lines ----------------------------------------------------------------------------------------------

pub async fn lines_list(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let product_lines = store
        .product_lines(&staff.tenant)
        .await?
        .iter()
        .map(line_view)
        .collect();
    json_response(&ProductLineList { product_lines }, 200)
}

pub async fn lines_create(
    mut request: Request,
    ctx: RouteContext<()>,
) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let body: NewProductLine = http::parse_json(&http::read_json_body(&mut request).await?)?;
    slug("id", &body.id)?;
    let line_name = name("name", &body.name)?;
    let visible = body.visible.unwrap_or(true);
    if store
        .product_lines(&staff.tenant)
        .await?
        .iter()
        .any(|l| l.id == body.id)
    {
        return Err(already_exists("product line"));
    }
    commit(
        &store,
        &origin_of(&request)?,
        &staff,
        "product_line_created",
        &ProductLineCreated {
            name: &line_name,
            product_line: &body.id,
            visible,
        },
        format!("product line {} created (visible: {visible})", body.id),
        StaffWrite::InsertLine {
            id: &body.id,
            name: &line_name,
            visible,
        },
    )
    .await?;
    json_response(
        &ProductLineView {
            id: body.id.clone(),
            name: line_name.clone(),
            visible,
            archived: false,
        },
        201,
    )
}

pub async fn lines_patch(
    mut request: Request,
    ctx: RouteContext<()>,
) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let id = http::param(&ctx, "id")?.to_owned();
    let body: ProductLinePatch = http::parse_json(&http::read_json_body(&mut request).await?)?;
    if body.name.is_none() && body.visible.is_none() && body.archived.is_none() {
        return Err(nothing_to_change());
    }
    let new_name = body.name.as_deref().map(|n| name("name", n)).transpose()?;
    let lines = store.product_lines(&staff.tenant).await?;
    let current = lines
        .iter()
        .find(|l| l.id == id)
        .ok_or(ApiError::NotFound("product line"))?;
    let mut said = Vec::new();
    if let Some(visible) = body.visible {
        said.push(format!("visible {} → {visible}", current.visible == 1));
    }
    if let Some(archived) = body.archived {
        said.push(format!("archived {} → {archived}", current.archived == 1));
    }
    if let Some(new_name) = &new_name {
        said.push(format!("name {:?} → {new_name:?}", current.name));
    }
    commit(
        &store,
        &origin_of(&request)?,
        &staff,
        "product_line_updated",
        &CatalogueUpdated {
            subject: "product_line",
            id: &id,
            changes: CatalogueChanges {
                archived: Some(body.archived),
                name: Some(new_name.as_deref()),
                visible: Some(body.visible),
                ..CatalogueChanges::default()
            },
        },
        format!("product line {id}: {}", said.join(", ")),
        StaffWrite::UpdateLine {
            id: &id,
            name: new_name.as_deref(),
            visible: body.visible,
            archived: body.archived,
        },
    )
    .await?;
    let updated = store
        .product_lines(&staff.tenant)
        .await?
        .into_iter()
        .find(|l| l.id == id)
        .ok_or(ApiError::NotFound("product line"))?;
    json_response(&line_view(&updated), 200)
}

// ---- products ---------------------------------------------------------------------------------------------------

fn line_view(l: &crate::store::LineRow) -> ProductLineView {
    ProductLineView {
        id: l.id.clone(),
        name: l.name.clone(),
        visible: l.visible == 1,
        archived: l.archived == 1,
    }
}

fn product_view(p: &crate::store::CatalogueProductRow) -> Result<ProductView, ApiError> {
    let cta = p
        .cta
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|_| ApiError::Misconfigured("stored call to action"))?;
    Ok(ProductView {
        id: p.id.clone(),
        line_id: p.line_id.clone(),
        name: p.name.clone(),
        archived: p.archived == 1,
        cta,
    })
}

pub async fn products_list(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let products = store
        .catalogue_products(&staff.tenant)
        .await?
        .iter()
        .map(product_view)
        .collect::<Result<_, _>>()?;
    json_response(&ProductList { products }, 200)
}

pub async fn products_create(
    mut request: Request,
    ctx: RouteContext<()>,
) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let body: NewProduct = http::parse_json(&http::read_json_body(&mut request).await?)?;
    slug("id", &body.id)?;
    let product_name = name("name", &body.name)?;
    let line_known = store
        .product_lines(&staff.tenant)
        .await?
        .iter()
        .any(|l| l.id == body.line_id && l.archived == 0);
    if !line_known {
        return Err(ApiError::invalid(
            "line_id",
            "unknown_product_line",
            "line_id must name a product line of this tenant that is not archived.",
        ));
    }
    if store
        .catalogue_products(&staff.tenant)
        .await?
        .iter()
        .any(|p| p.id == body.id)
    {
        return Err(already_exists("product"));
    }
    commit(
        &store,
        &origin_of(&request)?,
        &staff,
        "product_created",
        &ProductCreated {
            line_id: &body.line_id,
            name: &product_name,
            product: &body.id,
        },
        format!("product {} created in line {}", body.id, body.line_id),
        StaffWrite::InsertProduct {
            id: &body.id,
            line_id: &body.line_id,
            name: &product_name,
        },
    )
    .await?;
    json_response(
        &ProductView {
            id: body.id.clone(),
            line_id: body.line_id.clone(),
            name: product_name.clone(),
            archived: false,
            cta: None,
        },
        201,
    )
}

pub async fn products_patch(
    mut request: Request,
    ctx: RouteContext<()>,
) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let id = http::param(&ctx, "id")?.to_owned();
    let body: ProductPatch = http::parse_json(&http::read_json_body(&mut request).await?)?;
    if body.name.is_none() && body.archived.is_none() && body.cta.is_none() {
        return Err(nothing_to_change());
    }
    let new_name = body.name.as_deref().map(|n| name("name", n)).transpose()?;
    let current = store
        .catalogue_products(&staff.tenant)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(ApiError::NotFound("product"))?;
    // The link must lead to one of the tenant's own origins (the same list that may embed the widget).
    let cta = match &body.cta {
        Some(Some(cta)) => {
            let origins = store
                .settings(&staff.tenant)
                .await?
                .ok_or(ApiError::NotFound("tenant"))?
                .allowed_origins;
            Some(Some(
                cta.validate(&origins).map_err(ApiError::InvalidFields)?,
            ))
        }
        Some(None) => Some(None),
        None => None,
    };
    let cta_json = match &cta {
        Some(Some(cta)) => {
            Some(Some(serde_json::to_string(cta).map_err(|_| {
                ApiError::Misconfigured("call to action serialisation")
            })?))
        }
        Some(None) => Some(None),
        None => None,
    };
    let cta_change = match &cta {
        Some(Some(cta)) => CtaChange::Set(cta),
        Some(None) => CtaChange::Removed,
        None => CtaChange::Unchanged,
    };
    // The archive's note says what changed, from what, so the item's history reads without the content.
    let mut said = Vec::new();
    if let Some(new_name) = &new_name {
        said.push(format!("name {:?} → {new_name:?}", current.name));
    }
    if let Some(archived) = body.archived {
        said.push(format!("archived {} → {archived}", current.archived == 1));
    }
    match &cta {
        Some(Some(cta)) => said.push(format!("call to action → {}", cta.url)),
        Some(None) => said.push("call to action removed".to_owned()),
        None => {}
    }
    commit(
        &store,
        &origin_of(&request)?,
        &staff,
        "product_updated",
        &CatalogueUpdated {
            subject: "product",
            id: &id,
            changes: CatalogueChanges {
                archived: Some(body.archived),
                cta: Some(cta_change),
                name: Some(new_name.as_deref()),
                ..CatalogueChanges::default()
            },
        },
        format!("product {id}: {}", said.join(", ")),
        StaffWrite::UpdateProduct {
            id: &id,
            name: new_name.as_deref(),
            archived: body.archived,
            cta: cta_json.as_ref().map(Option::as_deref),
        },
    )
    .await?;
    let updated = store
        .catalogue_products(&staff.tenant)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(ApiError::NotFound("product"))?;
    json_response(&product_view(&updated)?, 200)
}

// ---- attributes -------------------------------------------------------------------------------------------------

fn attribute_view(a: &crate::store::AttributeRow) -> AttributeView {
    AttributeView {
        id: attribute_item(&a.product_id, &a.key),
        product: a.product_id.clone(),
        key: a.key.clone(),
        label_en: a.label_en.clone(),
        label_zh: a.label_zh.clone(),
        position: a.position,
        archived: a.archived == 1,
    }
}

fn position(value: i64) -> Result<i64, ApiError> {
    if (1..=1000).contains(&value) {
        Ok(value)
    } else {
        Err(ApiError::invalid(
            "position",
            "out_of_range",
            "position must be 1 to 1000.",
        ))
    }
}

pub async fn attributes_list(
    request: Request,
    ctx: RouteContext<()>,
) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let attributes = store
        .catalogue_attributes(&staff.tenant)
        .await?
        .iter()
        .map(attribute_view)
        .collect();
    json_response(&AttributeList { attributes }, 200)
}

pub async fn attributes_create(
    mut request: Request,
    ctx: RouteContext<()>,
) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let body: NewAttribute = http::parse_json(&http::read_json_body(&mut request).await?)?;
    slug("key", &body.key)?;
    let label_en = name("label_en", &body.label_en)?;
    let label_zh = name("label_zh", &body.label_zh)?;
    if !store
        .catalogue_products(&staff.tenant)
        .await?
        .iter()
        .any(|p| p.id == body.product && p.archived == 0)
    {
        return Err(ApiError::invalid(
            "product",
            "unknown_product",
            "product must name a product of this tenant that is not archived.",
        ));
    }
    let existing = store.catalogue_attributes(&staff.tenant).await?;
    let siblings: Vec<_> = existing
        .iter()
        .filter(|a| a.product_id == body.product)
        .collect();
    if siblings.iter().any(|a| a.key == body.key) {
        return Err(already_exists("attribute"));
    }
    let at = match body.position {
        Some(value) => position(value)?,
        None => siblings.iter().map(|a| a.position).max().unwrap_or(0) + 1,
    };
    commit(
        &store,
        &origin_of(&request)?,
        &staff,
        "attribute_created",
        &AttributeCreated {
            key: &body.key,
            label_en: &label_en,
            label_zh: &label_zh,
            position: at,
            product: &body.product,
        },
        format!("attribute {} added to {}", body.key, body.product),
        StaffWrite::InsertAttribute {
            product: &body.product,
            key: &body.key,
            label_en: &label_en,
            label_zh: &label_zh,
            position: at,
        },
    )
    .await?;
    json_response(
        &AttributeView {
            id: attribute_item(&body.product, &body.key),
            product: body.product.clone(),
            key: body.key.clone(),
            label_en: label_en.clone(),
            label_zh: label_zh.clone(),
            position: at,
            archived: false,
        },
        201,
    )
}

pub async fn attributes_patch(
    mut request: Request,
    ctx: RouteContext<()>,
) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = marketer(&request, &ctx.env, &store).await?;
    let id = http::param(&ctx, "id")?.to_owned();
    let (product, key) = id.split_once('.').ok_or(ApiError::NotFound("attribute"))?;
    let body: AttributePatch = http::parse_json(&http::read_json_body(&mut request).await?)?;
    if body.label_en.is_none()
        && body.label_zh.is_none()
        && body.position.is_none()
        && body.archived.is_none()
    {
        return Err(nothing_to_change());
    }
    let label_en = body
        .label_en
        .as_deref()
        .map(|l| name("label_en", l))
        .transpose()?;
    let label_zh = body
        .label_zh
        .as_deref()
        .map(|l| name("label_zh", l))
        .transpose()?;
    let at = body.position.map(position).transpose()?;
    let find = |rows: Vec<crate::store::AttributeRow>| {
        rows.into_iter()
            .find(|a| a.product_id == product && a.key == key)
    };
    let current = find(store.catalogue_attributes(&staff.tenant).await?)
        .ok_or(ApiError::NotFound("attribute"))?;
    let mut said = Vec::new();
    if let Some(label) = &label_en {
        said.push(format!("label_en {:?} → {label:?}", current.label_en));
    }
    if let Some(label) = &label_zh {
        said.push(format!("label_zh {:?} → {label:?}", current.label_zh));
    }
    if let Some(at) = at {
        said.push(format!("position {} → {at}", current.position));
    }
    if let Some(archived) = body.archived {
        said.push(format!("archived {} → {archived}", current.archived == 1));
    }
    commit(
        &store,
        &origin_of(&request)?,
        &staff,
        "attribute_updated",
        &CatalogueUpdated {
            subject: "attribute",
            id: &id,
            changes: CatalogueChanges {
                archived: Some(body.archived),
                label_en: Some(label_en.as_deref()),
                label_zh: Some(label_zh.as_deref()),
                position: Some(at),
                ..CatalogueChanges::default()
            },
        },
        format!("attribute {id}: {}", said.join(", ")),
        StaffWrite::UpdateAttribute {
            product,
            key,
            label_en: label_en.as_deref(),
            label_zh: label_zh.as_deref(),
            position: at,
            archived: body.archived,
        },
    )
    .await?;
    let updated = find(store.catalogue_attributes(&staff.tenant).await?)
        .ok_or(ApiError::NotFound("attribute"))?;
    json_response(&attribute_view(&updated), 200)
}
