//! Measures through the JSON API: anyone reads a measure and its SPC (they
//! are shown openly); the organisation's editors create and replace
//! measures and replace their values, as JSON or as a CSV file.

use axum::extract::{FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::definition::{MeasureInput, TargetInput, check_key, direction_code};
use super::links::{self, LINKS_MAX, LinkIds};
use super::spc::{self, SpcError};
use super::store::{self, Measure, Saved};
use super::values_input::{self, ValuesInput};
use crate::api::extract::Path;
use crate::api::{Json, json};
use crate::app::AppState;
use crate::error::{ApiError, AppError};
use crate::orgs::access::ApiEditor;
use crate::orgs::model::{self, Org};
use crate::web::forms::{FieldError, FormErrors};

#[derive(OpenApi)]
#[openapi(
    paths(list, show, put_measure, get_values, get_values_csv, put_values, spc_of),
    components(schemas(
        MeasureInput,
        TargetInput,
        ValuesInput,
        values_input::ValueInput,
        MeasureBody,
        MeasureSummary,
        ValuesBody,
        ValueBody,
        SpcBody,
        SegmentBody,
        PointBody
    ))
)]
pub struct MeasuresDoc;

/// A measure in a list.
#[derive(Serialize, ToSchema)]
pub struct MeasureSummary {
    pub key: String,
    pub name: String,
}

/// A measure as stored.
#[derive(Serialize, ToSchema)]
pub struct MeasureBody {
    pub key: String,
    pub name: String,
    pub definition: String,
    pub unit: &'static str,
    pub direction: &'static str,
    pub frequency: &'static str,
    pub baseline_points: Option<usize>,
    pub rebases: Vec<String>,
    pub targets: Vec<TargetInput>,
    pub source: String,
    pub quality_note: String,
    /// Ids of the strategic aims it shows progress on.
    pub aims: Vec<i64>,
    /// Ids of the objectives it shows progress on.
    pub objectives: Vec<i64>,
}

impl MeasureBody {
    fn new(m: &Measure, links: LinkIds) -> MeasureBody {
        let d = &m.definition;
        MeasureBody {
            key: m.key.clone(),
            name: d.name.clone(),
            definition: d.definition.clone(),
            unit: d.unit.code(),
            direction: direction_code(d.direction),
            frequency: d.frequency.as_str(),
            baseline_points: d.baseline_points,
            rebases: d.rebases.iter().map(ToString::to_string).collect(),
            targets: d.targets.iter().map(|t| TargetInput { from: t.from.to_string(), value: t.value }).collect(),
            source: d.source.clone(),
            quality_note: d.quality_note.clone(),
            aims: links.aims,
            objectives: links.objectives,
        }
    }

    async fn of(state: &AppState, m: &Measure) -> Result<MeasureBody, AppError> {
        let links = links::of_measure(&state.db, m.id.0).await?.ids();
        Ok(MeasureBody::new(m, links))
    }
}

/// Every value of a measure, in time order: what `PUT …/values` takes.
#[derive(Serialize, ToSchema)]
pub struct ValuesBody {
    pub values: Vec<ValueBody>,
}

#[derive(Serialize, ToSchema)]
pub struct ValueBody {
    pub period: String,
    pub value: f64,
    pub note: Option<String>,
}

/// The SPC of a measure's values (the document's description of what
/// [`spc::Spc`] serialises to).
#[derive(ToSchema)]
#[expect(dead_code, reason = "describes the JSON of spc::Spc in the OpenAPI document")]
pub struct SpcBody {
    segments: Vec<SegmentBody>,
    points: Vec<PointBody>,
    /// common_cause, improvement_high, improvement_low, concern_high, concern_low or neutral.
    variation: String,
    /// pass, fail or hit_and_miss; null without a target or limits.
    assurance: Option<String>,
}

/// Points between two rebases, with their own mean and limits (null for a
/// run chart of fewer than 12 points).
#[derive(ToSchema)]
#[expect(dead_code, reason = "describes the JSON of spc::Segment in the OpenAPI document")]
pub struct SegmentBody {
    from: String,
    mean: f64,
    lower_limit: Option<f64>,
    upper_limit: Option<f64>,
}

