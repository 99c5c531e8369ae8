//! The editors' forms of the measures' pages: adding a measure, setting one
//! period's value and replacing every value from a CSV file (all or
//! nothing). Each refused form shows its page again with an error summary.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{DetailPage, UPLOAD_LIMIT, ValueForm, detail_page, measure};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::strategy::measures::definition::{MeasureInput, TargetInput, Unit, check_key};
use crate::strategy::measures::period::Frequency;
use crate::strategy::measures::store::{self, Measure};
use crate::strategy::measures::values_input;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render, render_with_status};

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
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest("The upload could not be read. Choose the file again.".to_owned())
        }
    };
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() == Some("file") {
            file = Some(field.bytes().await.map_err(unreadable)?);
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

/// The new-measure form as typed.
#[derive(Default, Deserialize)]
pub struct NewMeasureForm {
    #[serde(default)]
    key: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    baseline_points: String,
    #[serde(default)]
    rebases: String,
    #[serde(default)]
    targets: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    quality_note: String,
}

#[derive(Template)]
#[template(path = "strategy/measures/new.html")]
struct NewPage {
    layout: Layout,
    org: Org,
    form: NewMeasureForm,
    errors: FormErrors,
}

impl NewPage {
    fn units(&self) -> [(&'static str, &'static str); 5] {
        Unit::ALL.map(|u| (u.code(), u.label()))
    }

    fn frequencies(&self) -> [(&'static str, &'static str); 4] {
        [Frequency::Weekly, Frequency::Monthly, Frequency::Quarterly, Frequency::Yearly]
            .map(|f| (f.as_str(), f.example()))
    }
}

/// GET `/o/{slug}/measures/new`.
pub async fn new_form(ctx: PageContext, editor: OrgEditor) -> Result<Response, AppError> {
    let layout = ctx.org_layout(&editor.org, format!("Add an outcome measure – {}", editor.org.name));
    let form = NewMeasureForm { unit: "count".to_owned(), frequency: "monthly".to_owned(), ..Default::default() };
    Ok(no_store(render(&NewPage { layout, org: editor.org, form, errors: FormErrors::new() })?))
}

/// The form's fields as the API's input; faults in the form's own shapes
/// (a baseline that is not a whole number, a target line without a value)
/// are recorded in `errors`.
fn as_input(form: &NewMeasureForm, errors: &mut FormErrors) -> MeasureInput {
    let baseline_points = match form.baseline_points.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("baseline_points", "Give the baseline as a whole number of points, or leave it empty");
                None
            }
        },
    };
    let rebases = form.rebases.split([',', '\n']).map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned).collect();
    let mut targets = Vec::new();
    for line in form.targets.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.split([' ', ':', '\t']).filter(|p| !p.is_empty());
        match (parts.next(), parts.next().and_then(|v| v.parse::<f64>().ok()), parts.next()) {
            (Some(from), Some(value), None) => targets.push(TargetInput { from: from.to_owned(), value }),
            _ => errors.add(
                "targets",
                format!("Write each target as a period and a number, such as 2024-04 95 (not “{line}”)"),
            ),
        }
    }
    MeasureInput {
        name: form.name.clone(),
        unit: form.unit.clone(),
        direction: form.direction.clone(),
        frequency: form.frequency.clone(),
        baseline_points,
        rebases,
        targets,
        definition: Some(form.definition.clone()),
        source: Some(form.source.clone()),
        quality_note: Some(form.quality_note.clone()),
    }
}

/// POST `/o/{slug}/measures`: adds a measure.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Form(form): Form<NewMeasureForm>,
) -> Result<Response, AppError> {
    let key = form.key.trim().to_owned();
    let mut errors = FormErrors::new();
    check_key(&mut errors, &key);
    if errors.is_empty() && store::find(&state.db, editor.org.id, &key).await?.is_some() {
        errors.add("key", "There is already a measure with this key: choose another");
    }
    let input = as_input(&form, &mut errors);
    let checked = input.check();
    if let Err(more) = &checked {
        for e in &more.list {
            // The page has one field for all rebases and one for all targets.
            let field = e.field.split('[').next().unwrap_or_default();
            errors.add(field, e.message.clone());
        }
    }
    match checked {
        Ok(definition) if errors.is_empty() => {
            store::save(&state.db, &editor.org, &key, &definition, Some(editor.person.id)).await?;
            state.pages.clear();
            Flash::set(&session, "The measure has been added. Add its values below.").await?;
            Ok(Redirect::to(&format!("/o/{}/measures/{key}", editor.org.slug)).into_response())
        }
        _ => {
            let layout = Layout {
                has_errors: true,
                ..ctx.org_layout(&editor.org, format!("Add an outcome measure – {}", editor.org.name))
            };
            let page = NewPage { layout, org: editor.org, form, errors };
            Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
        }
    }
}
