//! The admin's settings form: every field of `TenantSettings` (origins one per line, languages, theme rows with a
//! colour swatch, SLA hours, captcha site key, aggregate rule, webhook URL, JSON-LD, Access audience) and a Save that
//! `PUT`s the whole document. Before sending, the domain's own `TenantSettings::problems` runs here (through
//! `admin::SettingsDraft`); after, the API's `fields`. Either shows next to its field, and nothing is sent while the
//! browser finds a problem. Also rotates the webhook signing secret, shown once.

use candor_domain::aggregate::AggregateRule;
use candor_domain::dto::FieldErrorDto;
use candor_domain::settings::TenantSettings;
use candor_domain::staff_views::WebhookSecretIssued;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::admin::{NUMBER_FIELDS, SettingsDraft, swatch};
use crate::client;
use crate::components::action::Action;
use crate::components::app::Console;
use crate::components::code_block::CodeBlock;
use crate::components::field_problem::{FieldProblem, messages_for};
use crate::components::load::{Load, LoadProblem};
use crate::i18n::Words;

const LOCALES: [&str; 2] = ["en", "zh-CN"];

#[component]
pub fn SettingsPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let state = RwSignal::new(Load::<TenantSettings>::Loading);
    let load = move || {
        spawn_local(async move {
            state.set(Load::from_result(
                client::get::<TenantSettings>("/v1/admin/settings").await,
            ))
        });
    };
    load();
    let retry = Callback::new(move |_| load());
    view! {
        <h1>{move || words().admin.settings}</h1>
        <p class="muted">{move || words().admin.settings_intro}</p>
        {move || match state.get() {
            Load::Loading => view! { <LoadProblem error=None retry=retry/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=retry/> }.into_any(),
            Load::Ready(settings) => view! { <SettingsForm settings=settings/><SecretRotation/> }.into_any(),
        }}
    }
}

