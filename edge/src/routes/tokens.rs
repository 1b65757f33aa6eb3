//! `GET/POST /v1/admin/tokens`, `DELETE /v1/admin/tokens/{id}`: the admin issues and revokes staff tokens.
//!
//! A token is shown once, in the answer that issues it; only its SHA-256 is stored. Every issue and revocation
//! is archived. Never lists or returns a token's text or hash.

use candor_domain::Role;
use serde::{Deserialize, Serialize};
use worker::{Env, Request, Response, RouteContext};

use crate::audit::{self, StaffChange};
use crate::auth::{self, Staff};
use crate::chain::{self, Step};
use crate::error::ApiError;
use crate::store::{NewToken, Store, TokenRow};
use crate::{http, runtime};

const DAY_MS: i64 = 86_400_000;
const DEFAULT_VALID_DAYS: i64 = 90;
const MAX_VALID_DAYS: i64 = 365;
const PERSON_MAX_CHARS: usize = 80;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueBody {
    role: String,
    person: String,
    #[serde(default)]
    expires_in_days: Option<i64>,
}

#[derive(Serialize)]
struct TokenView {
    id: String,
    role: String,
    person: String,
    created_at: i64,
    expires_at: i64,
    revoked_at: Option<i64>,
    /// `active`, `expired` or `revoked`.
    status: &'static str,
}

impl TokenView {
    fn of(row: TokenRow, now_ms: i64) -> TokenView {
        let status = if row.revoked_at.is_some() {
            "revoked"
        } else if row.expires_at <= now_ms {
            "expired"
        } else {
            "active"
        };
        TokenView {
            id: row.id,
            role: row.role,
            person: row.person,
            created_at: row.created_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            status,
        }
    }
}

#[derive(Serialize)]
struct Issued<'a> {
    id: &'a str,
    /// The token itself: shown here once, never again.
    token: &'a str,
    role: &'a str,
    person: &'a str,
    created_at: i64,
    expires_at: i64,
}

async fn admin(request: &Request, env: &Env, store: &Store) -> Result<Staff, ApiError> {
    let staff = auth::authenticate(request, env, store).await?;
    staff.require(&[Role::Admin])?;
    Ok(staff)
}

pub async fn list(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = admin(&request, &ctx.env, &store).await?;
    let now_ms = staff.clock.now_ms();
    let tokens: Vec<TokenView> = store
        .tokens(&staff.tenant)
        .await?
        .into_iter()
        .map(|row| TokenView::of(row, now_ms))
        .collect();
    no_store(Response::from_json(
        &serde_json::json!({ "tokens": tokens }),
    )?)
}

pub async fn issue(mut request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = admin(&request, &ctx.env, &store).await?;
    let body: IssueBody = http::parse_json(&http::read_json_body(&mut request).await?)?;
    let role = Role::parse(&body.role).ok_or_else(|| {
        ApiError::invalid(
            "role",
            "invalid_choice",
            "The role must be one of moderator, compliance, owner, admin, marketer.",
        )
    })?;
    let person = body.person.trim();
    if person.is_empty()
        || person.chars().count() > PERSON_MAX_CHARS
        || person.chars().any(char::is_control)
    {
        return Err(ApiError::invalid(
            "person",
            "invalid_person",
            "The person must be a name of 1 to 80 printable characters.",
        ));
    }
    let days = body.expires_in_days.unwrap_or(DEFAULT_VALID_DAYS);
    if !(1..=MAX_VALID_DAYS).contains(&days) {
        return Err(ApiError::invalid(
            "expires_in_days",
            "out_of_range",
            "A token is valid for 1 to 365 days.",
        ));
    }

    let id = runtime::random_id()?;
    let token = auth::new_token()?;
    let token_hash = auth::token_hash(&token);
    let (id, token, token_hash) = (&id, &token, &token_hash);
    let (store, staff) = (&store, &staff);
    chain::append(store, &staff.tenant, "token issue", |head| async move {
        let now_ms = staff.clock.now_ms();
        let expires_at = now_ms + days * DAY_MS;
        let content = serde_json::json!({
            "token_id": id, "role": role.as_str(), "person": person, "expires_at": expires_at,
            "by_token": staff.token_id,
        })
        .to_string();
        let row = audit::staff_change(
            &staff.tenant,
            head,
            &StaffChange {
                action: "token_issued",
                actor: &staff.person,
                role: staff.role.as_str(),
                content: &content,
                note: Some(format!("{} token for {person} ({id})", role.as_str())),
            },
            now_ms,
        );
        let new = NewToken {
            id,
            token_hash,
            role: role.as_str(),
            person,
            created_at: now_ms,
            expires_at,
        };
        if let Err(error) = store.insert_token(&staff.tenant, &new, &row).await {
            return Ok(Step::Retry(error));
        }
        let response = Response::from_json(&Issued {
            id,
            token,
            role: role.as_str(),
            person,
            created_at: now_ms,
            expires_at,
        })?
        .with_status(201);
        Ok(Step::Done(no_store(response)?))
    })
    .await
}

pub async fn revoke(request: Request, ctx: RouteContext<()>) -> Result<Response, ApiError> {
    let store = Store::open(&ctx.env)?;
    let staff = admin(&request, &ctx.env, &store).await?;
    let id = http::param(&ctx, "id")?;
    let token = store
        .token(&staff.tenant, id)
        .await?
        .ok_or(ApiError::NotFound("token"))?;
    if token.revoked_at.is_some() {
        return Err(already_revoked());
    }
    let (store, staff, token) = (&store, &staff, &token);
    chain::append(store, &staff.tenant, "token revoke", |head| async move {
        let now_ms = staff.clock.now_ms();
        let content =
            serde_json::json!({ "token_id": id, "revoked_at": now_ms, "by_token": staff.token_id })
                .to_string();
        let row = audit::staff_change(
            &staff.tenant,
            head,
            &StaffChange {
                action: "token_revoked",
                actor: &staff.person,
                role: staff.role.as_str(),
                content: &content,
                note: Some(format!("{} token of {} ({id})", token.role, token.person)),
            },
            now_ms,
        );
        match store.revoke_token(&staff.tenant, id, &row).await {
            Ok(true) => Ok(Step::Done(no_store(Response::from_json(
                &serde_json::json!({ "id": id, "revoked_at": now_ms, "status": "revoked" }),
            )?)?)),
            Ok(false) => Err(already_revoked()),
            Err(error) => Ok(Step::Retry(error)),
        }
    })
    .await
}

fn already_revoked() -> ApiError {
    ApiError::conflict("token_already_revoked", "This token is already revoked.")
}

fn no_store(mut response: Response) -> Result<Response, ApiError> {
    response.headers_mut().set("Cache-Control", "no-store")?;
    Ok(response)
}
