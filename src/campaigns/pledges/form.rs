//! Writing a pledge at `…/pledges/new` (and from the organisation's
//! campaign page): anyone, signed in or not, without JavaScript. The same
//! guards as the public feedback form — a honeypot, a signed minimum fill
//! time and the per-address limit — and nothing about the writer kept but
//! the name they choose to show. The writer gets a private link
//! (`…/pledges/mine/{token}`, only its hash stored) to follow the pledge
//! and mark it done from any device. The browser it was written in also
//! keeps a random token in a cookie (only its hash stored with the pledge),
//! so that browser finds its pledges again at `…/pledges/yours` and marks
//! them done there or on a pledge's own page, without the link.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::{MAX_BODY, MAX_NAME, NewPledge, Pledge, check, intake, store};
use crate::app::AppState;
use crate::auth::secrets;
use crate::auth::session::Flash;
use crate::auth::signin::ClientAddress;
use crate::campaigns::access::CampaignOf;
use crate::campaigns::model::Campaign;
use crate::consultations::respond::signing_key;
use crate::error::AppError;
use crate::listen::feedback::fill_time::{self, Refused};
use crate::orgs::model::Org;
use crate::storage::now;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, browser_token, no_store, render_with_status};

/// The honeypot field, as on the feedback form: people never see it.
pub const HONEYPOT: &str = "website";

type Fields = HashMap<String, String>;

/// The cookie holding the token of the browser pledges were written in.
const BROWSER_COOKIE: &str = "ethos_pledger";

/// Where the browser's cookie is sent: this organisation's campaign's
/// pledge pages only.
fn pledges_path(org: &Org, campaign: &Campaign) -> String {
    format!("/o/{}/campaigns/{}/pledges", org.slug, campaign.slug)
}

/// The hash identifying this browser's pledges, when it has written any.
pub fn browser(headers: &HeaderMap) -> Option<String> {
    browser_token::read(headers, BROWSER_COOKIE).map(|t| browser_token::hash(&t))
}

/// The values a pledge may be about: the organisation's published ones,
/// or the campaign's national values when it has none.
pub async fn offered(state: &AppState, org: &Org, campaign: &Campaign) -> Result<Vec<String>, AppError> {
    let names = crate::campaigns::page::value_names(state, org).await?;
    Ok(if names.is_empty() { campaign.national_values.clone() } else { names })
}

/// The signed stamp a pledge form carries (see [`fill_time`]).
pub async fn stamp(state: &AppState, org: &Org) -> Result<String, AppError> {
    stamp_for(state, org.id).await
}

/// [`stamp`] by the organisation's id.
pub async fn stamp_for(state: &AppState, org_id: i64) -> Result<String, AppError> {
    Ok(fill_time::stamp(signing_key(state).await?, org_id, now()))
}

/// Why a sent form looks automated, if it does.
pub async fn looks_automated(state: &AppState, org: &Org, fields: &Fields) -> Result<Option<&'static str>, AppError> {
    if fields.get(HONEYPOT).is_some_and(|v| !v.is_empty()) {
        return Ok(Some(
            "This looked automated, so it was not sent. If you are a person, check your pledge and send it again.",
        ));
    }
    let min = i64::try_from(state.config.feedback_min_fill.as_secs()).unwrap_or(i64::MAX);
    let stamp = fields.get("started").map_or("", String::as_str);
    Ok(match fill_time::check(signing_key(state).await?, org.id, stamp, now(), min) {
        Ok(()) => None,
        Err(Refused::TooFast) => Some(
            "This was sent very soon after the page opened, so it was not sent. Check your pledge and send it again.",
        ),
        Err(Refused::Unreadable) => {
            Some("This form had expired, so it was not sent. Check your pledge and send it again.")
        }
    })
}

#[derive(Template)]
#[template(path = "campaigns/pledges/form.html")]
struct FormPage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    offered: Vec<String>,
    errors: FormErrors,
    typed: Fields,
    stamp: String,
    max_body: usize,
    max_name: usize,
}

impl FormPage {
    fn typed(&self, field: &str) -> &str {
        self.typed.get(field).map_or("", String::as_str)
    }

    fn body_hint(&self) -> String {
        format!(
            "Up to {} characters. Please leave out other people's names and anything about patients.",
            self.max_body
        )
    }

    fn name_hint(&self) -> String {
        format!("Up to {} characters. Leave it empty to pledge anonymously.", self.max_name)
    }
}

