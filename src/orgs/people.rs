//! An organisation's people, as its owners manage them: members and roles,
//! invitations, password reset links.

use crate::storage::BeginWrite;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::app::AppState;
use crate::audit::Event;
use crate::auth::invitations::{self, Invitation, InviteError};
use crate::auth::people::{self, Person};
use crate::auth::resets;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::mail::wording::Tongue;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::{self, Org};
use crate::storage::Db;
use crate::web::forms::{Form, FormErrors, looks_like_email};
use crate::web::{Layout, PageContext, no_store, render_with_status};
use crate::{audit, on_db};

/// A member as listed to owners.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Member {
    pub person_id: i64,
    pub name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: invitations::RoleText,
    /// API tokens of theirs that still work.
    pub api_tokens: i64,
}

impl Member {
    pub fn role(&self) -> Role {
        self.role.0
    }
}

pub async fn members(db: &Db, org_id: i64) -> sqlx::Result<Vec<Member>> {
    let sql = "SELECT p.id AS person_id, p.name, p.email, m.role, \
               (SELECT COUNT(*) FROM api_tokens t WHERE t.person_id = p.id AND t.revoked_at IS NULL) AS api_tokens \
               FROM memberships m JOIN people p ON p.id = m.person_id \
               WHERE m.org_id = $1 ORDER BY p.name, p.email";
    on_db!(db, pool => sqlx::query_as::<_, Member>(sql).bind(org_id).fetch_all(pool).await)
}

/// Loads the organisation and checks that `person` owns it.
pub async fn owned_org(state: &AppState, slug: &str, person: &Person) -> Result<Org, AppError> {
    let org = model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    access::require(&state.db, &org, person, Need::Owner).await?;
    Ok(org)
}

#[derive(Template)]
#[template(path = "orgs/people.html")]
struct PeoplePage {
    layout: Layout,
    org: Org,
    members: Vec<Member>,
    invitations: Vec<Invitation>,
    roles: [Role; 4],
    errors: FormErrors,
    email: String,
    role: String,
    /// The invitation letter's languages: (code, name, chosen).
    languages: Vec<(&'static str, &'static str, bool)>,
    me: i64,
}

/// The invitation form as last submitted, with its errors.
struct InviteDraft {
    errors: FormErrors,
    email: String,
    role: String,
    language: String,
}

impl InviteDraft {
    fn blank() -> InviteDraft {
        InviteDraft {
            errors: FormErrors::new(),
            email: String::new(),
            role: "staff".to_owned(),
            language: Tongue::English.code().to_owned(),
        }
    }
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    me: i64,
    status: StatusCode,
    draft: InviteDraft,
) -> Result<Response, AppError> {
    let InviteDraft { errors, email, role, language } = draft;
    let languages = Tongue::ALL.iter().map(|t| (t.code(), t.name(), t.code() == language)).collect();
    let mut layout = ctx.org_layout(&org, format!("People – {}", org.name));
    layout.has_errors = !errors.is_empty();
    let page = PeoplePage {
        layout,
        members: members(&state.db, org.id).await?,
        invitations: invitations::pending(&state.db, org.id).await?,
        org,
        roles: Role::ALL,
        errors,
        email,
        role,
        languages,
        me,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    show(&state, &ctx, org, me.id, StatusCode::OK, InviteDraft::blank()).await
}

#[derive(Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    language: String,
}

/// What an invitation is for, once checked.
pub struct Invite {
    pub email: String,
    pub role: Role,
    /// The language of the letter, and of the new account's later letters.
    pub tongue: Tongue,
}

/// Checks an invitation's address, role and letter language ('' is English).
pub fn check_invite(email: &str, role: &str, language: &str) -> Result<Invite, FormErrors> {
    let mut errors = FormErrors::new();
    let email = people::normalise_email(email);
    if email.is_empty() {
        errors.add("email", "Enter the email address of the person to invite");
    } else if !looks_like_email(&email) {
        errors.add("email", "Enter an email address in the right format, like name@example.org");
    }
    let role = Role::parse(role);
    if role.is_none() {
        errors.add("role", "Choose a role");
    }
    let tongue = if language.trim().is_empty() { Some(Tongue::English) } else { Tongue::parse(language) };
    if tongue.is_none() {
        errors.add("language", "Choose English or Cymraeg (Welsh) for the invitation email");
    }
    match (role, tongue) {
        (Some(role), Some(tongue)) if errors.is_empty() => Ok(Invite { email, role, tongue }),
        _ => Err(errors),
    }
}

