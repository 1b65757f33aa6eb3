//! The interactive reviews list. It adopts the reviews section exactly as the edge rendered it in the first view
//! (nothing is re-rendered on take-over, so nothing moves) and adds, at the visitor's request only: sort, a star
//! filter (the histogram bars, with a visible "clear filter"), a language filter, "load more" with the cursor,
//! helpful votes and a report dialog with the reasons the edge accepts.
//!
//! Size decision: plain DOM through `web-sys` with one delegated listener per event type, and every page of items
//! is escaped HTML rendered by the edge with the first view's own markup (`/embed/{product}/reviews`): no Leptos
//! view code and no review markup in the wasm. It never hides a review the visitor did not filter out.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, Event, HtmlDialogElement, HtmlInputElement, HtmlSelectElement};

use crate::Embed;
use crate::client::{self, ClientError};
use crate::i18n::Strings;

struct List {
    embed: Embed,
    t: &'static Strings,
    root: web_sys::ShadowRoot,
    section: Element,
    sort: String,
    /// One star value the visitor asked for, or 0 for every rating.
    rating: u8,
    /// A locale the visitor asked for, or "" for every language.
    locale: String,
    cursor: Option<String>,
    /// Reviews this visitor marked helpful in this page view (the edge keeps the vote; a second gets 409).
    voted: Vec<String>,
    /// The review the report dialog is open for.
    reporting: String,
    /// Answers to an older list request than this are dropped (the visitor changed the choice meanwhile).
    request: u32,
}

type Shared = Rc<RefCell<List>>;

/// What one request to the edge is for; one `async fn` serves them all (one future type in the wasm).
enum Job {
    /// A page for the current choices: appended after the shown reviews (`true`) or replacing them.
    Load(bool),
    Vote(Element, String),
    Report(String, String),
}

/// Takes over the first view's reviews section inside the widget's shadow root, if the first view has one.
pub fn attach(embed: &Embed) {
    let Some(root) = embed.host.shadow_root() else {
        return;
    };
    let Some(section) = root.query_selector("[data-candor-reviews]").ok().flatten() else {
        return;
    };
    let cursor = section
        .get_attribute("data-cursor")
        .filter(|cursor| !cursor.is_empty());
    // A bar clicked before the wasm had loaded (the loader marked it): apply that filter now.
    let pending = root
        .query_selector("[data-stars][data-pending]")
        .ok()
        .flatten()
        .map_or(0, |bar| stars_of(&bar));
    let list: Shared = Rc::new(RefCell::new(List {
        embed: embed.clone(),
        t: embed.lang.strings(),
        root: root.clone(),
        section: section.clone(),
        sort: "newest".to_owned(),
        rating: 0,
        locale: String::new(),
        cursor,
        voted: Vec::new(),
        reporting: String::new(),
        request: 0,
    }));
    let on_event = {
        let list = list.clone();
        Closure::<dyn Fn(Event)>::new(move |event: Event| handle(&list, &event))
    };
    let _ = root.add_event_listener_with_callback("click", on_event.as_ref().unchecked_ref());
    let _ = section.add_event_listener_with_callback("change", on_event.as_ref().unchecked_ref());
    // The listener lives as long as the widget, which lives as long as the page.
    on_event.forget();
    if pending > 0 {
        filter(&list, pending);
    }
}

fn stars_of(bar: &Element) -> u8 {
    bar.get_attribute("data-stars")
        .and_then(|stars| stars.parse().ok())
        .unwrap_or(0)
}

/// Clicks anywhere in the widget and changes of the list's choices, by the nearest marked element.
fn handle(list: &Shared, event: &Event) {
    let Some(target) = event.target() else {
        return;
    };
    let target: Element = target.unchecked_into();
    let Ok(Some(el)) = target.closest(
        "[data-stars],[data-clear],[data-more],[data-helpful],[data-report],[data-report-cancel],[data-report-send],[data-sort],[data-language]",
    ) else {
        return;
    };
    let is = |name: &str| el.has_attribute(name);
    if event.type_() == "change" {
        let value = el.unchecked_ref::<HtmlSelectElement>().value();
        let mut state = list.borrow_mut();
        if is("data-sort") {
            state.sort = value;
        } else {
            state.locale = value;
        }
        state.cursor = None;
        drop(state);
        start(list, Job::Load(false));
    } else if is("data-stars") {
        let stars = stars_of(&el);
        // The same bar again clears the filter.
        let current = list.borrow().rating;
        filter(list, if current == stars { 0 } else { stars });
    } else if is("data-clear") {
        filter(list, 0);
    } else if is("data-more") {
        start(list, Job::Load(true));
    } else if let Some(id) = el.get_attribute("data-helpful") {
        if el.get_attribute("aria-pressed").as_deref() != Some("true") {
            start(list, Job::Vote(el, id));
        }
    } else if let Some(id) = el.get_attribute("data-report") {
        let mut state = list.borrow_mut();
        state.reporting = id;
        if let Some(checked) = state.find("input[name=report-reason]:checked") {
            checked
                .unchecked_into::<HtmlInputElement>()
                .set_checked(false);
        }
        state.report_status("");
        if let Some(dialog) = state.dialog() {
            let _ = dialog.show_modal();
        }
    } else if is("data-report-cancel") {
        if let Some(dialog) = list.borrow().dialog() {
            dialog.close();
        }
    } else if is("data-report-send") {
        let state = list.borrow();
        match state.find("input[name=report-reason]:checked") {
            Some(reason) => {
                let job = Job::Report(
                    state.reporting.clone(),
                    reason.unchecked_into::<HtmlInputElement>().value(),
                );
                drop(state);
                start(list, job);
            }
            None => state.report_status(state.t.report_choose),
        }
    }
}

