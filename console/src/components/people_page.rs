//! The admin's people page: the notices of granted roles (owner, compliance, admin) at the top, newest first, then
//! everyone of the tenant with role and state (change role, deactivate, reactivate), then adding a person by e-mail,
//! display name and role. The edge validates and archives every change; the form runs the domain's own check first
//! and shows refusals per field. Other roles see the API's 403 as a message.

use candor_domain::Role;
use candor_domain::dto::FieldErrorDto;
use candor_domain::people::{NewPerson, PeopleList, Person, PersonPatch, check_new_person};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::admin::notice_lines;
use crate::client;
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::field_problem::{FieldProblem, messages_for};
use crate::components::load::{Load, LoadProblem};
use crate::route::Route;
use crate::time;

/// How many notices the people list holds: the header's badge on the People link, refreshed by this page.
#[derive(Clone, Copy)]
pub struct NoticeCount(pub RwSignal<Option<usize>>);

/// Reads the people list for the header's badge (admins only call it).
pub fn count_notices(count: NoticeCount) {
    spawn_local(async move {
        if let Ok(list) = client::get::<PeopleList>("/v1/admin/people").await {
            count.0.set(Some(list.notices.len()));
        }
    });
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let count = use_context::<NoticeCount>();
    let list = RwSignal::new(Load::<PeopleList>::Loading);
    let load = move || {
        spawn_local(async move {
            let answer = client::get::<PeopleList>("/v1/admin/people").await;
            if let (Ok(people), Some(count)) = (&answer, count) {
                count.0.set(Some(people.notices.len()));
            }
            list.set(Load::from_result(answer));
        });
    };
    load();
    let retry = Callback::new(move |_| load());
    let reload = Callback::new(move |_| load());
    view! {
        <h1>{move || words().admin.people}</h1>
        <p class="muted">{move || words().admin.people_intro}" "
            // No endpoint answers one person's history (`GET /v1/admin/audit` filters by time only): the archive has it.
            <a href=Route::Archive.href()>{move || words().admin.history_in_archive}</a></p>
        {move || match list.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(people) => view! {
                <Notices list=people.clone()/>
                <PeopleTable people=people.people reload=reload/>
                <AddPerson reload=reload/>
            }.into_any(),
        }}
    }
}

