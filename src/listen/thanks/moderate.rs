//! Editors remove a note that should not stand (`/o/{slug}/thanks/{id}/remove`):
//! they give a reason, the audit log keeps it as `thanks.removed`, and the
//! note leaves the wall, its recipient's page and the counts.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::store::{self, Note};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The longest reason, in characters.
const MAX_REASON: usize = 500;

#[derive(Template)]
#[template(path = "listen/thanks/remove.html")]
struct Page {
    layout: Layout,
    org: Org,
    n: Note,
    errors: FormErrors,
    reason: String,
    /// The note partial's actions: none on this page.
    is_editor: bool,
    is_mine: bool,
}

async fn show(
    ctx: &PageContext,
    org: Org,
    n: Note,
    status: StatusCode,
    errors: FormErrors,
    reason: String,
) -> Result<Response, AppError> {
    let mut layout = ctx.org_layout(&org, format!("Remove a thank-you note – {}", org.name));
    layout.has_errors = !errors.is_empty();
    let page = Page { layout, org, n, errors, reason, is_editor: false, is_mine: false };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let n = store::one(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    show(&ctx, editor.org, n, StatusCode::OK, FormErrors::new(), String::new()).await
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let n = store::one(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    let reason = fields.get("reason").map_or("", |r| r.trim()).to_owned();
    let mut errors = FormErrors::new();
    if reason.is_empty() {
        errors.add("reason", "Give the reason for removing this note");
    } else if reason.chars().count() > MAX_REASON {
        errors.add("reason", format!("Keep the reason to {MAX_REASON} characters or fewer"));
    }
    if !errors.is_empty() {
        return show(&ctx, editor.org, n, StatusCode::UNPROCESSABLE_ENTITY, errors, reason).await;
    }
    if !store::remove(&state.db, editor.org.id, id, editor.person.id, &reason).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The note is removed. The audit log keeps your reason.").await?;
    Ok(Redirect::to(&format!("/o/{}/thanks", editor.org.slug)).into_response())
}
