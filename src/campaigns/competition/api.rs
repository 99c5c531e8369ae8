//! The competition through the JSON API: anyone reads its dates, stage,
//! rules, categories and weighted criteria; once announced, the winners
//! (an entry whose maker did not agree to publication is named by its
//! organisation only). Entries themselves are never listed before that.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::gallery;
use super::model::{Award, Stage};
use crate::api::extract::Path;
use crate::api::json;
use crate::app::AppState;
use crate::campaigns::api::OrgRef;
use crate::campaigns::store;
use crate::error::{ApiError, AppError};

#[derive(OpenApi)]
#[openapi(paths(show), components(schemas(CompetitionBody, CategoryBody, CriterionBody, WinnerBody, Stage, Award)))]
pub struct CompetitionDoc;

/// A category entries are made in.
#[derive(Serialize, ToSchema)]
pub struct CategoryBody {
    pub id: i64,
    pub name: String,
    pub description: String,
}

/// A criterion judges score 0–10; the weight says how much it counts.
#[derive(Serialize, ToSchema)]
pub struct CriterionBody {
    pub name: String,
    pub weight: i64,
}

/// An award as announced.
#[derive(Serialize, ToSchema)]
pub struct WinnerBody {
    pub category: String,
    pub award: Award,
    pub organisation: OrgRef,
    /// Null when the maker did not agree to publication.
    pub title: Option<String>,
    /// The entry's page; null as for the title.
    pub url: Option<String>,
    /// The picture (image entries only); null otherwise.
    pub image_url: Option<String>,
}

/// A campaign's creative competition. Dates are civil dates in
/// Europe/London; entries are taken from `opens_on` to `closes_on`
/// included. `winners` is empty until they are announced.
#[derive(Serialize, ToSchema)]
pub struct CompetitionBody {
    pub campaign_id: i64,
    pub stage: Stage,
    #[schema(format = Date)]
    pub opens_on: String,
    #[schema(format = Date)]
    pub closes_on: String,
    pub rules: String,
    pub categories: Vec<CategoryBody>,
    pub criteria: Vec<CriterionBody>,
    pub announced: bool,
    pub winners: Vec<WinnerBody>,
}

/// A campaign's competition: 404 when the campaign has none.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/competition", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign's id")),
    responses((status = 200, body = CompetitionBody), (status = 404, body = crate::error::Problem)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, ApiError> {
    let campaign = store::by_id(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let national = crate::orgs::model::by_id(&state.db, campaign.org_id)
        .await
        .map_err(AppError::from)?
        .ok_or(AppError::NotFound)?;
    let s = gallery::section(&state, &campaign, national.today()).await?.ok_or(AppError::NotFound)?;
    let base = format!(
        "{}/o/{}/campaigns/{}/competition/entries",
        state.config.public_url.trim_end_matches('/'),
        national.slug,
        campaign.slug
    );
    let winners = s
        .winners
        .iter()
        .map(|w| WinnerBody {
            category: w.category.clone(),
            award: w.award,
            organisation: OrgRef { slug: w.org_slug.clone(), name: w.org_name.clone() },
            title: w.entry.as_ref().map(|e| e.title.clone()),
            url: w.entry.as_ref().map(|e| format!("{base}/{}", e.id)),
            image_url: w.entry.as_ref().filter(|e| e.has_image).map(|e| format!("{base}/{}/image", e.id)),
        })
        .collect();
    let c = s.competition;
    Ok(json(CompetitionBody {
        campaign_id: campaign.id,
        stage: s.stage,
        opens_on: c.opens_on.to_string(),
        closes_on: c.closes_on.to_string(),
        announced: c.announced_at.is_some(),
        categories: c
            .categories
            .into_iter()
            .map(|k| CategoryBody { id: k.id, name: k.name, description: k.description })
            .collect(),
        criteria: c.criteria.into_iter().map(|k| CriterionBody { name: k.name, weight: k.weight }).collect(),
        rules: c.rules,
        winners,
    }))
}
