//! One review as staff see it: the full text exactly as submitted with the screener's findings marked, scores,
//! badges, the decisions so far and the whole archive trail; the decision form for the role whose stage it waits
//! at; opening a customer-service case; the firm's response.

use candor_domain::archive::AuditTrail;
use candor_domain::staff_requests::OpenEscalation;
use candor_domain::staff_views::{EscalationView, ReviewRecord};
use candor_domain::{Role, Stage, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::client;
use crate::components::action::Action;
use crate::components::app::{Console, go, on_command};
use crate::components::contact_panel::ContactPanel;
use crate::components::decision_form::DecisionForm;
use crate::components::header::first_queue;
use crate::components::highlighted_text::HighlightedText;
use crate::components::load::{Load, LoadProblem};
use crate::components::response_panel::ResponsePanel;
use crate::components::trail_table::TrailTable;
use crate::i18n::stage_name;
use crate::keys::Command;
use crate::route::Route;
use crate::time;

#[component]
pub fn ReviewPage(id: String) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let record = RwSignal::new(Load::<ReviewRecord>::Loading);
    let trail = RwSignal::new(Load::<AuditTrail>::Loading);
    let notice = RwSignal::new(None::<&'static str>);
    let id = StoredValue::new(id);
    let load = move || {
        let path = format!("/v1/admin/reviews/{}", client::encode(&id.get_value()));
        spawn_local(async move {
            record.set(Load::from_result(client::get::<ReviewRecord>(&path).await));
            trail.set(Load::from_result(
                client::get::<AuditTrail>(&format!("{path}/audit")).await,
            ));
        });
    };
    load();
    let role = console.me.role;
    on_command(&console, move |command| {
        if command == Command::BackToQueue {
            go(&Route::Queue(first_queue(role)));
        }
    });
    let decided = Callback::new(move |_| {
        notice.set(Some(words().decided));
        load();
    });
    let reload = Callback::new(move |_| load());

    view! {
        <p><a href=Route::Queue(first_queue(role)).href()>"← "{move || words().back_to_queue}</a></p>
        <p class="notice good" role="status">{move || notice.get()}</p>
        {move || match record.get() {
            Load::Loading => view! { <LoadProblem error=None retry=reload/> }.into_any(),
            Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=reload/> }.into_any(),
            Load::Ready(review) => view! { <Record review=review trail=trail decided=decided reload=reload/> }.into_any(),
        }}
    }
}

