//! What others see of the competition. Its public page
//! (`/o/{national}/campaigns/{campaign}/competition`) gives the dates,
//! rules, categories and criteria; once the winners are announced, it and
//! the national campaign page ([`section`]) show the winners and a gallery
//! of the entries whose makers agreed to publication. Before that no entry
//! is public: an entry's page and its image are for its maker, the
//! national body's editors and the judges (except of their own
//! organisations' entries), 404 for everyone else.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::entry::Entry;
use super::model::{Award, Competition, Stage};
use super::{entry_store, store};
use crate::app::AppState;
use crate::auth::people::Person;
use crate::campaigns::access::{CampaignOf, runs};
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::access::{Role, role_of};
use crate::orgs::model::Org;
use crate::web::{Layout, PageContext, no_store, render};

/// An award as announced: in a category, and the entry when it may be shown.
pub struct Winner {
    pub category: String,
    pub award: Award,
    pub org_slug: String,
    pub org_name: String,
    /// None when the maker did not agree to publication.
    pub entry: Option<Entry>,
}

/// The competition as a campaign page shows it.
pub struct Section {
    pub competition: Competition,
    pub stage: Stage,
    pub winners: Vec<Winner>,
    /// Entries whose makers agreed, once announced; newest last.
    pub gallery: Vec<Entry>,
}

/// The competition's part of a campaign page, if it has one.
pub async fn section(
    state: &AppState,
    campaign: &Campaign,
    today: jiff::civil::Date,
) -> Result<Option<Section>, AppError> {
    let Some(competition) = store::get(&state.db, campaign.id).await? else { return Ok(None) };
    let stage = competition.stage(today);
    let (mut winners, mut gallery) = (Vec::new(), Vec::new());
    if stage == Stage::Announced {
        let entries = entry_store::list(&state.db, campaign.id).await?;
        for k in &competition.categories {
            let mut awarded: Vec<&Entry> =
                entries.iter().filter(|e| e.category_id == k.id && e.award.is_some()).collect();
            awarded.sort_by_key(|e| (e.award, e.id));
            winners.extend(awarded.into_iter().filter_map(|e| {
                Some(Winner {
                    category: k.name.clone(),
                    award: e.award?,
                    org_slug: e.org_slug.clone(),
                    org_name: e.org_name.clone(),
                    entry: e.consent.then(|| e.clone()),
                })
            }));
        }
        gallery = entries.into_iter().filter(|e| e.consent).collect();
    }
    Ok(Some(Section { competition, stage, winners, gallery }))
}

/// Whether `viewer` may see `entry`, and whether it is public.
async fn visibility(
    state: &AppState,
    campaign: &Campaign,
    c: &Competition,
    today: jiff::civil::Date,
    entry: &Entry,
    viewer: Option<&Person>,
) -> Result<Option<bool>, AppError> {
    if entry.removed {
        return Ok(None);
    }
    if c.stage(today) == Stage::Announced && entry.consent {
        return Ok(Some(true));
    }
    let Some(person) = viewer else { return Ok(None) };
    if entry.person_id == Some(person.id) || role_of(&state.db, campaign.org_id, person.id).await? >= Some(Role::Editor)
    {
        return Ok(Some(false));
    }
    let judging = matches!(c.stage(today), Stage::Judging | Stage::Announced);
    if judging
        && store::is_judge(&state.db, campaign.id, person.id).await?
        && !store::orgs_of(&state.db, person.id).await?.contains(&entry.org_id)
    {
        return Ok(Some(false));
    }
    Ok(None)
}

/// The national body's campaign and its competition: the only place these pages live.
async fn national(state: &AppState, place: &CampaignOf) -> Result<Competition, AppError> {
    if !runs(&place.org, &place.campaign) {
        return Err(AppError::NotFound);
    }
    store::get(&state.db, place.campaign.id).await?.ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "campaigns/competition/show.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    section: Section,
    can_manage: bool,
    is_judge: bool,
}

pub async fn show(State(state): State<AppState>, ctx: PageContext, place: CampaignOf) -> Result<Response, AppError> {
    national(&state, &place).await?;
    let section = section(&state, &place.campaign, place.org.today()).await?.ok_or(AppError::NotFound)?;
    let (can_manage, is_judge) = match &ctx.viewer.0 {
        Some(p) => (
            role_of(&state.db, place.org.id, p.id).await? >= Some(Role::Editor),
            store::is_judge(&state.db, place.campaign.id, p.id).await?,
        ),
        None => (false, false),
    };
    let personal = ctx.viewer.0.is_some();
    let layout = ctx.org_layout(&place.org, format!("Creative competition – {}", place.campaign.name));
    let page = Page { layout, org: place.org, campaign: place.campaign, section, can_manage, is_judge };
    let response = render(&page)?;
    Ok(if personal { no_store(response) } else { response })
}

#[derive(Template)]
#[template(path = "campaigns/competition/entry.html")]
struct EntryPage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    entry: Entry,
    category: String,
    announced: bool,
}

/// The entry with its visibility, or 404.
async fn visible_entry(
    state: &AppState,
    ctx: &PageContext,
    place: &CampaignOf,
    id: i64,
) -> Result<(Competition, Entry, bool), AppError> {
    let c = national(state, place).await?;
    let entry = entry_store::one(&state.db, place.campaign.id, id).await?.ok_or(AppError::NotFound)?;
    let today = place.org.today();
    match visibility(state, &place.campaign, &c, today, &entry, ctx.viewer.0.as_ref()).await? {
        Some(public) => Ok((c, entry, public)),
        None => Err(AppError::NotFound),
    }
}

pub async fn entry(
    State(state): State<AppState>,
    ctx: PageContext,
    place: CampaignOf,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let (c, entry, public) = visible_entry(&state, &ctx, &place, id).await?;
    let category = c.category(entry.category_id).map(|k| k.name.clone()).unwrap_or_default();
    let layout = ctx.org_layout(&place.org, entry.title.clone());
    let announced = c.announced_at.is_some();
    let page = EntryPage { layout, org: place.org, campaign: place.campaign, entry, category, announced };
    let response = render(&page)?;
    Ok(if public { response } else { no_store(response) })
}

async fn image_of(
    state: &AppState,
    ctx: PageContext,
    place: CampaignOf,
    id: i64,
    thumbnail: bool,
) -> Result<Response, AppError> {
    let (_, entry, public) = visible_entry(state, &ctx, &place, id).await?;
    let (content_type, bytes) = entry_store::image(&state.db, entry.id, thumbnail).await?.ok_or(AppError::NotFound)?;
    let content_type = HeaderValue::from_str(&content_type).map_err(|e| AppError::Internal(e.into()))?;
    // Public pictures never change once published; private ones stay out of shared caches.
    let cache = if public { "public, max-age=86400" } else { "private, no-store" };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        bytes,
    )
        .into_response())
}

pub async fn image(
    State(state): State<AppState>,
    ctx: PageContext,
    place: CampaignOf,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    image_of(&state, ctx, place, id, false).await
}

pub async fn thumbnail(
    State(state): State<AppState>,
    ctx: PageContext,
    place: CampaignOf,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    image_of(&state, ctx, place, id, true).await
}
