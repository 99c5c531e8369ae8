//! Editing the draft: statements, values (add, edit, reorder, remove),
//! principles, publishing and discarding. Every form carries the draft's
//! revision; a save against an older revision shows both texts and loses
//! neither (optimistic concurrency). Works without JavaScript.

mod principles;
mod value;

pub use principles::save as save_principles;

pub use value::{MoveForm, NewValueForm, ValueForm, add_value, arrange_value, save_value, value_page};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::people::Person;
use crate::auth::session::{Flash, SignedIn};
use crate::consultations::draft::{Findings, MarkedText};
use crate::error::AppError;
use crate::orgs::access::{self, Need};
use crate::orgs::model::{self, Org};
use crate::values::model::{Value, lines};
use crate::values::store::{self, SaveError, Version};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// Loads the organisation and checks the person may edit its content.
pub(crate) async fn editable(state: &AppState, slug: &str, me: &Person) -> Result<Org, AppError> {
    let org = model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    access::require(&state.db, &org, me, Need::Editor).await?;
    Ok(org)
}

async fn the_draft(state: &AppState, org: &Org) -> Result<Version, AppError> {
    store::draft(&state.db, org.id).await?.ok_or_else(|| {
        AppError::Conflict(
            "There is no draft to change: it was published or discarded. Start a refresh to edit again.".to_owned(),
        )
    })
}

fn edit_url(org: &Org) -> String {
    format!("/o/{}/values/edit", org.slug)
}

#[derive(Template)]
#[template(path = "values/edit.html")]
struct EditPage {
    layout: Layout,
    org: Org,
    draft: Option<Version>,
    current: Option<i64>,
    errors: FormErrors,
    /// The statements form as submitted (after a failed save).
    vision: String,
    supporting: String,
    mission: String,
    motto: String,
    /// The principles' groups as fields, one empty to add.
    groups: Vec<principles::GroupFields>,
    new_name: String,
    new_promise: String,
    /// When the draft was opened from a consultation's findings: those
    /// findings, shown beside it.
    findings: Option<Findings>,
}

impl EditPage {
    fn new(layout: Layout, org: Org, draft: Option<Version>, current: Option<i64>) -> EditPage {
        let content = draft.as_ref().map(|d| d.content.clone()).unwrap_or_default();
        EditPage {
            layout,
            org,
            draft,
            current,
            errors: FormErrors::new(),
            vision: content.vision.statement.clone(),
            supporting: content.vision.supporting.join("\n"),
            mission: content.mission.clone(),
            motto: content.motto.clone(),
            groups: principles::fields(&content.principles),
            new_name: String::new(),
            new_promise: String::new(),
            findings: None,
        }
    }

    /// The draft's texts with the words people removed marked.
    fn marked(&self) -> Vec<MarkedText> {
        match (&self.findings, &self.draft) {
            (Some(f), Some(d)) => f.marked(&d.content),
            _ => Vec::new(),
        }
    }

    fn values(&self) -> &[Value] {
        self.draft.as_ref().map_or(&[], |d| &d.content.values)
    }

    fn revision(&self) -> i64 {
        self.draft.as_ref().map_or(0, |d| d.revision)
    }
}

