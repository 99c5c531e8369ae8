//! A consultation's life: milestones on its public timeline, publishing
//! it and closing it. Editors only; every change is audited.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::builder::{consultation, manage_url, org_for};
use super::model::Status;
use super::store;
use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::access::Need;
use crate::web::forms::Form;

#[derive(Deserialize)]
pub struct MilestoneForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    due_at: String,
}

pub async fn add_milestone(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    let label = form.label.trim();
    let Some(due) = org.zone.parse_input(&form.due_at) else {
        return Err(AppError::BadRequest("Enter the milestone's date and time. Go back and try again.".to_owned()));
    };
    if label.is_empty() || label.chars().count() > 200 {
        return Err(AppError::BadRequest("Enter what the milestone is, in up to 200 characters.".to_owned()));
    }
    store::add_milestone(&state.db, &c, label, due, Some(me.id)).await?;
    Flash::set(&session, format!("Added the milestone “{label}”.")).await?;
    Ok(Redirect::to(&format!("{}#milestones", manage_url(&org, c.id))).into_response())
}

pub async fn remove_milestone(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id, mid)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    if !store::remove_milestone(&state.db, &c, mid, me.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "Removed the milestone.").await?;
    Ok(Redirect::to(&format!("{}#milestones", manage_url(&org, c.id))).into_response())
}

pub async fn publish(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    if c.questions.is_empty() {
        return Err(AppError::Conflict("Add at least one question before publishing.".to_owned()));
    }
    if c.status() != Status::Draft {
        return Err(AppError::Conflict("The consultation is already published.".to_owned()));
    }
    store::set_open(&state.db, &c, true, Some(me.id)).await?;
    Flash::set(&session, "Published. Share the link or the QR code; the survey takes responses from its opening time.")
        .await?;
    Ok(Redirect::to(&manage_url(&org, c.id)).into_response())
}

pub async fn close(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    if !matches!(c.status(), Status::Open | Status::Scheduled) {
        return Err(AppError::Conflict("Only an open consultation can be closed.".to_owned()));
    }
    store::set_open(&state.db, &c, false, Some(me.id)).await?;
    Flash::set(&session, "Closed. The survey takes no more responses.").await?;
    Ok(Redirect::to(&manage_url(&org, c.id)).into_response())
}
