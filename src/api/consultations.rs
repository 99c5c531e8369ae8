//! Consultations through the API: the published ones of an organisation,
//! one with its questions, responding (the same rules as the form), and the
//! results (to whoever the consultation's setting allows).

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Json, json};
use crate::app::AppState;
use crate::auth::secrets;
use crate::auth::signin::ClientAddress;
use crate::auth::tokens::ApiPerson;
use crate::consultations::answers::Answers;
use crate::consultations::model::{Consultation, Kind, Question, Status};
use crate::consultations::{respond, results, store, words};
use crate::error::{ApiError, AppError};
use crate::orgs::model;

/// A consultation in a list.
#[derive(Serialize, ToSchema)]
pub struct ConsultationSummary {
    pub id: i64,
    pub title: String,
    pub status: Status,
    /// Unix seconds.
    pub opens_at: i64,
    pub closes_at: i64,
    /// The survey's address.
    pub url: String,
}

/// A word a keep/remove question lets people mark.
#[derive(Serialize, ToSchema)]
pub struct WordRef {
    pub index: u32,
    pub text: String,
}

/// A question, with its markable words or its options as shown.
#[derive(Serialize, ToSchema)]
pub struct QuestionBody {
    #[serde(flatten)]
    pub question: Question,
    /// Keep/remove questions: the words, by index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<WordRef>,
    /// Choice, values and group questions: the options; answer with their indices.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}

/// A consultation and its questions.
#[derive(Serialize, ToSchema)]
pub struct ConsultationBody {
    pub id: i64,
    pub title: String,
    pub purpose: String,
    pub status: Status,
    pub opens_at: i64,
    pub closes_at: i64,
    pub audiences: Vec<String>,
    pub questions: Vec<QuestionBody>,
}

impl From<Consultation> for ConsultationBody {
    fn from(c: Consultation) -> Self {
        let questions = c
            .questions
            .iter()
            .map(|q| QuestionBody {
                words: match q.kind {
                    Kind::Words { .. } => words::selectable(&q.blocks())
                        .into_iter()
                        .map(|(index, text)| WordRef { index, text })
                        .collect(),
                    _ => Vec::new(),
                },
                options: q.choices(&c.audiences),
                question: q.clone(),
            })
            .collect();
        ConsultationBody {
            id: c.id,
            title: c.title.clone(),
            purpose: c.purpose.clone(),
            status: c.status(),
            opens_at: c.opens_at,
            closes_at: c.closing(),
            audiences: c.audiences.clone(),
            questions,
        }
    }
}

/// A response: answers by question key, and the token of an earlier
/// response to change it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    #[schema(value_type = Object, example = json!({"q1": {"marks": {"0": "keep", "4": "remove"}}, "q2": {"choices": [1]}, "q3": {"text": "More time to listen"}}))]
    pub answers: Answers,
    #[serde(default)]
    pub token: Option<String>,
}

/// What a saved response gives back.
#[derive(Serialize, ToSchema)]
pub struct Saved {
    /// Send this back as `token` to change the response until it closes.
    pub token: String,
    /// True when an earlier response was changed.
    pub replaced: bool,
}

async fn published(state: &AppState, id: i64) -> Result<Consultation, ApiError> {
    let c = store::by_id(&state.db, id).await?.filter(|c| c.status() != Status::Draft).ok_or(AppError::NotFound)?;
    Ok(c)
}

/// The open and closed consultations of an organisation (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/consultations", tag = "consultations",
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = Vec<ConsultationSummary>), (status = 404, body = crate::error::Problem)))]
pub async fn list(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, ApiError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let list: Vec<ConsultationSummary> = store::list(&state.db, org.id)
        .await?
        .into_iter()
        .filter(|c| c.status() != Status::Draft)
        .map(|c| ConsultationSummary {
            url: respond::survey_url(&state, &org, &c),
            id: c.id,
            status: c.status(),
            opens_at: c.opens_at,
            closes_at: c.closing(),
            title: c.title,
        })
        .collect();
    Ok(json(list))
}

/// One consultation with its questions (public once published).
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "consultations",
    params(("id" = i64, Path, description = "The consultation's id")),
    responses((status = 200, body = ConsultationBody), (status = 404, body = crate::error::Problem)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    Ok(json(ConsultationBody::from(published(&state, id).await?)))
}

/// Sends a response, or changes one with its token (open consultations only).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/responses", tag = "consultations",
    params(("id" = i64, Path, description = "The consultation's id")),
    request_body = ResponseBody,
    responses((status = 201, body = Saved), (status = 200, body = Saved, description = "An earlier response was changed"),
        (status = 400, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem, description = "Not open"),
        (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
pub async fn respond(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path(id): Path<i64>,
    Json(body): Json<ResponseBody>,
) -> Result<Response, ApiError> {
    let c = published(&state, id).await?;
    respond::ensure_open(&c)?;
    state.response_limits.check(address)?;
    let fresh = body.token.is_none();
    let token = match body.token {
        Some(token) => {
            let known = store::response_by_token(&state.db, c.id, &secrets::token_hash(&token)).await?;
            if known.is_none() {
                return Err(AppError::NotFoundMessage("No response was made with that token.".to_owned()).into());
            }
            token
        }
        None => secrets::new_token(),
    };
    let replaced = respond::accept(&state, &c, &secrets::token_hash(&token), fresh, body.answers).await?;
    let status = if replaced { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, axum::Json(Saved { token, replaced })).into_response())
}

/// The request's API person, if it sent a token.
pub struct MaybeApiPerson(pub Option<ApiPerson>);

impl FromRequestParts<AppState> for MaybeApiPerson {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if parts.headers.contains_key(header::AUTHORIZATION) {
            Ok(MaybeApiPerson(Some(ApiPerson::from_request_parts(parts, state).await?)))
        } else {
            Ok(MaybeApiPerson(None))
        }
    }
}

/// The results, from the running tallies; figures over fewer than 5
/// people are suppressed. Public when the consultation's setting says so,
/// otherwise for the organisation's Board, editors and owners.
#[utoipa::path(get, path = "/api/v1/consultations/{id}/results", tag = "consultations",
    params(("id" = i64, Path, description = "The consultation's id"),
        ("group" = Option<String>, Query, description = "Only this respondent group")),
    responses((status = 200, description = "Results by question", content_type = "application/json"),
        (status = 404, body = crate::error::Problem)),
    security((), ("token" = [])))]
pub async fn results(
    State(state): State<AppState>,
    MaybeApiPerson(person): MaybeApiPerson,
    Path(id): Path<i64>,
    axum::extract::Query(query): axum::extract::Query<GroupQuery>,
) -> Result<Response, ApiError> {
    let c = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let sql = "SELECT slug FROM organisations WHERE id = $1";
    let slug: String = crate::on_db!(&state.db, pool => sqlx::query_scalar(sql).bind(c.org_id).fetch_one(pool).await)?;
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    results::may_read(&state.db, &org, &c, person.as_ref().map(|p| &p.0)).await?;
    let group = query.group.as_deref().filter(|g| !g.is_empty());
    Ok(json(results::compute(&state.db, &c, group).await?))
}

#[derive(Deserialize)]
pub struct GroupQuery {
    #[serde(default)]
    group: Option<String>,
}
