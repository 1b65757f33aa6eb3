//! The embed snippet generator (every staff role): a product, a locale and a theme become the exact tag to paste,
//! the placeholder form for several widgets per page, the CSP directives and the height reservation (all written
//! by `crate::snippet`), each with a copy button, and a live preview of the widget (a console page that embeds exactly that tag).
//! Marketers pick the product from the catalogue; other roles, who may not read the catalogue, type its id.

use candor_domain::Role;
use candor_domain::catalogue::{ProductList, ProductView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::app::Console;
use crate::components::code_block::CodeBlock;
use crate::i18n::{locale_name, theme_name};
use crate::snippet::{Embed, HEIGHT_CSS, LOCALES, Theme};

#[component]
pub fn SnippetPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let lang = console.lang;
    let products = RwSignal::new(Vec::<ProductView>::new());
    let product = RwSignal::new(String::new());
    let locale = RwSignal::new(console.lang.get_untracked().tag().to_owned());
    let theme = RwSignal::new(Theme::Auto);
    if console.me.role == Role::Marketer {
        spawn_local(async move {
            if let Ok(list) = client::get::<ProductList>("/v1/admin/products").await {
                let offered: Vec<_> = list.products.into_iter().filter(|p| !p.archived).collect();
                if product.get_untracked().is_empty()
                    && let Some(first) = offered.first()
                {
                    product.set(first.id.clone());
                }
                products.set(offered);
            }
        });
    }
    // The edge serves the console: the tag's `src` is this page's own origin.
    let edge = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    let tenant = console.me.tenant_id.clone();
    let embed = Memo::new(move |_| Embed {
        edge: edge.clone(),
        tenant: tenant.clone(),
        product: product.get().trim().to_owned(),
        locale: locale.get(),
        theme: theme.get(),
    });
    // A memo, so that typing a product id does not build a new preview frame per key.
    let chosen = Memo::new(move |_| !embed.with(|embed| embed.product.is_empty()));
    let tag = Signal::derive(move || embed.with(Embed::script_tag));
    let placeholders = Signal::derive(move || embed.with(Embed::placeholders));
    let csp = Signal::derive(move || embed.with(Embed::csp));
    let height = Signal::derive(|| HEIGHT_CSS.to_owned());

    let product_field = move || {
        let list = products.get();
        if list.is_empty() {
            view! {
                <input id="snippet-product" type="text" maxlength="64" autocomplete="off"
                    prop:value=move || product.get() on:input=move |event| product.set(event_target_value(&event))/>
            }
            .into_any()
        } else {
            let options = list
                .into_iter()
                .map(|option| {
                    let id = option.id.clone();
                    view! { <option value=option.id.clone() selected=move || product.get() == id>{option.name.clone()}" ("{option.id.clone()}")"</option> }
                })
                .collect_view();
            view! {
                <select id="snippet-product" on:change=move |event| product.set(event_target_value(&event))>{options}</select>
            }
            .into_any()
        }
    };
    let themes = move || {
        let lang = lang.get();
        Theme::ALL
            .into_iter()
            .map(|option| {
                let id = format!("snippet-theme-{}", option.as_str());
                view! {
                    <span class="choice">
                        <input type="radio" name="snippet-theme" id=id.clone() value=option.as_str()
                            prop:checked=move || theme.get() == option on:change=move |_| theme.set(option)/>
                        <label for=id>{theme_name(lang, option)}</label>
                    </span>
                }
            })
            .collect_view()
    };
    view! {
        <h1>{move || words().embed_snippet}</h1>
        <p class="muted">{move || words().embed_intro}</p>
        <form class="range" on:submit=move |event| event.prevent_default()>
            <div><label for="snippet-product">{move || if products.with(Vec::is_empty) { words().product_id } else { words().product }}</label>
                {product_field}</div>
            <div><label for="snippet-locale">{move || words().language}</label>
                <select id="snippet-locale" on:change=move |event| locale.set(event_target_value(&event))>
                    {LOCALES.into_iter().map(|option| view! {
                        <option value=option selected=move || locale.get() == option>{locale_name(option)}</option>
                    }).collect_view()}
                </select></div>
            <fieldset class="themes"><legend>{move || words().theme}</legend>{themes}</fieldset>
        </form>
        {move || (!chosen.get()).then(|| view! { <p class="notice">{words().choose_product}</p> })}
        <div class="snippets" hidden=move || !chosen.get()>
            <CodeBlock name="tag" title=|w| w.the_tag text=tag/>
            <CodeBlock name="placeholders" title=|w| w.several_widgets text=placeholders/>
            <CodeBlock name="csp" title=|w| w.csp_lines text=csp/>
            <p class="muted small">{move || words().csp_captcha}</p>
            <CodeBlock name="height" title=|w| w.height_line text=height/>
            <section aria-labelledby="snippet-preview-title">
                <h2 id="snippet-preview-title">{move || words().preview}</h2>
                <p class="muted small">{move || words().preview_of_tag}</p>
                {move || chosen.get().then(|| view! {
                    <div class="preview wide-preview">
                        <iframe title=move || format!("{}: {}", words().preview, embed.with(|embed| embed.product.clone()))
                            src=move || embed.with(Embed::preview_src)></iframe>
                    </div>
                })}
            </section>
        </div>
    }
}