async fn form(
    state: &AppState,
    ctx: &PageContext,
    place: CampaignOf,
    errors: FormErrors,
    typed: Fields,
) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    let mut layout = ctx.org_layout(&org, format!("Make a pledge – {} at {}", campaign.name, org.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = FormPage {
        offered: offered(state, &org, &campaign).await?,
        stamp: stamp(state, &org).await?,
        layout,
        org,
        campaign,
        errors,
        typed,
        max_body: MAX_BODY,
        max_name: MAX_NAME,
    };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn new(State(state): State<AppState>, ctx: PageContext, place: CampaignOf) -> Result<Response, AppError> {
    form(&state, &ctx, place, FormErrors::new(), Fields::new()).await
}

/// Stores a checked pledge as pending, written in the browser whose token
/// hashes to `browser_hash` (None through the API); its private token and
/// its id.
pub async fn store_new(
    state: &AppState,
    org: &Org,
    campaign: &Campaign,
    pledge: NewPledge,
    browser_hash: Option<String>,
) -> Result<(String, i64), AppError> {
    let token = secrets::new_token();
    let token_hash = secrets::token_hash(&token);
    let row = intake::Row { campaign_id: campaign.id, org_id: org.id, pledge, token_hash, browser_hash };
    let id = intake::submit(state, row).await?;
    tracing::info!(org = org.id, campaign = campaign.id, pledge = id, "pledge received");
    Ok((token, id))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientAddress(address): ClientAddress,
    place: CampaignOf,
    headers: HeaderMap,
    Form(mut fields): Form<Fields>,
) -> Result<Response, AppError> {
    state.response_limits.check(address)?;
    let mut errors = FormErrors::new();
    if let Some(message) = looks_automated(&state, &place.org, &fields).await? {
        errors.add("body", message);
    }
    fields.remove(HONEYPOT);
    let text = |name: &str| fields.get(name).map_or("", String::as_str);
    let offered = offered(&state, &place.org, &place.campaign).await?;
    let checked = check(&offered, text("value"), text("body"), text("display_name"));
    let pledge = match checked {
        Ok(p) if errors.is_empty() => p,
        Ok(_) => return form(&state, &ctx, place, errors, fields).await,
        Err(more) => {
            for e in more.list {
                errors.add(&e.field, e.message);
            }
            return form(&state, &ctx, place, errors, fields).await;
        }
    };
    let (browser, fresh) = browser_token::read_or_new(&headers, BROWSER_COOKIE);
    let hash = browser_token::hash(&browser);
    let (token, _) = store_new(&state, &place.org, &place.campaign, pledge, Some(hash)).await?;
    let path = pledges_path(&place.org, &place.campaign);
    let mut response = Redirect::to(&format!("{path}/mine/{token}?sent=1")).into_response();
    if fresh {
        browser_token::give(&mut response, BROWSER_COOKIE, &browser, &path, state.config.secure_cookies);
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "campaigns/pledges/mine.html")]
struct MinePage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    pledge: Pledge,
    /// Just sent: the thanks come first.
    sent: bool,
    /// The private link, in full.
    link: String,
    action: String,
}

#[derive(Deserialize)]
pub struct Shown {
    #[serde(default)]
    sent: Option<String>,
}

/// The writer's private page: where the pledge stands, the link to keep
/// and, once published, the button to mark it done.
pub async fn mine(
    State(state): State<AppState>,
    ctx: PageContext,
    place: CampaignOf,
    Path((_, _, token)): Path<(String, String, String)>,
    Query(shown): Query<Shown>,
) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    let pledge = store::by_token(&state.db, campaign.id, org.id, &secrets::token_hash(&token))
        .await?
        .ok_or(AppError::NotFound)?;
    let path = format!("/o/{}/campaigns/{}/pledges/mine/{token}", org.slug, campaign.slug);
    let page = MinePage {
        layout: ctx.org_layout(&org, format!("Your pledge – {}", campaign.name)),
        link: format!("{}{path}", state.config.public_url.trim_end_matches('/')),
        action: format!("{path}/done"),
        sent: shown.sent.is_some(),
        org,
        campaign,
        pledge,
    };
    let mut response = no_store(render_with_status(StatusCode::OK, &page)?);
    // The address is the key to the pledge: never passed on, never indexed.
    let headers = response.headers_mut();
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

/// Marks the token's pledge done; an unknown token finds nothing (404).
pub async fn done(
    State(state): State<AppState>,
    place: CampaignOf,
    Path((_, _, token)): Path<(String, String, String)>,
    Form(_): Form<Fields>,
) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    if !store::mark_done(&state.db, campaign.id, org.id, &secrets::token_hash(&token)).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/pledges/mine/{token}", org.slug, campaign.slug)).into_response())
}

#[derive(Template)]
#[template(path = "campaigns/pledges/yours.html")]
struct YoursPage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    pledges: Vec<Pledge>,
    base: String,
}

/// `…/pledges/yours`: the pledges written in this browser, each with where
/// it stands and, until it is done, the button to mark it done.
pub async fn yours(
    State(state): State<AppState>,
    ctx: PageContext,
    place: CampaignOf,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    let pledges = match browser(&headers) {
        Some(hash) => store::by_browser(&state.db, campaign.id, org.id, &hash).await?,
        None => Vec::new(),
    };
    let page = YoursPage {
        layout: ctx.org_layout(&org, format!("Your pledges – {} at {}", campaign.name, org.name)),
        base: pledges_path(&org, &campaign),
        org,
        campaign,
        pledges,
    };
    let mut response = no_store(render_with_status(StatusCode::OK, &page)?);
    response.headers_mut().insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}

/// Marks pledge `id` done from the browser it was written in; any other
/// browser is told to use the private link (404, as for an unknown pledge).
pub async fn done_here(
    State(state): State<AppState>,
    session: Session,
    place: CampaignOf,
    headers: HeaderMap,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(_): Form<Fields>,
) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    let marked = match browser(&headers) {
        Some(hash) => store::mark_done_here(&state.db, campaign.id, org.id, id, &hash).await?,
        None => false,
    };
    if !marked {
        return Err(AppError::NotFoundMessage(
            "This browser has no such pledge. To mark a pledge written in another browser or on another device \
             done, open the private link you were given when you sent it."
                .to_owned(),
        ));
    }
    Flash::set(&session, "Your pledge is marked done. Thank you.").await?;
    Ok(Redirect::to(&format!("{}/yours#pledge-{id}", pledges_path(&org, &campaign))).into_response())
}
