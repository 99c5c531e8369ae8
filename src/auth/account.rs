//! The signed-in person's own page: memberships, password, API tokens.

use crate::storage::BeginWrite;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::audit::Event;
use crate::auth::people::{self, Membership};
use crate::auth::session::{Flash, SignedIn};
use crate::auth::tokens::{self, TokenInfo};
use crate::auth::{password, session};
use crate::error::AppError;
use crate::on_db;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

#[derive(Template)]
#[template(path = "auth/account.html")]
struct AccountPage {
    layout: Layout,
    email: String,
    memberships: Vec<Membership>,
    tokens: Vec<TokenInfo>,
    /// A token just made, shown this once.
    new_token: Option<String>,
    errors: FormErrors,
    token_name: String,
    /// What the person gets by email.
    mail: crate::mail::prefs::Prefs,
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    person: &people::Person,
    status: StatusCode,
    errors: FormErrors,
    new_token: Option<String>,
    token_name: String,
) -> Result<Response, AppError> {
    let mut layout = ctx.layout("Your account");
    layout.has_errors = !errors.is_empty();
    let page = AccountPage {
        layout,
        email: person.email.clone(),
        memberships: people::memberships(&state.db, person.id).await?,
        tokens: tokens::list(&state.db, person.id).await?,
        new_token,
        errors,
        token_name,
        mail: crate::mail::prefs::of(&state.db, state.mail.is_on(), person.id).await?,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(person): SignedIn,
) -> Result<Response, AppError> {
    show(&state, &ctx, &person, StatusCode::OK, FormErrors::new(), None, String::new()).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(person): SignedIn,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    if form.current.is_empty() {
        errors.add("current", "Enter your current password");
    } else if !password::verify(form.current.clone(), people::password_hash(&state.db, person.id).await?).await? {
        errors.add("current", "Your current password is not right");
    }
    if let Some((field, message)) = password::check_new(&form.password, &form.confirm, &person.email) {
        errors.add(field, message);
    }
    if !errors.is_empty() {
        return show(&state, &ctx, &person, StatusCode::UNPROCESSABLE_ENTITY, errors, None, String::new()).await;
    }
    let hash = password::hash(form.password).await?;
    let sql = "UPDATE people SET password_hash = $1, auth_epoch = auth_epoch + 1 WHERE id = $2";
    on_db!(&state.db, pool => {
        let mut tx = pool.begin_write().await?;
        sqlx::query(sql).bind(&hash).bind(person.id).execute(&mut *tx).await?;
        crate::audit!(&mut *tx, Event {
            org_id: None, person_id: Some(person.id), action: "person.password",
            summary: "Changed their password".to_owned(), before: None, after: None,
        })?;
        tx.commit().await?;
    });
    // Every other session of this person ends; this one carries on.
    if let Some(updated) = people::by_id(&state.db, person.id).await? {
        session::sign_in(&session, &updated).await?;
    }
    Flash::set(&session, "Your password has been changed. Other devices have been signed out; your API tokens still work until you revoke them.").await?;
    Ok(Redirect::to("/account").into_response())
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(person): SignedIn,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    let name = form.name.trim().to_owned();
    let mut errors = FormErrors::new();
    if name.is_empty() {
        errors.add("token-name", "Enter a name for the token, such as the script that will use it");
    } else if name.chars().count() > 100 {
        errors.add("token-name", "The name must be 100 characters or fewer");
    }
    if !errors.is_empty() {
        return show(&state, &ctx, &person, StatusCode::UNPROCESSABLE_ENTITY, errors, None, name).await;
    }
    let secret = tokens::create(&state.db, &person, &name).await?;
    show(&state, &ctx, &person, StatusCode::CREATED, FormErrors::new(), Some(secret), String::new()).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    SignedIn(person): SignedIn,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    if !tokens::revoke(&state.db, &person, id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The token has been revoked; scripts using it will be refused.").await?;
    Ok(Redirect::to("/account").into_response())
}
