//! The first view of a product as a visitor sees it — the summary's scores, the disclosure in the visitor's language,
//! the newest reviews, the tenant's theme and JSON-LD — rendered through `render::fragment`. The embed route serves
//! it (after its caches); the marketer's disclosure preview renders it with a draft text in place of the published
//! one. Never caches and never writes.

use candor_domain::dto::Summary;
use candor_domain::staff_views::DisclosureTexts;

use crate::error::ApiError;
use crate::ops;
use crate::render;
use crate::store::Store;

/// How many reviews the first view shows (the interactive list asks for the same page first, so nothing moves).
const FIRST_REVIEWS: u32 = 3;

/// The first-view fragment of `summary`'s product (built by `ops::summary`, in the language it is shown in); empty
/// for a hidden product line. `draft` replaces the published disclosure (the preview), `None` shows the published.
/// `edge_origin` is this edge's origin, which the call to action's counting link points at.
pub async fn html(
    store: &Store,
    tenant: &str,
    summary: &Summary,
    draft: Option<&DisclosureTexts>,
    edge_origin: &str,
) -> Result<String, ApiError> {
    if !summary.visible {
        return Ok(String::new());
    }
    let chinese = summary.locale == "zh-CN";
    let (text_en, text_zh) = match draft {
        Some(texts) => (Some(texts.en.clone()), texts.zh_cn.clone()),
        None => match store.disclosure(tenant).await? {
            Some(row) => (Some(row.text_en), row.text_zh),
            None => (None, None),
        },
    };
    let disclosure = match text_zh {
        Some(text) if chinese && !text.is_empty() => Some(text),
        _ => text_en,
    };
    let product = summary.product.as_str();
    let (first, next_cursor) = if summary.count > 0 {
        ops::review_pages::newest(store, tenant, product, FIRST_REVIEWS).await?
    } else {
        (Vec::new(), None)
    };
    let settings = store.settings(tenant).await?;
    let json_ld = settings.as_ref().is_some_and(|settings| settings.json_ld);
    Ok(render::fragment(&render::FirstViewData {
        summary,
        locale: &summary.locale,
        disclosure: disclosure.as_deref(),
        reviews: &first,
        next_cursor: next_cursor.as_deref(),
        json_ld,
        theme: settings.as_ref().map(|settings| &settings.theme),
        edge_origin,
    }))
}
