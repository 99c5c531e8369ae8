//! Tags and links through the API (editors' and owners' tokens), by the
//! item page's own rules and changes ([`crate::listen::inbox::labels`]):
//! put a tag on, take one off, and replace the values and objectives an
//! item concerns; each audited as on the page. Every answer is the item.

use axum::extract::State as AppStateExtract;
use axum::response::Response;
use serde::Deserialize;
use utoipa::ToSchema;

use super::read::found;
use crate::api::extract::Path;
use crate::api::{Json, json};
use crate::app::AppState;
use crate::error::{ApiError, AppError};
use crate::listen::feedback::reference;
use crate::listen::inbox::labels::{self, Refusal};
use crate::listen::inbox::{store, tags};
use crate::orgs::access::ApiEditor;
use crate::orgs::model::Org;
use crate::web::forms::FieldError;

/// A tag to put on an item.
#[derive(Deserialize, ToSchema)]
pub struct TagInput {
    /// The tag's name: trimmed, inner spaces collapsed, up to 40 characters.
    /// The organisation's existing tag of that name in any case is used;
    /// otherwise a new tag is made.
    pub tag: String,
}

/// The values and objectives an item concerns, replacing what it had.
#[derive(Deserialize, ToSchema)]
pub struct LinksInput {
    /// Keys of values in the organisation's published framework (at most 50).
    #[serde(default)]
    pub values: Vec<String>,
    /// Ids of objectives of the organisation's strategies (at most 50).
    #[serde(default)]
    pub objectives: Vec<i64>,
}

/// The item's id and its reference as written on it, or 404.
async fn item_of(state: &AppState, org: &Org, typed: &str) -> Result<(i64, String), AppError> {
    let (year, number) = reference::parse(typed).ok_or(AppError::NotFound)?;
    let id = store::id_of(&state.db, org.id, typed).await?.ok_or(AppError::NotFound)?;
    Ok((id, reference::format(year, number)))
}

fn invalid(field: &str, message: String) -> ApiError {
    AppError::Invalid(vec![FieldError { field: field.to_owned(), message }]).into()
}

/// Puts a tag on an item (editors and owners).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/feedback/{reference}/tags", tag = "feedback",
    security(("token" = [])), request_body = TagInput,
    params(("slug" = String, Path, description = "The organisation's short name"),
        ("reference" = String, Path, description = "The item's reference, e.g. FB-2026-00042")),
    responses((status = 200, body = super::FeedbackItem), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn add_tag(
    AppStateExtract(state): AppStateExtract<AppState>,
    ApiEditor { org, person }: ApiEditor,
    Path((_slug, typed)): Path<(String, String)>,
    Json(input): Json<TagInput>,
) -> Result<Response, ApiError> {
    let (id, reference) = item_of(&state, &org, &typed).await?;
    if let Err(message) = labels::put_tag(&state.db, org.id, id, &reference, &input.tag, person.id).await? {
        return Err(invalid("tag", message));
    }
    Ok(json(found(&state, &org, &reference).await?))
}

/// Takes a tag, named in any case, off an item (editors and owners); 404
/// when the item does not carry it.
#[utoipa::path(delete, path = "/api/v1/orgs/{slug}/feedback/{reference}/tags/{tag}", tag = "feedback",
    security(("token" = [])),
    params(("slug" = String, Path, description = "The organisation's short name"),
        ("reference" = String, Path, description = "The item's reference, e.g. FB-2026-00042"),
        ("tag" = String, Path, description = "The tag's name, in any case")),
    responses((status = 200, body = super::FeedbackItem), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
pub async fn remove_tag(
    AppStateExtract(state): AppStateExtract<AppState>,
    ApiEditor { org, person }: ApiEditor,
    Path((_slug, typed, name)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let (id, reference) = item_of(&state, &org, &typed).await?;
    let folded = tags::fold(&name);
    let tag = tags::of_org(&state.db, org.id).await?.into_iter().find(|t| tags::fold(&t.name) == folded);
    let tag = tag.ok_or(AppError::NotFound)?;
    if !tags::remove(&state.db, org.id, id, &reference, tag.id, person.id).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(json(found(&state, &org, &reference).await?))
}

/// Replaces the values and strategy objectives an item concerns (editors
/// and owners); nothing changes when any is refused.
#[utoipa::path(put, path = "/api/v1/orgs/{slug}/feedback/{reference}/links", tag = "feedback",
    security(("token" = [])), request_body = LinksInput,
    params(("slug" = String, Path, description = "The organisation's short name"),
        ("reference" = String, Path, description = "The item's reference, e.g. FB-2026-00042")),
    responses((status = 200, body = super::FeedbackItem), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem)))]
pub async fn put_links(
    AppStateExtract(state): AppStateExtract<AppState>,
    ApiEditor { org, person }: ApiEditor,
    Path((_slug, typed)): Path<(String, String)>,
    Json(input): Json<LinksInput>,
) -> Result<Response, ApiError> {
    let (id, reference) = item_of(&state, &org, &typed).await?;
    let saved = labels::put_links(&state.db, &org, id, &reference, input.values, input.objectives, person.id).await?;
    if let Err(Refusal { field, message }) = saved {
        // The page's fields are checkboxes named in the singular.
        return Err(invalid(if field == "value" { "values" } else { "objectives" }, message));
    }
    Ok(json(found(&state, &org, &reference).await?))
}
