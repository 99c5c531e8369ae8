//! Shared objectives through the JSON API, as the pages show them: the
//! partnership's side (each member's latest report and the roll-up, public
//! once the strategy is published) and the member's side (what its
//! partnerships share with it, its own reports, and adding one with an
//! editor's token of the member). The same joins as the pages', so an
//! organisation that is not a member finds nothing (404).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::store::{self, MemberReport, SharedObjective};
use super::{MEMBER_ROLLUP_RULE, member_rollup};
use crate::api::extract::Path;
use crate::api::{Json, json};
use crate::app::AppState;
use crate::auth::tokens::MaybeApiPerson;
use crate::error::{ApiError, AppError};
use crate::orgs::access::ApiEditor;
use crate::orgs::model::{self, Org, OrgKind};
use crate::strategy::plan::api::{LatestBody, RollupBody, UpdateBody, update_body};
use crate::strategy::plan::store as plan_store;
use crate::strategy::plan::update_input::{self, UpdateInput};

#[derive(OpenApi)]
#[openapi(
    paths(members, list, one, add_update),
    components(schemas(MembersBody, MemberBody, MemberLatestBody, SharedBody, PartnershipBody, SharedDetail))
)]
pub struct SharedDoc;

/// A partnership's objective as its members report on it.
#[derive(Serialize, ToSchema)]
pub struct MembersBody {
    pub objective_id: i64,
    /// Whether the partnership shares it with its members; when not,
    /// `members` is empty (reports made while it was shared are kept).
    pub shared: bool,
    /// The members' latest reports rolled up (see `rule`).
    pub rollup: RollupBody,
    /// Every current member, by name, with its latest report.
    pub members: Vec<MemberBody>,
}

#[derive(Serialize, ToSchema)]
pub struct MemberBody {
    pub slug: String,
    pub name: String,
    /// Null before the member's first report.
    pub latest: Option<MemberLatestBody>,
}

#[derive(Serialize, ToSchema)]
pub struct MemberLatestBody {
    pub period: String,
    /// green, amber or red.
    pub rag: &'static str,
    /// high, medium or low.
    pub confidence: &'static str,
    /// Unix seconds.
    pub at: i64,
}

/// An objective a partnership shares with the organisation.
#[derive(Serialize, ToSchema)]
pub struct SharedBody {
    pub id: i64,
    pub title: String,
    pub description: String,
    /// "2025-26".
    pub year: String,
    /// `YYYY-MM-DD`, or empty.
    pub due: String,
    /// monthly or quarterly: how often progress is reported.
    pub cadence: &'static str,
    /// The partnership's aim it serves.
    pub aim: String,
    pub partnership: PartnershipBody,
    /// The organisation's own latest report.
    pub latest_update: Option<LatestBody>,
    /// Its page on the organisation's site.
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct PartnershipBody {
    pub slug: String,
    pub name: String,
}

/// A shared objective with every report of the organisation, newest period first.
#[derive(Serialize, ToSchema)]
pub struct SharedDetail {
    pub objective: SharedBody,
    pub updates: Vec<UpdateBody>,
}

async fn org(state: &AppState, slug: &str) -> Result<Org, ApiError> {
    Ok(model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?)
}

fn member_body(m: MemberReport) -> MemberBody {
    MemberBody {
        slug: m.slug,
        name: m.name,
        latest: m.latest.map(|(period, rag, confidence, at)| MemberLatestBody {
            period,
            rag: rag.as_str(),
            confidence: confidence.as_str(),
            at,
        }),
    }
}

fn shared_body(member: &Org, o: SharedObjective) -> SharedBody {
    SharedBody {
        id: o.id,
        title: o.title,
        description: o.description,
        year: o.year.to_string(),
        due: o.due_on,
        cadence: o.cadence.as_str(),
        aim: o.aim,
        partnership: PartnershipBody { slug: o.partnership_slug, name: o.partnership },
        latest_update: o.latest.map(|(period, rag)| LatestBody { period, rag: rag.as_str() }),
        url: format!("/o/{}/strategy/shared/{}", member.slug, o.id),
    }
}

/// The members' latest reports on a partnership's objective and their
/// roll-up (public once the strategy is published; a draft's only with an
/// editor's token of the partnership).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/strategy/objectives/{id}/members", tag = "strategy",
    params(("slug" = String, Path, description = "The partnership's short name"), ("id" = i64, Path, description = "The objective's id")),
    responses((status = 200, body = MembersBody), (status = 404, body = crate::error::Problem)),
    security((), ("token" = [])))]