async fn edit_page(state: &AppState, ctx: &PageContext, org: Org) -> Result<EditPage, AppError> {
    let draft = store::draft(&state.db, org.id).await?;
    let current = store::current(&state.db, org.id).await?.and_then(|v| v.number);
    let layout = ctx.org_layout(&org, format!("Edit values – {}", org.name));
    let findings = match &draft {
        Some(d) => crate::consultations::draft::for_version(&state.db, d.id).await?,
        None => None,
    };
    let mut page = EditPage::new(layout, org, draft, current);
    page.findings = findings;
    Ok(page)
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let page = edit_page(&state, &ctx, org).await?;
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

pub async fn start(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    store::start_draft(&state.db, &org, me.id).await?;
    Flash::set(&session, "A draft is open. Nothing changes on the public page until you publish it.").await?;
    Ok(Redirect::to(&edit_url(&org)).into_response())
}

#[derive(Template)]
#[template(path = "values/conflict.html")]
struct ConflictPage {
    layout: Layout,
    back: String,
    /// (what, saved by the other person, yours)
    rows: Vec<(String, String, String)>,
}

/// Someone else saved first: show their text and this person's side by side.
pub(crate) fn conflict(
    ctx: &PageContext,
    org: &Org,
    back: String,
    rows: Vec<(String, String, String)>,
) -> Result<Response, AppError> {
    let mut layout = ctx.org_layout(org, "Someone else changed this draft");
    layout.has_errors = true;
    let page = ConflictPage { layout, back, rows };
    Ok(no_store(render_with_status(StatusCode::CONFLICT, &page)?))
}

#[derive(Deserialize)]
pub struct StatementsForm {
    #[serde(default)]
    revision: i64,
    #[serde(default)]
    vision: String,
    #[serde(default)]
    supporting: String,
    #[serde(default)]
    mission: String,
    #[serde(default)]
    motto: String,
}

pub async fn statements(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<StatementsForm>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let draft = the_draft(&state, &org).await?;
    let mut content = draft.content.clone();
    content.vision.statement = form.vision.trim().to_owned();
    content.vision.supporting = lines(&form.supporting);
    content.mission = form.mission.trim().to_owned();
    content.motto = form.motto.trim().to_owned();
    let errors = local_errors(
        content.check(),
        &[("vision.supporting", "supporting"), ("vision", "vision"), ("mission", "mission"), ("motto", "motto")],
    );
    if !errors.is_empty() {
        let mut page = edit_page(&state, &ctx, org).await?;
        page.layout.has_errors = true;
        page.errors = errors;
        (page.vision, page.supporting, page.mission, page.motto) =
            (form.vision, form.supporting, form.mission, form.motto);
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    match store::save_draft(&state.db, &org, form.revision, &content, me.id, "Edited the vision, mission and motto")
        .await
    {
        Ok(_) => {
            Flash::set(&session, "Saved the vision, mission and motto.").await?;
            Ok(Redirect::to(&edit_url(&org)).into_response())
        }
        Err(SaveError::Conflict(theirs)) => {
            let t = &theirs.content;
            let rows = vec![
                ("Vision".to_owned(), t.vision.statement.clone(), form.vision),
                ("Supporting statements".to_owned(), t.vision.supporting.join("\n"), form.supporting),
                ("Mission".to_owned(), t.mission.clone(), form.mission),
                ("Motto".to_owned(), t.motto.clone(), form.motto),
            ];
            conflict(&ctx, &org, edit_url(&org), rows)
        }
        Err(SaveError::Other(e)) => Err(e),
    }
}

/// Keeps the errors whose path starts with one of `prefixes`, renamed to the
/// form's field ids (the first matching prefix wins).
fn local_errors(all: FormErrors, map: &[(&str, &str)]) -> FormErrors {
    let mut errors = FormErrors::new();
    for e in all.list {
        if let Some((_, id)) =
            map.iter().find(|(prefix, _)| e.field == *prefix || e.field.starts_with(&format!("{prefix}[")))
        {
            errors.add(id, e.message);
        } else if let Some((_, id)) = map.iter().find(|(prefix, _)| e.field.starts_with(&format!("{prefix}."))) {
            errors.add(id, e.message);
        }
    }
    errors
}

#[derive(Template)]
#[template(path = "values/publish.html")]
struct PublishPage {
    layout: Layout,
    org: Org,
    draft: Version,
    next: i64,
    errors: FormErrors,
    note: String,
}

async fn next_number(state: &AppState, org: &Org) -> Result<i64, AppError> {
    Ok(store::current(&state.db, org.id).await?.and_then(|v| v.number).unwrap_or(0) + 1)
}

pub async fn publish_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let draft = the_draft(&state, &org).await?;
    let next = next_number(&state, &org).await?;
    let layout = ctx.org_layout(&org, format!("Publish version {next} – {}", org.name));
    let page = PublishPage { layout, org, draft, next, errors: FormErrors::new(), note: String::new() };
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    revision: i64,
    #[serde(default)]
    note: String,
}

pub async fn publish(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<PublishForm>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let draft = the_draft(&state, &org).await?;
    let note = form.note.trim().to_owned();
    let mut errors = FormErrors::new();
    if note.is_empty() {
        errors.add("note", "Say in a line what changed, for the list of versions");
    } else if note.chars().count() > 500 {
        errors.add("note", "The note must be 500 characters or fewer");
    }
    for e in draft.content.check().list {
        errors.add("note", format!("The draft cannot be published yet: {}", e.message));
    }
    if !errors.is_empty() {
        let next = next_number(&state, &org).await?;
        let mut layout = ctx.org_layout(&org, format!("Publish version {next} – {}", org.name));
        layout.has_errors = true;
        let page = PublishPage { layout, org, draft, next, errors, note: form.note };
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    match store::publish(&state.db, &org, form.revision, &note, me.id).await {
        Ok(number) => {
            state.pages.clear();
            Flash::set(&session, format!("Version {number} is published: everyone now sees it.")).await?;
            Ok(Redirect::to(&format!("/o/{}/values", org.slug)).into_response())
        }
        Err(SaveError::Conflict(_)) => Err(AppError::Conflict(
            "The draft changed after you opened this page. Look at it again before publishing; nothing was published."
                .to_owned(),
        )),
        Err(SaveError::Other(e)) => Err(e),
    }
}

pub async fn discard(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    if store::discard(&state.db, &org, me.id).await? {
        Flash::set(&session, "The draft has been discarded. The published version is unchanged.").await?;
    }
    Ok(Redirect::to(&edit_url(&org)).into_response())
}
