//! The reviewer's contact e-mail, for compliance and owners only: shown on request (each read is archived by the
//! edge with the reader's name) and erased on the reviewer's request (GDPR Art. 17), saying who asked. The review
//! and the archive chain stay as they are.

use candor_domain::staff_views::{ContactEmail, ErasureDone, ErasureRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::app::Console;
use crate::time;

#[component]
pub fn ContactPanel(review_id: String) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let contact = RwSignal::new(None::<ContactEmail>);
    let requested_by = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let path = StoredValue::new(format!(
        "/v1/admin/reviews/{}/contact",
        client::encode(&review_id)
    ));
    let show = move |_| {
        busy.set(true);
        spawn_local(async move {
            let answer = client::get::<ContactEmail>(&path.get_value()).await;
            busy.set(false);
            match answer {
                Ok(found) => contact.set(Some(found)),
                Err(error) => problem.set(Some(error.message(words().unavailable))),
            }
        });
    };
    let erase = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = ErasureRequest {
            requested_by: requested_by.get_untracked(),
            note: Some(note.get_untracked()).filter(|note| !note.trim().is_empty()),
        };
        busy.set(true);
        spawn_local(async move {
            let erased = client::send::<_, ErasureDone>(
                "POST",
                &format!("{}/erasure", path.get_value()),
                &body,
            )
            .await;
            match erased {
                Ok(_) => {
                    let read = client::get::<ContactEmail>(&path.get_value()).await;
                    contact.set(read.ok());
                    problem.set(None);
                }
                Err(error) => problem.set(Some(error.message(words().unavailable))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="contact-title">
            <h2 id="contact-title">{move || words().contact}</h2>
            {move || match contact.get() {
                None => view! {
                    <p class="muted small">{words().contact_read_is_archived}</p>
                    <button type="button" class="secondary" disabled=move || busy.get() on:click=show>{words().show_contact}</button>
                }.into_any(),
                Some(ContactEmail { erased_at: Some(at), .. }) => view! {
                    <p data-contact="erased">{words().contact_erased}" · "{time::utc(at)}</p>
                }.into_any(),
                Some(ContactEmail { email: None, .. }) => view! { <p data-contact="none">{words().no_contact}</p> }.into_any(),
                Some(ContactEmail { email: Some(email), .. }) => view! {
                    <p data-contact="shown"><a href=format!("mailto:{email}")>{email.clone()}</a></p>
                    <form class="erase" on:submit=erase>
                        <h3>{words().erase_contact}</h3>
                        <label for="requested-by">{words().requested_by}</label>
                        <input id="requested-by" type="text" required maxlength="500" prop:value=move || requested_by.get()
                            on:input=move |event| requested_by.set(event_target_value(&event))/>
                        <label for="erase-note">{words().note}</label>
                        <textarea id="erase-note" rows="2" maxlength="2000" prop:value=move || note.get()
                            on:input=move |event| note.set(event_target_value(&event))></textarea>
                        <div class="actions">
                            <button type="submit" class="danger" disabled=move || busy.get() || requested_by.get().trim().is_empty()>{words().erase}</button>
                        </div>
                    </form>
                }.into_any(),
            }}
            <p class="problem" role="alert">{move || problem.get()}</p>
        </section>
    }
}
