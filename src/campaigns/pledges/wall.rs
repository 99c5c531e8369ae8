//! Approved pledges in public: the wall at `…/pledges` (one organisation's,
//! or on the national body's page every taking-part organisation's), each
//! pledge's own page with share links, and its PNG card for link previews.
//! A pledge not approved has no public page or card (404).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::{Pledge, form, store};
use crate::app::AppState;
use crate::campaigns::access::{CampaignOf, runs};
use crate::campaigns::model::Campaign;
use crate::consultations::report::render as render_blocking;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::{Layout, PageContext, encode_query, no_store, render};

/// How many pledges a campaign page shows before "see all".
pub const ON_CAMPAIGN_PAGE: i64 = 6;
/// The most the full wall shows.
const ON_WALL: i64 = 500;

/// A wall: the organisation's own pledges, or every taking-part
/// organisation's when it runs the campaign.
pub async fn wall(
    state: &AppState,
    org: &Org,
    campaign: &Campaign,
    limit: i64,
) -> Result<(Vec<Pledge>, i64), AppError> {
    let whose = if runs(org, campaign) { None } else { Some(org.id) };
    let pledges = store::approved(&state.db, campaign.id, whose, limit).await?;
    let count = store::approved_count(&state.db, campaign.id, whose).await?;
    Ok((pledges, count))
}

#[derive(Template)]
#[template(path = "campaigns/pledges/wall.html")]
struct WallPage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    is_national: bool,
    pledges: Vec<Pledge>,
    /// This browser has written pledges here: link to them.
    wrote_here: bool,
}

pub async fn all(
    State(state): State<AppState>,
    ctx: PageContext,
    place: CampaignOf,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    let (pledges, _) = wall(&state, &org, &campaign, ON_WALL).await?;
    let path = format!("/o/{}/campaigns/{}/pledges", org.slug, campaign.slug);
    let about = format!("Pledges for {} at {}.", campaign.name, org.name);
    let layout = ctx.org_layout(&org, format!("Pledges – {} at {}", campaign.name, org.name)).shared(
        &state.config.public_url,
        &path,
        &about,
    );
    let wrote_here = form::browser(&headers).is_some();
    let page = WallPage { layout, is_national: runs(&org, &campaign), org, campaign, pledges, wrote_here };
    render(&page)
}

#[derive(Template)]
#[template(path = "campaigns/pledges/pledge.html")]
struct PledgePage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    pledge: Pledge,
    x_url: String,
    linkedin_url: String,
    facebook_url: String,
    card: String,
    /// Written in this browser: it may mark the pledge done here.
    mine: bool,
}

async fn approved(state: &AppState, place: &CampaignOf, id: i64) -> Result<Pledge, AppError> {
    store::one(&state.db, place.campaign.id, place.org.id, id)
        .await?
        .filter(Pledge::is_approved)
        .ok_or(AppError::NotFound)
}

/// The words a share carries: the pledge, the value and the hashtag.
fn share_text(p: &Pledge, campaign: &Campaign) -> String {
    let tag = campaign.tag();
    let mut text = format!("“{}” – a pledge to live {} at {}", p.body, p.value_name, p.org_name);
    if !tag.is_empty() {
        text.push(' ');
        text.push_str(&tag);
    }
    text
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    place: CampaignOf,
    headers: HeaderMap,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let pledge = approved(&state, &place, id).await?;
    let CampaignOf { org, campaign } = place;
    let mine = match form::browser(&headers) {
        Some(hash) => store::by_browser(&state.db, campaign.id, org.id, &hash).await?.iter().any(|p| p.id == id),
        None => false,
    };
    let base = state.config.public_url.trim_end_matches('/');
    let path = format!("/o/{}/campaigns/{}/pledges/{}", org.slug, campaign.slug, pledge.id);
    let page_url = format!("{base}{path}");
    let card = format!("{path}/card.png");
    let mut layout = ctx
        .org_layout(&org, format!("A pledge to live {} – {}", pledge.value_name, campaign.name))
        .shared(&state.config.public_url, &path, &pledge.body);
    layout.share_image = format!("{base}{card}");
    let text = share_text(&pledge, &campaign);
    let page = PledgePage {
        layout,
        x_url: format!("https://x.com/intent/post?text={}&url={}", encode_query(&text), encode_query(&page_url)),
        linkedin_url: format!("https://www.linkedin.com/sharing/share-offsite/?url={}", encode_query(&page_url)),
        facebook_url: format!("https://www.facebook.com/sharer/sharer.php?u={}", encode_query(&page_url)),
        card,
        mine,
        org,
        campaign,
        pledge,
    };
    // The page differs for the browser that wrote the pledge.
    Ok(no_store(render(&page)?))
}

/// The pledge's 1200×630 PNG card, typeset on a blocking thread.
pub async fn card(
    State(state): State<AppState>,
    place: CampaignOf,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let pledge = approved(&state, &place, id).await?;
    let image = ethos_pdf::ShareImage {
        heading: pledge.value_name,
        text: pledge.body,
        quoted: true,
        org_name: pledge.org_name,
        hashtag: place.campaign.tag(),
        lang: String::new(),
    };
    let png = render_blocking(image, "a pledge card", ethos_pdf::share_image).await?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
        ],
        png,
    )
        .into_response())
}