pub async fn invite(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<InviteForm>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let invite = match check_invite(&form.email, &form.role, &form.language) {
        Ok(ok) => ok,
        Err(errors) => {
            let draft = InviteDraft { errors, email: form.email, role: form.role, language: form.language };
            return show(&state, &ctx, org, me.id, StatusCode::UNPROCESSABLE_ENTITY, draft).await;
        }
    };
    let hours = state.config.invitation_hours;
    let email = invite.email.clone();
    match invitations::create(&state.db, &state.mail, &org, &invite, me.id, hours).await {
        Ok(token) => {
            let link = format!("{}/invitations/{token}", state.config.public_url);
            let message = if state.mail.is_on() {
                format!("Invitation made and emailed to {email}. Its link works once, for {hours} hours.")
            } else {
                format!(
                    "Invitation made. Mail is not set up on this server, so send this link to {email} yourself; \
                     it works once, for {hours} hours: {link}"
                )
            };
            Flash::set(&session, message).await?;
            Ok(Redirect::to(&format!("/o/{slug}/people")).into_response())
        }
        Err(InviteError::AlreadyMember(email)) => {
            let mut errors = FormErrors::new();
            errors.add("email", format!("{email} is already a member of {}", org.name));
            let draft = InviteDraft { errors, email: form.email, role: form.role, language: form.language };
            show(&state, &ctx, org, me.id, StatusCode::CONFLICT, draft).await
        }
        Err(InviteError::Database(e)) => Err(e.into()),
    }
}

pub async fn revoke_invitation(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    if !invitations::revoke(&state.db, &org, id, me.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The invitation has been withdrawn; its link no longer works.").await?;
    Ok(Redirect::to(&format!("/o/{slug}/people")).into_response())
}

/// The member `person_id` of `org`, or 404.
async fn member(state: &AppState, org: &Org, person_id: i64) -> Result<(Person, Role), AppError> {
    let role = access::role_of(&state.db, org.id, person_id).await?.ok_or(AppError::NotFound)?;
    let person = people::by_id(&state.db, person_id).await?.ok_or(AppError::NotFound)?;
    Ok((person, role))
}

async fn owner_count(db: &Db, org_id: i64) -> sqlx::Result<i64> {
    let sql = "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND role = 'owner'";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).fetch_one(pool).await)
}

const LAST_OWNER: &str = "An organisation needs at least one owner. Make someone else an owner first.";

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

pub async fn change_role(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, person_id)): Path<(String, i64)>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let (person, old) = member(&state, &org, person_id).await?;
    let new =
        Role::parse(&form.role).ok_or_else(|| AppError::BadRequest("Choose one of the roles listed.".to_owned()))?;
    if old == Role::Owner && new != Role::Owner && owner_count(&state.db, org.id).await? <= 1 {
        return Err(AppError::Conflict(LAST_OWNER.to_owned()));
    }
    let sql = "UPDATE memberships SET role = $1 WHERE org_id = $2 AND person_id = $3";
    on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(new.as_str()).bind(org.id).bind(person.id).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(me.id), action: "membership.role",
            summary: format!("Changed the role of {}", person.email),
            before: Some(old.label().to_owned()), after: Some(new.label().to_owned()),
        })?;
        tx.commit().await?;
    });
    Flash::set(&session, format!("{} is now {}.", person.name, new.label())).await?;
    Ok(Redirect::to(&format!("/o/{slug}/people")).into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, person_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let (person, role) = member(&state, &org, person_id).await?;
    if role == Role::Owner && owner_count(&state.db, org.id).await? <= 1 {
        return Err(AppError::Conflict(LAST_OWNER.to_owned()));
    }
    let sql = "DELETE FROM memberships WHERE org_id = $1 AND person_id = $2";
    on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(org.id).bind(person.id).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(me.id), action: "membership.remove",
            summary: format!("Removed {} from the organisation", person.email),
            before: Some(role.label().to_owned()), after: None,
        })?;
        tx.commit().await?;
    });
    Flash::set(&session, format!("{} is no longer a member of {}.", person.name, org.name)).await?;
    Ok(Redirect::to(&format!("/o/{slug}/people")).into_response())
}

/// An owner stops every API token of a member working (a lost laptop, a
/// person leaving): tokens outlive password changes, so this is the way.
pub async fn revoke_tokens(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, person_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let (person, _) = member(&state, &org, person_id).await?;
    let revoked = crate::auth::tokens::revoke_all(&state.db, org.id, &person, &me).await?;
    let message = match revoked {
        0 => format!("{} had no API tokens working.", person.name),
        1 => format!("Revoked the API token of {}.", person.name),
        n => format!("Revoked {n} API tokens of {}.", person.name),
    };
    Flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/o/{slug}/people")).into_response())
}

pub async fn reset_link(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, person_id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let (person, _) = member(&state, &org, person_id).await?;
    let token = resets::create(&state.db, &state.mail, &org, &person, &me).await?;
    let link = format!("{}/reset/{token}", state.config.public_url);
    let message = if state.mail.is_on() {
        format!("A link to choose a new password has been emailed to {}; it works once, for 24 hours.", person.email)
    } else {
        format!(
            "Mail is not set up on this server, so send this link to {} yourself so they can choose a new password; \
             it works once, for 24 hours: {link}",
            person.email
        )
    };
    Flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/o/{slug}/people")).into_response())
}
