//! The editors' forms on an item's inbox page that show it in public: publish
//! an idea with a title and summary they write (or edit), take it off, write
//! or change the organisation's open answer, and choose whether and how it
//! shows on "You said, we did". Each change is audited.
//!
//! Nothing the sender wrote is published as it stands: only the words the
//! editor sends in these forms are, and those are refused while they still
//! hold an email address, a phone number or an NHS number.

use std::collections::HashMap;

use axum::extract::{Path, State as AppStateExtract};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::civil::Date;
use tower_sessions::Session;

use super::store::{self, Change};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::listen::feedback::personal_data;
use crate::listen::feedback::store::Kind;
use crate::listen::inbox::item::{back, current, show};
use crate::listen::inbox::states::State;
use crate::orgs::access::OrgEditor;
use crate::web::PageContext;
use crate::web::forms::{Form, FormErrors};

type Fields = HashMap<String, String>;

/// The longest public title, in characters.
pub const MAX_TITLE: usize = 120;
/// The longest public summary, answer, "you said" or "we did".
pub const MAX_PUBLIC: usize = 2_000;

/// Checks one public text: required or not, within `max`, and free of the
/// personal data the inbox looks for; adds what is wrong to `errors`.
fn check_text(errors: &mut FormErrors, field: &str, what: &str, text: &str, required: bool, max: usize) {
    let found = personal_data::find(text);
    if required && text.is_empty() {
        errors.add(field, format!("Write the {what}"));
    } else if text.chars().count() > max {
        errors.add(field, format!("Keep the {what} to {max} characters or fewer"));
    } else if !found.is_empty() {
        let kinds: Vec<&str> = found.iter().map(|f| f.label()).collect();
        errors.add(field, format!("The {what} holds {}: take it out before it is published", kinds.join(" and ")));
    }
}

fn trimmed<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", |v| v.trim())
}

/// Only ideas go on the ideas page.
fn only_ideas(kind: Kind, reference: &str) -> Result<(), AppError> {
    if kind == Kind::Idea {
        return Ok(());
    }
    Err(AppError::Conflict(format!(
        "{reference} is {}, not an idea: only ideas are published for support.",
        kind.label().to_lowercase()
    )))
}

pub async fn publish(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let item = current(&state, &editor.org, id).await?;
    let reference = item.line.reference.clone();
    only_ideas(item.line.kind, &reference)?;
    let (title, summary) = (trimmed(&fields, "title"), trimmed(&fields, "summary"));
    let mut errors = FormErrors::new();
    check_text(&mut errors, "title", "title", title, true, MAX_TITLE);
    check_text(&mut errors, "summary", "summary", summary, true, MAX_PUBLIC);
    if !errors.is_empty() {
        return show(&state, &ctx, editor, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
    }
    let change = Change::Publish { title, summary };
    store::change(&state.db, editor.org.id, id, &reference, change, editor.person.id).await?;
    Flash::set(&session, format!("{reference} is on the ideas page as “{title}”.")).await?;
    Ok(back(&editor.org, id, "publish"))
}

pub async fn unpublish(
    AppStateExtract(state): AppStateExtract<AppState>,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let item = current(&state, &editor.org, id).await?;
    let reference = item.line.reference;
    only_ideas(item.line.kind, &reference)?;
    store::change(&state.db, editor.org.id, id, &reference, Change::Unpublish, editor.person.id).await?;
    Flash::set(&session, format!("{reference} is off the ideas page. Its support is kept should it come back."))
        .await?;
    Ok(back(&editor.org, id, "publish"))
}

pub async fn answer(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let item = current(&state, &editor.org, id).await?;
    let reference = item.line.reference.clone();
    only_ideas(item.line.kind, &reference)?;
    let answer = trimmed(&fields, "answer");
    let mut errors = FormErrors::new();
    check_text(&mut errors, "answer", "answer", answer, false, MAX_PUBLIC);
    if !errors.is_empty() {
        return show(&state, &ctx, editor, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
    }
    store::change(&state.db, editor.org.id, id, &reference, Change::Answer { answer }, editor.person.id).await?;
    let said = if answer.is_empty() { "The answer is taken away." } else { "The answer is saved." };
    Flash::set(&session, format!("{reference}: {said}")).await?;
    Ok(back(&editor.org, id, "answer"))
}

pub async fn you_said(
    AppStateExtract(state): AppStateExtract<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_, id)): Path<(String, i64)>,
    Form(fields): Form<Fields>,
) -> Result<Response, AppError> {
    let item = current(&state, &editor.org, id).await?;
    let reference = item.line.reference.clone();
    if !matches!(item.line.state, State::Responded | State::Closed) {
        return Err(AppError::Conflict(format!(
            "{reference} is {}: only an item that has been answered can show on You said, we did.",
            item.line.state.label().to_lowercase()
        )));
    }
    let shown = fields.contains_key("shown");
    let (you_said, we_did) = (trimmed(&fields, "you_said"), trimmed(&fields, "we_did"));
    let mut errors = FormErrors::new();
    check_text(&mut errors, "you_said", "“you said”", you_said, shown, MAX_PUBLIC);
    check_text(&mut errors, "we_did", "“we did”", we_did, shown, MAX_PUBLIC);
    let changed_on = trimmed(&fields, "changed_on");
    let day = if changed_on.is_empty() { Some(editor.org.today()) } else { changed_on.parse::<Date>().ok() };
    match day {
        None => errors.add("changed_on", "Give the day it changed as year-month-day, for example 2026-03-31"),
        Some(d) if d > editor.org.today() => errors.add("changed_on", "Give a day that has come: today or before"),
        Some(_) => {}
    }
    let published = crate::values::store::current(&state.db, editor.org.id).await?;
    let values: Vec<String> = published
        .map(|v| v.content.values)
        .unwrap_or_default()
        .into_iter()
        .filter(|v| fields.contains_key(&format!("value-{}", v.key)))
        .map(|v| v.key)
        .collect();
    if !errors.is_empty() {
        return show(&state, &ctx, editor, id, StatusCode::UNPROCESSABLE_ENTITY, errors, fields).await;
    }
    let changed_on = day.map(|d| d.to_string()).unwrap_or_default();
    let change = Change::YouSaid { shown, you_said, we_did, changed_on: &changed_on, values: &values };
    store::change(&state.db, editor.org.id, id, &reference, change, editor.person.id).await?;
    let said = if shown { "shows on You said, we did" } else { "does not show on You said, we did" };
    Flash::set(&session, format!("{reference} {said}.")).await?;
    Ok(back(&editor.org, id, "you-said"))
}
