//! The catalogue's pages at `/o/{slug}/campaigns/{campaign}/ideas`, for the
//! editors of the national body (who keep the national ideas and see every
//! organisation's own) and of each taking-part organisation (who keep their
//! own). An idea is changed at `…/ideas/{id}` and removed at
//! `…/ideas/{id}/delete`, by its owner's editors only: anyone else's idea
//! is not found (404).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::{Idea, IdeaInput, MAX_DESCRIPTION, MAX_TITLE, store};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::{LocalEditor, runs};
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

#[derive(Template)]
#[template(path = "campaigns/ideas/list.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    is_national: bool,
    /// The national ideas (the viewer's own when it runs the campaign).
    national: Vec<Idea>,
    /// A taking-part organisation's own ideas.
    own: Vec<Idea>,
    /// Every taking-part organisation's own ideas (the national body only).
    others: Vec<Idea>,
    errors: FormErrors,
    title: String,
    description: String,
}

impl ListPage {
    fn title_hint(&self) -> String {
        format!("Up to {MAX_TITLE} characters. Event forms offer it as a type of event.")
    }

    fn description_hint(&self) -> String {
        format!("Optional, up to {MAX_DESCRIPTION} characters: what happens and how to go about it.")
    }
}

#[derive(Template)]
#[template(path = "campaigns/ideas/edit.html")]
struct EditPage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    idea_id: i64,
    errors: FormErrors,
    title: String,
    description: String,
}

fn base(e: &LocalEditor) -> String {
    format!("/o/{}/campaigns/{}/ideas", e.org.slug, e.campaign.slug)
}

async fn list_page(
    state: &AppState,
    ctx: &PageContext,
    e: LocalEditor,
    errors: FormErrors,
    typed: &HashMap<String, String>,
) -> Result<Response, AppError> {
    let is_national = runs(&e.org, &e.campaign);
    let (national, own, others) = if is_national {
        (
            store::seen_by(&state.db, &e.campaign, None).await?,
            Vec::new(),
            store::of_organisations(&state.db, &e.campaign).await?,
        )
    } else {
        let (national, own): (Vec<Idea>, Vec<Idea>) = store::seen_by(&state.db, &e.campaign, Some(e.org.id))
            .await?
            .into_iter()
            .partition(|i| i.org_id == e.campaign.org_id);
        (national, own, Vec::new())
    };
    let mut layout = ctx.org_layout(&e.org, format!("Ideas for events – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let get = |k: &str| typed.get(k).cloned().unwrap_or_default();
    let page = ListPage {
        layout,
        is_national,
        national,
        own,
        others,
        errors,
        title: get("title"),
        description: get("description"),
        org: e.org,
        campaign: e.campaign,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

fn edit_page(
    ctx: &PageContext,
    e: LocalEditor,
    id: i64,
    errors: FormErrors,
    title: String,
    description: String,
) -> Result<Response, AppError> {
    let mut layout = ctx.org_layout(&e.org, format!("Change an idea – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = EditPage { layout, idea_id: id, errors, title, description, org: e.org, campaign: e.campaign };
    Ok(no_store(render_with_status(status, &page)?))
}

const TAKEN: &str = "You already have an idea with this title: give this one another, or change that one";

/// The catalogue and the form to add an idea.
pub async fn show(State(state): State<AppState>, ctx: PageContext, e: LocalEditor) -> Result<Response, AppError> {
    list_page(&state, &ctx, e, FormErrors::new(), &HashMap::new()).await
}

/// Adds an idea owned by the organisation in the path.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    e: LocalEditor,
    session: Session,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    if let Some(input) = IdeaInput::parse(&get("title"), &get("description"), &mut errors) {
        match store::add(&state.db, &e.campaign, &e.org, &input, e.person.id).await? {
            Ok(_) => {
                Flash::set(&session, format!("The idea “{}” is added.", input.title)).await?;
                return Ok(Redirect::to(&base(&e)).into_response());
            }
            Err(store::TitleTaken) => errors.add("title", TAKEN),
        }
    }
    list_page(&state, &ctx, e, errors, &form).await
}

/// The form to change one of the organisation's ideas.
pub async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    e: LocalEditor,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let idea = store::one(&state.db, &e.campaign, e.org.id, id).await?.ok_or(AppError::NotFound)?;
    edit_page(&ctx, e, id, FormErrors::new(), idea.title, idea.description)
}

/// Saves a changed idea; on a problem the form comes back as typed and
/// the idea stays as it was.
pub async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    e: LocalEditor,
    session: Session,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let before = store::one(&state.db, &e.campaign, e.org.id, id).await?.ok_or(AppError::NotFound)?;
    let mut errors = FormErrors::new();
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    if let Some(input) = IdeaInput::parse(&get("title"), &get("description"), &mut errors) {
        match store::update(&state.db, &e.campaign, &e.org, &before, &input, e.person.id).await? {
            Ok(()) => {
                Flash::set(&session, format!("The idea “{}” is saved.", input.title)).await?;
                return Ok(Redirect::to(&base(&e)).into_response());
            }
            Err(store::TitleTaken) => errors.add("title", TAKEN),
        }
    }
    edit_page(&ctx, e, id, errors, get("title"), get("description"))
}

/// Removes one of the organisation's ideas. Events logged with it as their
/// type keep it.
pub async fn delete(
    State(state): State<AppState>,
    e: LocalEditor,
    session: Session,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    if !store::delete(&state.db, &e.campaign, &e.org, id, e.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The idea is removed.").await?;
    Ok(Redirect::to(&base(&e)).into_response())
}
