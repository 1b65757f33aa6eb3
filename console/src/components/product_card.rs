//! One product of the catalogue and its call to action (a link on one of the firm's allowed origins, its label in
//! English and Chinese): saved with `PATCH /v1/admin/products/{id}`; the edge checks it and names each refused
//! field, shown next to that field. All three left empty removes the call to action.

use candor_domain::catalogue::{CatalogueSubject, CtaLabel, ProductCta, ProductPatch, ProductView};
use leptos::prelude::*;

use crate::client;
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::item_history::ItemHistory;

/// `None` when every field is blank (remove the call to action), the call to action otherwise; a blank label is
/// left out (the widget then shows the other language's).
fn cta_of(url: &str, en: &str, zh: &str) -> Option<ProductCta> {
    let label = |text: &str| Some(text.trim().to_owned()).filter(|text| !text.is_empty());
    if url.trim().is_empty() && label(en).is_none() && label(zh).is_none() {
        return None;
    }
    Some(ProductCta {
        url: url.trim().to_owned(),
        label: CtaLabel {
            en: label(en),
            zh_cn: label(zh),
        },
    })
}

#[component]
pub fn ProductCard(product: ProductView) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let cta = product.cta.clone();
    let history_item = product.id.clone();
    let url = RwSignal::new(cta.as_ref().map(|cta| cta.url.clone()).unwrap_or_default());
    let label_en = RwSignal::new(
        cta.as_ref()
            .and_then(|cta| cta.label.en.clone())
            .unwrap_or_default(),
    );
    let label_zh = RwSignal::new(
        cta.as_ref()
            .and_then(|cta| cta.label.zh_cn.clone())
            .unwrap_or_default(),
    );
    let saved = RwSignal::new(false);
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let (url_problem, en_problem, zh_problem, label_problem) = (
        action.field("cta.url"),
        action.field("cta.label.en"),
        action.field("cta.label.zh-CN"),
        action.field("cta.label"),
    );
    let id = StoredValue::new(product.id.clone());
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        let body = ProductPatch {
            cta: Some(cta_of(
                &url.get_untracked(),
                &label_en.get_untracked(),
                &label_zh.get_untracked(),
            )),
            ..ProductPatch::default()
        };
        let path = format!("/v1/admin/products/{}", client::encode(&id.get_value()));
        action.send("PATCH", path, body, move |_: ProductView| saved.set(true));
    };
    let field_id = |name: &str| format!("product-{}-{name}", product.id);
    let (url_id, en_id, zh_id) = (field_id("cta-url"), field_id("cta-en"), field_id("cta-zh"));
    let (url_error, en_error, zh_error) = (
        field_id("cta-url-error"),
        field_id("cta-en-error"),
        field_id("cta-zh-error"),
    );
    view! {
        <form class="card product" data-product=product.id.clone() on:submit=save novalidate=true>
            <h3>{product.name.clone()}" "<span class="muted small">{product.id.clone()}" · "{product.line_id.clone()}</span>
                {product.archived.then(|| view! { " "<span class="badge">{move || words().archived}</span> })}
            </h3>
            <fieldset>
                <legend>{move || words().call_to_action}</legend>
                <label for=url_id.clone()>{move || words().link_url}</label>
                <input id=url_id type="url" maxlength="2000" class="wide" aria-describedby=url_error.clone()
                    aria-invalid=move || url_problem().is_some().then_some("true")
                    prop:value=move || url.get() on:input=move |event| url.set(event_target_value(&event))/>
                <p id=url_error.clone() class="problem">{url_problem}</p>
                <div class="pair">
                    <div>
                        <label for=en_id.clone()>{move || words().label_en}</label>
                        <input id=en_id type="text" maxlength="60" lang="en" aria-describedby=en_error.clone()
                            aria-invalid=move || en_problem().is_some().then_some("true")
                            prop:value=move || label_en.get() on:input=move |event| label_en.set(event_target_value(&event))/>
                        <p id=en_error.clone() class="problem">{en_problem}</p>
                    </div>
                    <div>
                        <label for=zh_id.clone()>{move || words().label_zh}</label>
                        <input id=zh_id type="text" maxlength="60" lang="zh-CN" aria-describedby=zh_error.clone()
                            aria-invalid=move || zh_problem().is_some().then_some("true")
                            prop:value=move || label_zh.get() on:input=move |event| label_zh.set(event_target_value(&event))/>
                        <p id=zh_error.clone() class="problem">{zh_problem}</p>
                    </div>
                </div>
                <p class="problem">{label_problem}</p>
                <p class="muted small">{move || words().cta_empty_removes}</p>
            </fieldset>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{move || words().save}</button>
                <span role="status" class="saved">{move || saved.get().then(|| words().saved)}</span>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
            <ItemHistory subject=CatalogueSubject::Product item=history_item/>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_fields_remove_the_call_to_action_and_a_blank_label_is_left_out() {
        assert_eq!(cta_of(" ", "", "  "), None);
        let cta = cta_of("https://bank.example/open", " Open an account ", "");
        assert_eq!(
            cta,
            Some(ProductCta {
                url: "https://bank.example/open".to_owned(),
                label: CtaLabel {
                    en: Some("Open an account".to_owned()),
                    zh_cn: None,
                },
            })
        );
    }
}