fn filter(list: &Shared, stars: u8) {
    let mut state = list.borrow_mut();
    state.rating = stars;
    state.cursor = None;
    drop(state);
    start(list, Job::Load(false));
}

impl List {
    fn find(&self, selector: &str) -> Option<Element> {
        self.section.query_selector(selector).ok().flatten()
    }

    fn text(&self, selector: &str, text: &str) {
        if let Some(element) = self.find(selector) {
            element.set_text_content(Some(text));
        }
    }

    fn status(&self, text: &str) {
        self.text("[data-list-status]", text);
    }

    fn report_status(&self, text: &str) {
        self.text("[data-report-status]", text);
    }

    fn dialog(&self) -> Option<HtmlDialogElement> {
        self.find("[data-report-dialog]")
            .map(JsCast::unchecked_into)
    }

    /// The filter note, the pressed state of the histogram bars, "load more" and the helpful votes given.
    fn show_choices(&self) {
        let filtered = (self.rating > 0).then(|| (self.t.filtered_by)(self.rating));
        self.text("[data-filter-text]", filtered.as_deref().unwrap_or(""));
        if let Some(note) = self.find("[data-filter-note]") {
            set_hidden(&note, self.rating == 0);
        }
        if let Some(more) = self.find("[data-more]") {
            set_hidden(&more, self.cursor.is_none());
        }
        if let Ok(bars) = self.root.query_selector_all("[data-stars]") {
            for index in 0..bars.length() {
                if let Some(bar) = bars.item(index) {
                    let bar: Element = bar.unchecked_into();
                    let pressed = stars_of(&bar) == self.rating;
                    let _ =
                        bar.set_attribute("aria-pressed", if pressed { "true" } else { "false" });
                    let _ = bar.remove_attribute("data-pending");
                }
            }
        }
        for id in &self.voted {
            if let Some(button) = self.find(&["[data-helpful=\"", id, "\"]"].concat()) {
                let _ = button.set_attribute("aria-pressed", "true");
            }
        }
    }
}

fn set_hidden(element: &Element, hidden: bool) {
    let _ = if hidden {
        element.set_attribute("hidden", "")
    } else {
        element.remove_attribute("hidden")
    };
}

fn start(list: &Shared, job: Job) {
    if matches!(job, Job::Load(_))
        && let Some(items) = list.borrow().find("[data-list]")
    {
        // Busy until the answer is shown (assistive technology waits; so do the browser tests).
        let _ = items.set_attribute("aria-busy", "true");
    }
    spawn_local(run(list.clone(), job));
}

async fn run(list: Shared, job: Job) {
    let embed = list.borrow().embed.clone();
    match job {
        Job::Load(more) => {
            let (request, sort, rating, locale, cursor) = {
                let mut state = list.borrow_mut();
                state.request += 1;
                state.show_choices();
                state.status(state.t.loading);
                (
                    state.request,
                    state.sort.clone(),
                    state.rating,
                    state.locale.clone(),
                    state.cursor.clone().filter(|_| more),
                )
            };
            let page = client::reviews(&embed, &sort, rating, &locale, cursor.as_deref()).await;
            let mut state = list.borrow_mut();
            if state.request != request {
                return;
            }
            let items = state.find("[data-list]");
            if let Some(items) = &items {
                let _ = items.remove_attribute("aria-busy");
            }
            match (page, items) {
                (Ok((html, next)), Some(items)) => {
                    if more {
                        let _ = items.insert_adjacent_html("beforeend", &html);
                    } else {
                        items.set_inner_html(&html);
                    }
                    state.cursor = next;
                    state.show_choices();
                    state.status("");
                }
                _ => state.status(state.t.load_failed),
            }
        }
        Job::Vote(button, id) => {
            let answer = client::helpful(&embed, &id).await;
            let mut state = list.borrow_mut();
            let message = match answer {
                Ok(count) => {
                    if let Ok(Some(counter)) = button.query_selector("[data-count]") {
                        counter.set_text_content(Some(&["(", &count.to_string(), ")"].concat()));
                    }
                    ""
                }
                Err(ClientError::Refused(refusal)) if refusal.code == "already_voted" => {
                    state.t.helpful_already
                }
                Err(_) => {
                    state.status((state.t.api_error)(""));
                    return;
                }
            };
            state.status(message);
            state.voted.push(id);
            state.show_choices();
        }
        Job::Report(review, reason) => {
            let answer = client::flag(&embed, &review, &reason).await;
            let state = list.borrow();
            let message = match answer {
                Ok(()) => state.t.report_thanks,
                Err(ClientError::Refused(refusal)) if refusal.code == "already_flagged" => {
                    state.t.report_already
                }
                Err(_) => {
                    state.report_status((state.t.api_error)(""));
                    return;
                }
            };
            if let Some(dialog) = state.dialog() {
                dialog.close();
            }
            state.status(message);
        }
    }
}
