//! Choosing a value in the poll (`POST …/poll`), without JavaScript: each
//! value is a small form of its own; the answer is a redirect back to the
//! poll on the page. The first choice gives the browser its poll cookie.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::{PollView, store};
use crate::app::AppState;
use crate::auth::signin::ClientAddress;
use crate::campaigns::access::{CampaignOf, runs};
use crate::campaigns::model::{Campaign, Status};
use crate::campaigns::pledges::form::offered;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::browser_token;
use crate::web::forms::{FieldError, Form};

const COOKIE: &str = "ethos_poll";

/// Whether the campaign still takes votes: not once it is over.
pub fn open(campaign: &Campaign) -> bool {
    !matches!(campaign.status, Status::Finished | Status::Cancelled)
}

fn page_path(org: &Org, campaign: &Campaign) -> String {
    format!("/o/{}/campaigns/{}", org.slug, campaign.slug)
}

/// The poll token this browser holds, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    browser_token::read(headers, COOKIE)
}

/// The poll for a campaign page: the organisation's own (local pages, with
/// this browser's choices) or every taking-part organisation's (national).
pub async fn view(state: &AppState, org: &Org, campaign: &Campaign, headers: &HeaderMap) -> Result<PollView, AppError> {
    if runs(org, campaign) {
        let votes = store::votes(&state.db, campaign.id, None).await?;
        let voters = store::voters(&state.db, campaign.id, None).await?;
        return Ok(PollView { national: true, ..PollView::new(&[], &votes, voters, &[]) });
    }
    let offered = offered(state, org, campaign).await?;
    let votes = store::votes(&state.db, campaign.id, Some(org.id)).await?;
    let voters = store::voters(&state.db, campaign.id, Some(org.id)).await?;
    let chosen = match token(headers) {
        Some(t) => store::chosen(&state.db, campaign.id, org.id, &browser_token::hash(&t)).await?,
        None => Vec::new(),
    };
    Ok(PollView {
        action: format!("{}/poll", page_path(org, campaign)),
        open: open(campaign),
        ..PollView::new(&offered, &votes, voters, &chosen)
    })
}

/// Records or takes back one choice, then goes back to the poll.
pub async fn vote(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    place: CampaignOf,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let CampaignOf { org, campaign } = place;
    if runs(&org, &campaign) {
        // The national body's page shows totals; votes are cast locally.
        return Err(AppError::NotFound);
    }
    if !open(&campaign) {
        return Err(AppError::Conflict(format!(
            "The poll closed when {} {}. The results stay on the page.",
            campaign.name,
            if campaign.status == Status::Cancelled { "was cancelled" } else { "finished" }
        )));
    }
    state.response_limits.check(address)?;
    let value = fields.get("value").map_or("", |v| v.trim());
    let offered = offered(&state, &org, &campaign).await?;
    if !offered.iter().any(|v| v == value) {
        let message = if value.is_empty() {
            "Choose one of the values.".to_owned()
        } else {
            format!("“{value}” is not one of the values in this poll. Choose one of: {}.", offered.join(", "))
        };
        return Err(AppError::Invalid(vec![FieldError { field: "value".to_owned(), message }]));
    }
    let (token, fresh) = browser_token::read_or_new(&headers, COOKIE);
    let voter = browser_token::hash(&token);
    if fields.get("choice").is_some_and(|c| c == "take-back") {
        store::take_back(&state.db, campaign.id, org.id, value, &voter).await?;
    } else {
        store::choose(&state.db, campaign.id, org.id, value, &voter).await?;
    }
    // The campaign's pages show the results to everyone.
    state.pages.forget_ending(&crate::campaigns::page::cache_suffix(&campaign.slug));
    let path = page_path(&org, &campaign);
    let mut response = Redirect::to(&format!("{path}#poll")).into_response();
    if fresh {
        browser_token::give(&mut response, COOKIE, &token, &path, state.config.secure_cookies);
    }
    Ok(response)
}
