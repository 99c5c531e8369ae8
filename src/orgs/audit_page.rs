//! The audit log page, for an organisation's owners.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::app::AppState;
use crate::audit::{self, Entry};
use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::orgs::people::owned_org;
use crate::web::{Layout, PageContext, no_store, render};

const PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "orgs/audit.html")]
struct AuditPage {
    layout: Layout,
    org: Org,
    entries: Vec<Entry>,
    older: Option<i64>,
}

#[derive(Deserialize)]
pub struct Paging {
    before: Option<i64>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
    Query(paging): Query<Paging>,
) -> Result<Response, AppError> {
    let org = owned_org(&state, &slug, &me).await?;
    let entries = audit::list(&state.db, org.id, paging.before, PAGE).await?;
    let older = (entries.len() as i64 == PAGE).then(|| entries.last().map(|e| e.id)).flatten();
    let layout = ctx.org_layout(&org, format!("Audit log – {}", org.name));
    Ok(no_store(render(&AuditPage { layout, org, entries, older })?))
}
