//! `GET/POST /v1/admin/people`, `PATCH /v1/admin/people/{id}`: the admin manages the people of the tenant.
//!
//! A person has an immutable id and an e-mail unique in the tenant (case-insensitive, stored lower-cased); their
//! role is what their tokens act as. Every change is archived with the acting person and credential; granting
//! owner, compliance or admin also writes a notice every admin sees in the people list.

use candor_domain::Role;
use candor_domain::archive::{PersonAdded, PersonChanged};
use candor_domain::people::{
    NewPerson, Notice, PeopleList, Person, PersonPatch, check_new_person, grant_is_noticed,
    normalise_display_name,
};
use worker::{Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::store::{NewNotice, NewPersonRow, NoticeRow, PersonChange, PersonRow, Store};
use crate::{auth, http, runtime};

pub fn person_view(row: PersonRow) -> Result<Person, ApiError> {
    Ok(Person {
        role: Role::parse(&row.role).ok_or(ApiError::Misconfigured("stored role"))?,
        id: row.id,
        email: row.email,
        display_name: row.display_name,
        active: row.active == 1,
        created_at: row.created_at,
    })
}

fn notice_view(row: NoticeRow) -> Result<Notice, ApiError> {
    Ok(Notice {
        role: Role::parse(&row.role).ok_or(ApiError::Misconfigured("stored role"))?,
        id: row.id,
        kind: row.kind,
        person_id: row.person_id,
        by_person_id: row.by_person_id,
        by_credential_id: row.by_credential_id,
        at: row.at,
    })
}

pub async fn list(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate_as(&request, &ctx.env, &store, &[Role::Admin]).await?;
    let people = store
        .people(&staff.tenant)
        .await?
        .into_iter()
        .map(person_view)
        .collect::<Result<_, _>>()?;
    let notices = store
        .notices(&staff.tenant)
        .await?
        .into_iter()
        .map(notice_view)
        .collect::<Result<_, _>>()?;
    http::no_store(Response::from_json(&PeopleList { people, notices })?)
}

pub async fn create(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?.with_faults(crate::faults::requested(&request, &ctx.env)?);
    let staff = auth::authenticate_as(&request, &ctx.env, &store, &[Role::Admin]).await?;
    let body: NewPerson = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let (email, display_name) = check_new_person(&body).map_err(ApiError::InvalidFields)?;
    if store.email_taken(&staff.tenant, &email).await? {
        return Err(email_taken());
    }
    let id = runtime::random_id()?;
    let notice_id = runtime::random_id()?;
    let role = body.role;
    let (store, staff, id, email, display_name, notice_id) =
        (&store, &staff, &id, &email, &display_name, &notice_id);
    chain::append(
        store,
        &staff.tenant,
        "person create",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let content = audit::content(&PersonAdded {
                by_person: &staff.person_id,
                by_token: &staff.token_id,
                display_name,
                email,
                person_id: id,
                role: role.as_str(),
            })?;
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(
                    staff,
                    "person_created",
                    &content,
                    Some(format!("{display_name} ({id}) as {}", role.as_str())),
                ),
                now_ms,
            );
            let notice = grant_is_noticed(role).then(|| NewNotice {
                id: notice_id,
                person_id: id,
                role: role.as_str(),
                by_person_id: &staff.person_id,
                by_credential_id: Some(&staff.token_id),
                at: now_ms,
            });
            let new = NewPersonRow {
                id,
                email,
                display_name,
                role: role.as_str(),
                created_at: now_ms,
            };
            let person = Person {
                id: id.clone(),
                email: email.clone(),
                display_name: display_name.clone(),
                role,
                active: true,
                created_at: now_ms,
            };
            let answer = http::no_store(Response::from_json(&person)?.with_status(201))?;
            let outcome = store
                .insert_person(&staff.tenant, &new, &row, notice.as_ref())
                .await;
            Ok(Step::sent(&row.row_hash, answer, outcome))
        },
        |_| async move {
            if store.email_taken(&staff.tenant, email).await? {
                return Err(email_taken());
            }
            Ok(None)
        },
    )
    .await
}

pub async fn patch(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?.with_faults(crate::faults::requested(&request, &ctx.env)?);
    let staff = auth::authenticate_as(&request, &ctx.env, &store, &[Role::Admin]).await?;
    let id = http::param(&ctx, "id")?;
    let body: PersonPatch = http::parse_json(&http::read_json_body(&mut request).await?)?;
    if body.role.is_none() && body.active.is_none() && body.display_name.is_none() {
        return Err(ApiError::bad_request(
            "empty_change",
            "Send at least one of role, active, display_name.",
        ));
    }
    let display_name = match &body.display_name {
        None => None,
        Some(text) => Some(normalise_display_name(text).ok_or_else(|| {
            ApiError::invalid(
                "display_name",
                "invalid_display_name",
                "A display name has 1 to 80 printable characters.",
            )
        })?),
    };
    let person = store
        .person(&staff.tenant, id)
        .await?
        .ok_or(ApiError::NotFound("person"))?;
    // An admin cannot lock themselves out: nobody else could let them in again.
    if person.id == staff.person_id
        && (body.active == Some(false) || body.role.is_some_and(|role| role != Role::Admin))
    {
        return Err(ApiError::conflict(
            "own_account",
            "You cannot deactivate yourself or give up your own admin role; ask another admin.",
        ));
    }
    let granted = body
        .role
        .filter(|role| role.as_str() != person.role && grant_is_noticed(*role));
    let notice_id = runtime::random_id()?;
    let (store, staff, person, body, display_name, notice_id) =
        (&store, &staff, &person, &body, &display_name, &notice_id);
    let updated = chain::append(
        store,
        &staff.tenant,
        "person change",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let content = audit::content(&PersonChanged {
                active: body.active,
                by_person: &staff.person_id,
                by_token: &staff.token_id,
                display_name: display_name.as_deref(),
                person_id: &person.id,
                previous_role: &person.role,
                role: body.role.map(Role::as_str),
            })?;
            let action = match (body.role, body.active) {
                (Some(_), _) => "person_role_changed",
                (None, Some(false)) => "person_deactivated",
                (None, Some(true)) => "person_activated",
                (None, None) => "person_renamed",
            };
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(staff, action, &content, Some(content.clone())),
                now_ms,
            );
            let notice = granted.map(|role| NewNotice {
                id: notice_id,
                person_id: &person.id,
                role: role.as_str(),
                by_person_id: &staff.person_id,
                by_credential_id: Some(&staff.token_id),
                at: now_ms,
            });
            let change = PersonChange {
                id: &person.id,
                role: body.role.map(Role::as_str),
                active: body.active,
                display_name: display_name.as_deref(),
            };
            let mut written = person_view(person.clone())?;
            if let Some(role) = body.role {
                written.role = role;
            }
            if let Some(active) = body.active {
                written.active = active;
            }
            if let Some(name) = display_name {
                written.display_name = name.clone();
            }
            match store
                .update_person(&staff.tenant, &change, &row, notice.as_ref())
                .await
            {
                Ok(false) => Err(ApiError::NotFound("person")),
                outcome => Ok(Step::sent(&row.row_hash, written, outcome)),
            }
        },
        chain::never_refused,
    )
    .await?;
    http::no_store(Response::from_json(&updated)?)
}

fn email_taken() -> ApiError {
    ApiError::conflict(
        "email_taken",
        "A person of this tenant already has this e-mail address (compared without case).",
    )
}
