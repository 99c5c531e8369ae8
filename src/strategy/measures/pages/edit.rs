//! The editors' forms on a measure's page: setting one period's value and
//! replacing every value from a CSV file (all or nothing). Each refused
//! form shows the page again with an error summary. The measure's own form
//! (add, change) is in [`super::form`], deleting it in [`super::delete`].

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::{DetailPage, UPLOAD_LIMIT, ValueForm, detail_page, measure};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::strategy::measures::store::{self, Measure};
use crate::strategy::measures::values_input;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The detail page again, showing what was wrong with a form (422).
async fn refused(
    state: &AppState,
    ctx: &PageContext,
    editor: OrgEditor,
    measure: Measure,
    fill: impl FnOnce(&mut DetailPage),
) -> Result<Response, AppError> {
    let layout = Layout { has_errors: true, ..ctx.org_layout(&editor.org, String::new()) };
    let mut page = detail_page(state, editor.org, measure, layout, true).await?;
    fill(&mut page);
    Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
}

/// POST `/o/{slug}/measures/{key}/values`: adds or changes one period's value.
pub async fn set_value(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((slug, key)): Path<(String, String)>,
    Form(form): Form<ValueForm>,
) -> Result<Response, AppError> {
    let measure = measure(&state, &editor.org, &key).await?;
    let note = Some(form.note.as_str());
    match values_input::check_one(measure.definition.frequency, &form.period, &form.value, note) {
        Ok(value) => {
            store::set_value(&state.db, &editor.org, &measure, &value, editor.person.id).await?;
            state.pages.clear();
            Flash::set(&session, format!("The value for {} has been saved.", value.period.label())).await?;
            Ok(Redirect::to(&format!("/o/{slug}/measures/{key}")).into_response())
        }
        Err(list) => {
            refused(&state, &ctx, editor, measure, |page| {
                page.errors = FormErrors { list };
                page.form = form;
            })
            .await
        }
    }
}

/// POST `/o/{slug}/measures/{key}/values/csv` (multipart, field `file`):
/// replaces every value from a CSV file, all or nothing.
pub async fn upload(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((slug, key)): Path<(String, String)>,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let measure = measure(&state, &editor.org, &key).await?;
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(crate::web::forms::unreadable_upload)? {
        if field.name() == Some("file") {
            file = Some(field.bytes().await.map_err(crate::web::forms::unreadable_upload)?);
        }
    }
    let checked = match file.filter(|f| !f.is_empty()) {
        None => Err(vec![crate::web::forms::FieldError {
            field: "file".to_owned(),
            message: "Choose a CSV file to upload".to_owned(),
        }]),
        Some(bytes) if bytes.len() > UPLOAD_LIMIT => return Err(AppError::PayloadTooLarge),
        Some(bytes) => values_input::check_csv(measure.definition.frequency, &measure.key, &bytes, "file"),
    };
    match checked {
        Ok(values) => {
            store::replace_values(&state.db, &editor.org, &measure, &values, Some(editor.person.id)).await?;
            state.pages.clear();
            Flash::set(&session, format!("{} values were imported; they replace the earlier ones.", values.len()))
                .await?;
            Ok(Redirect::to(&format!("/o/{slug}/measures/{key}")).into_response())
        }
        Err(list) => refused(&state, &ctx, editor, measure, |page| page.upload_errors = FormErrors { list }).await,
    }
}
