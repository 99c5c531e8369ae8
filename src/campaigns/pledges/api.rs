//! Pledges through the JSON API: anyone sends one for an organisation
//! taking part (the same checks and limits as the form, 201 or a 422
//! problem naming each field), and anyone reads a campaign's approved
//! pledges. Pending and rejected pledges are never listed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use super::{Pledge, check, form, store};
use crate::api::extract::Path;
use crate::api::{Json, json};
use crate::app::AppState;
use crate::auth::signin::ClientAddress;
use crate::campaigns::access::runs;
use crate::campaigns::api::OrgRef;
use crate::campaigns::model::Campaign;
use crate::error::{ApiError, AppError};
use crate::orgs::model::Org;

#[derive(OpenApi)]
#[openapi(paths(submit, list), components(schemas(PledgeInput, PledgeSent, PledgeBody)))]
pub struct PledgesDoc;

/// A pledge to send.
#[derive(Deserialize, ToSchema)]
pub struct PledgeInput {
    /// One of the organisation's published values (or, when it has none,
    /// of the campaign's national values), exactly as named.
    pub value: String,
    /// The pledge, 1 to 280 characters.
    pub body: String,
    /// The name to show, up to 60 characters; empty or absent: anonymous.
    #[serde(default)]
    pub display_name: Option<String>,
}

/// A pledge received: it waits for the organisation to approve it.
#[derive(Serialize, ToSchema)]
pub struct PledgeSent {
    pub id: i64,
    /// Always "pending" when sent.
    pub status: String,
    /// The private page where the writer follows the pledge and marks it
    /// done. Shown once: keep it.
    pub private_url: String,
}

/// An approved pledge.
#[derive(Serialize, ToSchema)]
pub struct PledgeBody {
    pub id: i64,
    pub organisation: OrgRef,
    pub value: String,
    pub body: String,
    /// Null when anonymous.
    pub display_name: Option<String>,
    /// The writer has marked it done.
    pub done: bool,
    /// Its public page.
    pub url: String,
}

async fn campaign(state: &AppState, id: i64) -> Result<Campaign, AppError> {
    crate::campaigns::store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// The organisation, if it runs or takes part in the campaign.
async fn taking_part(state: &AppState, c: &Campaign, slug: &str) -> Result<Org, AppError> {
    let org = crate::orgs::model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if !runs(&org, c) && !crate::campaigns::store::takes_part(&state.db, c.id, org.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(org)
}

/// Sends a pledge for an organisation taking part; it shows nowhere until
/// the organisation approves it.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/organisations/{slug}/pledges", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id"),
        ("slug" = String, Path, description = "The organisation's short name")),
    request_body = PledgeInput,
    responses((status = 201, body = PledgeSent), (status = 400, body = crate::error::Problem),
        (status = 404, body = crate::error::Problem), (status = 415, body = crate::error::Problem),
        (status = 422, body = crate::error::Problem), (status = 429, body = crate::error::Problem)))]
pub async fn submit(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Path((id, slug)): Path<(i64, String)>,
    Json(input): Json<PledgeInput>,
) -> Result<Response, ApiError> {
    let c = campaign(&state, id).await?;
    let org = taking_part(&state, &c, &slug).await?;
    state.response_limits.check(address)?;
    let offered = form::offered(&state, &org, &c).await?;
    let pledge = check(&offered, &input.value, &input.body, input.display_name.as_deref().unwrap_or(""))
        .map_err(|e| AppError::Invalid(e.list))?;
    let (token, id) = form::store_new(&state, &org, &c, pledge, None).await?;
    let base = state.config.public_url.trim_end_matches('/');
    let sent = PledgeSent {
        id,
        // Every pledge starts waiting for the organisation's check.
        status: super::PledgeStatus::Pending.as_str().to_owned(),
        private_url: format!("{base}/o/{}/campaigns/{}/pledges/mine/{token}", org.slug, c.slug),
    };
    Ok((StatusCode::CREATED, axum::Json(sent)).into_response())
}

/// The approved pledges of every organisation taking part, newest first.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/pledges", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses((status = 200, body = Vec<PledgeBody>), (status = 404, body = crate::error::Problem)))]
pub async fn list(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let c = campaign(&state, id).await?;
    let pledges = store::approved(&state.db, c.id, None, i64::MAX).await?;
    let base = state.config.public_url.trim_end_matches('/');
    let body = |p: Pledge| PledgeBody {
        url: format!("{base}/o/{}/campaigns/{}/pledges/{}", p.org_slug, c.slug, p.id),
        id: p.id,
        display_name: (!p.display_name.is_empty()).then_some(p.display_name),
        organisation: OrgRef { slug: p.org_slug, name: p.org_name },
        value: p.value_name,
        body: p.body,
        done: p.done,
    };
    Ok(json(pledges.into_iter().map(body).collect::<Vec<_>>()))
}
