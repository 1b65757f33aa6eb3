//! Reviews in every stage (published, rejected, withdrawn and those still waiting), newest first: by stage, product,
//! date and text (Chinese too). The edge scans a bounded window per request, so a page may be short and still say
//! there is more.

use candor_domain::Stage;
use candor_domain::staff_views::{ReviewListItem, ReviewSearchPage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{self, ClientError};
use crate::components::app::Console;
use crate::components::load::LoadProblem;
use crate::i18n::stage_name;
use crate::route::Route;
use crate::time;

#[component]
pub fn SearchPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let lang = move || console.lang.get();
    let stage = RwSignal::new(String::new());
    let product = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<ReviewListItem>::new());
    let cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let failed = RwSignal::new(None::<ClientError>);

    let query = move |after: Option<String>| {
        let mut parts = Vec::new();
        for (name, value) in [
            ("stage", stage.get_untracked()),
            ("product", product.get_untracked()),
            ("from", from.get_untracked()),
            ("to", to.get_untracked()),
            ("q", text.get_untracked()),
        ] {
            if !value.trim().is_empty() {
                parts.push(format!("{name}={}", client::encode(value.trim())));
            }
        }
        if let Some(after) = after {
            parts.push(format!("cursor={}", client::encode(&after)));
        }
        format!("/v1/admin/reviews?{}", parts.join("&"))
    };
    let fetch = move |after: Option<String>| {
        let path = query(after.clone());
        loading.set(true);
        failed.set(None);
        spawn_local(async move {
            match client::get::<ReviewSearchPage>(&path).await {
                Ok(page) => {
                    if after.is_none() {
                        items.set(page.items);
                    } else {
                        items.update(|items| items.extend(page.items));
                    }
                    cursor.set(page.next_cursor);
                }
                Err(error) => failed.set(Some(error)),
            }
            loading.set(false);
        });
    };
    fetch(None);
    let retry = Callback::new(move |_| fetch(None));
    let stages = move || {
        let lang = lang();
        Stage::ALL
            .into_iter()
            .map(|option| {
                view! { <option value=option.as_str() selected=move || stage.get() == option.as_str()>{stage_name(lang, option.as_str())}</option> }
            })
            .collect_view()
    };
    view! {
        <h1>{move || words().reviews}</h1>
        <form class="range" role="search" on:submit=move |event| { event.prevent_default(); fetch(None); }>
            <div><label for="search-stage">{move || words().stage}</label>
                <select id="search-stage" on:change=move |event| stage.set(event_target_value(&event))>
                    <option value="">{move || words().any_stage}</option>
                    {stages}
                </select></div>
            <div><label for="search-product">{move || words().product}</label>
                <input id="search-product" type="text" maxlength="64" prop:value=move || product.get() on:input=move |event| product.set(event_target_value(&event))/></div>
            <div><label for="search-from">{move || words().from}</label>
                <input id="search-from" type="date" prop:value=move || from.get() on:change=move |event| from.set(event_target_value(&event))/></div>
            <div><label for="search-to">{move || words().to}</label>
                <input id="search-to" type="date" prop:value=move || to.get() on:change=move |event| to.set(event_target_value(&event))/></div>
            <div><label for="search-text">{move || words().search_text}</label>
                <input id="search-text" type="search" maxlength="200" prop:value=move || text.get() on:input=move |event| text.set(event_target_value(&event))/></div>
            <button type="submit">{move || words().search}</button>
        </form>
        {move || failed.get().map(|error| view! { <LoadProblem error=Some(error) retry=retry/> })}
        {move || (items.get().is_empty() && !loading.get() && failed.get().is_none() && cursor.get().is_none())
            .then(|| view! { <p class="empty">{words().no_results}</p> })}
        {move || (!items.get().is_empty()).then(|| {
            let rows = items.get().into_iter().map(|item| view! {
                <tr>
                    <td><a href=Route::Review(item.id.clone()).href()>{item.title.clone()}</a>
                        <p class="muted small" lang=item.locale.clone()>{item.excerpt.clone()}</p></td>
                    <td>{item.product.clone()}</td>
                    <td><span class="badge">{stage_name(lang(), &item.stage)}</span>
                        {item.flagged.then(|| view! { " "<span class="badge warn">{words().flagged}</span> })}</td>
                    <td>{item.rating}" / 5"</td>
                    <td>{time::utc(item.created_at)}</td>
                </tr>
            }).collect_view();
            view! {
                <table class="search">
                    <thead><tr>
                        <th scope="col">{words().title}</th>
                        <th scope="col">{words().product}</th>
                        <th scope="col">{words().stage}</th>
                        <th scope="col">{words().rating}</th>
                        <th scope="col">{words().submitted}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })}
        {move || cursor.get().map(|next| view! {
            <p><button type="button" class="secondary" disabled=move || loading.get() on:click=move |_| fetch(Some(next.clone()))>{words().more}</button></p>
        })}
    }
}
