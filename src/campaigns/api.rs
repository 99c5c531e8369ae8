//! Campaigns through the JSON API: anyone reads a campaign — its dates,
//! status and any postponement — and its public events, as the pages show
//! them.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::events::CampaignEvent;
use super::model::{Campaign, Status};
use super::store;
use crate::api::extract::Path;
use crate::api::json;
use crate::app::AppState;
use crate::error::{ApiError, AppError};

#[derive(OpenApi)]
#[openapi(paths(show, events), components(schemas(CampaignBody, OrgRef, EventBody, Status)))]
pub struct CampaignsDoc;

/// An organisation named in a campaign.
#[derive(Serialize, ToSchema)]
pub struct OrgRef {
    pub slug: String,
    pub name: String,
}

/// A campaign. Dates are civil dates in Europe/London; the `original_*`
/// dates and the reason are set once it has been postponed, null before.
#[derive(Serialize, ToSchema)]
pub struct CampaignBody {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// The year of this edition.
    pub edition: i64,
    /// Without the '#'.
    pub hashtag: String,
    /// The national account to tag, without the '@'.
    pub handle: String,
    pub summary: String,
    pub status: Status,
    #[schema(format = Date)]
    pub starts_on: String,
    #[schema(format = Date)]
    pub ends_on: String,
    #[schema(format = Date)]
    pub original_starts_on: Option<String>,
    #[schema(format = Date)]
    pub original_ends_on: Option<String>,
    pub postponement_reason: Option<String>,
    pub national_values: Vec<String>,
    /// The national body that runs it.
    pub organiser: OrgRef,
    /// Organisations taking part, by name.
    pub participants: Vec<OrgRef>,
}

/// A public event of an organisation taking part.
#[derive(Serialize, ToSchema)]
pub struct EventBody {
    pub id: i64,
    /// The calendar UID, the same in every feed and after any change.
    pub uid: String,
    pub organisation: OrgRef,
    pub title: String,
    pub kind: String,
    pub values: Vec<String>,
    pub all_day: bool,
    /// A date (all-day events) or a Europe/London time to the minute,
    /// e.g. 2026-10-12T10:00.
    pub starts: String,
    /// The last day (all-day events, included) or the end time.
    pub ends: String,
    pub place: String,
    pub online_url: String,
    /// planned, held or cancelled.
    pub status: String,
    pub partners: Vec<String>,
}

impl From<&CampaignEvent> for EventBody {
    fn from(e: &CampaignEvent) -> EventBody {
        let (starts, ends) = e.when.stored();
        EventBody {
            id: e.id,
            uid: e.uid.clone(),
            organisation: OrgRef { slug: e.org_slug.clone(), name: e.org_name.clone() },
            title: e.title.clone(),
            kind: e.kind.clone(),
            values: e.values.clone(),
            all_day: e.when.all_day(),
            starts,
            ends,
            place: e.place.clone(),
            online_url: e.online_url.clone(),
            status: e.status.as_str().to_owned(),
            partners: e.partners.iter().map(|p| p.name.clone()).collect(),
        }
    }
}

async fn campaign(state: &AppState, id: i64) -> Result<Campaign, AppError> {
    store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// One campaign, with who runs it and who takes part.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses((status = 200, body = CampaignBody)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let c = campaign(&state, id).await?;
    let organiser =
        crate::orgs::model::by_id(&state.db, c.org_id).await.map_err(AppError::from)?.ok_or(AppError::NotFound)?;
    let participants = store::participants(&state.db, c.id).await?;
    let (original_starts_on, original_ends_on) = match c.original {
        Some((from, to)) => (Some(from.to_string()), Some(to.to_string())),
        None => (None, None),
    };
    Ok(json(CampaignBody {
        id: c.id,
        postponement_reason: c.original.map(|_| c.postponement_reason.clone()),
        original_starts_on,
        original_ends_on,
        starts_on: c.starts_on.to_string(),
        ends_on: c.ends_on.to_string(),
        status: c.status,
        organiser: OrgRef { slug: organiser.slug, name: organiser.name },
        participants: participants.into_iter().map(|o| OrgRef { slug: o.slug, name: o.name }).collect(),
        national_values: c.national_values,
        slug: c.slug,
        name: c.name,
        edition: c.edition,
        hashtag: c.hashtag,
        handle: c.handle,
        summary: c.summary,
    }))
}

/// The public events of every organisation taking part, in time order.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/events", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses((status = 200, body = Vec<EventBody>)))]
pub async fn events(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let c = campaign(&state, id).await?;
    let list = super::events::store::list(&state.db, c.id, None, false).await?;
    Ok(json(list.iter().map(EventBody::from).collect::<Vec<_>>()))
}