#[component]
fn SettingsForm(settings: TenantSettings) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let lang = console.lang;
    let base = StoredValue::new(settings.clone());
    let draft = RwSignal::new(SettingsDraft::from_settings(&settings));
    let local = RwSignal::new(Vec::<FieldErrorDto>::new());
    let saved = RwSignal::new(false);
    let action = Action::new(&console);
    let (busy, problem, api_fields) = (action.busy, action.problem, action.fields);
    let refused = Signal::derive(move || {
        let mut all = local.get();
        all.extend(api_fields.get());
        all
    });
    let subject = move |field: &str| draft.with_untracked(|draft| draft.subject(field));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        saved.set(false);
        api_fields.set(Vec::new());
        problem.set(None);
        match draft.with_untracked(|draft| draft.to_settings(&base.get_value())) {
            Err(problems) => local.set(
                problems
                    .into_iter()
                    .map(|(field, code)| FieldErrorDto {
                        message: code.clone(),
                        field,
                        code,
                    })
                    .collect(),
            ),
            Ok(settings) => {
                local.set(Vec::new());
                action.send(
                    "PUT",
                    "/v1/admin/settings".to_owned(),
                    settings,
                    move |stored: TenantSettings| {
                        draft.set(SettingsDraft::from_settings(&stored));
                        base.set_value(stored);
                        saved.set(true);
                    },
                );
            }
        }
    };

    let origins_problems = messages_for(refused, lang, "allowed_origins", subject);
    let locale_problems = messages_for(refused, lang, "locales", subject);
    let theme_problems = messages_for(refused, lang, "theme", subject);
    let locale_boxes = LOCALES
        .into_iter()
        .map(|locale| {
            let id = format!("settings-locale-{locale}");
            view! {
                <span class="choice">
                    <input type="checkbox" id=id.clone() aria-describedby="settings-locales-problem"
                        prop:checked=move || draft.with(|draft| draft.locales.iter().any(|l| l == locale))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            draft.update(|draft| {
                                draft.locales.retain(|l| l != locale);
                                if on {
                                    draft.locales.push(locale.to_owned());
                                }
                            });
                        }/>
                    <label for=id>{crate::i18n::locale_name(locale)}</label>
                </span>
            }
        })
        .collect_view();
    let theme_rows = move || {
        (0..draft.with(|draft| draft.theme.len()))
            .map(|index| view! { <ThemeRow draft=draft index=index/> })
            .collect_view()
    };
    let numbers = NUMBER_FIELDS
        .iter()
        .enumerate()
        .map(|(index, number)| {
            let id = format!("settings-{}", number.field.replace(['.', '_'], "-"));
            let problem_id = format!("{id}-problem");
            let messages = messages_for(refused, lang, number.field, |_| None);
            let label = number.label;
            view! {
                <div>
                    <label for=id.clone()>{move || label(words())}</label>
                    <input id=id type="number" min="1" max=number.max class="narrow" data-field=number.field
                        aria-describedby=problem_id.clone()
                        aria-invalid=move || (!messages.get().is_empty()).then_some("true")
                        prop:value=move || draft.with(|draft| draft.numbers[index].clone())
                        on:input=move |event| draft.update(|draft| draft.numbers[index] = event_target_value(&event))/>
                    <FieldProblem id=problem_id messages=messages/>
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="card settings" on:submit=submit novalidate=true aria-labelledby="settings-form-title">
            <h2 id="settings-form-title" class="visually-hidden">{move || words().admin.settings}</h2>
            <label for="settings-origins">{move || words().admin.allowed_origins}</label>
            <p id="settings-origins-hint" class="hint">{move || words().admin.origins_hint}</p>
            <textarea id="settings-origins" rows="4" spellcheck="false"
                aria-describedby="settings-origins-hint settings-origins-problem"
                aria-invalid=move || (!origins_problems.get().is_empty()).then_some("true")
                prop:value=move || draft.with(|draft| draft.origins.clone())
                on:input=move |event| draft.update(|draft| draft.origins = event_target_value(&event))></textarea>
            <FieldProblem id="settings-origins-problem".to_owned() messages=origins_problems/>

            <fieldset>
                <legend>{move || words().admin.locales}</legend>
                <div class="themes">{locale_boxes}</div>
                <FieldProblem id="settings-locales-problem".to_owned() messages=locale_problems/>
            </fieldset>

            <fieldset aria-describedby="settings-theme-hint settings-theme-problem">
                <legend>{move || words().theme}</legend>
                <p id="settings-theme-hint" class="hint">{move || words().admin.theme_hint}</p>
                <table class="theme">
                    <thead><tr>
                        <th scope="col">{move || words().admin.theme_key}</th>
                        <th scope="col">{move || words().admin.theme_value}</th>
                        <th scope="col">{move || words().admin.swatch}</th>
                        <th scope="col"><span class="visually-hidden">{move || words().admin.remove_row}</span></th>
                    </tr></thead>
                    <tbody>{theme_rows}</tbody>
                </table>
                <div class="actions tight">
                    <button type="button" class="secondary" on:click=move |_| draft.update(|draft| draft.theme.push((String::new(), String::new())))>
                        {move || words().admin.add_row}
                    </button>
                </div>
                <FieldProblem id="settings-theme-problem".to_owned() messages=theme_problems/>
            </fieldset>

            <fieldset>
                <legend>{move || words().admin.sla_targets}</legend>
                <div class="numbers">{numbers}</div>
            </fieldset>

            <TextField draft=draft refused=refused field="captcha" id="settings-captcha"
                label=|w| w.admin.captcha_site_key hint=|w| w.admin.captcha_hint
                get=|draft| draft.site_key.clone() set=|draft, text| draft.site_key = text/>

            <label for="settings-rule">{move || words().admin.aggregate_rule}</label>
            <select id="settings-rule" on:change=move |event| {
                if let Some(rule) = AggregateRule::parse(&event_target_value(&event)) {
                    draft.update(|draft| draft.aggregate_rule = rule);
                }
            }>
                {[AggregateRule::AllReviews, AggregateRule::IndependentOnly].into_iter().map(|rule| view! {
                    <option value=rule.as_str() selected=move || draft.with(|draft| draft.aggregate_rule == rule)>
                        {move || match rule {
                            AggregateRule::AllReviews => words().admin.all_reviews,
                            AggregateRule::IndependentOnly => words().admin.independent_only,
                        }}
                    </option>
                }).collect_view()}
            </select>

            <TextField draft=draft refused=refused field="webhook_url" id="settings-webhook"
                label=|w| w.admin.webhook_url hint=|w| w.admin.webhook_hint
                get=|draft| draft.webhook_url.clone() set=|draft, text| draft.webhook_url = text/>

            <div class="choice check">
                <input type="checkbox" id="settings-json-ld" aria-describedby="settings-json-ld-hint"
                    prop:checked=move || draft.with(|draft| draft.json_ld)
                    on:change=move |event| draft.update(|draft| draft.json_ld = event_target_checked(&event))/>
                <label for="settings-json-ld">{move || words().admin.json_ld}</label>
            </div>
            <p id="settings-json-ld-hint" class="hint">{move || words().admin.json_ld_hint}</p>

            <TextField draft=draft refused=refused field="access_audience" id="settings-access"
                label=|w| w.admin.access_audience hint=|w| w.admin.access_hint
                get=|draft| draft.access_audience.clone() set=|draft, text| draft.access_audience = text/>

            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{move || words().admin.save_settings}</button>
                <span role="status" class="saved">{move || saved.get().then(|| words().admin.settings_saved)}</span>
            </div>
            <p class="problem" role="alert">
                {move || if local.with(|local| !local.is_empty()) { Some(words().admin.fix_fields.to_owned()) } else { problem.get() }}
            </p>
        </form>
    }
}

/// One text input of the draft with its hint and its refusals (`field`: the API's name, or its prefix).
#[component]
fn TextField(
    draft: RwSignal<SettingsDraft>,
    refused: Signal<Vec<FieldErrorDto>>,
    field: &'static str,
    id: &'static str,
    label: fn(&Words) -> &'static str,
    hint: fn(&Words) -> &'static str,
    get: fn(&SettingsDraft) -> String,
    set: fn(&mut SettingsDraft, String),
) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let messages = messages_for(refused, console.lang, field, |_| None);
    let (hint_id, problem_id) = (format!("{id}-hint"), format!("{id}-problem"));
    view! {
        <label for=id>{move || label(words())}</label>
        <p id=hint_id.clone() class="hint">{move || hint(words())}</p>
        <input id=id type="text" class="wide" spellcheck="false" autocomplete="off"
            aria-describedby=format!("{hint_id} {problem_id}")
            aria-invalid=move || (!messages.get().is_empty()).then_some("true")
            prop:value=move || draft.with(get)
            on:input=move |event| draft.update(|draft| set(draft, event_target_value(&event)))/>
        <FieldProblem id=problem_id messages=messages/>
    }
}

