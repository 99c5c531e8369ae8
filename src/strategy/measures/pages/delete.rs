//! Deleting a measure, for editors: `/o/{slug}/measures/{key}/delete` says
//! what will go (the measure, its values and its links to aims and
//! objectives) and asks; the form on it deletes. It needs no JavaScript:
//! the page is the question. The deletion is audited with the number of
//! values removed.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::measure;
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::strategy::measures::store::{self, Measure};
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "strategy/measures/delete.html")]
struct DeletePage {
    layout: Layout,
    org: Org,
    measure: Measure,
    values: i64,
}

/// GET `/o/{slug}/measures/{key}/delete`: the question.
pub async fn ask(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    Path((_slug, key)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let measure = measure(&state, &editor.org, &key).await?;
    let values = store::value_count(&state.db, measure.id).await?;
    let layout = ctx.org_layout(&editor.org, format!("Delete “{}”? – {}", measure.definition.name, editor.org.name));
    Ok(no_store(render(&DeletePage { layout, org: editor.org, measure, values })?))
}

/// POST `/o/{slug}/measures/{key}/delete`: deletes the measure with its
/// values and links.
pub async fn delete(
    State(state): State<AppState>,
    editor: OrgEditor,
    session: Session,
    Path((_slug, key)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let measure = measure(&state, &editor.org, &key).await?;
    if !store::delete(&state.db, &editor.org, &measure, editor.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, format!("The measure “{}” and its values have been deleted.", measure.definition.name))
        .await?;
    Ok(Redirect::to(&format!("/o/{}/measures", editor.org.slug)).into_response())
}
