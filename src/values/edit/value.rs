//! Adding, changing and moving one value of the draft.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{conflict, edit_page, edit_url, editable, local_errors, the_draft};
use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::values::model::{Framework, Value, lines};
use crate::values::store::{self, SaveError};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

#[derive(Deserialize)]
pub struct NewValueForm {
    #[serde(default)]
    revision: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    promise: String,
}

pub async fn add_value(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<NewValueForm>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let draft = the_draft(&state, &org).await?;
    let mut content = draft.content.clone();
    let name = form.name.trim().to_owned();
    let key = content.new_key(&name);
    let index = content.values.len();
    content.values.push(Value {
        key: key.clone(),
        name: name.clone(),
        promise: form.promise.trim().to_owned(),
        ..Value::default()
    });
    let prefix = format!("values[{index}]");
    let mut errors = local_errors(
        content.check(),
        &[
            (&format!("{prefix}.name"), "new-name"),
            (&format!("{prefix}.promise"), "new-promise"),
            ("values", "new-name"),
        ],
    );
    if name.is_empty() {
        errors = FormErrors::new();
        errors.add("new-name", "Enter the name of the new value");
    }
    if !errors.is_empty() {
        let mut page = edit_page(&state, &ctx, org).await?;
        page.layout.has_errors = true;
        page.errors = errors;
        (page.new_name, page.new_promise) = (form.name, form.promise);
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    match store::save_draft(&state.db, &org, form.revision, &content, me.id, &format!("Added the value “{name}”")).await
    {
        Ok(_) => {
            Flash::set(&session, format!("Added “{name}”. Now add its commitments and behaviours.")).await?;
            Ok(Redirect::to(&format!("/o/{}/values/edit/value/{key}", org.slug)).into_response())
        }
        Err(SaveError::Conflict(_)) => {
            let rows = vec![("New value".to_owned(), String::new(), format!("{name}\n{}", form.promise))];
            conflict(&ctx, &org, edit_url(&org), rows)
        }
        Err(SaveError::Other(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "values/value_form.html")]
struct ValueFormPage {
    layout: Layout,
    org: Org,
    key: String,
    revision: i64,
    errors: FormErrors,
    name: String,
    promise: String,
    commitments: String,
    behaviours: String,
}

pub async fn value_page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let draft = the_draft(&state, &org).await?;
    let value = draft.content.value(&key).ok_or(AppError::NotFound)?.clone();
    let layout = ctx.org_layout(&org, format!("Edit “{}” – {}", value.name, org.name));
    let page = ValueFormPage {
        layout,
        org,
        key,
        revision: draft.revision,
        errors: FormErrors::new(),
        name: value.name,
        promise: value.promise,
        commitments: value.commitments.join("\n"),
        behaviours: value.behaviours.join("\n"),
    };
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

#[derive(Deserialize)]
pub struct ValueForm {
    #[serde(default)]
    revision: i64,
    #[serde(default)]
    name: String,
    #[serde(default)]
    promise: String,
    #[serde(default)]
    commitments: String,
    #[serde(default)]
    behaviours: String,
}

pub async fn save_value(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, key)): Path<(String, String)>,
    Form(form): Form<ValueForm>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let draft = the_draft(&state, &org).await?;
    let mut content = draft.content.clone();
    let index = content.values.iter().position(|v| v.key == key).ok_or(AppError::NotFound)?;
    let value = &mut content.values[index];
    value.name = form.name.trim().to_owned();
    value.promise = form.promise.trim().to_owned();
    value.commitments = lines(&form.commitments);
    value.behaviours = lines(&form.behaviours);
    let name = value.name.clone();
    let prefix = format!("values[{index}]");
    let errors = local_errors(
        content.check(),
        &[
            (&format!("{prefix}.name"), "name"),
            (&format!("{prefix}.promise"), "promise"),
            (&format!("{prefix}.commitments"), "commitments"),
            (&format!("{prefix}.behaviours"), "behaviours"),
        ],
    );
    if !errors.is_empty() {
        let mut layout = ctx.org_layout(&org, format!("Edit “{}” – {}", draft.content.values[index].name, org.name));
        layout.has_errors = true;
        let page = ValueFormPage {
            layout,
            org,
            key,
            revision: form.revision,
            errors,
            name: form.name,
            promise: form.promise,
            commitments: form.commitments,
            behaviours: form.behaviours,
        };
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    match store::save_draft(&state.db, &org, form.revision, &content, me.id, &format!("Edited the value “{name}”"))
        .await
    {
        Ok(_) => {
            Flash::set(&session, format!("Saved “{name}”.")).await?;
            Ok(Redirect::to(&edit_url(&org)).into_response())
        }
        Err(SaveError::Conflict(theirs)) => {
            let saved = theirs.content.value(&key).cloned().unwrap_or_default();
            let rows = vec![
                ("Name".to_owned(), saved.name, form.name),
                ("Promise".to_owned(), saved.promise, form.promise),
                ("We will".to_owned(), saved.commitments.join("\n"), form.commitments),
                ("How we live it".to_owned(), saved.behaviours.join("\n"), form.behaviours),
            ];
            conflict(&ctx, &org, format!("/o/{}/values/edit/value/{key}", org.slug), rows)
        }
        Err(SaveError::Other(e)) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    revision: i64,
    #[serde(default)]
    action: String,
}

/// Move up, move down or remove a value.
pub async fn arrange_value(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, key)): Path<(String, String)>,
    Form(form): Form<MoveForm>,
) -> Result<Response, AppError> {
    let org = editable(&state, &slug, &me).await?;
    let draft = the_draft(&state, &org).await?;
    let mut content: Framework = draft.content.clone();
    let index = content.values.iter().position(|v| v.key == key).ok_or(AppError::NotFound)?;
    let name = content.values[index].name.clone();
    let (what, message) = match form.action.as_str() {
        "up" if index > 0 => {
            content.values.swap(index, index - 1);
            (format!("Moved “{name}” up"), format!("Moved “{name}” up."))
        }
        "down" if index + 1 < content.values.len() => {
            content.values.swap(index, index + 1);
            (format!("Moved “{name}” down"), format!("Moved “{name}” down."))
        }
        "up" | "down" => return Ok(Redirect::to(&edit_url(&org)).into_response()),
        "remove" => {
            content.values.remove(index);
            (format!("Removed the value “{name}”"), format!("Removed “{name}”."))
        }
        _ => return Err(AppError::BadRequest("Choose move up, move down or remove.".to_owned())),
    };
    match store::save_draft(&state.db, &org, form.revision, &content, me.id, &what).await {
        Ok(_) => {
            Flash::set(&session, message).await?;
            Ok(Redirect::to(&format!("{}#values", edit_url(&org))).into_response())
        }
        Err(SaveError::Conflict(theirs)) => {
            let order = |f: &Framework| f.values.iter().map(|v| v.name.clone()).collect::<Vec<_>>().join("\n");
            let rows = vec![("Values, in order".to_owned(), order(&theirs.content), order(&content))];
            conflict(&ctx, &org, edit_url(&org), rows)
        }
        Err(SaveError::Other(e)) => Err(e),
    }
}
