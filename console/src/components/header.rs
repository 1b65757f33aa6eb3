//! The console's banner: the app's name, where one can go (by role: queues and cases, the archive, the catalogue and
//! disclosure for marketers, the embed snippet and analytics for everyone, the neutrality report for compliance and
//! the owner, people, tokens and settings for admins with the count of role notices on People), who is signed in, the
//! language switch and
//! signing out (which ends the Access session, not only the page's).

use candor_domain::Role;
use leptos::prelude::*;

use crate::components::app::Console;
use crate::components::people_page::{NoticeCount, count_notices};
use crate::i18n::{Lang, Words};
use crate::route::{QueueName, Route};

/// Access's own sign-out: it clears the `CF_Authorization` cookie for the whole application.
const SIGN_OUT: &str = "/cdn-cgi/access/logout";

#[component]
pub fn Header() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let me = console.me.clone();
    let home = home(me.role).href();
    let current = console.route;
    // The words come from `i18n::Words`, the one table of the console's words.
    let nav_link = move |route: Route, label: fn(&Words) -> &'static str| {
        let href = route.href();
        let active = {
            let route = route.clone();
            move || match (current.get(), &route) {
                (Some(Route::Queue(_)) | Some(Route::Review(_)), Route::Queue(_)) => true,
                (Some(now), route) => &now == route,
                (None, _) => false,
            }
        };
        view! {
            <a href=href aria-current=move || active().then_some("page")>
                {move || label(console.lang.get().words())}
            </a>
        }
    };
    let reads_cases = matches!(me.role, Role::Moderator | Role::Compliance | Role::Owner);
    let reads_archive = matches!(me.role, Role::Compliance | Role::Owner | Role::Admin);
    let edits_catalogue = me.role == Role::Marketer;
    // Admin pages, with the number of role notices on People.
    let runs_tenant = me.role == Role::Admin;
    let notices = use_context::<NoticeCount>().filter(|_| runs_tenant);
    if let Some(notices) = notices {
        count_notices(notices);
    }
    let notice_badge = move || {
        notices.and_then(|notices| notices.0.get()).filter(|count| *count > 0).map(|count| {
            view! {
                " "<span class="count" data-notices=count>{count}
                    <span class="visually-hidden">" "{move || console.lang.get().words().admin.notices_count}</span>
                </span>
            }
        })
    };
    let reads_neutrality = matches!(me.role, Role::Compliance | Role::Owner);
    view! {
        <header class="banner">
            <a class="skip" href="#main">{move || words().skip_to_content}</a>
            <a class="brand" href=home>{move || words().console}</a>
            <nav aria-label=move || words().console>
                {reads_cases.then(|| nav_link(Route::Queue(first_queue(me.role)), |w| w.queues))}
                {reads_cases.then(|| nav_link(Route::Reviews, |w| w.reviews))}
                {reads_cases.then(|| nav_link(Route::Responses, |w| w.responses))}
                {reads_cases.then(|| nav_link(Route::Escalations, |w| w.escalations))}
                {reads_archive.then(|| nav_link(Route::Archive, |w| w.archive))}
                {edits_catalogue.then(|| nav_link(Route::Catalogue, |w| w.catalogue))}
                {edits_catalogue.then(|| nav_link(Route::Disclosure, |w| w.disclosure))}
                {nav_link(Route::Embed, |w| w.embed_snippet)}
                {runs_tenant.then(|| view! { <span class="nav-item">{nav_link(Route::People, |w| w.admin.people)}{notice_badge}</span> })}
                {runs_tenant.then(|| nav_link(Route::Tokens, |w| w.admin.tokens))}
                {runs_tenant.then(|| nav_link(Route::Settings, |w| w.admin.settings))}
                {nav_link(Route::Analytics, |w| w.analytics)}
                {reads_neutrality.then(|| nav_link(Route::Neutrality, |w| w.neutrality))}
            </nav>
            <div class="who">
                <span class="visually-hidden">{move || words().signed_in_as}" "</span>
                <strong>{me.display_name.clone()}</strong>
                <span class="role">{me.role.as_str()}</span>
                <span class="muted">" · "{me.tenant_name.clone()}</span>
            </div>
            <button
                type="button"
                class="link"
                lang=move || if console.lang.get() == Lang::En { "zh-CN" } else { "en" }
                on:click=move |_| console.lang.update(|lang| *lang = if *lang == Lang::En { Lang::Zh } else { Lang::En })
            >
                {move || words().other_language}
            </button>
            <a class="button secondary" href=SIGN_OUT>{move || words().sign_out}</a>
        </header>
    }
}

/// The page a role starts on: marketers the catalogue, admins the people, everyone else the queue they work first.
pub fn home(role: Role) -> Route {
    match role {
        Role::Marketer => Route::Catalogue,
        Role::Admin => Route::People,
        _ => Route::Queue(first_queue(role)),
    }
}

/// The queue a role works first.
pub fn first_queue(role: Role) -> QueueName {
    match role {
        Role::Compliance => QueueName::Compliance,
        Role::Owner => QueueName::Owner,
        _ => QueueName::Screening,
    }
}
