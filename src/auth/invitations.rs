//! Invitations: an owner invites an email address to a role; the one-time
//! link lets that person set their name and password (or, if they already
//! have an account, join with it). Links expire.

use crate::storage::BeginWrite;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::app::AppState;
use crate::audit::Event;
use crate::auth::password;
use crate::auth::people::{self, Person};
use crate::auth::secrets::{new_token, token_hash};
use crate::auth::session::{self, Flash, Viewer};
use crate::error::AppError;
use crate::mail::wording::Tongue;
use crate::orgs::access::Role;
use crate::orgs::model::Org;
use crate::orgs::people::Invite;
use crate::storage::{Db, now};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};
use crate::{audit, on_db};

/// An invitation as its organisation's owners see it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Invitation {
    pub id: i64,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: RoleText,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A role read from a text column.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct RoleText(pub Role);

impl TryFrom<String> for RoleText {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        Role::parse(&value).map(RoleText).ok_or(value)
    }
}

impl Invitation {
    pub fn expires(&self) -> String {
        crate::web::format_time(self.expires_at)
    }
}

/// Why an invitation could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    #[error("{0} is already a member of this organisation")]
    AlreadyMember(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Makes an invitation and returns the secret token for its link; when mail
/// is set up, the link is also emailed (queued with the invitation).
pub async fn create(
    db: &Db,
    mail: &crate::mail::Mail,
    org: &Org,
    invite: &Invite,
    by: i64,
    hours: i64,
) -> Result<String, InviteError> {
    let email = people::normalise_email(&invite.email);
    let role = invite.role;
    let member =
        "SELECT COUNT(*) FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.org_id = $1 AND p.email = $2";
    let count: i64 = on_db!(db, pool => sqlx::query_scalar(member).bind(org.id).bind(&email).fetch_one(pool).await)?;
    if count > 0 {
        return Err(InviteError::AlreadyMember(email));
    }
    let token = new_token();
    let created = now();
    let sql = "INSERT INTO invitations (org_id, email, role, token_hash, invited_by, created_at, expires_at, language) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(org.id).bind(&email).bind(role.as_str()).bind(token_hash(&token))
            .bind(by).bind(created).bind(created + hours * 3600).bind(invite.tongue.code()).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(by), action: "invitation.create",
            summary: format!("Invited {email} as {}", role.label()), before: None, after: None,
        })?;
        if mail.is_on() {
            let link = format!("{}/invitations/{token}", mail.public_url());
            let about = crate::mail::letters::Invitation {
                org_id: org.id, org_name: &org.name, to: &email, role, link: &link, expires_at: created + hours * 3600,
            };
            let letter = crate::mail::letters::invitation(&about, invite.tongue);
            mail.queue(&mut *tx, &letter).await?;
        }
        tx.commit().await?;
    });
    mail.wake();
    Ok(token)
}

/// Invitations not yet accepted, revoked or expired.
pub async fn pending(db: &Db, org_id: i64) -> sqlx::Result<Vec<Invitation>> {
    let sql = "SELECT id, email, role, created_at, expires_at FROM invitations \
               WHERE org_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2 ORDER BY id DESC";
    on_db!(db, pool => sqlx::query_as::<_, Invitation>(sql).bind(org_id).bind(now()).fetch_all(pool).await)
}

/// Withdraws a pending invitation of `org`; false if there was none.
pub async fn revoke(db: &Db, org: &Org, id: i64, by: i64) -> sqlx::Result<bool> {
    let sql = "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND accepted_at IS NULL AND revoked_at IS NULL";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let done = sqlx::query(sql).bind(now()).bind(id).bind(org.id).execute(&mut *tx).await?.rows_affected() == 1;
        if done {
            audit!(&mut *tx, Event {
                org_id: Some(org.id), person_id: Some(by), action: "invitation.revoke",
                summary: format!("Withdrew invitation {id}"), before: None, after: None,
            })?;
        }
        tx.commit().await?;
        Ok(done)
    })
}

/// An invitation found by its link.
#[derive(Clone, Debug, sqlx::FromRow)]
struct Found {
    id: i64,
    org_id: i64,
    org_slug: String,
    org_name: String,
    email: String,
    role: String,
    expires_at: i64,
    accepted_at: Option<i64>,
    revoked_at: Option<i64>,
    language: String,
}

async fn find(db: &Db, token: &str) -> Result<Found, AppError> {
    let sql = "SELECT i.id, i.org_id, o.slug AS org_slug, o.name AS org_name, i.email, i.role, i.expires_at, \
               i.accepted_at, i.revoked_at, i.language FROM invitations i JOIN organisations o ON o.id = i.org_id \
               WHERE i.token_hash = $1";
    let found = on_db!(db, pool => sqlx::query_as::<_, Found>(sql).bind(token_hash(token)).fetch_optional(pool).await)?;
    let found = found.ok_or(AppError::NotFound)?;
    if found.accepted_at.is_some() {
        return Err(AppError::Gone(
            "This invitation has already been used. Sign in with the account it made.".to_owned(),
        ));
    }
    if found.revoked_at.is_some() || found.expires_at <= now() {
        return Err(AppError::Gone(format!(
            "This invitation to {} has expired or was withdrawn. Ask one of its owners for a new link.",
            found.org_name
        )));
    }
    Ok(found)
}

