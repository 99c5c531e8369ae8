//! A campaign's public page at `/o/{slug}/campaigns/{campaign}`. For the
//! national body that runs it: what it is, when, who takes part and every
//! public event. For a taking-part organisation: the same campaign in its
//! own words — the sample posts filled with its values, day by day, ready
//! to copy and share — and its events. Nobody else has such a page (404).
//!
//! Anonymous visitors who have not voted in the poll all see the same page,
//! so it is kept in the public page cache (until a change, or five seconds)
//! with stand-ins for the two things that differ between them — the form
//! token and the pledge form's signed start — filled in for each visitor:
//! a visit from a shared link costs no query.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use super::access::{CampaignOf, runs};
use super::competition::gallery::Section;
use super::competition::model::Stage;
use super::events::CampaignEvent;
use super::model::{Campaign, in_a_sentence};
use super::pledges::{MAX_BODY, MAX_NAME, Pledge, form as pledge_form, wall};
use super::poll::PollView;
use super::posts::{self, Filled};
use super::store;
use crate::app::AppState;
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::cache::CachedPage;
use crate::orgs::model::Org;
use crate::orgs::public::has_session;
use crate::web::forms::FormErrors;
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "campaigns/campaign.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    /// The national body that runs the campaign.
    national: Org,
    is_national: bool,
    /// The viewer may change this organisation's campaign content.
    can_edit: bool,
    /// The viewer is one of the organisation's members: attendance shows.
    members: bool,
    participants: Vec<Org>,
    events: Vec<CampaignEvent>,
    /// The organisation's values in a sentence (local pages).
    values: String,
    /// The organisation has no published values: the national ones stand in.
    values_missing: bool,
    posts: Vec<Filled>,
    feed: String,
    /// Approved pledges, newest first, and how many there are in all.
    pledges: Vec<Pledge>,
    pledge_count: i64,
    /// The pledge form (local pages): the values on offer and its stamp.
    offered: Vec<String>,
    stamp: String,
    /// "Which values matter most to you?"
    poll: PollView,
    errors: FormErrors,
    typed: HashMap<String, String>,
    /// For the organisation's editors: when its return is due, until sent.
    due: Option<super::returns::remind::Due>,
    /// The creative competition, when the campaign has one.
    competition: Option<Section>,
    /// The ideas for events: the national ones, and the organisation's own
    /// for its members.
    ideas: Vec<super::ideas::Idea>,
    /// The template letter filled with the organisation's values, in
    /// paragraphs (local pages, once the national body has written it).
    letter: Vec<String>,
}

impl Page {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }

    fn body_hint(&self) -> String {
        format!("Up to {MAX_BODY} characters. Please leave out other people's names and anything about patients.")
    }

    fn name_hint(&self) -> String {
        format!("Up to {MAX_NAME} characters. Leave it empty to pledge anonymously.")
    }
}

/// The organisation's published value names, if it has published any.
pub async fn value_names(state: &AppState, org: &Org) -> Result<Vec<String>, AppError> {
    let current = crate::values::store::current(&state.db, org.id).await?;
    Ok(current.map(|v| v.content.values.into_iter().map(|v| v.name).collect()).unwrap_or_default())
}

/// The organisation's values in a sentence for filling merge fields, and
/// whether the campaign's national values stand in because it has
/// published none (as they do on the national body's own pages).
pub async fn values_text(state: &AppState, org: &Org, campaign: &Campaign) -> Result<(String, bool), AppError> {
    let names = if runs(org, campaign) { Vec::new() } else { value_names(state, org).await? };
    Ok(if names.is_empty() { (campaign.national_values_text(), true) } else { (in_a_sentence(&names), false) })
}

/// Stand-ins, in a cached page, for the form token and the pledge form's
/// signed start.
const CSRF_HOLE: &str = "ethos-hole-csrf-k2Zq";
const STAMP_HOLE: &str = "ethos-hole-stamp-k2Zq";

/// The end of the cache keys (the pages' addresses) of campaign
/// `campaign`'s pages: the national body's and each taking-part
/// organisation's.
pub fn cache_suffix(campaign: &str) -> String {
    format!("/campaigns/{campaign}")
}

/// Whether this visitor sees the page every anonymous visitor sees: no
/// session (so not signed in) and no vote in the poll.
fn is_everyone(headers: &HeaderMap) -> bool {
    !has_session(headers) && super::poll::vote::token(headers).is_none()
}

