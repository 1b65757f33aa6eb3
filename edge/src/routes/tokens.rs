//! `GET/POST /v1/admin/tokens`, `DELETE /v1/admin/tokens/{id}`: the admin issues tokens to people of the tenant
//! (the token acts in the person's role) and revokes them.
//!
//! A token is shown once, in the answer that issues it; only its SHA-256 is stored. Every issue and revocation
//! is archived. Never lists or returns a token's text or hash.

use candor_domain::Role;
use candor_domain::archive::{TokenIssued, TokenRevocation};
use candor_domain::people::{IssueToken, IssuedToken};
use candor_domain::staff_views::{TokenList, TokenRevoked, TokenView};
use worker::{Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::auth;
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::store::{NewToken, Store, TokenRow};
use crate::{http, runtime};

const DAY_MS: i64 = 86_400_000;
const DEFAULT_VALID_DAYS: i64 = 90;
const MAX_VALID_DAYS: i64 = 365;

/// A token as the list shows it, its status as of now.
fn token_view(row: TokenRow, now_ms: i64) -> TokenView {
    let status = if row.revoked_at.is_some() {
        "revoked"
    } else if row.active != 1 {
        "inactive"
    } else if row.expires_at <= now_ms {
        "expired"
    } else {
        "active"
    };
    TokenView {
        id: row.id,
        person_id: row.person_id,
        display_name: row.display_name,
        role: row.role,
        created_at: row.created_at,
        expires_at: row.expires_at,
        revoked_at: row.revoked_at,
        status: status.to_owned(),
    }
}

pub async fn list(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate_as(&request, &ctx.env, &store, &[Role::Admin]).await?;
    let now_ms = staff.clock.now_ms();
    let tokens: Vec<TokenView> = store
        .tokens(&staff.tenant)
        .await?
        .into_iter()
        .map(|row| token_view(row, now_ms))
        .collect();
    http::no_store(Response::from_json(&TokenList { tokens })?)
}

pub async fn issue(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate_as(&request, &ctx.env, &store, &[Role::Admin]).await?;
    let body: IssueToken = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let days = body.expires_in_days.unwrap_or(DEFAULT_VALID_DAYS);
    if !(1..=MAX_VALID_DAYS).contains(&days) {
        return Err(ApiError::invalid(
            "expires_in_days",
            "out_of_range",
            "A token is valid for 1 to 365 days.",
        ));
    }
    let unknown = || {
        ApiError::invalid(
            "person_id",
            "unknown_person",
            "No person with this id in your tenant; create the person first (POST /v1/admin/people).",
        )
    };
    if body.person_id.len() > 80 {
        return Err(unknown());
    }
    let person = store
        .person(&staff.tenant, &body.person_id)
        .await?
        .ok_or_else(unknown)?;
    if person.active != 1 {
        return Err(person_inactive());
    }
    let role = Role::parse(&person.role).ok_or(ApiError::Misconfigured("stored role"))?;

    let id = runtime::random_id()?;
    let token = auth::new_token()?;
    let token_hash = auth::token_hash(&token);
    let (id, token, token_hash, person) = (&id, &token, &token_hash, &person);
    let (store, staff) = (&store, &staff);
    chain::append(
        store,
        &staff.tenant,
        "token issue",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let expires_at = now_ms + days * DAY_MS;
            let content = audit::content(&TokenIssued {
                by_person: &staff.person_id,
                by_token: &staff.token_id,
                expires_at,
                person_id: &person.id,
                role: role.as_str(),
                token_id: id,
            })?;
            let note = format!(
                "{} token for {} ({}), token {id}",
                role.as_str(),
                person.display_name,
                person.id
            );
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(staff, "token_issued", &content, Some(note)),
                now_ms,
            );
            let new = NewToken {
                id,
                token_hash,
                role: role.as_str(),
                person_id: &person.id,
                display_name: &person.display_name,
                created_at: now_ms,
                expires_at,
            };
            let response = Response::from_json(&IssuedToken {
                id: id.clone(),
                token: token.clone(),
                person_id: person.id.clone(),
                role,
                created_at: now_ms,
                expires_at,
            })?
            .with_status(201);
            match store.insert_token(&staff.tenant, &new, &row).await {
                Ok(false) => Err(person_inactive()),
                outcome => Ok(Step::sent(
                    &row.row_hash,
                    http::no_store(response)?,
                    outcome,
                )),
            }
        },
        chain::never_refused,
    )
    .await
}

pub async fn revoke(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = auth::authenticate_as(&request, &ctx.env, &store, &[Role::Admin]).await?;
    let id = http::param(&ctx, "id")?;
    let token = store
        .token(&staff.tenant, id)
        .await?
        .ok_or(ApiError::NotFound("token"))?;
    if token.revoked_at.is_some() {
        return Err(already_revoked());
    }
    let (store, staff, token) = (&store, &staff, &token);
    chain::append(
        store,
        &staff.tenant,
        "token revoke",
        |head| async move {
            let now_ms = staff.clock.now_ms();
            let content = audit::content(&TokenRevocation {
                by_person: &staff.person_id,
                by_token: &staff.token_id,
                person_id: &token.person_id,
                revoked_at: now_ms,
                token_id: id,
            })?;
            let note = format!(
                "{} token of {} ({}), token {id}",
                token.role, token.display_name, token.person_id
            );
            let row = audit::staff_change(
                &staff.tenant,
                head,
                &StaffChange::by(staff, "token_revoked", &content, Some(note)),
                now_ms,
            );
            let answer = http::no_store(Response::from_json(&TokenRevoked {
                id: id.to_owned(),
                revoked_at: now_ms,
                status: "revoked".to_owned(),
            })?)?;
            match store.revoke_token(&staff.tenant, id, &row).await {
                Ok(false) => Err(already_revoked()),
                outcome => Ok(Step::sent(&row.row_hash, answer, outcome)),
            }
        },
        chain::never_refused,
    )
    .await
}

fn person_inactive() -> ApiError {
    ApiError::conflict(
        "person_inactive",
        "This person is deactivated; reactivate them before issuing a token.",
    )
}

fn already_revoked() -> ApiError {
    ApiError::conflict("token_already_revoked", "This token is already revoked.")
}
