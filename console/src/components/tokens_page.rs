//! The admin's API tokens: every token of the tenant (whose, role, created, expires, status), issuing one for a
//! person with a validity in days — its text shown once, in a code block with a copy button and a plain warning —
//! and revoking one after a confirmation. The edge stores only a hash and archives issue and revocation; the API
//! does not say when a token was last used, so neither does this page.

use candor_domain::people::{IssueToken, IssuedToken, PeopleList};
use candor_domain::staff_views::{TokenList, TokenRevoked, TokenView};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client::{self, ClientError};
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::code_block::CodeBlock;
use crate::components::field_problem::{FieldProblem, messages_for};
use crate::components::load::{Load, LoadProblem};
use crate::i18n::token_status;
use crate::time;

#[derive(Debug, Clone, PartialEq)]
struct Tokens {
    tokens: Vec<TokenView>,
    people: PeopleList,
}

async fn read_tokens() -> Result<Tokens, ClientError> {
    let tokens = client::get::<TokenList>("/v1/admin/tokens").await?.tokens;
    let people = client::get::<PeopleList>("/v1/admin/people").await?;
    Ok(Tokens { tokens, people })
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let state = RwSignal::new(Load::<Tokens>::Loading);
    let load = move || {
        spawn_local(async move { state.set(Load::from_result(read_tokens().await)) });
    };
    load();
    let retry = Callback::new(move |_| load());
    // The token just issued: in memory only, gone when the page is left.
    let issued = RwSignal::new(None::<IssuedToken>);
    view! {
        <h1>{move || words().admin.tokens}</h1>
        <p class="muted">{move || words().admin.tokens_intro}</p>
        {move || match state.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(tokens) => view! {
                <IssueForm people=tokens.people issued=issued reload=retry/>
                <TokenTable tokens=tokens.tokens reload=retry/>
            }.into_any(),
        }}
    }
}