#[component]
fn Notices(list: PeopleList) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let lines = notice_lines(&list);
    let count = lines.len();
    let items = lines
        .into_iter()
        .map(|line| {
            view! {
                <li data-notice=line.id>
                    <strong>{line.person}</strong>" "{move || words().admin.was_granted}" "
                    <span class="role">{line.role.as_str()}</span>
                    <span class="muted">" · "{move || words().admin.by}" "{line.by}" · "{time::utc(line.at)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card notices" aria-labelledby="notices-title" data-count=count>
            <h2 id="notices-title">{move || words().admin.notices}" "<span class="count">{count}</span></h2>
            {if count == 0 {
                view! { <p class="muted">{move || words().admin.no_notices}</p> }.into_any()
            } else {
                view! { <ol class="plain">{items}</ol> }.into_any()
            }}
        </section>
    }
}

#[component]
fn PeopleTable(people: Vec<Person>, reload: Callback<()>) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let rows = people
        .into_iter()
        .map(|person| view! { <PersonRow person=person reload=reload/> })
        .collect_view();
    view! {
        <table class="people">
            <caption class="visually-hidden">{move || words().admin.people}</caption>
            <thead><tr>
                <th scope="col">{move || words().admin.name}</th>
                <th scope="col">{move || words().admin.email}</th>
                <th scope="col">{move || words().admin.role}</th>
                <th scope="col">{move || words().admin.state}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// One person: a role choice with its button, and (de)activation. Admins cannot lock themselves out (the edge
/// refuses it), so their own row offers neither.
#[component]
fn PersonRow(person: Person, reload: Callback<()>) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let own = person.id == console.me.person_id;
    let role = RwSignal::new(person.role);
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let path = format!("/v1/admin/people/{}", client::encode(&person.id));
    let send = {
        let path = path.clone();
        move |patch: PersonPatch| {
            action.send("PATCH", path.clone(), patch, move |_: Person| {
                reload.run(())
            });
        }
    };
    let change_role = {
        let send = send.clone();
        move |_| {
            send(PersonPatch {
                role: Some(role.get_untracked()),
                ..PersonPatch::default()
            })
        }
    };
    let active = person.active;
    let toggle_active = move |_| {
        send(PersonPatch {
            active: Some(!active),
            ..PersonPatch::default()
        })
    };
    let select_id = format!("role-{}", person.id);
    let current = person.role;
    let options = Role::ALL
        .into_iter()
        .map(|choice| {
            view! { <option value=choice.as_str() selected=choice == current>{choice.as_str()}</option> }
        })
        .collect_view();
    let name = person.display_name.clone();
    view! {
        <tr data-person=person.email.clone() data-active=active.to_string()>
            <td>{person.display_name.clone()}{own.then(|| view! { " "<span class="muted">"("{move || words().admin.you}")"</span> })}</td>
            <td>{person.email.clone()}</td>
            <td>
                <label class="visually-hidden" for=select_id.clone()>{move || words().admin.role}": "{name.clone()}</label>
                <select id=select_id disabled=own
                    on:change=move |event| {
                        if let Some(choice) = Role::parse(&event_target_value(&event)) {
                            role.set(choice);
                        }
                    }>
                    {options}
                </select>
                {(!own).then(|| view! {
                    " "<button type="button" class="secondary" data-action="change-role"
                        disabled=move || busy.get() || role.get() == current
                        on:click=change_role.clone()>{move || words().admin.change_role}</button>
                })}
                <p class="problem" role="alert">{move || problem.get()}</p>
            </td>
            <td>
                {move || if active { words().admin.active } else { words().admin.inactive }}
                {(!own).then(|| view! {
                    " "<button type="button" class=if active { "danger" } else { "secondary" } data-action="toggle-active"
                        disabled=move || busy.get() on:click=toggle_active.clone()>
                        {move || if active { words().admin.deactivate } else { words().admin.reactivate }}
                    </button>
                })}
            </td>
        </tr>
    }
}

#[component]
fn AddPerson(reload: Callback<()>) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let email = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Moderator);
    let added = RwSignal::new(false);
    let local = RwSignal::new(Vec::<FieldErrorDto>::new());
    let action = Action::new(&console);
    let (busy, problem, api_fields) = (action.busy, action.problem, action.fields);
    let refused = Signal::derive(move || {
        let mut all = local.get();
        all.extend(api_fields.get());
        all
    });
    let email_problems = messages_for(refused, console.lang, "email", |_| None);
    let name_problems = messages_for(refused, console.lang, "display_name", |_| None);
    let role_problems = messages_for(refused, console.lang, "role", |_| None);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        added.set(false);
        let body = NewPerson {
            email: email.get_untracked(),
            display_name: display_name.get_untracked(),
            role: role.get_untracked(),
        };
        // The domain's own check first: the same rules the edge applies.
        if let Err(problems) = check_new_person(&body) {
            local.set(
                problems
                    .into_iter()
                    .map(|(field, code)| FieldErrorDto {
                        field,
                        code: code.to_owned(),
                        message: code.to_owned(),
                    })
                    .collect(),
            );
            return;
        }
        local.set(Vec::new());
        action.send(
            "POST",
            "/v1/admin/people".to_owned(),
            body,
            move |_: Person| {
                email.set(String::new());
                display_name.set(String::new());
                added.set(true);
                reload.run(());
            },
        );
    };
    let options = Role::ALL
        .into_iter()
        .map(|choice| {
            view! { <option value=choice.as_str() selected=choice == Role::Moderator>{choice.as_str()}</option> }
        })
        .collect_view();
    view! {
        <form class="card" aria-labelledby="add-person-title" on:submit=submit novalidate=true>
            <h2 id="add-person-title">{move || words().admin.add_person}</h2>
            <div class="pair">
                <div>
                    <label for="person-email">{move || words().admin.email}</label>
                    <input id="person-email" type="email" class="wide" autocomplete="off" aria-describedby="person-email-problem"
                        aria-invalid=move || (!email_problems.get().is_empty()).then_some("true")
                        prop:value=move || email.get() on:input=move |event| email.set(event_target_value(&event))/>
                    <FieldProblem id="person-email-problem".to_owned() messages=email_problems/>
                </div>
                <div>
                    <label for="person-name">{move || words().admin.display_name}</label>
                    <input id="person-name" type="text" class="wide" maxlength="80" autocomplete="off" aria-describedby="person-name-problem"
                        aria-invalid=move || (!name_problems.get().is_empty()).then_some("true")
                        prop:value=move || display_name.get() on:input=move |event| display_name.set(event_target_value(&event))/>
                    <FieldProblem id="person-name-problem".to_owned() messages=name_problems/>
                </div>
            </div>
            <label for="person-role">{move || words().admin.role}</label>
            <select id="person-role" aria-describedby="person-role-problem"
                on:change=move |event| {
                    if let Some(choice) = Role::parse(&event_target_value(&event)) {
                        role.set(choice);
                    }
                }>
                {options}
            </select>
            <FieldProblem id="person-role-problem".to_owned() messages=role_problems/>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{move || words().admin.add}</button>
                <span role="status" class="saved">{move || added.get().then(|| words().admin.added)}</span>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
        </form>
    }
}
