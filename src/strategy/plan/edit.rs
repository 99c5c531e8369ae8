//! Writing a strategy (editors and owners): start one, change its details,
//! add aims, priorities and each year's objectives, set an objective's
//! status, publish. Every route takes an [`OrgEditor`], so another
//! organisation's people are refused before anything is read.
//!
//! The edit page holds several small forms; each field's name is its id on
//! the page (with the aim's id in it where one form appears per aim), so a
//! refused form comes back with its own words and errors in place.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::model::{ObjectiveStatus, Strategy};
use super::store::{self, Details, NewObjective};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::strategy::measures::financial_year::FinancialYear;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

pub(crate) type Fields = HashMap<String, String>;

/// Longest title, and longest description or summary.
pub(crate) const TITLE_MAX: usize = 200;
pub(crate) const TEXT_MAX: usize = 5_000;

#[derive(Template)]
#[template(path = "strategy/list.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    strategies: Vec<Strategy>,
    errors: FormErrors,
    typed: Fields,
}

#[derive(Template)]
#[template(path = "strategy/edit.html")]
struct EditPage {
    layout: Layout,
    org: Org,
    strategy: Strategy,
    errors: FormErrors,
    typed: Fields,
    statuses: [ObjectiveStatus; 7],
}

impl ListPage {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }
}

impl EditPage {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }

    /// What a details field shows: what was typed, else what is saved.
    fn detail(&self, field: &str) -> String {
        if let Some(v) = self.typed.get(field) {
            return v.clone();
        }
        let s = &self.strategy;
        match field {
            "title" => s.title.clone(),
            "first-year" => s.first_year.to_string(),
            "last-year" => s.last_year.to_string(),
            "summary" => s.summary.clone(),
            "document-url" => s.document_url.clone(),
            _ => String::new(),
        }
    }

    fn year_hint(&self) -> String {
        format!("Like {}, within {}", self.strategy.first_year, self.strategy.period())
    }

    /// The year a new objective is for unless another was chosen.
    fn objective_year(&self, aim: &i64) -> String {
        self.typed
            .get(&format!("objective-year-{aim}"))
            .cloned()
            .unwrap_or_else(|| self.strategy.first_year.to_string())
    }
}

fn text(fields: &Fields, name: &str) -> String {
    fields.get(name).map(|v| v.trim().to_owned()).unwrap_or_default()
}

/// A required title of at most [`TITLE_MAX`] characters.
fn title(errors: &mut FormErrors, fields: &Fields, name: &str, what: &str) -> String {
    let value = text(fields, name);
    if value.is_empty() {
        errors.add(name, format!("Enter the {what}"));
    } else if value.chars().count() > TITLE_MAX {
        errors.add(name, format!("The {what} must be {TITLE_MAX} characters or fewer"));
    }
    value
}

fn long_text(errors: &mut FormErrors, fields: &Fields, name: &str, what: &str) -> String {
    let value = text(fields, name);
    if value.chars().count() > TEXT_MAX {
        errors.add(name, format!("The {what} must be {TEXT_MAX} characters or fewer"));
    }
    value
}

fn year(errors: &mut FormErrors, fields: &Fields, name: &str, what: &str) -> Option<FinancialYear> {
    let value = text(fields, name);
    if value.is_empty() {
        errors.add(name, format!("Enter the {what}, like 2025-26"));
        return None;
    }
    match value.parse::<FinancialYear>() {
        Ok(y) if (1990..=2100).contains(&y.start_year()) => Some(y),
        Ok(_) => {
            errors.add(name, format!("Enter a {what} between 1990-91 and 2100-01"));
            None
        }
        Err(e) => {
            errors.add(name, e.to_string());
            None
        }
    }
}

/// The details form, checked.
pub(crate) fn details(fields: &Fields) -> (Details, FormErrors) {
    let mut errors = FormErrors::new();
    let title = title(&mut errors, fields, "title", "strategy's title");
    let first_year = year(&mut errors, fields, "first-year", "first financial year");
    let last_year = year(&mut errors, fields, "last-year", "last financial year");
    if let (Some(first), Some(last)) = (first_year, last_year) {
        if last < first {
            errors.add("last-year", format!("The last financial year must be {first} or later"));
        } else if last.start_year() - first.start_year() > 20 {
            errors.add("last-year", "A strategy can cover at most 21 financial years");
        }
    }
    let summary = long_text(&mut errors, fields, "summary", "summary");
    let document_url = text(fields, "document-url");
    if !document_url.is_empty()
        && (url::Url::parse(&document_url).map_or(true, |u| !matches!(u.scheme(), "https" | "http"))
            || document_url.len() > 2_000)
    {
        errors.add("document-url", "Enter the document's web address, starting https://");
    }
    (Details { title, first_year, last_year, summary, document_url }, errors)
}

