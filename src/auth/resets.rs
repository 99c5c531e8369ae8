//! Password resets by one-time link. An owner asks for the link; it is
//! emailed when mail is set up, and otherwise shown to the owner once to
//! pass on.

use crate::storage::BeginWrite;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::audit::Event;
use crate::auth::password;
use crate::auth::people::{self, Person};
use crate::auth::secrets::{new_token, token_hash};
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{Db, now};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};
use crate::{audit, on_db};

/// How long a reset link works.
const VALID_HOURS: i64 = 24;

/// Makes a reset link for `target`, asked for by an owner of `org`.
///
/// Refused when the person also belongs to an organisation where the owner
/// asking is not an owner: otherwise an owner of one organisation could take
/// over an account that holds rights in another.
/// When mail is set up, the link is also emailed to them (queued with it).
pub async fn create(
    db: &Db,
    mail: &crate::mail::Mail,
    org: &Org,
    target: &Person,
    by: &Person,
) -> Result<String, AppError> {
    let outside = "SELECT COUNT(*) FROM memberships m WHERE m.person_id = $1 AND NOT EXISTS \
                   (SELECT 1 FROM memberships o WHERE o.org_id = m.org_id AND o.person_id = $2 AND o.role = 'owner')";
    let count: i64 = on_db!(db, pool => sqlx::query_scalar(outside).bind(target.id).bind(by.id).fetch_one(pool).await)?;
    if count > 0 {
        return Err(AppError::Conflict(format!(
            "{} also belongs to an organisation you do not own, so only they (or an owner there) can reset their password.",
            target.name
        )));
    }
    let tongue = crate::mail::prefs::tongue_of(db, target.id).await?;
    let token = new_token();
    let created = now();
    let sql = "INSERT INTO password_resets (person_id, token_hash, requested_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(target.id).bind(token_hash(&token)).bind(by.id).bind(created)
            .bind(created + VALID_HOURS * 3600).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: Some(org.id), person_id: Some(by.id), action: "person.reset_link",
            summary: format!("Made a password reset link for {}", target.email), before: None, after: None,
        })?;
        if mail.is_on() {
            let link = format!("{}/reset/{token}", mail.public_url());
            let to = crate::mail::letters::To {
                person_id: target.id, name: &target.name, email: &target.email, tongue,
            };
            let letter = crate::mail::letters::reset(org.id, &org.name, to, &link, VALID_HOURS);
            mail.queue(&mut *tx, &letter).await?;
        }
        tx.commit().await?;
    });
    mail.wake();
    Ok(token)
}

#[derive(sqlx::FromRow)]
struct Found {
    id: i64,
    person_id: i64,
    expires_at: i64,
    used_at: Option<i64>,
}

async fn find(db: &Db, token: &str) -> Result<(Found, Person), AppError> {
    let sql = "SELECT id, person_id, expires_at, used_at FROM password_resets WHERE token_hash = $1";
    let found = on_db!(db, pool => sqlx::query_as::<_, Found>(sql).bind(token_hash(token)).fetch_optional(pool).await)?;
    let found = found.ok_or(AppError::NotFound)?;
    if found.used_at.is_some() || found.expires_at <= now() {
        return Err(AppError::Gone(
            "This reset link has expired or has been used. Ask an owner of your organisation for a new one.".to_owned(),
        ));
    }
    let person = people::by_id(db, found.person_id).await?.ok_or(AppError::NotFound)?;
    Ok((found, person))
}

#[derive(Template)]
#[template(path = "auth/reset.html")]
struct ResetPage {
    layout: Layout,
    errors: FormErrors,
    email: String,
    token: String,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (_, person) = find(&state.db, &token).await?;
    let page = ResetPage {
        layout: ctx.layout("Choose a new password"),
        errors: FormErrors::new(),
        email: person.email,
        token,
    };
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, AppError> {
    let (found, person) = find(&state.db, &token).await?;
    if let Some((field, message)) = password::check_new(&form.password, &form.confirm, &person.email) {
        let mut errors = FormErrors::new();
        errors.add(field, message);
        let mut layout = ctx.layout("Choose a new password");
        layout.has_errors = true;
        let page = ResetPage { layout, errors, email: person.email, token };
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    let hash = password::hash(form.password).await?;
    on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        let claimed = sqlx::query("UPDATE password_resets SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(now()).bind(found.id).execute(&mut *tx).await?.rows_affected() == 1;
        if !claimed {
            return Err(AppError::Gone("This reset link has just been used.".to_owned()));
        }
        sqlx::query("UPDATE people SET password_hash = $1, auth_epoch = auth_epoch + 1 WHERE id = $2")
            .bind(&hash).bind(person.id).execute(&mut *tx).await?;
        audit!(&mut *tx, Event {
            org_id: None, person_id: Some(person.id), action: "person.password_reset",
            summary: "Set a new password with a reset link".to_owned(), before: None, after: None,
        })?;
        tx.commit().await?;
    });
    Flash::set(&session, "Your password has been changed. Sign in with your new password.").await?;
    Ok(Redirect::to("/sign-in").into_response())
}
