//! One staff write from a button: while it runs the button's `busy` is set, a refusal lands in `problem` in words the
//! person can act on (the edge's message) and, for a form, in `fields` per refused field; on success `done` runs
//! (usually: load the page again).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use serde::de::DeserializeOwned;

use candor_domain::dto::FieldErrorDto;

use crate::client::{self, ClientError};
use crate::components::app::Console;
use crate::i18n::Lang;

#[derive(Clone, Copy)]
pub struct Action {
    pub busy: RwSignal<bool>,
    pub problem: RwSignal<Option<String>>,
    /// The fields the edge refused in the last answer (empty after a success or another kind of refusal).
    pub fields: RwSignal<Vec<FieldErrorDto>>,
    lang: RwSignal<Lang>,
}

impl Action {
    pub fn new(console: &Console) -> Action {
        Action {
            busy: RwSignal::new(false),
            problem: RwSignal::new(None),
            fields: RwSignal::new(Vec::new()),
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
        let (busy, problem, fields, lang) = (self.busy, self.problem, self.fields, self.lang);
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        problem.set(None);
        fields.set(Vec::new());
        spawn_local(async move {
            let answer = client::send::<_, T>(method, &path, &body).await;
            busy.set(false);
            match answer {
                Ok(value) => done(value),
                Err(error) => {
                    if let ClientError::Refused {
                        fields: refused, ..
                    } = &error
                    {
                        fields.set(refused.clone());
                    }
                    problem.set(Some(
                        error.message(lang.get_untracked().words().unavailable),
                    ));
                }
            }
        });
    }

    /// Why the edge refused `field` (as the API names it) in the last answer, in the console's words for its code
    /// (the edge's own message for a code the console does not know).
    pub fn field(self, field: &'static str) -> impl Fn() -> Option<String> + Copy + 'static {
        let (fields, lang) = (self.fields, self.lang);
        move || {
            fields.with(|fields| {
                fields
                    .iter()
                    .find(|refused| refused.field == field)
                    .map(|refused| {
                        crate::i18n::field_problem(lang.get(), &refused.code)
                            .map_or_else(|| refused.message.clone(), str::to_owned)
                    })
            })
        }
    }
}
