//! The marketer's disclosure editor: the current text per locale with its version, who published it and when;
//! publishing a new version (`PUT /v1/admin/disclosure`; the edge validates, numbers and archives it); every earlier
//! version (`GET …/versions`); and a preview of a product's widget with the draft before it is published (`POST
//! …/preview` renders it; the console's preview page shows it in a frame, through the tab's session storage).

use candor_domain::catalogue::{ProductList, ProductView};
use candor_domain::staff_requests::{DisclosurePreviewRequest, DisclosureUpdate};
use candor_domain::staff_views::{
    CurrentDisclosure, DisclosurePreview, DisclosureTexts, DisclosureVersions, DisclosureView,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::load::{Load, LoadProblem};
use crate::time;

/// Where the console hands a rendered draft to its preview page (`/console/preview?draft=1`, same origin, same tab).
const DRAFT_KEY: &str = "candor-disclosure-preview";

/// Puts the rendered draft where the preview page reads it; false when the browser keeps no session storage.
fn hand_to_preview(html: &str) -> bool {
    web_sys::window()
        .and_then(|window| window.session_storage().ok().flatten())
        .is_some_and(|storage| storage.set_item(DRAFT_KEY, html).is_ok())
}

#[component]
pub fn DisclosurePage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let current = RwSignal::new(Load::<Option<DisclosureView>>::Loading);
    let text_en = RwSignal::new(String::new());
    let text_zh = RwSignal::new(String::new());
    let show = move |version: Option<DisclosureView>| {
        if let Some(version) = &version {
            text_en.set(version.texts.en.clone());
            text_zh.set(version.texts.zh_cn.clone().unwrap_or_default());
        }
        current.set(Load::Ready(version));
    };
    let versions = RwSignal::new(Load::<Vec<DisclosureView>>::Loading);
    let load_versions = move || {
        spawn_local(async move {
            let answer = client::get::<DisclosureVersions>("/v1/admin/disclosure/versions").await;
            versions.set(Load::from_result(answer.map(|list| list.versions)));
        });
    };
    let load = move || {
        spawn_local(async move {
            match client::get::<CurrentDisclosure>("/v1/admin/disclosure").await {
                Ok(CurrentDisclosure::Version(version)) => show(Some(version)),
                Ok(CurrentDisclosure::None(_)) => show(None),
                Err(error) => current.set(Load::Failed(error)),
            }
        });
        load_versions();
    };
    load();
    let retry = Callback::new(move |_| load());
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let (en_problem, zh_problem) = (action.field("texts.en"), action.field("texts.zh-CN"));
    let published = RwSignal::new(false);
    let publish = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        published.set(false);
        let zh = text_zh.get_untracked().trim().to_owned();
        let body = DisclosureUpdate {
            texts: DisclosureTexts {
                en: text_en.get_untracked(),
                zh_cn: Some(zh).filter(|zh| !zh.is_empty()),
            },
        };
        action.send(
            "PUT",
            "/v1/admin/disclosure".to_owned(),
            body,
            move |version: DisclosureView| {
                show(Some(version));
                published.set(true);
                load_versions();
            },
        );
    };
    // The preview: which product and language, and the frame's generation (a new `src` shows the new draft).
    let products = RwSignal::new(Vec::<ProductView>::new());
    let product = RwSignal::new(String::new());
    let locale = RwSignal::new("en".to_owned());
    spawn_local(async move {
        if let Ok(list) = client::get::<ProductList>("/v1/admin/products").await {
            let offered: Vec<ProductView> =
                list.products.into_iter().filter(|p| !p.archived).collect();
            if let Some(first) = offered.first() {
                product.set(first.id.clone());
            }
            products.set(offered);
        }
    });
    let generation = RwSignal::new(0_u32);
    let preview_hidden = RwSignal::new(false);
    let preview_failed = RwSignal::new(false);
    let preview = move |_| {
        published.set(false);
        let zh = text_zh.get_untracked().trim().to_owned();
        let body = DisclosurePreviewRequest {
            product: product.get_untracked(),
            locale: locale.get_untracked(),
            texts: DisclosureTexts {
                en: text_en.get_untracked(),
                zh_cn: Some(zh).filter(|zh| !zh.is_empty()),
            },
        };
        action.send(
            "POST",
            "/v1/admin/disclosure/preview".to_owned(),
            body,
            move |shown: DisclosurePreview| {
                preview_hidden.set(!shown.visible);
                preview_failed.set(!hand_to_preview(&shown.html));
                generation.update(|count| *count += 1);
            },
        );
    };
    view! {
        <h1>{move || words().disclosure}</h1>
        <p class="muted">{move || words().disclosure_intro}</p>
        {move || match current.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(None) => view! { <p class="notice">{words().no_disclosure}</p> }.into_any(),
            Load::Ready(Some(shown)) => view! {
                <section class="card" aria-labelledby="current-title" data-version=shown.version>
                    <h2 id="current-title">{words().current_version}": "{shown.version}</h2>
                    <p class="muted small">{words().published_by}" "{time::utc(shown.created_at)}" · "{shown.created_by_name.clone().unwrap_or(shown.created_by.clone())}</p>
                    <blockquote class="text" lang="en">{shown.texts.en.clone()}</blockquote>
                    {shown.texts.zh_cn.clone().map(|zh| view! { <blockquote class="text" lang="zh-CN">{zh}</blockquote> })}
                </section>
            }.into_any(),
        }}
        <form class="card" on:submit=publish novalidate=true>
            <label for="disclosure-en">{move || words().text_en}</label>
            <textarea id="disclosure-en" rows="4" maxlength="2000" lang="en" aria-describedby="disclosure-en-error"
                aria-invalid=move || en_problem().is_some().then_some("true")
                prop:value=move || text_en.get() on:input=move |event| text_en.set(event_target_value(&event))></textarea>
            <p id="disclosure-en-error" class="problem">{en_problem}</p>
            <label for="disclosure-zh">{move || words().text_zh}</label>
            <textarea id="disclosure-zh" rows="4" maxlength="2000" lang="zh-CN" aria-describedby="disclosure-zh-error"
                aria-invalid=move || zh_problem().is_some().then_some("true")
                prop:value=move || text_zh.get() on:input=move |event| text_zh.set(event_target_value(&event))></textarea>
            <p id="disclosure-zh-error" class="problem">{zh_problem}</p>
            <div class="actions">
                <button type="submit" disabled=move || busy.get() || text_en.get().trim().is_empty()>{move || words().publish}</button>
                <span role="status" class="saved">{move || published.get().then(|| words().published)}</span>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
        </form>
        <section class="card" aria-labelledby="draft-preview-title">
            <h2 id="draft-preview-title">{move || words().draft_preview}</h2>
            <p class="muted small">{move || words().draft_preview_intro}</p>
            <div class="filters">
                <label>{move || words().product}
                    <select prop:value=move || product.get() on:change=move |event| product.set(event_target_value(&event))>
                        {move || products.get().into_iter().map(|p| view! { <option value=p.id.clone()>{p.name.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || words().language}
                    <select prop:value=move || locale.get() on:change=move |event| locale.set(event_target_value(&event))>
                        <option value="en">"English"</option>
                        <option value="zh-CN">"中文"</option>
                    </select>
                </label>
                <button type="button" class="secondary" on:click=preview
                    disabled=move || busy.get() || product.get().is_empty() || text_en.get().trim().is_empty()>
                    {move || words().preview_draft}
                </button>
            </div>
            {move || preview_hidden.get().then(|| view! { <p class="notice">{words().preview_line_hidden}</p> })}
            {move || preview_failed.get().then(|| view! { <p class="notice error" role="alert">{words().preview_no_storage}</p> })}
            {move || (generation.get() > 0).then(|| view! {
                <div class="preview">
                    <iframe title=move || words().draft_preview src=format!("/console/preview?draft=1&v={}", generation.get())></iframe>
                </div>
            })}
        </section>
        <section aria-labelledby="versions-title">
            <h2 id="versions-title">{move || words().disclosure_versions}</h2>
            {move || match versions.get() {
                Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
                Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
                Load::Ready(list) if list.is_empty() => view! { <p class="muted">{words().no_disclosure}</p> }.into_any(),
                Load::Ready(list) => view! {
                    <ol class="versions">
                        {list.into_iter().map(|version| view! {
                            <li data-version=version.version>
                                <details>
                                    <summary>{words().version}" "{version.version}" · "{time::utc(version.created_at)}" · "{version.created_by_name.clone().unwrap_or(version.created_by.clone())}</summary>
                                    <blockquote class="text" lang="en">{version.texts.en.clone()}</blockquote>
                                    {version.texts.zh_cn.clone().map(|zh| view! { <blockquote class="text" lang="zh-CN">{zh}</blockquote> })}
                                </details>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}