/// One theme row: key, value, the colour it gives (set through the CSSOM: the console's CSP allows no inline style
/// attribute), and removal.
#[component]
fn ThemeRow(draft: RwSignal<SettingsDraft>, index: usize) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let cell = move |value: bool| {
        draft.with(|draft| {
            draft
                .theme
                .get(index)
                .map(|(key, text)| if value { text.clone() } else { key.clone() })
                .unwrap_or_default()
        })
    };
    let edit = move |value: bool, text: String| {
        draft.update(|draft| {
            if let Some(row) = draft.theme.get_mut(index) {
                if value {
                    row.1 = text;
                } else {
                    row.0 = text;
                }
            }
        })
    };
    let number = index + 1;
    view! {
        <tr data-theme-row=index>
            <td><input type="text" data-field="theme-key" spellcheck="false" aria-label=move || format!("{} {number}", words().admin.theme_key)
                aria-describedby="settings-theme-problem"
                prop:value=move || cell(false) on:input=move |event| edit(false, event_target_value(&event))/></td>
            <td><input type="text" data-field="theme-value" spellcheck="false" aria-label=move || format!("{} {number}", words().admin.theme_value)
                aria-describedby="settings-theme-problem"
                prop:value=move || cell(true) on:input=move |event| edit(true, event_target_value(&event))/></td>
            <td><span class="swatch" aria-hidden="true"
                style:background-color=move || swatch(&cell(true))></span></td>
            <td><button type="button" class="secondary"
                on:click=move |_| draft.update(|draft| { if index < draft.theme.len() { draft.theme.remove(index); } })>
                {move || words().admin.remove_row}<span class="visually-hidden">" "{number}</span>
            </button></td>
        </tr>
    }
}

/// Rotates the webhook signing secret; the new one is shown once.
#[component]
fn SecretRotation() -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let issued = RwSignal::new(None::<WebhookSecretIssued>);
    let rotate = move |_| {
        issued.set(None);
        action.send(
            "POST",
            "/v1/admin/webhook/secret".to_owned(),
            (),
            move |secret: WebhookSecretIssued| issued.set(Some(secret)),
        );
    };
    let text = Signal::derive(move || {
        issued.with(|secret| {
            secret
                .as_ref()
                .map(|secret| secret.secret.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <section class="card" aria-labelledby="secret-title">
            <h2 id="secret-title">{move || words().admin.webhook_secret}</h2>
            <p class="hint">{move || words().admin.webhook_secret_hint}</p>
            <button type="button" class="secondary" disabled=move || busy.get() on:click=rotate>{move || words().admin.rotate_secret}</button>
            <p class="problem" role="alert">{move || problem.get()}</p>
            {move || issued.get().map(|_| view! {
                <div class="once" data-secret="shown">
                    <p class="notice warn" role="alert"><strong>{move || words().admin.shown_once}</strong></p>
                    <CodeBlock name="secret" title=|w| w.admin.new_secret text=text/>
                </div>
            })}
        </section>
    }
}
