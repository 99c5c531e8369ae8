//! Consultations through the API: the published ones of an organisation,
//! one with its questions, responding (the same rules as the form), and the
//! results (to whoever the consultation's setting allows).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::extract::{Path, Query};
use super::{Json, json};
use crate::app::AppState;
use crate::auth::signin::ClientAddress;
use crate::auth::tokens::MaybeApiPerson;
use crate::consultations::answers::Answers;
use crate::consultations::model::{Consultation, Kind, Question, Status};
use crate::consultations::verified::{self, Standing};
use crate::consultations::{respond, respondent_token, results, store, words};
use crate::error::{ApiError, AppError};
use crate::orgs::model;
use crate::web::forms::FieldError;

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
    /// Answers by question key ("q1", "q2", …), each an [`Answer`]: which
    /// of its fields to send depends on the question's type.
    #[schema(schema_with = answers_schema)]
    pub answers: Answers,
    #[serde(default)]
    pub token: Option<String>,
    /// Count this response as verified staff. Needs the API token of a
    /// member of the consultation's organisation (any role); the person is
    /// not stored with the response. One verified response per person.
    #[serde(default)]
    pub verified_staff: bool,
}

/// The schema of [`ResponseBody::answers`]: an object from question keys
/// to answers.
fn answers_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Ref, Type};
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(ObjectBuilder::new().schema_type(Type::String).pattern(Some("^q[0-9]+$"))))
        .additional_properties(Some(Ref::from_schema_name("Answer")))
        .description(Some("Answers by question key; which fields of an answer count depends on the question's type."))
        .examples([serde_json::json!({"q1": {"marks": {"0": "keep", "4": "remove"}}, "q2": {"choices": [1]}, "q3": {"text": "More time to listen"}})])
        .build()
}

/// What a saved response gives back.
#[derive(Serialize, ToSchema)]
pub struct Saved {
    /// Send this back as `token` to change the response until it closes.
    pub token: String,
    /// True when an earlier response was changed.
    pub replaced: bool,
    /// True when the response counts as verified staff.
    pub verified_staff: bool,
}

async fn published(state: &AppState, id: i64) -> Result<Consultation, ApiError> {
    let c = store::by_id(&state.db, id).await?.filter(|c| c.status() != Status::Draft).ok_or(AppError::NotFound)?;
    Ok(c)
}

/// [`published`] from the in-memory copy (see `consultations::live`).
async fn published_live(state: &AppState, id: i64) -> Result<std::sync::Arc<Consultation>, ApiError> {
    let c = state.live.get(&state.db, id).await?.filter(|c| c.status() != Status::Draft).ok_or(AppError::NotFound)?;
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
            url: crate::consultations::links::survey_url(&state, &org, &c),
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
/// With `verified_staff: true` and the API token of a member of the
/// organisation, the response counts as verified staff (group "staff");
/// each person has at most one verified response, changed with its token.
#[utoipa::path(post, path = "/api/v1/consultations/{id}/responses", tag = "consultations",
    params(("id" = i64, Path, description = "The consultation's id")),
    request_body = ResponseBody,
    responses((status = 201, body = Saved), (status = 200, body = Saved, description = "An earlier response was changed"),
        (status = 400, body = crate::error::Problem),
        (status = 401, body = crate::error::Problem, description = "verified_staff without an API token"),
        (status = 404, body = crate::error::Problem),
        (status = 409, body = crate::error::Problem, description = "Not open, or a verified response made elsewhere"),
        (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)),
    security((), ("token" = [])))]
pub async fn respond(
    State(state): State<AppState>,
    MaybeApiPerson(person): MaybeApiPerson,
    ClientAddress(address): ClientAddress,
    Path(id): Path<i64>,
    Json(body): Json<ResponseBody>,
) -> Result<Response, ApiError> {
    let c = published_live(&state, id).await?;
    respond::ensure_open(&c)?;
    state.response_limits.check(address)?;
    // Only an explicit request with a member's token is verified; anonymous
    // posts never are.
    let standing = match (body.verified_staff, &person) {
        (false, _) => Standing::Anonymous,
        (true, None) => return Err(AppError::SignInRequired { next: String::new() }.into()),
        (true, Some(p)) => match Standing::of(&state.db, c.org_id, Some(&p.0)).await? {
            Standing::Member(id) => Standing::Member(id),
            _ => {
                let message = "Only members of the organisation running this consultation can answer as verified \
                               staff. Send the response without verified_staff to answer anonymously.";
                return Err(AppError::Invalid(vec![FieldError {
                    field: "verified_staff".to_owned(),
                    message: message.to_owned(),
                }])
                .into());
            }
        },
    };
    let key = respond::signing_key(&state).await?;
    let held = match body.token {
        Some(token) => {
            let known = store::response_by_token(&state.db, c.id, &respondent_token::key(&token)).await?;
            let Some(known) = known else {
                return Err(AppError::NotFoundMessage("No response was made with that token.".to_owned()).into());
            };
            let theirs = match standing {
                Standing::Member(p) => verified::is_theirs(&state.db, key, &c, p, &token).await?,
                _ => false,
            };
            if known.verified_staff && !theirs {
                return Err(AppError::Conflict(
                    "That response counts as verified staff. Only the person who made it can change it, with their \
                     own API token and verified_staff set to true; nothing was changed."
                        .to_owned(),
                )
                .into());
            }
            Some((token, Some(known)))
        }
        None => None,
    };
    let decision = verified::decide(&state.db, key, &c, standing, held).await?;
    let verified_staff = decision.claim.is_some();
    let replaced = respond::accept(
        &state,
        &c,
        &respondent_token::key(&decision.token),
        decision.fresh,
        body.answers,
        decision.claim,
    )
    .await?;
    let status = if replaced { StatusCode::OK } else { StatusCode::CREATED };
    Ok((status, axum::Json(Saved { token: decision.token, replaced, verified_staff })).into_response())
}

/// The results, from the running tallies; figures over fewer than 5
/// people are suppressed. Public when the consultation's setting says so,
/// otherwise for the organisation's Board, editors and owners.
#[utoipa::path(get, path = "/api/v1/consultations/{id}/results", tag = "consultations",
    params(("id" = i64, Path, description = "The consultation's id"),
        ("group" = Option<String>, Query, description = "Only this respondent group; `verified_staff` for verified staff only")),
    responses((status = 200, description = "Results by question", content_type = "application/json"),
        (status = 404, body = crate::error::Problem)),
    security((), ("token" = [])))]
pub async fn results(
    State(state): State<AppState>,
    MaybeApiPerson(person): MaybeApiPerson,
    Path(id): Path<i64>,
    Query(query): Query<GroupQuery>,
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
