//! The strategy file through the API (editors' tokens only, since it can
//! hold a draft): `GET` exports a strategy with the organisation's measures
//! as YAML, `POST` imports a file as a new draft.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::store;
use crate::api::extract::{Path, Query};
use crate::app::AppState;
use crate::error::{ApiError, AppError};
use crate::orgs::access::ApiEditor;
use crate::strategy::plan::model::StrategyStatus;
use crate::strategy::plan::store as plans;
use crate::web::forms::FieldError;

#[derive(OpenApi)]
#[openapi(paths(export, import), components(schemas(Imported)))]
pub struct FileDoc;

/// Which strategy to export: the published one unless `id` or `draft` says.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Which {
    /// The strategy with this id, whatever its status.
    pub id: Option<i64>,
    /// The newest draft.
    #[serde(default)]
    pub draft: bool,
}

/// What an import made.
#[derive(Serialize, ToSchema)]
pub struct Imported {
    /// The new draft strategy's id.
    pub id: i64,
    /// Where editors check and publish it.
    pub edit_url: String,
    /// The measures created or replaced, by key.
    pub measures: Vec<String>,
}

/// A strategy and the organisation's outcome measures as a strategy file
/// (`schema: ethos/strategy/v1`; editors).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/strategy/file", tag = "strategy", security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name"), Which),
    responses((status = 200, description = "The strategy file (a YAML mapping)", content_type = "application/yaml", body = Object)))]
pub async fn export(
    State(state): State<AppState>,
    ApiEditor { org, .. }: ApiEditor,
    Path(_slug): Path<String>,
    Query(which): Query<Which>,
) -> Result<Response, ApiError> {
    let found = match (which.id, which.draft) {
        (Some(id), _) => plans::by_id(&state.db, org.id, id).await?,
        (None, true) => {
            let newest = plans::list(&state.db, org.id)
                .await?
                .into_iter()
                .filter(|s| s.status == StrategyStatus::Draft)
                .max_by_key(|s| s.id);
            match newest {
                Some(s) => plans::by_id(&state.db, org.id, s.id).await?,
                None => None,
            }
        }
        (None, false) => plans::published(&state.db, org.id).await?,
    };
    let Some(strategy) = found else {
        let message = match (which.id, which.draft) {
            (Some(id), _) => format!("{} has no strategy with the id {id}.", org.name),
            (None, true) => format!("{} has no draft strategy.", org.name),
            (None, false) => format!("{} has not published a strategy yet; ask for ?draft=true or ?id=N.", org.name),
        };
        return Err(AppError::NotFoundMessage(message).into());
    };
    let contents = store::load(&state.db, org.id, &strategy).await?;
    let mut response = super::export(&contents, &org.slug).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/yaml; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// Import a strategy file as a new draft strategy, creating or replacing the
/// measures it names (editors). All or nothing: a file with any problem is
/// refused (422), each problem with its line, column and field.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/strategy/file", tag = "strategy", security(("token" = [])),
    request_body(content = String, content_type = "application/yaml", description = "A strategy file"),
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 201, body = Imported), (status = 422, body = crate::error::Problem)))]
pub async fn import(
    State(state): State<AppState>,
    ApiEditor { org, person }: ApiEditor,
    Path(_slug): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let yaml = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
        .is_some_and(|v| matches!(v.as_str(), "application/yaml" | "application/x-yaml" | "text/yaml" | "text/plain"));
    if !yaml {
        return Err(AppError::UnsupportedMediaType("Send the file as application/yaml.".to_owned()).into());
    }
    let body = Bytes::from_request(request, &state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest("The body could not be read.".to_owned())
        }
    })?;
    let imported = super::import(&body).map_err(|e| {
        AppError::Invalid(
            e.problems.iter().map(|p| FieldError { field: p.field.clone(), message: p.to_string() }).collect(),
        )
    })?;
    let contents = &imported.contents;
    let id = store::create(&state.db, &org, contents, Some(person.id), "the API").await?;
    state.pages.clear();
    let body = Imported {
        id,
        edit_url: format!("/o/{}/strategy/edit/{id}", org.slug),
        measures: contents.measures.iter().map(|m| m.key.clone()).collect(),
    };
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}
