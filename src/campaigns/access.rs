//! Who may see and do what with a campaign, as extractors built from the
//! path's `{slug}` and `{campaign}` and the session, so that no handler can
//! forget a check. An organisation that neither runs nor takes part in the
//! campaign has no campaign pages: 404, whoever asks.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::model::Campaign;
use super::store;
use crate::app::AppState;
use crate::auth::people::Person;
use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::orgs::access::{Need, path_org, require};
use crate::orgs::model::Org;

/// The campaign named by the path's `{campaign}`.
async fn path_campaign(parts: &mut Parts, state: &AppState) -> Result<Campaign, AppError> {
    let Path(params) =
        Path::<HashMap<String, String>>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
    let slug = params.get("campaign").ok_or(AppError::NotFound)?;
    store::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

/// An editor (or owner) of the organisation in the path, signed in, with
/// the campaign in the path: what every editor's extractor starts from.
async fn editor_and_campaign(parts: &mut Parts, state: &AppState) -> Result<(Org, Campaign, Person), AppError> {
    let SignedIn(person) = SignedIn::from_request_parts(parts, state).await?;
    let org = path_org(parts, state).await?;
    require(&state.db, &org, &person, Need::Editor).await?;
    let campaign = path_campaign(parts, state).await?;
    Ok((org, campaign, person))
}

/// Whether `org` runs the campaign.
pub fn runs(org: &Org, campaign: &Campaign) -> bool {
    campaign.org_id == org.id
}

/// A campaign seen from an organisation that runs it or takes part in it
/// (public pages and feeds).
pub struct CampaignOf {
    pub org: Org,
    pub campaign: Campaign,
}

impl FromRequestParts<AppState> for CampaignOf {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Path(params) =
            Path::<HashMap<String, String>>::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        let (Some(slug), Some(campaign)) = (params.get("slug"), params.get("campaign")) else {
            return Err(AppError::NotFound);
        };
        CampaignOf::find(state, slug, campaign).await
    }
}

impl CampaignOf {
    /// Campaign `campaign` seen from organisation `slug`, as the extractor
    /// finds it (for a handler that may answer before looking).
    pub async fn find(state: &AppState, slug: &str, campaign: &str) -> Result<CampaignOf, AppError> {
        let org = crate::orgs::model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
        let campaign = store::by_slug(&state.db, campaign).await?.ok_or(AppError::NotFound)?;
        if !runs(&org, &campaign) && !store::takes_part(&state.db, campaign.id, org.id).await? {
            return Err(AppError::NotFound);
        }
        Ok(CampaignOf { org, campaign })
    }
}

/// An editor (or owner) of the national body that runs the campaign.
/// Anyone else signed in is refused (403); an organisation that does not
/// run the campaign has nothing here (404).
pub struct NationalEditor {
    pub org: Org,
    pub campaign: Campaign,
    pub person: Person,
}

impl FromRequestParts<AppState> for NationalEditor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (org, campaign, person) = editor_and_campaign(parts, state).await?;
        if !runs(&org, &campaign) {
            return Err(AppError::NotFound);
        }
        Ok(NationalEditor { org, campaign, person })
    }
}

/// An editor (or owner) of an organisation that takes part in the
/// campaign or runs it: who logs its events.
pub struct LocalEditor {
    pub org: Org,
    pub campaign: Campaign,
    pub person: Person,
}

impl FromRequestParts<AppState> for LocalEditor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (org, campaign, person) = editor_and_campaign(parts, state).await?;
        if !runs(&org, &campaign) && !store::takes_part(&state.db, campaign.id, org.id).await? {
            return Err(AppError::NotFound);
        }
        Ok(LocalEditor { org, campaign, person })
    }
}

/// An editor (or owner) of the organisation in the path, with the campaign
/// in the path whatever its organisation: who may join it.
pub struct Joiner {
    pub org: Org,
    pub campaign: Campaign,
    pub person: Person,
}

impl FromRequestParts<AppState> for Joiner {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (org, campaign, person) = editor_and_campaign(parts, state).await?;
        Ok(Joiner { org, campaign, person })
    }
}

/// A member (any role) of a taking-part organisation in the path, signed
/// in: who may enter its staff's work in the campaign's competition. A
/// member of another organisation is refused (403); an organisation that
/// does not take part has no such page (404).
pub struct Entrant {
    pub org: Org,
    pub campaign: Campaign,
    pub person: Person,
}

impl FromRequestParts<AppState> for Entrant {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(person) = SignedIn::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        require(&state.db, &org, &person, Need::Member).await?;
        let campaign = path_campaign(parts, state).await?;
        if !store::takes_part(&state.db, campaign.id, org.id).await? {
            return Err(AppError::NotFound);
        }
        Ok(Entrant { org, campaign, person })
    }
}

/// A judge of the campaign's competition, signed in, on the national
/// body's pages. Anyone else signed in is refused (403).
pub struct CompetitionJudge {
    pub org: Org,
    pub campaign: Campaign,
    pub person: Person,
}

impl FromRequestParts<AppState> for CompetitionJudge {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let SignedIn(person) = SignedIn::from_request_parts(parts, state).await?;
        let org = path_org(parts, state).await?;
        let campaign = path_campaign(parts, state).await?;
        if !runs(&org, &campaign) {
            return Err(AppError::NotFound);
        }
        if !super::competition::store::is_judge(&state.db, campaign.id, person.id).await? {
            return Err(AppError::Forbidden);
        }
        Ok(CompetitionJudge { org, campaign, person })
    }
}
