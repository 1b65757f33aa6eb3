//! The marketer's disclosure editor: the current text per locale with its version, who published it and when, and
//! publishing a new version (`PUT /v1/admin/disclosure`; the edge validates, numbers and archives it). The old
//! versions stay in the archive; the edge's `GET` answers the current one only.

use candor_domain::staff_requests::DisclosureUpdate;
use candor_domain::staff_views::{CurrentDisclosure, DisclosureTexts, DisclosureView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::load::{Load, LoadProblem};
use crate::time;

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
    let load = move || {
        spawn_local(async move {
            match client::get::<CurrentDisclosure>("/v1/admin/disclosure").await {
                Ok(CurrentDisclosure::Version(version)) => show(Some(version)),
                Ok(CurrentDisclosure::None(_)) => show(None),
                Err(error) => current.set(Load::Failed(error)),
            }
        });
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
                    <p class="muted small">{words().published_by}" "{time::utc(shown.created_at)}" · "{shown.created_by.clone()}</p>
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
    }
}