/// One value and the special cause it shows, if any.
#[derive(ToSchema)]
#[expect(dead_code, reason = "describes the JSON of spc::Point in the OpenAPI document")]
pub struct PointBody {
    period: String,
    value: f64,
    /// improvement, concern or neutral; null for common cause.
    special_cause: Option<String>,
}

async fn org(state: &AppState, slug: &str) -> Result<Org, ApiError> {
    Ok(model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?)
}

async fn measure(state: &AppState, org: &Org, key: &str) -> Result<Measure, ApiError> {
    let found = store::find(&state.db, org.id, key).await?;
    Ok(found.ok_or_else(|| AppError::NotFoundMessage(format!("{} has no measure “{key}”.", org.name)))?)
}

/// An organisation's measures (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/measures", tag = "measures",
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = Vec<MeasureSummary>)))]
pub async fn list(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let measures = store::list(&state.db, org.id).await?;
    Ok(json(measures.into_iter().map(|m| MeasureSummary { key: m.key, name: m.definition.name }).collect::<Vec<_>>()))
}

/// One measure's description (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/measures/{key}", tag = "measures",
    params(("slug" = String, Path, description = "The organisation's short name"), ("key" = String, Path, description = "The measure's key")),
    responses((status = 200, body = MeasureBody)))]
pub async fn show(
    State(state): State<AppState>,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let measure = measure(&state, &org, &key).await?;
    Ok(json(MeasureBody::of(&state, &measure).await?))
}

/// Create (201) or replace (200) a measure (editors). A measure with values
/// keeps its frequency. `aims` and `objectives`, when sent, replace its
/// links; an id that is not one of the organisation's is refused (422) and
/// nothing is saved.
#[utoipa::path(put, path = "/api/v1/orgs/{slug}/measures/{key}", tag = "measures", security(("token" = [])),
    request_body = MeasureInput,
    params(("slug" = String, Path, description = "The organisation's short name"), ("key" = String, Path, description = "The measure's key: lowercase letters, digits and hyphens")),
    responses((status = 200, body = MeasureBody), (status = 201, body = MeasureBody), (status = 422, body = crate::error::Problem)))]
pub async fn put_measure(
    State(state): State<AppState>,
    ApiEditor { org, person: me }: ApiEditor,
    Path((_slug, key)): Path<(String, String)>,
    Json(input): Json<MeasureInput>,
) -> Result<Response, ApiError> {
    let mut errors = FormErrors::new();
    check_key(&mut errors, &key);
    let definition = match input.check() {
        Ok(definition) if errors.is_empty() => definition,
        Ok(_) => return Err(AppError::Invalid(errors.list).into()),
        Err(more) => return Err(AppError::Invalid(errors.list.into_iter().chain(more.list).collect()).into()),
    };
    let links = match (input.aims, input.objectives) {
        (None, None) => None,
        (aims, objectives) => {
            // The kind of link left out stays as it is.
            let kept = match store::find(&state.db, org.id, &key).await? {
                Some(m) => links::of_measure(&state.db, m.id.0).await?.ids(),
                None => LinkIds::default(),
            };
            let aims = aims.unwrap_or(kept.aims);
            let links = LinkIds { aims, objectives: objectives.unwrap_or(kept.objectives) }.tidy();
            if links.aims.len() > LINKS_MAX || links.objectives.len() > LINKS_MAX {
                let message = format!("Link a measure to at most {LINKS_MAX} aims and {LINKS_MAX} objectives");
                return Err(AppError::Invalid(vec![FieldError { field: "aims".to_owned(), message }]).into());
            }
            Some(links)
        }
    };
    let saved = store::save_with_links(&state.db, &org, &key, &definition, links.as_ref(), Some(me.id)).await?;
    state.pages.clear();
    let status = if saved == Saved::Created { StatusCode::CREATED } else { StatusCode::OK };
    let body = MeasureBody::of(&state, &measure(&state, &org, &key).await?).await?;
    Ok((status, axum::Json(body)).into_response())
}

