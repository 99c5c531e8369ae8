//! The measure's own form, for editors: adding a measure
//! (`/o/{slug}/measures/new`) and changing one (`/o/{slug}/measures/{key}/edit`)
//! — its description, targets, rebases and the aims and objectives it shows
//! progress on. A refused form comes back with what was typed and an error
//! summary (422), and nothing of it is saved.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::measure;
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::OrgEditor;
use crate::orgs::model::Org;
use crate::strategy::measures::definition::{MeasureInput, TargetInput, Unit, check_key, direction_code};
use crate::strategy::measures::links::{self, AimChoice, LINKS_MAX, LinkIds};
use crate::strategy::measures::period::Frequency;
use crate::strategy::measures::store::{self, Measure};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The measure's form as typed (every field as text).
#[derive(Default)]
pub struct MeasureForm {
    key: String,
    name: String,
    definition: String,
    unit: String,
    direction: String,
    frequency: String,
    baseline_points: String,
    rebases: String,
    targets: String,
    source: String,
    quality_note: String,
    /// The ticked aims and objectives, as sent.
    aims: Vec<String>,
    objectives: Vec<String>,
}

impl MeasureForm {
    /// The form from its fields; the checkboxes `aim` and `objective` repeat.
    fn from_fields(fields: Vec<(String, String)>) -> MeasureForm {
        let mut form = MeasureForm::default();
        for (name, value) in fields {
            let slot = match name.as_str() {
                "key" => &mut form.key,
                "name" => &mut form.name,
                "definition" => &mut form.definition,
                "unit" => &mut form.unit,
                "direction" => &mut form.direction,
                "frequency" => &mut form.frequency,
                "baseline_points" => &mut form.baseline_points,
                "rebases" => &mut form.rebases,
                "targets" => &mut form.targets,
                "source" => &mut form.source,
                "quality_note" => &mut form.quality_note,
                "aim" => {
                    form.aims.push(value);
                    continue;
                }
                "objective" => {
                    form.objectives.push(value);
                    continue;
                }
                _ => continue,
            };
            *slot = value;
        }
        form
    }

    /// The form filled from a stored measure and its links.
    fn of(measure: &Measure, chosen: &LinkIds) -> MeasureForm {
        let d = &measure.definition;
        MeasureForm {
            key: measure.key.clone(),
            name: d.name.clone(),
            definition: d.definition.clone(),
            unit: d.unit.code().to_owned(),
            direction: direction_code(d.direction).to_owned(),
            frequency: d.frequency.as_str().to_owned(),
            baseline_points: d.baseline_points.map(|n| n.to_string()).unwrap_or_default(),
            rebases: d.rebases.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            targets: d.targets.iter().map(|t| format!("{} {}", t.from, t.value)).collect::<Vec<_>>().join("\n"),
            source: d.source.clone(),
            quality_note: d.quality_note.clone(),
            aims: chosen.aims.iter().map(i64::to_string).collect(),
            objectives: chosen.objectives.iter().map(i64::to_string).collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "strategy/measures/form.html")]
struct FormPage {
    layout: Layout,
    org: Org,
    form: MeasureForm,
    errors: FormErrors,
    /// The key of the measure being changed; `None` when adding one.
    editing: Option<String>,
    /// The aims (with their objectives) the measure may be linked to.
    choices: Vec<AimChoice>,
}

impl FormPage {
    fn units(&self) -> [(&'static str, &'static str); 5] {
        Unit::ALL.map(|u| (u.code(), u.label()))
    }

    fn frequencies(&self) -> [(&'static str, &'static str); 4] {
        [Frequency::Weekly, Frequency::Monthly, Frequency::Quarterly, Frequency::Yearly]
            .map(|f| (f.as_str(), f.example()))
    }

    fn aim_chosen(&self, id: &i64) -> bool {
        self.form.aims.iter().any(|a| a.trim() == id.to_string())
    }

    fn objective_chosen(&self, id: &i64) -> bool {
        self.form.objectives.iter().any(|o| o.trim() == id.to_string())
    }

