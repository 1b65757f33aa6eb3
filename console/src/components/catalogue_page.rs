//! The marketer's catalogue: product lines with their visibility switch and a live preview of one of the line's
//! embeds (a console page that embeds the widget as a customer's page does; blank while the line is hidden), products with their call to action, attribute questions with labels in
//! both locales, order and archive. Every change goes through the staff API, which validates and archives it; the
//! page never decides what is valid (refusals come back per field).

use candor_domain::catalogue::{
    AttributeList, AttributeView, CatalogueSubject, ProductLineList, ProductLinePatch,
    ProductLineView, ProductList, ProductView,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{self, ClientError};
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::attribute_row::AttributeRow;
use crate::components::item_history::ItemHistory;
use crate::components::load::{Load, LoadProblem};
use crate::components::product_card::ProductCard;
use crate::snippet::{Embed, Theme};

/// The three lists of the catalogue API, read together.
#[derive(Debug, Clone, PartialEq)]
struct Catalogue {
    lines: Vec<ProductLineView>,
    products: Vec<ProductView>,
    attributes: Vec<AttributeView>,
}

async fn read_catalogue() -> Result<Catalogue, ClientError> {
    let lines = client::get::<ProductLineList>("/v1/admin/product-lines")
        .await?
        .product_lines;
    let products = client::get::<ProductList>("/v1/admin/products")
        .await?
        .products;
    let attributes = client::get::<AttributeList>("/v1/admin/attributes")
        .await?
        .attributes;
    Ok(Catalogue {
        lines,
        products,
        attributes,
    })
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let catalogue = RwSignal::new(Load::<Catalogue>::Loading);
    let load = move || {
        spawn_local(async move { catalogue.set(Load::from_result(read_catalogue().await)) });
    };
    load();
    let retry = Callback::new(move |_| load());
    view! {
        <h1>{move || words().catalogue}</h1>
        <p class="muted">{move || words().catalogue_intro}" "{move || words().no_history_here}</p>
        {move || match catalogue.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(catalogue) => view! { <Sections catalogue=catalogue/> }.into_any(),
        }}
    }
}

#[component]
fn Sections(catalogue: Catalogue) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let Catalogue {
        lines,
        products,
        attributes,
    } = catalogue;
    let line_cards = lines
        .iter()
        .map(|line| {
            // The preview shows the line's first product that is still offered.
            let preview = products
                .iter()
                .find(|product| product.line_id == line.id && !product.archived)
                .map(|product| (product.id.clone(), product.name.clone()));
            view! { <LineCard line=line.clone() preview=preview/> }
        })
        .collect_view();
    let product_cards = products
        .iter()
        .map(|product| view! { <ProductCard product=product.clone()/> })
        .collect_view();
    let question_tables = products
        .iter()
        .filter(|product| {
            attributes
                .iter()
                .any(|attribute| attribute.product == product.id)
        })
        .map(|product| {
            let rows = attributes
                .iter()
                .filter(|attribute| attribute.product == product.id)
                .map(|attribute| view! { <AttributeRow attribute=attribute.clone()/> })
                .collect_view();
            view! {
                <table class="questions" data-product=product.id.clone()>
                    <caption>{product.name.clone()}" · "{product.id.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{move || words().key}</th>
                        <th scope="col">{move || words().label_en}</th>
                        <th scope="col">{move || words().label_zh}</th>
                        <th scope="col">{move || words().order}</th>
                        <th scope="col">{move || words().status}</th>
                        <th scope="col"><span class="visually-hidden">{move || words().save}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="lines-title">
            <h2 id="lines-title">{move || words().product_lines}</h2>
            {line_cards}
        </section>
        <section aria-labelledby="products-title">
            <h2 id="products-title">{move || words().products}</h2>
            {product_cards}
        </section>
        <section aria-labelledby="questions-title">
            <h2 id="questions-title">{move || words().attribute_questions}</h2>
            {question_tables}
        </section>
    }
}

/// One product line: its switch (which says what it does) and the live preview of one of its embeds, reloaded after
/// each change so the marketer sees it go blank.
#[component]
fn LineCard(line: ProductLineView, preview: Option<(String, String)>) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let lang = console.lang;
    let visible = RwSignal::new(line.visible);
    // Bumped after each change: a new `src` makes the frame load the embed again.
    let generation = RwSignal::new(0_u32);
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let id = StoredValue::new(line.id.clone());
    let toggle = move |_| {
        let body = ProductLinePatch {
            visible: Some(!visible.get_untracked()),
            ..ProductLinePatch::default()
        };
        let path = format!(
            "/v1/admin/product-lines/{}",
            client::encode(&id.get_value())
        );
        action.send("PATCH", path, body, move |updated: ProductLineView| {
            visible.set(updated.visible);
            generation.update(|count| *count += 1);
        });
    };
    let title_id = format!("line-{}-title", line.id);
    let hint_id = format!("line-{}-hint", line.id);
    let tenant = console.me.tenant_id.clone();
    let frame = preview.map(|(product, name)| {
        let src = move || {
            let embed = Embed {
                edge: String::new(),
                tenant: tenant.clone(),
                product: product.clone(),
                locale: lang.get().tag().to_owned(),
                theme: Theme::Auto,
            };
            format!("{}&v={}", embed.preview_src(), generation.get())
        };
        let title = move || format!("{}: {}", words().preview, name);
        view! {
            <div class="preview">
                <p class="muted small">{move || words().preview}
                    {move || (!visible.get()).then(|| view! { " — "{words().preview_blank}})}
                </p>
                <iframe title=title src=src></iframe>
            </div>
        }
    });
    view! {
        <article class="card line" data-line=line.id.clone() data-visible=move || visible.get().to_string()
            aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{line.name.clone()}" "<span class="muted small">{line.id.clone()}</span>
                {line.archived.then(|| view! { " "<span class="badge">{move || words().archived}</span> })}
            </h3>
            <button type="button" role="switch" class="switch"
                aria-checked=move || if visible.get() { "true" } else { "false" }
                aria-describedby=hint_id.clone()
                disabled=move || busy.get()
                on:click=toggle>
                <span class="track" aria-hidden="true"><span class="knob"></span></span>
                {move || words().shown_on_embeds}
            </button>
            <p id=hint_id.clone() class="hint">{move || if visible.get() { words().visible_hint } else { words().hidden_hint }}</p>
            <p class="problem" role="alert">{move || problem.get()}</p>
            <ItemHistory subject=CatalogueSubject::ProductLine item=line.id.clone()/>
            {match frame {
                Some(frame) => frame.into_any(),
                None => view! { <p class="muted small">{move || words().no_preview}</p> }.into_any(),
            }}
        </article>
    }
}
