//! The console's root: who is signed in (`GET /v1/admin/me`), the page the URL's `#…` names, the language, and the
//! keyboard shortcuts (one window listener; pages react to the commands they understand).

use candor_domain::Role;
use candor_domain::me::Me;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::client;
use crate::components::analytics_page::AnalyticsPage;
use crate::components::archive_page::ArchivePage;
use crate::components::catalogue_page::CataloguePage;
use crate::components::disclosure_page::DisclosurePage;
use crate::components::escalations_page::EscalationsPage;
use crate::components::header::{Header, first_queue, home};
use crate::components::help_overlay::HelpOverlay;
use crate::components::load::{Load, LoadProblem};
use crate::components::neutrality_page::NeutralityPage;
use crate::components::queue_page::QueuePage;
use crate::components::responses_page::ResponsesPage;
use crate::components::review_page::ReviewPage;
use crate::components::search_page::SearchPage;
use crate::components::snippet_page::SnippetPage;
// Admin pages.
use crate::components::people_page::{NoticeCount, PeoplePage};
use crate::components::settings_page::SettingsPage;
use crate::components::tokens_page::TokensPage;
use crate::i18n::Lang;
use crate::keys::{self, Command};
use crate::route::Route;

/// What every page of a signed-in console shares.
#[derive(Clone)]
pub struct Console {
    pub me: Me,
    pub lang: RwSignal<Lang>,
    pub route: RwSignal<Option<Route>>,
    /// The latest shortcut, numbered so that pressing the same key twice is two commands.
    pub command: RwSignal<(u64, Option<Command>)>,
    pub help_open: RwSignal<bool>,
}

#[component]
pub fn App() -> impl IntoView {
    let me = RwSignal::new(Load::<Me>::Loading);
    let load = move || {
        me.set(Load::Loading);
        spawn_local(
            async move { me.set(Load::from_result(client::get::<Me>("/v1/admin/me").await)) },
        );
    };
    load();
    view! {
        {move || match me.get() {
            Load::Ready(me) => view! { <SignedIn me=me/> }.into_any(),
            Load::Loading => view! { <main id="main"><LoadProblem error=None retry=Callback::new(move |_| load())/></main> }.into_any(),
            Load::Failed(error) => view! { <main id="main"><LoadProblem error=Some(error) retry=Callback::new(move |_| load())/></main> }.into_any(),
        }}
    }
}

#[component]
fn SignedIn(me: Me) -> impl IntoView {
    let console = Console {
        lang: RwSignal::new(crate::i18n::browser_lang()),
        route: RwSignal::new(Route::parse(&current_hash())),
        command: RwSignal::new((0, None)),
        help_open: RwSignal::new(false),
        me,
    };
    provide_context(console.clone());
    // The admin's count of role notices, shown on the People link and refreshed by the people page.
    provide_context(NoticeCount(RwSignal::new(None)));

    if console.route.get_untracked().is_none() {
        go(&home(console.me.role));
    }
    let route = console.route;
    let _ = window_event_listener(ev::hashchange, move |_| {
        route.set(Route::parse(&current_hash()))
    });
    let (command, help_open) = (console.command, console.help_open);
    let _ = window_event_listener(ev::keydown, move |event| {
        if typing(&event) {
            return;
        }
        let modifier = event.ctrl_key() || event.alt_key() || event.meta_key();
        let Some(pressed) = keys::command(&event.key(), modifier) else {
            return;
        };
        match pressed {
            Command::Help => help_open.update(|open| *open = !*open),
            Command::Close if help_open.get_untracked() => help_open.set(false),
            other => command.update(|(count, last)| {
                *count += 1;
                *last = Some(other);
            }),
        }
        event.prevent_default();
    });
    let lang = console.lang;
    Effect::new(move |_| {
        if let Some(root) = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element())
        {
            let _ = root.set_attribute("lang", lang.get().tag());
        }
    });

    let role = console.me.role;
    view! {
        <Header/>
        <main id="main" tabindex="-1">
            {move || match route.get() {
                Some(Route::Queue(queue)) => view! { <QueuePage queue=queue/> }.into_any(),
                Some(Route::Review(id)) => view! { <ReviewPage id=id/> }.into_any(),
                Some(Route::Reviews) => view! { <SearchPage/> }.into_any(),
                Some(Route::Responses) => view! { <ResponsesPage/> }.into_any(),
                Some(Route::Escalations) => view! { <EscalationsPage/> }.into_any(),
                Some(Route::Archive) if matches!(role, Role::Compliance | Role::Owner | Role::Admin) => {
                    view! { <ArchivePage/> }.into_any()
                }
                Some(Route::Catalogue) if role == Role::Marketer => view! { <CataloguePage/> }.into_any(),
                Some(Route::Disclosure) if role == Role::Marketer => view! { <DisclosurePage/> }.into_any(),
                Some(Route::Embed) => view! { <SnippetPage/> }.into_any(),
                // Admin pages: open to every role, so that others see the API's 403 as a message.
                Some(Route::People) => view! { <PeoplePage/> }.into_any(),
                Some(Route::Tokens) => view! { <TokensPage/> }.into_any(),
                Some(Route::Settings) => view! { <SettingsPage/> }.into_any(),
                // Every role may open the neutrality page; the edge refuses all but compliance and the owner, and
                // the page says so in words.
                Some(Route::Analytics) => view! { <AnalyticsPage/> }.into_any(),
                Some(Route::Neutrality) => view! { <NeutralityPage/> }.into_any(),
                _ if role == Role::Marketer => view! { <CataloguePage/> }.into_any(),
                _ => view! { <QueuePage queue=first_queue(role)/> }.into_any(),
            }}
        </main>
        <HelpOverlay/>
    }
}

/// Runs `act` for each shortcut pressed after this call (never for one pressed before the page was shown: the key
/// that opened a review must not also decide it).
pub fn on_command(console: &Console, act: impl Fn(Command) + 'static) {
    let commands = console.command;
    let seen = StoredValue::new(commands.get_untracked().0);
    Effect::new(move |_| {
        let (count, command) = commands.get();
        if count <= seen.get_value() {
            return;
        }
        seen.set_value(count);
        if let Some(command) = command {
            act(command);
        }
    });
}

/// Navigates to a page of the console.
pub fn go(route: &Route) {
    if let Some(window) = web_sys::window() {
        let _ = window
            .location()
            .set_hash(route.href().trim_start_matches('#'));
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|window| window.location().hash().ok())
        .unwrap_or_default()
}

/// Shortcuts never act while the person types in a field.
fn typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || element.has_attribute("contenteditable")
        })
}