    fn action(&self) -> String {
        match &self.editing {
            Some(key) => format!("/o/{}/measures/{key}/edit", self.org.slug),
            None => format!("/o/{}/measures", self.org.slug),
        }
    }
}

fn title(org: &Org, editing: &Option<String>) -> String {
    match editing {
        Some(_) => format!("Change an outcome measure – {}", org.name),
        None => format!("Add an outcome measure – {}", org.name),
    }
}

async fn form_page(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    form: MeasureForm,
    errors: FormErrors,
    editing: Option<String>,
) -> Result<Response, AppError> {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let layout = Layout { has_errors: !errors.is_empty(), ..ctx.org_layout(&org, title(&org, &editing)) };
    let choices = links::choosable(&state.db, org.id).await?;
    let page = FormPage { layout, org, form, errors, editing, choices };
    Ok(no_store(render_with_status(status, &page)?))
}

/// GET `/o/{slug}/measures/new`.
pub async fn new_form(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
) -> Result<Response, AppError> {
    let form = MeasureForm { unit: "count".to_owned(), frequency: "monthly".to_owned(), ..Default::default() };
    form_page(&state, &ctx, editor.org, form, FormErrors::new(), None).await
}

/// GET `/o/{slug}/measures/{key}/edit`.
pub async fn edit_form(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    Path((_slug, key)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let measure = measure(&state, &editor.org, &key).await?;
    let chosen = links::of_measure(&state.db, measure.id.0).await?.ids();
    let form = MeasureForm::of(&measure, &chosen);
    form_page(&state, &ctx, editor.org, form, FormErrors::new(), Some(measure.key)).await
}

/// The ticked ids; one that is not a number is recorded in `errors`.
fn ids(errors: &mut FormErrors, field: &str, sent: &[String]) -> Vec<i64> {
    let mut ids = Vec::new();
    for text in sent {
        match text.trim().parse::<i64>() {
            Ok(id) => ids.push(id),
            Err(_) => errors.add(field, "An aim or objective could not be read: reload the page and choose again"),
        }
    }
    ids
}

/// The form's fields as the API's input; faults in the form's own shapes
/// (a baseline that is not a whole number, a target line without a value,
/// a link that is not a number) are recorded in `errors`.
fn as_input(form: &MeasureForm, errors: &mut FormErrors) -> (MeasureInput, LinkIds) {
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
    let links =
        LinkIds { aims: ids(errors, "links", &form.aims), objectives: ids(errors, "links", &form.objectives) }.tidy();
    if links.aims.len() > LINKS_MAX || links.objectives.len() > LINKS_MAX {
        errors.add("links", format!("Choose at most {LINKS_MAX} aims and {LINKS_MAX} objectives"));
    }
    let input = MeasureInput {
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
        aims: None,
        objectives: None,
    };
    (input, links)
}

/// Checks the form and, when neither it nor `errors` (already holding the
/// key's faults) has a fault, saves it as measure `key`: `Ok(true)` when
/// saved, `Ok(false)` with `errors` filled when refused.
async fn save(
    state: &AppState,
    editor: &OrgEditor,
    key: &str,
    form: &MeasureForm,
    errors: &mut FormErrors,
) -> Result<bool, AppError> {
    let (input, links) = as_input(form, errors);
    let checked = input.check();
    if let Err(more) = &checked {
        for e in &more.list {
            // The page has one field for all rebases and one for all targets.
            let field = e.field.split('[').next().unwrap_or_default();
            errors.add(field, e.message.clone());
        }
    }
    let Ok(definition) = checked else { return Ok(false) };
    if !errors.is_empty() {
        return Ok(false);
    }
    let saved =
        store::save_with_links(&state.db, &editor.org, key, &definition, Some(&links), Some(editor.person.id)).await;
    match saved {
        Ok(_) => Ok(true),
        // A frequency a measure with values cannot take, or a link to another organisation's aim.
        Err(AppError::Invalid(list)) => {
            for e in list {
                let field = if e.field == "aims" || e.field == "objectives" { "links".to_owned() } else { e.field };
                errors.add(&field, e.message);
            }
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// POST `/o/{slug}/measures`: adds a measure.
pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = MeasureForm::from_fields(fields);
    let key = form.key.trim().to_owned();
    let mut errors = FormErrors::new();
    check_key(&mut errors, &key);
    if errors.is_empty() && store::find(&state.db, editor.org.id, &key).await?.is_some() {
        errors.add("key", "There is already a measure with this key: choose another");
    }
    // Checked whole even when the key is refused, so every fault shows at once.
    if save(&state, &editor, &key, &form, &mut errors).await? {
        Flash::set(&session, "The measure has been added. Add its values below.").await?;
        return Ok(Redirect::to(&format!("/o/{}/measures/{key}", editor.org.slug)).into_response());
    }
    form_page(&state, &ctx, editor.org, form, errors, None).await
}

/// POST `/o/{slug}/measures/{key}/edit`: changes a measure (its key stays:
/// it is the measure's address).
pub async fn update(
    State(state): State<AppState>,
    ctx: PageContext,
    editor: OrgEditor,
    session: Session,
    Path((_slug, key)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let measure = measure(&state, &editor.org, &key).await?;
    let mut form = MeasureForm::from_fields(fields);
    form.key = measure.key.clone();
    let mut errors = FormErrors::new();
    if save(&state, &editor, &measure.key, &form, &mut errors).await? {
        Flash::set(&session, "The measure has been changed.").await?;
        return Ok(Redirect::to(&format!("/o/{}/measures/{}", editor.org.slug, measure.key)).into_response());
    }
    form_page(&state, &ctx, editor.org, form, errors, Some(measure.key)).await
}