/// Replace every value of a measure (editors): all or nothing. Send JSON, or
/// `text/csv` with a header row `period,value,note` (note optional); each
/// fault names its row and column.
#[utoipa::path(put, path = "/api/v1/orgs/{slug}/measures/{key}/values", tag = "measures", security(("token" = [])),
    request_body(content((ValuesInput = "application/json"), (String = "text/csv"))),
    params(("slug" = String, Path, description = "The organisation's short name"), ("key" = String, Path, description = "The measure's key")),
    responses((status = 200, body = SpcBody, description = "The values were stored; the SPC of the new values (or an empty object when there are none)"),
        (status = 422, body = crate::error::Problem)))]
pub async fn put_values(
    State(state): State<AppState>,
    ApiEditor { org, person: me }: ApiEditor,
    Path((_slug, key)): Path<(String, String)>,
    request: Request,
) -> Result<Response, ApiError> {
    let measure = measure(&state, &org, &key).await?;
    let frequency = measure.definition.frequency;
    let is_csv = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("text/csv"));
    let values = if is_csv {
        let body = axum::body::Bytes::from_request(request, &state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("The body could not be read.".to_owned())
            }
        })?;
        values_input::check_csv(frequency, &measure.key, &body, "body")
    } else {
        let Json(input) = Json::<ValuesInput>::from_request(request, &state).await?;
        values_input::check_json(frequency, &input)
    };
    let values = values.map_err(AppError::Invalid)?;
    store::replace_values(&state.db, &org, &measure, &values, Some(me.id)).await?;
    state.pages.clear();
    spc_response(&state, &measure).await
}

/// Every value of a measure in time order (public): JSON, or with
/// `Accept: text/csv` the CSV file `measure,period,value,note` that
/// `PUT …/values` takes back.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/measures/{key}/values", tag = "measures",
    params(("slug" = String, Path, description = "The organisation's short name"), ("key" = String, Path, description = "The measure's key")),
    responses((status = 200, content((ValuesBody = "application/json"), (String = "text/csv")))))]
pub async fn get_values(
    State(state): State<AppState>,
    Path((slug, key)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Result<Response, ApiError> {
    let csv = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.split(';').next().unwrap_or_default().trim() == "text/csv"));
    values_response(&state, &slug, &key, csv).await
}

/// The same values as a CSV file, `measure,period,value,note` (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/measures/{key}/values.csv", tag = "measures",
    params(("slug" = String, Path, description = "The organisation's short name"), ("key" = String, Path, description = "The measure's key")),
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn get_values_csv(
    State(state): State<AppState>,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    values_response(&state, &slug, &key, true).await
}

async fn values_response(state: &AppState, slug: &str, key: &str, csv: bool) -> Result<Response, ApiError> {
    let org = org(state, slug).await?;
    let measure = measure(state, &org, key).await?;
    let values = store::values(&state.db, measure.id).await?;
    if !csv {
        let values = values
            .into_iter()
            .map(|v| ValueBody { period: v.period.to_string(), value: v.value, note: v.note })
            .collect();
        return Ok(json(ValuesBody { values }));
    }
    let checked: Vec<values_input::NewValue> =
        values.into_iter().map(|v| values_input::NewValue { period: v.period, value: v.value, note: v.note }).collect();
    let body = values_input::to_csv(&measure.key, &checked)?;
    Ok(crate::web::spreadsheet::download(&format!("{}-{}.csv", org.slug, measure.key), body))
}

async fn spc_response(state: &AppState, measure: &Measure) -> Result<Response, ApiError> {
    let values = store::values(&state.db, measure.id).await?;
    let observations: Vec<_> = values.iter().map(store::StoredValue::observation).collect();
    match spc::analyse(&observations, &measure.definition.settings()) {
        Ok(result) => Ok(json(result)),
        Err(SpcError::NoPoints) => Ok(json(serde_json::json!({}))),
        Err(e) => Err(AppError::Conflict(e.to_string()).into()),
    }
}

/// The SPC (XmR) analysis of a measure's values (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/measures/{key}/spc", tag = "measures",
    params(("slug" = String, Path, description = "The organisation's short name"), ("key" = String, Path, description = "The measure's key")),
    responses((status = 200, body = SpcBody, description = "The segments, points, variation and assurance (an empty object when there are no values yet)")))]
pub async fn spc_of(
    State(state): State<AppState>,
    Path((slug, key)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let measure = measure(&state, &org, &key).await?;
    spc_response(&state, &measure).await
}
