//! The measures' pages: the public list and detail page (chart, icons and
//! the same points as a table), and, for the organisation's editors, the
//! forms that add a measure, set one period's value and import a CSV file.
//! Anonymous visitors' pages are kept in the public page cache, cleared by
//! every change.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::access::Editor;
use super::chart;
use super::definition::{MeasureInput, TargetInput, Unit, check_key, direction_words};
use super::period::Frequency;
use super::spc::{self, Spc, SpcError, SpecialCause};
use super::store::{self, Measure, StoredValue};
use super::values_input;
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::model::{self, Org};
use crate::orgs::public::{cached_response, has_session};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render, render_with_status};

/// Largest CSV file the upload form takes.
pub const UPLOAD_LIMIT: usize = 5 * 1024 * 1024;

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

async fn measure(state: &AppState, org: &Org, key: &str) -> Result<Measure, AppError> {
    store::find(&state.db, org.id, key)
        .await?
        .ok_or_else(|| AppError::NotFoundMessage(format!("{} has no measure at this address.", org.name)))
}

/// A public page: from the cache for anonymous visitors (built once with
/// `build`), else built fresh with the viewer's layout and whether they may
/// edit.
async fn public_page<T, F>(
    state: &AppState,
    mut parts: Parts,
    cache_key: String,
    slug: &str,
    build: F,
) -> Result<Response, AppError>
where
    T: Template,
    F: AsyncFnOnce(Org, Layout, bool) -> Result<(T, i64), AppError>,
{
    if !has_session(&parts.headers) {
        if let Some(page) = state.pages.get(&cache_key) {
            return Ok(cached_response(&parts.headers, &page));
        }
        let org = org(state, slug).await?;
        let layout = Layout { org: Some((&org).into()), zone: org.zone.clone(), ..Layout::default() };
        let (page, modified) = build(org, layout, false).await?;
        let body = page.render().map_err(|e| AppError::Internal(e.into()))?;
        let cached = state.pages.put(&cache_key, body.into(), modified);
        return Ok(cached_response(&parts.headers, &cached));
    }
    let ctx = <PageContext as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, state).await?;
    let org = org(state, slug).await?;
    let role = match &ctx.viewer.0 {
        Some(p) => access::role_of(&state.db, org.id, p.id).await?,
        None => None,
    };
    let layout = ctx.org_layout(&org, String::new());
    let (page, _) = build(org, layout, role >= Some(Role::Editor)).await?;
    let mut response = render(&page)?;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(response)
}

#[derive(Template)]
#[template(path = "strategy/measures/list.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    measures: Vec<Measure>,
    can_edit: bool,
}

/// `/o/{slug}/measures`: every measure of the organisation.
pub async fn list(State(state): State<AppState>, Path(slug): Path<String>, parts: Parts) -> Result<Response, AppError> {
    let db = state.db.clone();
    public_page(&state, parts, format!("measures:{slug}"), &slug, async |org: Org, mut layout: Layout, can_edit| {
        let measures = store::list(&db, org.id).await?;
        layout.title = format!("Outcome measures – {}", org.name);
        let modified = measures.iter().map(|m| m.updated_at).max().unwrap_or(org.updated_at);
        Ok((ListPage { layout, org, measures, can_edit }, modified))
    })
    .await
}

/// One point of the table that stands beside the chart.
pub struct PointRow {
    pub period: String,
    pub value: String,
    pub note: String,
    pub meaning: String,
}

/// What the chart shows, for the page.
pub struct ChartView {
    pub svg: String,
    pub variation_icon: String,
    pub variation_words: &'static str,
    pub assurance_icon: Option<String>,
    pub assurance_words: Option<&'static str>,
    pub rows: Vec<PointRow>,
    /// Why a segment has no limits (fewer than 12 points), one per segment.
    pub short_segments: Vec<String>,
}

fn meaning(point: &spc::Point) -> String {
    let kind = match point.special_cause {
        None => return "Common cause".to_owned(),
        Some(SpecialCause::Improvement) => "Special cause: improvement",
        Some(SpecialCause::Concern) => "Special cause: concern",
        Some(SpecialCause::Neutral) => "Special cause (neither better nor worse)",
    };
    match point.rule {
        Some(rule) => format!("{kind} – {}", rule.describe()),
        None => kind.to_owned(),
    }
}

