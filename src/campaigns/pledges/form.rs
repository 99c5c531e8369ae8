//! Writing a pledge at `…/pledges/new` (and from the organisation's
//! campaign page): anyone, signed in or not, without JavaScript. The same
//! guards as the public feedback form — a honeypot, a signed minimum fill
//! time and the per-address limit — and nothing about the writer kept but
//! the name they choose to show. The writer gets a private link
//! (`…/pledges/mine/{token}`, only its hash stored) to follow the pledge
//! and mark it done.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::{MAX_BODY, MAX_NAME, NewPledge, Pledge, check, store};
use crate::app::AppState;
use crate::auth::secrets;
use crate::auth::signin::ClientAddress;
use crate::campaigns::access::CampaignOf;
use crate::campaigns::model::Campaign;
use crate::consultations::respond::signing_key;
use crate::error::AppError;
use crate::listen::feedback::fill_time::{self, Refused};
use crate::orgs::model::Org;
use crate::storage::now;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The honeypot field, as on the feedback form: people never see it.
pub const HONEYPOT: &str = "website";

type Fields = HashMap<String, String>;

/// The values a pledge may be about: the organisation's published ones,
/// or the campaign's national values when it has none.
pub async fn offered(state: &AppState, org: &Org, campaign: &Campaign) -> Result<Vec<String>, AppError> {
    let names = crate::campaigns::page::value_names(state, org).await?;
    Ok(if names.is_empty() { campaign.national_values.clone() } else { names })
}

/// The signed stamp a pledge form carries (see [`fill_time`]).
pub async fn stamp(state: &AppState, org: &Org) -> Result<String, AppError> {
    Ok(fill_time::stamp(signing_key(state).await?, org.id, now()))
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

/// Stores a checked pledge as pending; its private token.
pub async fn store_new(state: &AppState, org: &Org, campaign: &Campaign, p: &NewPledge) -> Result<String, AppError> {
    let token = secrets::new_token();
    let id = store::insert(&state.db, campaign.id, org.id, p, &secrets::token_hash(&token)).await?;
    tracing::info!(org = org.id, campaign = campaign.id, pledge = id, "pledge received");
    Ok(token)
}

pub async fn create(
    State(state): State<AppState>,
    ctx: PageContext,
    ClientAddress(address): ClientAddress,
    place: CampaignOf,
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
    let token = store_new(&state, &place.org, &place.campaign, &pledge).await?;
    let to = format!("/o/{}/campaigns/{}/pledges/mine/{token}?sent=1", place.org.slug, place.campaign.slug);
    Ok(Redirect::to(&to).into_response())
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