/// `page` with the stand-ins replaced: one pass, one copy.
fn fill(page: &[u8], csrf: &str, stamp: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(page.len() + 256);
    let mut rest = page;
    loop {
        let csrf_at = memchr::memmem::find(rest, CSRF_HOLE.as_bytes());
        let stamp_at = memchr::memmem::find(rest, STAMP_HOLE.as_bytes());
        let (at, hole, with) = match (csrf_at, stamp_at) {
            (Some(c), Some(s)) if s < c => (s, STAMP_HOLE, stamp),
            (Some(c), _) => (c, CSRF_HOLE, csrf),
            (None, Some(s)) => (s, STAMP_HOLE, stamp),
            (None, None) => break,
        };
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(with.as_bytes());
        rest = &rest[at + hole.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Answers with kept `page` filled in for this visitor, from the page
/// cache's layer (before sessions and form tokens): their form token, with
/// the cookie when they have none, and a fresh pledge-form start. None when
/// this visitor needs the page built for them.
pub async fn kept(state: &AppState, headers: &HeaderMap, page: &CachedPage, org_id: i64) -> Option<Response> {
    if !is_everyone(headers) {
        return None;
    }
    let (token, cookie) = crate::web::csrf::token_for(state, headers);
    let stamp = pledge_form::stamp_for(state, org_id).await.ok()?;
    let mut response = Html(fill(&page.body, &token, &stamp)).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().append(axum::http::header::SET_COOKIE, cookie);
    }
    Some(response)
}

/// A kept page filled in by the handler, with the token the form layer gives.
async fn filled(state: &AppState, ctx: &PageContext, page: &CachedPage) -> Result<Response, AppError> {
    let stamp = match page.holes_for {
        Some(org_id) => pledge_form::stamp_for(state, org_id).await?,
        None => String::new(),
    };
    Ok(Html(fill(&page.body, &ctx.csrf.token(), &stamp)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    headers: HeaderMap,
    Path((slug, campaign_slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let everyone = ctx.viewer.0.is_none() && is_everyone(&headers);
    // Under its address, where the page cache's layer finds it first.
    let key = format!("/o/{slug}{}", cache_suffix(&campaign_slug));
    if everyone && let Some(page) = state.pages.get(&key) {
        return filled(&state, &ctx, &page).await;
    }
    let CampaignOf { org, campaign } = CampaignOf::find(&state, &slug, &campaign_slug).await?;
    let role = match &ctx.viewer.0 {
        Some(person) => access::role_of(&state.db, org.id, person.id).await?,
        None => None,
    };
    let is_national = runs(&org, &campaign);
    let national = if is_national {
        org.clone()
    } else {
        crate::orgs::model::by_id(&state.db, campaign.org_id).await?.ok_or(AppError::NotFound)?
    };
    let participants = store::participants(&state.db, campaign.id).await?;
    // Staff-only events are for the organisation's own members.
    let members = role.is_some();
    let events = if is_national {
        super::events::store::list(&state.db, campaign.id, None, false).await?
    } else {
        super::events::store::list(&state.db, campaign.id, Some(org.id), members).await?
    };
    let path = format!("/o/{}/campaigns/{}", org.slug, campaign.slug);
    let page_url = format!("{}{path}", state.config.public_url.trim_end_matches('/'));
    let (values, values_missing, posts, letter) = if is_national {
        (String::new(), false, Vec::new(), Vec::new())
    } else {
        let (values, missing) = values_text(&state, &org, &campaign).await?;
        let written = posts::list(&state.db, &campaign).await?;
        let filled = posts::filled(&campaign, &written, &org, &values, &page_url);
        let letter = match super::letter::written(&state.db, campaign.id).await? {
            Some(body) => super::letter::paragraphs(&super::letter::filled(&campaign, &body, &org, &values)),
            None => Vec::new(),
        };
        (values, missing, filled, letter)
    };
    let title = if is_national { campaign.name.clone() } else { format!("{} at {}", campaign.name, org.name) };
    let about = if campaign.summary.is_empty() {
        format!("{}: {}.", campaign.name, campaign.dates())
    } else {
        format!("{} {}", campaign.dates(), campaign.summary)
    };
    let (pledges, pledge_count) = wall::wall(&state, &org, &campaign, wall::ON_CAMPAIGN_PAGE).await?;
    let (offered, stamp) = if is_national {
        (Vec::new(), String::new())
    } else {
        (pledge_form::offered(&state, &org, &campaign).await?, pledge_form::stamp(&state, &org).await?)
    };
    let poll = super::poll::vote::view(&state, &org, &campaign, &headers).await?;
    // A browser that has voted sees its own choices: that page is its own.
    let personal = members || super::poll::vote::token(&headers).is_some();
    let due = if role >= Some(Role::Editor) && !is_national {
        super::returns::remind::notice(&state, &campaign, &org).await?
    } else {
        None
    };
    let competition = super::competition::gallery::section(&state, &campaign, national.today()).await?;
    let own_ideas = (!is_national && members).then_some(org.id);
    let ideas = super::ideas::store::seen_by(&state.db, &campaign, own_ideas).await?;
    let mut layout = ctx.org_layout(&org, title).shared(&state.config.public_url, &path, &about);
    layout.share_image = format!("{page_url}/card.png");
    let mut page = Page {
        layout,
        can_edit: role >= Some(Role::Editor),
        members,
        is_national,
        national,
        participants,
        events,
        values,
        values_missing,
        posts,
        feed: format!("{path}/events.ics"),
        pledges,
        pledge_count,
        offered,
        stamp,
        poll,
        errors: FormErrors::new(),
        typed: HashMap::new(),
        due,
        competition,
        ideas,
        letter,
        org,
        campaign,
    };
    if everyone {
        page.layout.csrf_token = CSRF_HOLE.to_owned();
        if !page.stamp.is_empty() {
            page.stamp = STAMP_HOLE.to_owned();
        }
        let body = page.render().map_err(|e| AppError::Internal(anyhow::Error::new(e).context("rendering a page")))?;
        let cached = state.pages.put_with_holes(&key, Bytes::from(body), page.org.id);
        return filled(&state, &ctx, &cached).await;
    }
    let response = render(&page)?;
    Ok(if personal { no_store(response) } else { response })
}
