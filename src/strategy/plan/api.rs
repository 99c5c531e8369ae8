//! The strategy through the JSON API: anyone reads the published strategy,
//! an earlier (superseded) one and their objectives with every update, as
//! the pages show them; drafts only with an editor's token of the
//! organisation. Editors add progress updates, checked as the page's form
//! checks them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::model::{Objective, ObjectiveStatus, Rollup, Strategy, rollup};
use super::progress::Update;
use super::store;
use super::update_input::{self, UpdateInput};
use crate::api::extract::Path;
use crate::api::{Json, json};
use crate::app::AppState;
use crate::auth::tokens::MaybeApiPerson;
use crate::error::{ApiError, AppError};
use crate::orgs::access::{self, ApiEditor, Role};
use crate::orgs::model::{self, Org};
use crate::strategy::measures::financial_year::FinancialYear;

#[derive(OpenApi)]
#[openapi(
    paths(current, one, objective, add_update),
    components(schemas(
        StrategyBody,
        AimBody,
        PriorityBody,
        YearBody,
        AimRollupBody,
        RollupBody,
        ObjectiveBody,
        LatestBody,
        ObjectiveDetail,
        UpdateBody,
        UpdateInput
    ))
)]
pub struct StrategyDoc;

/// A strategy with its aims and, for each of its financial years, the
/// objectives with their status and the roll-ups.
#[derive(Serialize, ToSchema)]
pub struct StrategyBody {
    pub id: i64,
    pub title: String,
    /// "2025-26".
    pub first_year: String,
    pub last_year: String,
    pub summary: String,
    pub document_url: String,
    /// draft, published or superseded.
    pub status: &'static str,
    /// Unix seconds.
    pub published_at: Option<i64>,
    pub aims: Vec<AimBody>,
    pub years: Vec<YearBody>,
}

#[derive(Serialize, ToSchema)]
pub struct AimBody {
    pub id: i64,
    /// 1, 2, … as the page numbers them.
    pub number: usize,
    pub title: String,
    pub description: String,
    /// The title of an earlier strategy that had this aim word for word.
    pub carried_over_from: Option<String>,
    pub priorities: Vec<PriorityBody>,
}

#[derive(Serialize, ToSchema)]
pub struct PriorityBody {
    pub id: i64,
    pub title: String,
    pub description: String,
}

/// One financial year: the whole year's roll-up, each aim's, and the objectives.
#[derive(Serialize, ToSchema)]
pub struct YearBody {
    pub year: String,
    pub rollup: RollupBody,
    pub aims: Vec<AimRollupBody>,
    pub objectives: Vec<ObjectiveBody>,
}

#[derive(Serialize, ToSchema)]
pub struct AimRollupBody {
    pub aim_id: i64,
    pub rollup: RollupBody,
}

/// What a group of objectives adds up to (see `rule`).
#[derive(Serialize, ToSchema)]
pub struct RollupBody {
    /// on_track, at_risk or off_track; not_started when nothing counts yet.
    pub status: ObjectiveStatus,
    /// The weighted score from 0 to 1, when anything counts.
    pub score: Option<f64>,
    /// How many objectives count.
    pub counted: usize,
    pub rule: &'static str,
}

