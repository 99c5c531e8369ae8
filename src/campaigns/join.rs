//! An organisation's campaigns at `/o/{slug}/campaigns` (its editors and
//! owners): those it runs, those it takes part in, and those it can join —
//! joining gives it a local campaign page.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::access::Joiner;
use super::model::{Campaign, Status};
use super::store;
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::{Org, OrgKind};
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "campaigns/index.html")]
struct Page {
    layout: Layout,
    org: Org,
    is_national: bool,
    running: Vec<Campaign>,
    /// Each with when its return is due, until sent.
    joined: Vec<(Campaign, Option<super::returns::remind::Due>)>,
    /// Campaigns open to join, each with its national body's name.
    joinable: Vec<(Campaign, String)>,
}

pub async fn index(State(state): State<AppState>, ctx: PageContext, editor: OrgEditor) -> Result<Response, AppError> {
    let org = editor.org;
    let running = store::run_by(&state.db, org.id).await?;
    let mut joined = Vec::new();
    for c in store::joined_by(&state.db, org.id).await? {
        let due = super::returns::remind::notice(&state, &c, &org).await?;
        joined.push((c, due));
    }
    let mut joinable = Vec::new();
    for c in store::joinable(&state.db, org.id).await? {
        let by = crate::orgs::model::by_id(&state.db, c.org_id).await?.map(|o| o.name).unwrap_or_default();
        joinable.push((c, by));
    }
    let page = Page {
        layout: ctx.org_layout(&org, format!("Campaigns – {}", org.name)),
        is_national: org.kind == OrgKind::National,
        running,
        joined,
        joinable,
        org,
    };
    Ok(no_store(render(&page)?))
}

/// Joins the campaign (an editor or owner of the joining organisation).
pub async fn join(State(state): State<AppState>, j: Joiner, session: Session) -> Result<Response, AppError> {
    if j.campaign.org_id == j.org.id {
        return Err(AppError::Conflict(format!("{} runs {}, so it takes part already.", j.org.name, j.campaign.name)));
    }
    if matches!(j.campaign.status, Status::Finished | Status::Cancelled) {
        return Err(AppError::Conflict(format!(
            "{} is {}, so it cannot be joined.",
            j.campaign.name,
            j.campaign.status.label().to_lowercase()
        )));
    }
    let added = store::join(&state.db, &j.campaign, &j.org, j.person.id).await?;
    state.pages.clear();
    let message = if added {
        format!("{} takes part in {}. This is your page for it.", j.org.name, j.campaign.name)
    } else {
        format!("{} already takes part in {}.", j.org.name, j.campaign.name)
    };
    Flash::set(&session, message).await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}", j.org.slug, j.campaign.slug)).into_response())
}