pub async fn members(
    State(state): State<AppState>,
    person: MaybeApiPerson,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let found = plan_store::objective_page(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    if found.strategy.is_draft() && !crate::strategy::plan::api::is_editor(&state, &org, &person).await? {
        return Err(AppError::NotFound.into());
    }
    let shared = org.kind == OrgKind::Partnership && store::is_shared(&state.db, id).await?;
    let reports = if shared { store::member_reports(&state.db, org.id, id).await? } else { Vec::new() };
    let r = member_rollup(reports.iter().filter_map(|m| m.latest.as_ref().map(|l| l.1)));
    let rollup = RollupBody { status: r.status, score: r.score, counted: r.counted, rule: MEMBER_ROLLUP_RULE };
    Ok(json(MembersBody { objective_id: id, shared, rollup, members: reports.into_iter().map(member_body).collect() }))
}

/// The objectives the organisation's partnerships share with it, with its
/// own latest report on each, newest year first (public).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/strategy/shared", tag = "strategy",
    params(("slug" = String, Path, description = "The member organisation's short name")),
    responses((status = 200, body = [SharedBody])))]
pub async fn list(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    let shared = store::for_member(&state.db, org.id).await?;
    Ok(json(shared.into_iter().map(|o| shared_body(&org, o)).collect::<Vec<_>>()))
}

async fn detail(state: &AppState, member: &Org, id: i64) -> Result<SharedDetail, ApiError> {
    let objective = store::for_member_one(&state.db, member.id, id).await?.ok_or(AppError::NotFound)?;
    let updates = store::member_updates(&state.db, member.id, id).await?;
    Ok(SharedDetail {
        objective: shared_body(member, objective),
        updates: updates.into_iter().map(update_body).collect(),
    })
}

/// One objective shared with the organisation, with every report it made
/// (public; 404 unless shared with it).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/strategy/shared/{id}", tag = "strategy",
    params(("slug" = String, Path, description = "The member organisation's short name"), ("id" = i64, Path, description = "The objective's id")),
    responses((status = 200, body = SharedDetail), (status = 404, body = crate::error::Problem)))]
pub async fn one(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>) -> Result<Response, ApiError> {
    let org = org(&state, &slug).await?;
    Ok(json(detail(&state, &org, id).await?))
}

/// Report the member organisation's progress on an objective shared with
/// it (the member's editors): the same checks as its page's form; 201 with
/// the objective and the member's reports.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/strategy/shared/{id}/updates", tag = "strategy",
    security(("token" = [])), request_body = UpdateInput,
    params(("slug" = String, Path, description = "The member organisation's short name"), ("id" = i64, Path, description = "The objective's id")),
    responses((status = 201, body = SharedDetail), (status = 404, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn add_update(
    State(state): State<AppState>,
    ApiEditor { org, person }: ApiEditor,
    Path((_slug, id)): Path<(String, i64)>,
    Json(input): Json<UpdateInput>,
) -> Result<Response, ApiError> {
    let objective = store::for_member_one(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    let update = update_input::check(objective.cadence, &input).map_err(|e| AppError::Invalid(e.list))?;
    if !store::add_member_update(&state.db, org.id, id, &update, person.id).await? {
        return Err(AppError::NotFound.into());
    }
    state.pages.clear();
    Ok((StatusCode::CREATED, axum::Json(detail(&state, &org, id).await?)).into_response())
}