fn edit_url(org: &Org, id: i64) -> String {
    format!("/o/{}/strategy/edit/{id}", org.slug)
}

/// The organisation's strategies and a form to start one.
pub async fn list(State(state): State<AppState>, ctx: PageContext, editor: OrgEditor) -> Result<Response, AppError> {
    show_list(&state, &ctx, editor.org, StatusCode::OK, FormErrors::new(), Fields::new()).await
}

async fn show_list(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    status: StatusCode,
    errors: FormErrors,
    typed: Fields,
) -> Result<Response, AppError> {
    let strategies = store::list(&state.db, org.id).await?;
    let mut layout = ctx.org_layout(&org, format!("Strategies – {}", org.name));
    layout.has_errors = !errors.is_empty();
    Ok(no_store(render_with_status(status, &ListPage { layout, org, strategies, errors, typed })?))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (details, errors) = details(&fields);
    if !errors.is_empty() {
        return show_list(&state, &ctx, editor.org, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
    }
    let id = store::create(&state.db, editor.org.id, &details, editor.person.id).await?;
    Flash::set(&session, "Draft strategy started. Add its aims, priorities and objectives, then publish it.").await?;
    Ok(Redirect::to(&edit_url(&editor.org, id)).into_response())
}

async fn show_edit(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    id: i64,
    status: StatusCode,
    errors: FormErrors,
    typed: Fields,
) -> Result<Response, AppError> {
    let strategy = store::by_id(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    let mut layout = ctx.org_layout(&org, format!("Edit {} – {}", strategy.title, org.name));
    layout.has_errors = !errors.is_empty();
    let page = EditPage { layout, org, strategy, errors, typed, statuses: ObjectiveStatus::ALL };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    show_edit(&state, &ctx, editor.org, id, StatusCode::OK, FormErrors::new(), Fields::new()).await
}

/// What a form came to: its errors and fields (to show again), or what
/// was done (the flash message) and where on the page it shows.
struct Outcome {
    errors: FormErrors,
    fields: Fields,
    done: Option<(&'static str, String)>,
}

/// What every write handler ends with: the edit page again with the errors
/// (422), or a flash and a redirect to the part of the page just changed.
async fn finish(
    state: &AppState,
    ctx: &PageContext,
    session: &Session,
    org: Org,
    id: i64,
    outcome: Outcome,
) -> Result<Response, AppError> {
    let Outcome { errors, fields, done } = outcome;
    if !errors.is_empty() {
        return show_edit(state, ctx, org, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
    }
    let Some((message, anchor)) = done else { return Err(AppError::NotFound) };
    Flash::set(session, message).await?;
    Ok(Redirect::to(&format!("{}#{anchor}", edit_url(&org, id))).into_response())
}

pub async fn save_details(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let (details, errors) = details(&fields);
    let mut done = None;
    if errors.is_empty() && store::update(&state.db, editor.org.id, id, &details, editor.person.id).await? {
        done = Some(("The strategy's details are saved.", "details".to_owned()));
    }
    finish(&state, &ctx, &session, editor.org, id, Outcome { errors, fields, done }).await
}

pub async fn add_aim(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    let title = title(&mut errors, &fields, "aim-title", "aim");
    let description = long_text(&mut errors, &fields, "aim-description", "description");
    let mut done = None;
    if errors.is_empty() && store::add_aim(&state.db, editor.org.id, id, &title, &description, editor.person.id).await?
    {
        done = Some(("Aim added.", "aims".to_owned()));
    }
    finish(&state, &ctx, &session, editor.org, id, Outcome { errors, fields, done }).await
}

pub async fn add_priority(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id, aim)): Path<(String, i64, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    let title = title(&mut errors, &fields, &format!("priority-title-{aim}"), "priority");
    let description = long_text(&mut errors, &fields, &format!("priority-description-{aim}"), "description");
    let mut done = None;
    if errors.is_empty()
        && aim_of(&state, &editor.org, id, aim).await?
        && store::add_priority(&state.db, editor.org.id, aim, &title, &description, editor.person.id).await?
    {
        done = Some(("Priority added.", format!("aim-{aim}")));
    }
    finish(&state, &ctx, &session, editor.org, id, Outcome { errors, fields, done }).await
}

/// True when `aim` is an aim of strategy `id` of the organisation.
async fn aim_of(state: &AppState, org: &Org, id: i64, aim: i64) -> Result<bool, AppError> {
    Ok(store::by_id(&state.db, org.id, id).await?.is_some_and(|s| s.aims.iter().any(|a| a.id == aim)))
}

pub async fn add_objective(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id, aim)): Path<(String, i64, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let strategy = store::by_id(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    let Some(the_aim) = strategy.aims.iter().find(|a| a.id == aim) else { return Err(AppError::NotFound) };
    let field = |name: &str| format!("objective-{name}-{aim}");
    let mut errors = FormErrors::new();
    let title = title(&mut errors, &fields, &field("title"), "objective");
    let description = long_text(&mut errors, &fields, &field("description"), "description");
    let year = year(&mut errors, &fields, &field("year"), "financial year");
    if let Some(y) = year
        && (y < strategy.first_year || y > strategy.last_year)
    {
        errors.add(&field("year"), format!("Choose a financial year of this strategy: {}", strategy.period()));
    }
    let priority_id = match text(&fields, &field("priority")).as_str() {
        "" => None,
        p => match p.parse::<i64>().ok().filter(|p| the_aim.priorities.iter().any(|x| x.id == *p)) {
            Some(p) => Some(p),
            None => {
                errors.add(&field("priority"), "Choose one of this aim's priorities, or none");
                None
            }
        },
    };
    let lead = text(&fields, &field("lead"));
    let committee = text(&fields, &field("committee"));
    for (name, value) in [("lead", &lead), ("committee", &committee)] {
        if value.chars().count() > TITLE_MAX {
            errors.add(&field(name), format!("The {name} must be {TITLE_MAX} characters or fewer"));
        }
    }
    let due_on = text(&fields, &field("due"));
    if !due_on.is_empty() && due_on.parse::<jiff::civil::Date>().is_err() {
        errors.add(&field("due"), "Enter the due date as a date, like 2026-03-31");
    }
    let weight = match text(&fields, &field("weight")).as_str() {
        "" => 1.0,
        w => match w.parse::<f64>() {
            Ok(w) if w.is_finite() && (0.0..=100.0).contains(&w) => w,
            _ => {
                errors.add(&field("weight"), "Enter the weight as a number from 0 to 100, like 1 or 2.5");
                1.0
            }
        },
    };
    let status = ObjectiveStatus::parse(&text(&fields, &field("status"))).unwrap_or(ObjectiveStatus::NotStarted);
    let cadence = if text(&fields, &field("cadence")) == "monthly" { "monthly" } else { "quarterly" };
    let mut done = None;
    if let (true, Some(year)) = (errors.is_empty(), year) {
        let new = NewObjective {
            priority_id,
            year,
            title,
            description,
            lead,
            committee,
            due_on,
            weight,
            status,
            carried_from: None,
            cadence,
        };
        if store::add_objective(&state.db, editor.org.id, aim, &new, editor.person.id).await?.is_some() {
            done = Some(("Objective added.", format!("aim-{aim}")));
        }
    }
    finish(&state, &ctx, &session, editor.org, id, Outcome { errors, fields, done }).await
}

pub async fn set_status(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id, objective)): Path<(String, i64, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let strategy = store::by_id(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    if !strategy.objectives().any(|o| o.id == objective) {
        return Err(AppError::NotFound);
    }
    let Some(status) = ObjectiveStatus::parse(&text(&fields, "status")) else {
        return Err(AppError::BadRequest(
            "Choose a status: not started, on track, at risk, off track, done, carried forward or withdrawn."
                .to_owned(),
        ));
    };
    store::set_status(&state.db, editor.org.id, objective, status, editor.person.id).await?;
    state.pages.clear();
    let done = Some(("Status saved.", format!("objective-{objective}")));
    finish(&state, &ctx, &session, editor.org, id, Outcome { errors: FormErrors::new(), fields, done }).await
}

pub async fn publish(
    State(state): State<AppState>,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let strategy = store::by_id(&state.db, editor.org.id, id).await?.ok_or(AppError::NotFound)?;
    if !strategy.is_draft() {
        return Err(AppError::Conflict(format!(
            "“{}” is already {}.",
            strategy.title,
            strategy.status.label().to_lowercase()
        )));
    }
    if strategy.aims.is_empty() {
        return Err(AppError::Conflict(
            "A strategy needs at least one aim before it is published. Add its aims first.".to_owned(),
        ));
    }
    if !store::publish(&state.db, editor.org.id, id, editor.person.id).await? {
        return Err(AppError::Conflict("The strategy was published or changed meanwhile. Reload the page.".to_owned()));
    }
    state.pages.clear();
    Flash::set(
        &session,
        format!("“{}” is published; any strategy published before it is now marked superseded.", strategy.title),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/strategy", editor.org.slug)).into_response())
}
