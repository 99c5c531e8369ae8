//! The published ideas through the JSON API, for anyone and read-only:
//! `GET /api/v1/orgs/{slug}/ideas`, each with its public words, its support
//! count and the organisation's answer. Never the sender's own words.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::store::{self, Order};
use crate::api::extract::Path;
use crate::api::json;
use crate::app::AppState;
use crate::error::{ApiError, AppError};
use crate::orgs::model;

#[derive(OpenApi)]
#[openapi(paths(list), components(schemas(PublishedIdea, PublishedIdeas)))]
pub struct IdeasDoc;

/// One published idea.
#[derive(Serialize, ToSchema)]
pub struct PublishedIdea {
    pub id: i64,
    /// The idea's page.
    pub url: String,
    pub title: String,
    pub summary: String,
    #[schema(format = DateTime)]
    pub published_at: String,
    /// How many browsers support it.
    pub supporters: i64,
    /// The organisation's answer; '' until it answers.
    pub answer: String,
    #[schema(format = DateTime)]
    pub answered_at: Option<String>,
    /// Closed: answered for good, and taking no more support.
    pub closed: bool,
}

/// The organisation's published ideas, newest first.
#[derive(Serialize, ToSchema)]
pub struct PublishedIdeas {
    pub ideas: Vec<PublishedIdea>,
}

/// The organisation's published ideas with their support (anyone).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/ideas", tag = "feedback",
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = PublishedIdeas), (status = 404, body = crate::error::Problem)))]
pub async fn list(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, ApiError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let base = state.config.public_url.trim_end_matches('/');
    let ideas = store::ideas(&state.db, org.id, Order::Newest, None, None).await?;
    let ideas = ideas
        .into_iter()
        .map(|i| PublishedIdea {
            url: format!("{base}/o/{}/ideas/{}", org.slug, i.id),
            id: i.id,
            title: i.title,
            summary: i.summary,
            published_at: crate::web::spreadsheet::time(i.published_at),
            supporters: i.supporters,
            answer: i.answer,
            answered_at: i.answered_at.map(crate::web::spreadsheet::time),
            closed: i.closed,
        })
        .collect();
    Ok(json(PublishedIdeas { ideas }))
}
