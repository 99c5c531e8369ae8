//! Returns through the JSON API. `GET …/returns` gives every taking-part
//! organisation's figures and state, to the national body's editors and
//! owners only (a bearer token; 401 without, 403 for anyone else).
//! `GET …/totals` gives the dashboard's totals to anyone: they add up the
//! returns sent and name no organisation, and a national body publishes
//! such totals anyway, so a public campaign page or report can show them
//! without a token.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::dashboard::{self, Total};
use super::{Return, ReturnStatus, store};
use crate::api::extract::Path;
use crate::api::json;
use crate::app::AppState;
use crate::auth::tokens::ApiPerson;
use crate::campaigns::api::OrgRef;
use crate::campaigns::model::Campaign;
use crate::error::{ApiError, AppError};
use crate::orgs::access::{Need, require};

#[derive(OpenApi)]
#[openapi(paths(returns, totals), components(schemas(ReturnBody, FigureBody, TotalsBody, Total, ReturnStatus)))]
pub struct ReturnsDoc;

/// One figure of a return.
#[derive(Serialize, ToSchema)]
pub struct FigureBody {
    /// A derived figure's key (events, staff, public, partner_people,
    /// partner_orgs, pledges, thanks), "social", or "m<id>" for a measure.
    pub key: String,
    pub label: String,
    pub value: Option<i64>,
    /// "derived" (worked out from what was logged) or "entered".
    pub source: String,
    /// What Ethos derived, for a derivable figure.
    pub derived: Option<i64>,
    /// Why a derived figure was changed ('' when it was not).
    pub reason: String,
    /// A measure the organisation added for itself.
    pub own: bool,
}

/// An organisation's return.
#[derive(Serialize, ToSchema)]
pub struct ReturnBody {
    pub organisation: OrgRef,
    pub status: ReturnStatus,
    pub figures: Vec<FigureBody>,
    pub social_how: String,
    pub highlight: String,
    /// The national body's comment when it sent the return back.
    pub comment: String,
    pub submitted_by: Option<String>,
    #[schema(format = DateTime)]
    pub submitted_at: Option<String>,
}

impl From<Return> for ReturnBody {
    fn from(r: Return) -> ReturnBody {
        ReturnBody {
            organisation: OrgRef { slug: r.org_slug, name: r.org_name },
            status: r.status,
            figures: r
                .figures
                .into_iter()
                .map(|f| FigureBody {
                    source: f.source.label().to_owned(),
                    key: f.key,
                    label: f.label,
                    value: f.value,
                    derived: f.derived,
                    reason: f.reason,
                    own: f.own,
                })
                .collect(),
            social_how: r.social_how,
            highlight: r.highlight,
            comment: r.comment,
            submitted_by: r.submitted.as_ref().map(|(by, _)| by.clone()),
            submitted_at: r.submitted.map(|(_, at)| crate::web::spreadsheet::time(at)),
        }
    }
}

/// A campaign's totals, over the returns sent (submitted or accepted).
#[derive(Serialize, ToSchema)]
pub struct TotalsBody {
    pub taking_part: i64,
    pub submitted: i64,
    pub accepted: i64,
    pub totals: Vec<Total>,
}

async fn campaign(state: &AppState, id: i64) -> Result<Campaign, AppError> {
    crate::campaigns::store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// Every taking-part organisation's return (the national body's editors).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/returns", tag = "campaigns", security(("token" = [])),
    params(("id" = i64, Path, description = "The campaign's id")),
    responses((status = 200, body = Vec<ReturnBody>), (status = 401, body = crate::error::Problem),
        (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
pub async fn returns(
    State(state): State<AppState>,
    ApiPerson(me): ApiPerson,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let c = campaign(&state, id).await?;
    let national =
        crate::orgs::model::by_id(&state.db, c.org_id).await.map_err(AppError::from)?.ok_or(AppError::NotFound)?;
    require(&state.db, &national, &me, Need::Editor).await?;
    let list = store::load(&state.db, &c, None).await?;
    Ok(json(list.into_iter().map(ReturnBody::from).collect::<Vec<_>>()))
}

/// The dashboard's totals (public).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/totals", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses((status = 200, body = TotalsBody), (status = 404, body = crate::error::Problem)))]
pub async fn totals(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let c = campaign(&state, id).await?;
    let d = dashboard::data(&state.db, &c).await?;
    Ok(json(TotalsBody {
        taking_part: d.taking_part as i64,
        submitted: d.submitted as i64,
        accepted: d.accepted as i64,
        totals: d.totals,
    }))
}