#[component]
fn Record(
    review: ReviewRecord,
    trail: RwSignal<Load<AuditTrail>>,
    decided: Callback<()>,
    reload: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let lang = move || console.lang.get();
    let stage = Stage::parse(&review.stage);
    let waits_for_me = review.waiting_for.as_deref() == Some(console.me.role.as_str());
    let decision_form = match stage {
        Some(stage) if waits_for_me => view! {
            <DecisionForm review_id=review.id.clone() stage=stage flagged=review.flagged on_decided=decided/>
        }
        .into_any(),
        _ => view! { <p class="muted">{move || words().not_your_stage}</p> }.into_any(),
    };
    let attributes = review
        .attributes
        .iter()
        .map(|(key, score)| view! { <li>{key.clone()}": "{*score}" / 5"</li> })
        .collect_view();
    let deciders = if review.deciders.is_empty() {
        view! { <p class="muted">{move || words().none_yet}</p> }.into_any()
    } else {
        let items = review
            .deciders
            .iter()
            .map(|decider| {
                let stage = decider.stage.clone();
                view! { <li>{move || stage_name(lang(), &stage)}": "{decider.person_id.clone()}</li> }
            })
            .collect_view();
        view! { <ul>{items}</ul> }.into_any()
    };
    let review_stage = review.stage.clone();
    let published = stage == Some(Stage::Published);
    view! {
        <article class="review" aria-labelledby="review-title">
            <h1 id="review-title">
                <HighlightedText text=review.title.clone() findings=review.findings.clone() field=TextField::Title/>
            </h1>
            <p class="badges">
                <span class="badge">{move || stage_name(lang(), &review_stage)}</span>
                {review.flagged.then(|| view! { <span class="badge warn">{move || words().flagged}</span> })}
                <span class="badge">{review.locale.clone()}</span>
                <span class="badge">{review.relationship.clone()}</span>
                <span class="badge">{review.incentive.clone()}</span>
                {review.revision_of.clone().map(|of| view! { <a class="badge" href=Route::Review(of).href()>"revision"</a> })}
            </p>
            <dl class="facts">
                <dt>{move || words().rating}</dt><dd>{review.rating}" / 5"</dd>
                <dt>{move || words().would_recommend}</dt>
                <dd>{move || if review.would_recommend { words().yes } else { words().no }}</dd>
                <dt>{move || words().product}</dt><dd>{review.product.clone()}</dd>
                <dt>{move || words().submitted}</dt><dd>{time::utc(review.created_at)}</dd>
            </dl>
            <h2>{move || words().attributes}</h2>
            {if review.attributes.is_empty() {
                view! { <p class="muted">{move || words().none_yet}</p> }.into_any()
            } else {
                view! { <ul class="attributes">{attributes}</ul> }.into_any()
            }}
            <h2>{move || words().review_text}</h2>
            <p class="muted small">{move || words().highlighted_findings}</p>
            <blockquote class="text" lang=review.locale.clone()>
                <HighlightedText text=review.body.clone() findings=review.findings.clone() field=TextField::Body/>
            </blockquote>
            // The byline as the widget publishes it: the nickname, then the segment the visitor gave (screening
            // scans it too, so a finding there is marked here).
            <p class="muted">"— "<HighlightedText text=review.nickname.clone() findings=review.findings.clone() field=TextField::Nickname/>
                {review.segment.clone().filter(|segment| !segment.is_empty()).map(|segment| view! {
                    " · "<span data-field="segment"><HighlightedText text=segment findings=review.findings.clone() field=TextField::Segment/></span>
                })}
            </p>
        </article>
        {decision_form}
        <section class="card" aria-labelledby="deciders-title">
            <h2 id="deciders-title">{move || words().prior_decisions}</h2>
            {deciders}
        </section>
        {(review.has_contact && matches!(console.me.role, Role::Compliance | Role::Owner))
            .then(|| view! { <ContactPanel review_id=review.id.clone()/> })}
        {(!review.flags.is_empty()).then(|| {
            let reports = review.flags.iter().map(|flag| view! {
                <li><span class="badge warn">{flag.reason.clone()}</span>" "{time::utc(flag.created_at)}
                    {flag.note.clone().map(|note| view! { <p class="text">{note}</p> })}
                </li>
            }).collect_view();
            view! {
                <section class="card" aria-labelledby="reports-title">
                    <h2 id="reports-title">{move || words().reports}</h2>
                    <ul class="reports">{reports}</ul>
                </section>
            }
        })}
        <Escalation review_id=review.id.clone() escalations=review.escalations.clone() on_change=reload/>
        <ResponsePanel review_id=review.id.clone() published=published responses=review.responses.clone() on_change=reload/>
        <section aria-labelledby="trail-title">
            <h2 id="trail-title">{move || words().trail}</h2>
            {move || match trail.get() {
                Load::Ready(trail) => view! { <TrailTable rows=trail.entries caption=""/> }.into_any(),
                Load::Loading => view! { <LoadProblem error=None retry=reload/> }.into_any(),
                Load::Failed(error) => view! { <LoadProblem error=Some(error) retry=reload/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Escalation(
    review_id: String,
    escalations: Vec<EscalationView>,
    on_change: Callback<()>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let words = move || console.lang.get().words();
    let action = Action::new(&console);
    let (busy, problem) = (action.busy, action.problem);
    let active = escalations.iter().any(|case| case.status != "resolved");
    let path = format!(
        "/v1/admin/reviews/{}/escalations",
        client::encode(&review_id)
    );
    let open = move |_| {
        action.send(
            "POST",
            path.clone(),
            OpenEscalation::default(),
            move |_: EscalationView| on_change.run(()),
        );
    };
    let cases = escalations
        .into_iter()
        .map(|case| {
            view! {
                <li>
                    <span class="badge">{case.status.clone()}</span>" "{case.reason.clone()}" · "
                    {move || words().due}" "{time::utc(case.due_at)}
                    {case.overdue.then(|| view! { " "<span class="badge bad">{move || words().overdue}</span> })}
                    {case.note.clone().map(|note| view! { <p class="text" data-field="note">{note}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="cases-title">
            <h2 id="cases-title">{move || words().escalations}</h2>
            <ul>{cases}</ul>
            {(!active).then(|| view! { <button type="button" class="secondary" disabled=move || busy.get() on:click=open>{move || words().open_escalation}</button> })}
            <p class="problem" role="alert">{move || problem.get()}</p>
        </section>
    }
}