impl From<Rollup> for RollupBody {
    fn from(r: Rollup) -> RollupBody {
        RollupBody { status: r.status, score: r.score, counted: r.counted, rule: super::model::ROLLUP_RULE }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ObjectiveBody {
    pub id: i64,
    pub aim_id: i64,
    pub priority_id: Option<i64>,
    pub year: String,
    pub title: String,
    pub description: String,
    pub lead: String,
    pub committee: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
    pub weight: f64,
    pub status: ObjectiveStatus,
    /// monthly or quarterly: how often progress is reported.
    pub cadence: &'static str,
    /// The id of the objective this one carries on.
    pub carried_from: Option<i64>,
    pub latest_update: Option<LatestBody>,
    /// In progress, without an update for this period or the one before.
    pub stale: bool,
    /// Its page.
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct LatestBody {
    pub period: String,
    /// green, amber or red.
    pub rag: &'static str,
}

/// An objective with every progress update, newest period first.
#[derive(Serialize, ToSchema)]
pub struct ObjectiveDetail {
    pub strategy_id: i64,
    pub aim_title: String,
    pub objective: ObjectiveBody,
    pub updates: Vec<UpdateBody>,
}

#[derive(Serialize, ToSchema)]
pub struct UpdateBody {
    pub id: i64,
    pub period: String,
    pub rag: &'static str,
    pub confidence: &'static str,
    pub narrative: String,
    pub evidence: Vec<String>,
    /// Who wrote it, if known.
    pub by: String,
    /// Unix seconds.
    pub at: i64,
}

/// An update as the API gives it.
pub fn update_body(u: Update) -> UpdateBody {
    UpdateBody {
        id: u.id,
        period: u.period.to_string(),
        rag: u.rag.as_str(),
        confidence: u.confidence.as_str(),
        narrative: u.narrative,
        evidence: u.evidence,
        by: u.author,
        at: u.created_at,
    }
}

fn objective_body(org: &Org, o: &Objective, today: &jiff::civil::Date) -> ObjectiveBody {
    ObjectiveBody {
        id: o.id,
        aim_id: o.aim_id,
        priority_id: o.priority_id,
        year: o.year.to_string(),
        title: o.title.clone(),
        description: o.description.clone(),
        lead: o.lead.clone(),
        committee: o.committee.clone(),
        due: o.due_on.clone(),
        weight: o.weight,
        status: o.status,
        cadence: o.cadence.as_str(),
        carried_from: o.carried_from,
        latest_update: o.latest.map(|(period, rag)| LatestBody { period: period.to_string(), rag: rag.as_str() }),
        stale: o.stale(today),
        url: format!("/o/{}/strategy/objectives/{}", org.slug, o.id),
    }
}

fn strategy_body(org: &Org, s: Strategy) -> StrategyBody {
    let today = org.today();
    let years = s
        .years()
        .into_iter()
        .map(|year: FinancialYear| YearBody {
            year: year.to_string(),
            rollup: rollup(s.objectives().filter(|o| o.year == year).map(|o| (o.status, o.weight))).into(),
            aims: s.aims.iter().map(|a| AimRollupBody { aim_id: a.id, rollup: a.rollup(year).into() }).collect(),
            objectives: s.objectives().filter(|o| o.year == year).map(|o| objective_body(org, o, &today)).collect(),
        })
        .collect();
    StrategyBody {
        id: s.id,
        title: s.title,
        first_year: s.first_year.to_string(),
        last_year: s.last_year.to_string(),
        summary: s.summary,
        document_url: s.document_url,
        status: match s.status {
            super::model::StrategyStatus::Draft => "draft",
            super::model::StrategyStatus::Published => "published",
            super::model::StrategyStatus::Superseded => "superseded",
        },
        published_at: s.published_at,
        aims: s
            .aims
            .into_iter()
            .enumerate()
            .map(|(i, a)| AimBody {
                id: a.id,
                number: i + 1,
                title: a.title,
                description: a.description,
                carried_over_from: a.carried_from,
                priorities: a
                    .priorities
                    .into_iter()
                    .map(|p| PriorityBody { id: p.id, title: p.title, description: p.description })
                    .collect(),
            })
            .collect(),
        years,
    }
}

async fn org(state: &AppState, slug: &str) -> Result<Org, ApiError> {
    Ok(model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?)
}

/// Whether the request's token is an editor's (or owner's) of `org`.
pub(crate) async fn is_editor(state: &AppState, org: &Org, person: &MaybeApiPerson) -> Result<bool, ApiError> {
    let Some(person) = &person.0 else { return Ok(false) };
    Ok(access::role_of(&state.db, org.id, person.0.id).await?.is_some_and(|r| r >= Role::Editor))
}

async fn respond(state: &AppState, org: &Org, mut strategy: Strategy) -> Result<Response, ApiError> {
    store::mark_carried_aims(&state.db, org.id, &mut strategy).await?;
    Ok(json(strategy_body(org, strategy)))
}

/// The published strategy (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/strategy", tag = "strategy",
    params(("slug" = String, Path, description = "The organisation's short name")),
    responses((status = 200, body = StrategyBody), (status = 404, body = crate::error::Problem, description = "No strategy is published")))]
pub async fn current(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let Some(strategy) = store::published(&state.db, org.id).await? else {
        return Err(AppError::NotFoundMessage(format!("{} has not published a strategy yet.", org.name)).into());
    };
    respond(&state, &org, strategy).await
}

/// One strategy by id: a published or earlier one for anyone, a draft only
/// with an editor's token of the organisation.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/strategy/{id}", tag = "strategy",
    params(("slug" = String, Path, description = "The organisation's short name"), ("id" = i64, Path, description = "The strategy's id")),
    responses((status = 200, body = StrategyBody)),
    security((), ("token" = [])))]
pub async fn one(
    State(state): State<AppState>,
    person: MaybeApiPerson,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let strategy = store::by_id(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    if strategy.is_draft() && !is_editor(&state, &org, &person).await? {
        return Err(AppError::NotFound.into());
    }
    respond(&state, &org, strategy).await
}

/// One objective with every progress update (public once its strategy is
/// published; a draft's only with an editor's token).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/strategy/objectives/{id}", tag = "strategy",
    params(("slug" = String, Path, description = "The organisation's short name"), ("id" = i64, Path, description = "The objective's id")),
    responses((status = 200, body = ObjectiveDetail)),
    security((), ("token" = [])))]
pub async fn objective(
    State(state): State<AppState>,
    person: MaybeApiPerson,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let page = store::objective_page(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    if page.strategy.is_draft() && !is_editor(&state, &org, &person).await? {
        return Err(AppError::NotFound.into());
    }
    Ok(json(detail(&org, page)))
}

fn detail(org: &Org, page: store::ObjectivePage) -> ObjectiveDetail {
    let today = org.today();
    ObjectiveDetail {
        strategy_id: page.strategy.id,
        aim_title: page.strategy.aims[page.aim_position - 1].title.clone(),
        objective: objective_body(org, &page.objective, &today),
        updates: page.updates.into_iter().map(update_body).collect(),
    }
}

/// Add a progress update to an objective (editors): the same checks as the
/// objective page's form; 201 with the objective and its updates.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/strategy/objectives/{id}/updates", tag = "strategy",
    security(("token" = [])), request_body = UpdateInput,
    params(("slug" = String, Path, description = "The organisation's short name"), ("id" = i64, Path, description = "The objective's id")),
    responses((status = 201, body = ObjectiveDetail), (status = 422, body = crate::error::Problem)))]
pub async fn add_update(
    State(state): State<AppState>,
    ApiEditor { org, person }: ApiEditor,
    Path((_slug, id)): Path<(String, i64)>,
    Json(input): Json<UpdateInput>,
) -> Result<Response, ApiError> {
    let found = store::objective_page(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    let update = update_input::check(found.objective.cadence, &input).map_err(|e| AppError::Invalid(e.list))?;
    if !store::add_update(&state.db, org.id, id, &update, person.id).await? {
        return Err(AppError::NotFound.into());
    }
    state.pages.clear();
    let page = store::objective_page(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, axum::Json(detail(&org, page))).into_response())
}
