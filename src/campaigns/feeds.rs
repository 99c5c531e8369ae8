//! Calendar feeds at `/o/{slug}/campaigns/{campaign}/events.ics`: the
//! campaign itself as an all-day entry, then the public events — every
//! taking-part organisation's on the national body's feed, the
//! organisation's own on its feed. Staff-only events are never in a feed.
//! Each public event is also a file of its own (`…/events/{id}/calendar.ics`).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::access::{CampaignOf, runs};
use super::events::CampaignEvent;
use super::ical::{self, Entry};
use super::model::Campaign;
use super::when::When;
use crate::app::AppState;
use crate::error::AppError;

/// The campaign's own entry.
fn campaign_entry(c: &Campaign, url: &str) -> Entry {
    let mut description = c.summary.clone();
    if let Some(first) = c.original_dates() {
        let moved = format!("Moved from {first} to {}: {}", c.dates(), c.postponement_reason);
        description = if description.is_empty() { moved } else { format!("{moved}\n\n{description}") };
    }
    Entry {
        uid: c.uid.clone(),
        sequence: c.sequence,
        stamp: c.updated_at,
        when: When::Days(c.starts_on, c.ends_on),
        summary: format!("{} {}", c.name, c.tag()).trim().to_owned(),
        description,
        location: String::new(),
        url: url.to_owned(),
        cancelled: c.status == super::model::Status::Cancelled,
    }
}

fn event_entry(e: &CampaignEvent, url: &str) -> Entry {
    let mut description = format!("{} – {}", e.org_name, e.kind).trim_end_matches(" – ").to_owned();
    if !e.values.is_empty() {
        description.push_str(&format!("\nValues: {}", super::model::in_a_sentence(&e.values)));
    }
    if !e.partners.is_empty() {
        description.push_str(&format!("\nWith {}", e.partner_names()));
    }
    if !e.online_url.is_empty() {
        description.push_str(&format!("\nOnline: {}", e.online_url));
    }
    Entry {
        uid: e.uid.clone(),
        sequence: e.sequence,
        stamp: e.updated_at,
        when: e.when,
        summary: e.title.clone(),
        description,
        location: e.location(),
        url: url.to_owned(),
        cancelled: e.is_cancelled(),
    }
}

/// The calendar answer: text/calendar, named for a download.
fn calendar_response(body: String, filename: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(filename));
    response
}

/// One public event of the organisation as a calendar file, for "Add to
/// calendar" next to it (same UID and SEQUENCE as in the feeds).
pub async fn one(
    State(state): State<AppState>,
    place: CampaignOf,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    let event = super::events::store::one(&state.db, campaign.id, org.id, id)
        .await?
        .filter(|e| e.public)
        .ok_or(AppError::NotFound)?;
    let base = state.config.public_url.trim_end_matches('/');
    let url = format!("{base}/o/{}/campaigns/{}", org.slug, campaign.slug);
    let body = ical::calendar(&event.title, &[event_entry(&event, &url)]);
    Ok(calendar_response(body, "attachment; filename=\"event.ics\""))
}

pub async fn feed(State(state): State<AppState>, place: CampaignOf) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    let only = if runs(&org, &campaign) { None } else { Some(org.id) };
    let events = super::events::store::list(&state.db, campaign.id, only, false).await?;
    let base = state.config.public_url.trim_end_matches('/');
    let url = format!("{base}/o/{}/campaigns/{}", org.slug, campaign.slug);
    let mut entries = vec![campaign_entry(&campaign, &url)];
    entries.extend(events.iter().map(|e| event_entry(e, &url)));
    let name = if only.is_some() { format!("{} at {}", campaign.name, org.name) } else { campaign.name.clone() };
    let body = ical::calendar(&name, &entries);
    Ok(calendar_response(body, "inline; filename=\"events.ics\""))
}
