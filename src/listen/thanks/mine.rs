//! A recipient's own page, `/o/{slug}/thanks/mine`: every note to them that
//! no editor has removed, newest first, with how many — the one place a
//! person's count is shown, and only to that person. From here they take a
//! note off the wall, or put it back: their choice, and reversible.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::store::{self, Note};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgMember;
use crate::orgs::model::Org;
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "listen/thanks/mine.html")]
struct Page {
    layout: Layout,
    org: Org,
    notes: Vec<Note>,
    /// The note partial's editor actions: never here.
    is_editor: bool,
    is_mine: bool,
}

pub async fn page(State(state): State<AppState>, ctx: PageContext, member: OrgMember) -> Result<Response, AppError> {
    let notes = store::mine(&state.db, member.org.id, member.person.id).await?;
    let page = Page {
        layout: ctx.org_layout(&member.org, format!("Notes to you – {}", member.org.name)),
        org: member.org,
        notes,
        is_editor: false,
        is_mine: true,
    };
    Ok(no_store(render(&page)?))
}

async fn set_hidden(
    state: &AppState,
    member: &OrgMember,
    session: &Session,
    id: i64,
    hidden: bool,
) -> Result<Response, AppError> {
    // Someone else's note, or one removed, is not found: it is not theirs to change.
    if !store::set_hidden(&state.db, member.org.id, id, member.person.id, hidden).await? {
        return Err(AppError::NotFound);
    }
    let message =
        if hidden { "The note is off the wall. Only you can see it now." } else { "The note is back on the wall." };
    Flash::set(session, message).await?;
    Ok(Redirect::to(&format!("/o/{}/thanks/mine#note-{id}", member.org.slug)).into_response())
}

pub async fn hide(
    State(state): State<AppState>,
    member: OrgMember,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    set_hidden(&state, &member, &session, id, true).await
}

pub async fn show(
    State(state): State<AppState>,
    member: OrgMember,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    set_hidden(&state, &member, &session, id, false).await
}
