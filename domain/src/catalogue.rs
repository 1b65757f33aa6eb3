//! The marketer's catalogue API: product lines (with the visibility switch), products and attribute questions —
//! the bodies staff send and the views they get back. Nothing is deleted, only archived.

use serde::{Deserialize, Serialize};

/// `POST /v1/admin/product-lines`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProductLine {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: String,
    /// Defaults to visible.
    #[serde(default)]
    pub visible: Option<bool>,
}

/// `PATCH /v1/admin/product-lines/{id}`: `visible` is the marketer toggle (hidden on every embed within a minute).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductLinePatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: Option<String>,
    #[serde(default)]
    pub visible: Option<bool>,
    #[serde(default)]
    pub archived: Option<bool>,
}

/// A product line as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductLineView {
    pub id: String,
    pub name: String,
    pub visible: bool,
    pub archived: bool,
}

/// `GET /v1/admin/product-lines`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductLineList {
    pub product_lines: Vec<ProductLineView>,
}

/// `POST /v1/admin/products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewProduct {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub line_id: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: String,
}

/// `PATCH /v1/admin/products/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub name: Option<String>,
    #[serde(default)]
    pub archived: Option<bool>,
}

/// A product as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductView {
    pub id: String,
    pub line_id: String,
    pub name: String,
    pub archived: bool,
}

/// `GET /v1/admin/products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductList {
    pub products: Vec<ProductView>,
}

/// `POST /v1/admin/attributes`: a question asked about one product, labelled in both locales.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAttribute {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub product: String,
    #[cfg_attr(feature = "openapi", schema(pattern = "^[a-z0-9_-]{1,64}$"))]
    pub key: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub label_en: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub label_zh: String,
    /// 1 to 1000; defaults to after the last question.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub position: Option<i64>,
}

/// `PATCH /v1/admin/attributes/{product}.{key}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributePatch {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub label_en: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 80))]
    pub label_zh: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1000))]
    pub position: Option<i64>,
    #[serde(default)]
    pub archived: Option<bool>,
}

/// An attribute question as staff see it; its id is `{product}.{key}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeView {
    pub id: String,
    pub product: String,
    pub key: String,
    pub label_en: String,
    pub label_zh: String,
    pub position: i64,
    pub archived: bool,
}

/// `GET /v1/admin/attributes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttributeList {
    pub attributes: Vec<AttributeView>,
}