#[derive(Template)]
#[template(path = "auth/invitation.html")]
struct InvitationPage {
    layout: Layout,
    errors: FormErrors,
    org_name: String,
    email: String,
    role: Role,
    /// The invited address already has an account.
    existing: bool,
    /// ...and that person is the one signed in.
    signed_in_as_invitee: bool,
    token: String,
    name: String,
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    found: &Found,
    token: &str,
    status: StatusCode,
    errors: FormErrors,
    name: String,
) -> Result<Response, AppError> {
    let existing = people::by_email(&state.db, &found.email).await?;
    let signed_in_as_invitee = ctx.viewer.0.as_ref().is_some_and(|v| v.email == found.email);
    let mut layout = ctx.layout(format!("Join {}", found.org_name));
    layout.has_errors = !errors.is_empty();
    let page = InvitationPage {
        layout,
        errors,
        org_name: found.org_name.clone(),
        email: found.email.clone(),
        role: Role::parse(&found.role).unwrap_or(Role::Staff),
        existing: existing.is_some(),
        signed_in_as_invitee,
        token: token.to_owned(),
        name,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let found = find(&state.db, &token).await?;
    show(&state, &ctx, &found, &token, StatusCode::OK, FormErrors::new(), String::new()).await
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn accept(
    State(state): State<AppState>,
    ctx: PageContext,
    viewer: Viewer,
    session: Session,
    Path(token): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    let found = find(&state.db, &token).await?;
    let role = Role::parse(&found.role).unwrap_or(Role::Staff);
    let person = match people::by_email(&state.db, &found.email).await? {
        Some(existing) => {
            // An existing account joins only when its owner is signed in.
            if viewer.0.as_ref().map(|v| v.id) != Some(existing.id) {
                return Err(AppError::SignInRequired { next: format!("/invitations/{token}") });
            }
            join(&state.db, &found, role, &existing).await?;
            existing
        }
        None => {
            let mut errors = FormErrors::new();
            let name = form.name.trim().to_owned();
            if name.is_empty() {
                errors.add("name", "Enter your name");
            } else if name.chars().count() > 200 {
                errors.add("name", "Your name must be 200 characters or fewer");
            }
            if let Some((field, message)) = password::check_new(&form.password, &form.confirm, &found.email) {
                errors.add(field, message);
            }
            if !errors.is_empty() {
                return show(&state, &ctx, &found, &token, StatusCode::UNPROCESSABLE_ENTITY, errors, name).await;
            }
            let hash = password::hash(form.password).await?;
            create_and_join(&state.db, &found, role, &name, &hash).await?
        }
    };
    state.pages.clear();
    session::sign_in(&session, &person).await?;
    Flash::set(&session, format!("Welcome to {}. You have joined as {}.", found.org_name, role.label())).await?;
    Ok(Redirect::to(&format!("/o/{}", found.org_slug)).into_response())
}

/// Marks the invitation used; false when another request used it first.
macro_rules! claim {
    ($tx:expr, $found:expr) => {
        sqlx::query(
            "UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now())
        .bind($found.id)
        .execute($tx)
        .await?
        .rows_affected()
            == 1
    };
}

async fn join(db: &Db, found: &Found, role: Role, person: &Person) -> Result<(), AppError> {
    let insert = "INSERT INTO memberships (org_id, person_id, role, created_at) VALUES ($1, $2, $3, $4) \
                  ON CONFLICT (org_id, person_id) DO NOTHING";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if !claim!(&mut *tx, found) {
            return Err(AppError::Gone("This invitation has already been used.".to_owned()));
        }
        sqlx::query(insert).bind(found.org_id).bind(person.id).bind(role.as_str()).bind(now()).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(found.org_id), person_id: Some(person.id), action: "invitation.accept",
            summary: format!("{} joined as {}", person.email, role.label()), before: None, after: None,
        })?;
        tx.commit().await?;
    });
    Ok(())
}

async fn create_and_join(db: &Db, found: &Found, role: Role, name: &str, hash: &str) -> Result<Person, AppError> {
    let person_sql = "INSERT INTO people (email, name, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    let member_sql = "INSERT INTO memberships (org_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)";
    // The new account's letters keep the language its invitation was in.
    let prefs_sql = "INSERT INTO mail_preferences (person_id, language, updated_at) VALUES ($1, $2, $3)";
    let result: Result<i64, AppError> = on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if !claim!(&mut *tx, found) {
            return Err(AppError::Gone("This invitation has already been used.".to_owned()));
        }
        let id: i64 = sqlx::query_scalar(person_sql).bind(&found.email).bind(name).bind(hash).bind(now())
            .fetch_one(&mut *tx).await
            .map_err(|e| if crate::storage::is_unique_violation(&e) {
                AppError::Conflict("An account with this email address was made meanwhile. Sign in, then open the link again.".to_owned())
            } else { e.into() })?;
        sqlx::query(member_sql).bind(found.org_id).bind(id).bind(role.as_str()).bind(now()).execute(&mut *tx).await?;
        if found.language != "en" {
            sqlx::query(prefs_sql).bind(id).bind(Tongue::stored(&found.language).code()).bind(now()).execute(&mut *tx).await?;
        }
        audit!(&mut *tx, Event {
            org_id: Some(found.org_id), person_id: Some(id), action: "invitation.accept",
            summary: format!("{} made an account and joined as {}", found.email, role.label()), before: None, after: None,
        })?;
        tx.commit().await?;
        Ok(id)
    });
    people::by_id(db, result?).await?.ok_or(AppError::NotFound)
}