fn chart_view(measure: &Measure, result: &Spc, values: &[StoredValue]) -> ChartView {
    let rows = result
        .points
        .iter()
        .zip(values)
        .map(|(point, stored)| PointRow {
            period: point.period.label(),
            value: measure.definition.unit.show(point.value),
            note: stored.note.clone().unwrap_or_default(),
            meaning: meaning(point),
        })
        .collect();
    ChartView {
        svg: chart::xmr_svg(&format!("chart-{}", measure.key), &measure.definition.name, result),
        variation_icon: chart::variation_icon_svg(result.variation),
        variation_words: chart::variation_words(result.variation),
        assurance_icon: result.assurance.map(chart::assurance_icon_svg),
        assurance_words: result.assurance.map(chart::assurance_words),
        rows,
        short_segments: result.segments.iter().filter_map(|s| s.no_limits_reason.clone()).collect(),
    }
}

/// The one-value form as last sent.
#[derive(Default, Deserialize)]
pub struct ValueForm {
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub value: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Template)]
#[template(path = "strategy/measures/detail.html")]
struct DetailPage {
    layout: Layout,
    org: Org,
    measure: Measure,
    chart: Option<ChartView>,
    /// Why there is no chart (no values yet, or values SPC cannot read).
    no_chart: Option<String>,
    can_edit: bool,
    form: ValueForm,
    errors: FormErrors,
    upload_errors: FormErrors,
}

impl DetailPage {
    fn unit(&self) -> &'static str {
        self.measure.definition.unit.label()
    }

    fn direction(&self) -> &'static str {
        direction_words(self.measure.definition.direction)
    }

    fn period_hint(&self) -> String {
        format!("Write {}", self.measure.definition.frequency.example())
    }

    fn targets(&self) -> Vec<String> {
        let unit = self.measure.definition.unit;
        self.measure
            .definition
            .targets
            .iter()
            .map(|t| format!("{} from {}", unit.show(t.value), t.from.label()))
            .collect()
    }
}

async fn detail_page(
    state: &AppState,
    org: Org,
    measure: Measure,
    mut layout: Layout,
    can_edit: bool,
) -> Result<DetailPage, AppError> {
    let values = store::values(&state.db, measure.id).await?;
    let observations: Vec<_> = values.iter().map(StoredValue::observation).collect();
    let (chart, no_chart) = match spc::analyse(&observations, &measure.definition.settings()) {
        Ok(result) => (Some(chart_view(&measure, &result, &values)), None),
        Err(SpcError::NoPoints) => (None, Some("There are no values for this measure yet.".to_owned())),
        Err(e) => (None, Some(format!("The chart cannot be drawn: {e}."))),
    };
    layout.title = format!("{} – {}", measure.definition.name, org.name);
    Ok(DetailPage {
        layout,
        org,
        measure,
        chart,
        no_chart,
        can_edit,
        form: ValueForm::default(),
        errors: FormErrors::new(),
        upload_errors: FormErrors::new(),
    })
}

/// `/o/{slug}/measures/{key}`: a measure, its chart and its points.
pub async fn detail(
    State(state): State<AppState>,
    Path((slug, key)): Path<(String, String)>,
    parts: Parts,
) -> Result<Response, AppError> {
    let inner = state.clone();
    public_page(&state, parts, format!("measure:{slug}:{key}"), &slug, async |org: Org, layout: Layout, can_edit| {
        let measure = measure(&inner, &org, &key).await?;
        let modified = measure.updated_at;
        Ok((detail_page(&inner, org, measure, layout, can_edit).await?, modified))
    })
    .await
}

/// The detail page again, showing what was wrong with a form (422).
async fn refused(
    state: &AppState,
    ctx: &PageContext,
    editor: Editor,
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
    editor: Editor,
    session: Session,
    Path((slug, key)): Path<(String, String)>,
    Form(form): Form<ValueForm>,
) -> Result<Response, AppError> {
    let measure = measure(&state, &editor.org, &key).await?;
    let note = Some(form.note.as_str());
    match values_input::check_one(measure.definition.frequency, &form.period, &form.value, note) {
        Ok(value) => {
            store::set_value(&state.db, &editor.org, &measure, &value, editor.me.id).await?;
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
    editor: Editor,
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
        Some(bytes) => values_input::check_csv(measure.definition.frequency, &bytes, "file"),
    };
    match checked {
        Ok(values) => {
            store::replace_values(&state.db, &editor.org, &measure, &values, Some(editor.me.id)).await?;
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
pub async fn new_form(ctx: PageContext, editor: Editor) -> Result<Response, AppError> {
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
    editor: Editor,
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
            store::save(&state.db, &editor.org, &key, &definition, Some(editor.me.id)).await?;
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