#[component]
fn IssueForm(
    people: PeopleList,
    issued: RwSignal<Option<IssuedToken>>,
    reload: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let active: Vec<_> = people
        .people
        .into_iter()
        .filter(|person| person.active)
        .collect();
    let person = RwSignal::new(
        active
            .first()
            .map(|person| person.id.clone())
            .unwrap_or_default(),
    );
    let days = RwSignal::new("90".to_owned());
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let refused = Signal::derive(move || action.fields.get());
    let person_problems = messages_for(refused, console.lang, "person_id", |_| None);
    let days_problems = messages_for(refused, console.lang, "expires_in_days", |_| None);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        issued.set(None);
        let Ok(expires_in_days) = days.get_untracked().trim().parse::<i64>() else {
            action.fields.set(vec![candor_domain::dto::FieldErrorDto {
                field: "expires_in_days".to_owned(),
                code: "not_a_number".to_owned(),
                message: "not_a_number".to_owned(),
            }]);
            return;
        };
        let body = IssueToken {
            person_id: person.get_untracked(),
            expires_in_days: Some(expires_in_days),
        };
        action.send(
            "POST",
            "/v1/admin/tokens".to_owned(),
            body,
            move |token: IssuedToken| {
                issued.set(Some(token));
                reload.run(());
            },
        );
    };
    let options = active
        .iter()
        .map(|person| {
            view! { <option value=person.id.clone()>{format!("{} · {} · {}", person.display_name, person.email, person.role.as_str())}</option> }
        })
        .collect_view();
    let token_text = Signal::derive(move || {
        issued.with(|token| {
            token
                .as_ref()
                .map(|token| token.token.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <form class="card" aria-labelledby="issue-title" on:submit=submit novalidate=true>
            <h2 id="issue-title">{move || words().admin.issue_token}</h2>
            <div class="pair">
                <div>
                    <label for="token-person">{move || words().admin.person}</label>
                    <select id="token-person" class="wide" aria-describedby="token-person-problem"
                        aria-invalid=move || (!person_problems.get().is_empty()).then_some("true")
                        on:change=move |event| person.set(event_target_value(&event))>
                        {options}
                    </select>
                    <FieldProblem id="token-person-problem".to_owned() messages=person_problems/>
                </div>
                <div>
                    <label for="token-days">{move || words().admin.valid_days}</label>
                    <input id="token-days" type="number" min="1" max="365" class="narrow" aria-describedby="token-days-problem"
                        aria-invalid=move || (!days_problems.get().is_empty()).then_some("true")
                        prop:value=move || days.get() on:input=move |event| days.set(event_target_value(&event))/>
                    <FieldProblem id="token-days-problem".to_owned() messages=days_problems/>
                </div>
            </div>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{move || words().admin.issue}</button>
            </div>
            <p class="problem" role="alert">{move || problem.get()}</p>
        </form>
        {move || issued.get().map(|token| view! {
            <div class="card once" data-issued=token.id.clone()>
                <p class="notice warn" role="alert"><strong>{move || words().admin.shown_once}</strong>
                    " "{move || words().admin.expires}": "{time::utc(token.expires_at)}</p>
                <CodeBlock name="token" title=|w| w.admin.new_token text=token_text/>
            </div>
        })}
    }
}

#[component]
fn TokenTable(tokens: Vec<TokenView>, reload: Callback<()>) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    if tokens.is_empty() {
        return view! { <p class="empty">{move || words().admin.no_tokens}</p> }.into_any();
    }
    let rows = tokens
        .into_iter()
        .map(|token| view! { <TokenRow token=token reload=reload/> })
        .collect_view();
    view! {
        <table class="tokens">
            <caption class="visually-hidden">{move || words().admin.tokens}</caption>
            <thead><tr>
                <th scope="col">{move || words().admin.person}</th>
                <th scope="col">{move || words().admin.role}</th>
                <th scope="col">{move || words().admin.created}</th>
                <th scope="col">{move || words().admin.expires}</th>
                <th scope="col">{move || words().status}</th>
                <th scope="col"><span class="visually-hidden">{move || words().admin.revoke}</span></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// One token; revoking asks first, in the row, and the question names the token's owner.
#[component]
fn TokenRow(token: TokenView, reload: Callback<()>) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let lang = console.lang;
    let asking = RwSignal::new(false);
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let path = format!("/v1/admin/tokens/{}", client::encode(&token.id));
    let revoke = move |_| {
        action.send("DELETE", path.clone(), (), move |_: TokenRevoked| {
            reload.run(())
        });
    };
    let status = token.status.clone();
    let revocable = token.status == "active" || token.status == "inactive";
    let status_cell = {
        let status = status.clone();
        move || token_status(lang.get(), &status)
    };
    let revoked = token.revoked_at.map(time::utc);
    view! {
        <tr data-token=token.id.clone() data-status=status>
            <td>{token.display_name.clone()}</td>
            <td>{token.role.clone()}</td>
            <td>{time::utc(token.created_at)}</td>
            <td>{time::utc(token.expires_at)}</td>
            <td>{status_cell}{revoked.map(|at| view! { <br/><span class="muted small">{move || words().admin.revoked_at}" "{at.clone()}</span> })}</td>
            <td>
                {revocable.then(|| view! {
                    <Show when=move || asking.get() fallback=move || view! {
                        <button type="button" class="secondary" on:click=move |_| asking.set(true)>{move || words().admin.revoke}</button>
                    }>
                        <div role="group" aria-label=move || words().admin.revoke class="confirm">
                            <p>{move || words().admin.confirm_revoke}</p>
                            <button type="button" class="danger" disabled=move || busy.get() on:click=revoke.clone()>{move || words().admin.yes_revoke}</button>
                            " "<button type="button" class="secondary" on:click=move |_| asking.set(false)>{move || words().admin.cancel}</button>
                        </div>
                    </Show>
                })}
                <p class="problem" role="alert">{move || problem.get()}</p>
            </td>
        </tr>
    }
}
