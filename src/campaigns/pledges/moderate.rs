//! Moderation at `…/pledges/moderate`: the organisation's editors see the
//! pledges waiting and approve or reject each; nothing shows publicly
//! before it is approved. [`LocalEditor`] refuses everyone else.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::{Pledge, PledgeStatus, store};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::LocalEditor;
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::forms::Form;
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "campaigns/pledges/moderate.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    pending: Vec<Pledge>,
}

pub async fn show(State(state): State<AppState>, ctx: PageContext, e: LocalEditor) -> Result<Response, AppError> {
    let pending = store::pending(&state.db, e.campaign.id, e.org.id).await?;
    let page = Page {
        layout: ctx.org_layout(&e.org, format!("Pledges to check – {}", e.campaign.name)),
        org: e.org,
        campaign: e.campaign,
        pending,
    };
    Ok(no_store(render(&page)?))
}

async fn decide(
    state: &AppState,
    session: &Session,
    e: LocalEditor,
    id: i64,
    to: PledgeStatus,
) -> Result<Response, AppError> {
    if !store::decide(&state.db, e.campaign.id, e.org.id, id, to, e.person.id).await? {
        return Err(AppError::NotFound);
    }
    let said = if to == PledgeStatus::Approved { "Pledge published" } else { "Pledge turned down: it will not show" };
    Flash::set(session, said).await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/pledges/moderate", e.org.slug, e.campaign.slug)).into_response())
}

pub async fn approve(
    State(state): State<AppState>,
    session: Session,
    e: LocalEditor,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(_): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    decide(&state, &session, e, id, PledgeStatus::Approved).await
}

pub async fn reject(
    State(state): State<AppState>,
    session: Session,
    e: LocalEditor,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(_): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    decide(&state, &session, e, id, PledgeStatus::Rejected).await
}
