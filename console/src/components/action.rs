//! One staff write from a button: while it runs the button's `busy` is set, a refusal lands in `problem` in words the
//! person can act on (the edge's message), and on success `done` runs (usually: load the page again).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client;
use crate::components::app::Console;
use crate::i18n::Lang;

#[derive(Clone, Copy)]
pub struct Action {
    pub busy: RwSignal<bool>,
    pub problem: RwSignal<Option<String>>,
    lang: RwSignal<Lang>,
}

impl Action {
    pub fn new(console: &Console) -> Action {
        Action {
            busy: RwSignal::new(false),
            problem: RwSignal::new(None),
            lang: console.lang,
        }
    }

    pub fn send<B, T>(
        &self,
        method: &'static str,
        path: String,
        body: B,
        done: impl FnOnce(T) + 'static,
    ) where
        B: Serialize + 'static,
        T: DeserializeOwned + 'static,
    {
        let (busy, problem, lang) = (self.busy, self.problem, self.lang);
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let answer = client::send::<_, T>(method, &path, &body).await;
            busy.set(false);
            match answer {
                Ok(value) => done(value),
                Err(error) => problem.set(Some(
                    error.message(lang.get_untracked().words().unavailable),
                )),
            }
        });
    }
}
