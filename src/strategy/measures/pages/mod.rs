//! The measures' pages: the public list and detail page (chart, icons and
//! the same points as a table, and the aims and objectives it shows
//! progress on), and, for the organisation's editors, the measure's own
//! form ([`form`]: add or change it), deleting it ([`delete`]), and the
//! forms that set one period's value and import a CSV file ([`edit`]).
//! Anonymous visitors' pages are kept in the public page cache, cleared by
//! every change.

mod delete;
mod edit;
mod form;

pub use delete::{ask as ask_delete, delete};
pub use edit::{set_value, upload};
pub use form::{create, edit_form, new_form, update};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use serde::Deserialize;

use super::chart;
use super::definition::direction_words;
use super::links::{self, MeasureLinks};
use super::spc::{self, Spc, SpcError, SpecialCause};
use super::store::{self, Measure, StoredValue};
use crate::app::AppState;
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::model::{self, Org};
use crate::orgs::public::{cached_response, has_session};
use crate::web::forms::FormErrors;
use crate::web::{Layout, PageContext, render};

/// Largest CSV file the upload form takes.
pub const UPLOAD_LIMIT: usize = 5 * 1024 * 1024;

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

pub(super) async fn measure(state: &AppState, org: &Org, key: &str) -> Result<Measure, AppError> {
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
pub(super) struct DetailPage {
    layout: Layout,
    org: Org,
    measure: Measure,
    chart: Option<ChartView>,
    /// Why there is no chart (no values yet, or values SPC cannot read).
    no_chart: Option<String>,
    can_edit: bool,
    /// The aims and objectives it shows progress on (drafts' only for editors).
    links: MeasureLinks,
    pub(super) form: ValueForm,
    pub(super) errors: FormErrors,
    pub(super) upload_errors: FormErrors,
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

pub(super) async fn detail_page(
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
    let all = links::of_measure(&state.db, measure.id.0).await?;
    let links = if can_edit { all } else { all.public() };
    Ok(DetailPage {
        layout,
        org,
        measure,
        chart,
        no_chart,
        can_edit,
        links,
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
