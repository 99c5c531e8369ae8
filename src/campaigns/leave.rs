//! Leaving a campaign, at `/o/{slug}/campaigns/{campaign}/leave`: a page
//! that says what happens, and its form, for a taking-part organisation's
//! editors and owners.
//!
//! Leaving removes the organisation from those taking part and nothing
//! else. Every list of the campaign already counts only organisations that
//! take part, so at once its local page and feeds are gone (404), and it
//! drops out of the national page, the national feed, the API, the poll's
//! and the pledges' totals and the returns. Its events, pledges, votes,
//! ideas and return stay stored: joining again brings them all back, with
//! the same calendar UIDs.
//!
//! Its events leave the national feed rather than staying as
//! `STATUS:CANCELLED`: a subscribed feed is read again whole, and calendar
//! programs drop the entries it no longer has, which is what should happen
//! here; "cancelled" would tell subscribers the event was called off,
//! which may not be true (the organisation can still hold it outside the
//! campaign).
//!
//! An organisation whose return has been submitted or accepted cannot
//! leave: its figures are part of the national totals, and the national
//! body can send the return back first if it must.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::access::{LocalEditor, runs};
use super::model::Campaign;
use super::returns::ReturnStatus;
use crate::app::AppState;
use crate::audit::Event;
use crate::auth::session::Flash;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::{BeginWrite, Db};
use crate::web::{Layout, PageContext, no_store, render};
use crate::{audit, on_db};

#[derive(Template)]
#[template(path = "campaigns/leave.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    /// Why it cannot leave, when it cannot.
    refused: Option<String>,
}

/// Why `e`'s organisation cannot leave, if it cannot.
async fn refusal(state: &AppState, e: &LocalEditor) -> Result<Option<String>, AppError> {
    if runs(&e.org, &e.campaign) {
        return Ok(Some(format!("{} runs {}, so it cannot leave it.", e.org.name, e.campaign.name)));
    }
    let status = super::returns::store::one(&state.db, &e.campaign, e.org.id).await?.status;
    Ok(status.sent().then(|| {
        let how = if status == ReturnStatus::Accepted { "accepted" } else { "submitted" };
        format!(
            "{}'s return for {} has been {how}, so its figures are in the national totals and it cannot leave. \
             Ask the national body to send the return back first.",
            e.org.name, e.campaign.name
        )
    }))
}

/// Removes `org` from those taking part, with its audit line. False when
/// it did not take part, or its return was sent meanwhile (the same
/// statement checks, so a return submitted between the page's check and
/// this one still keeps the organisation in).
pub async fn leave(db: &Db, c: &Campaign, org: &Org, by: i64) -> Result<bool, AppError> {
    let sql = "DELETE FROM campaign_participations WHERE campaign_id = $1 AND org_id = $2 AND NOT EXISTS \
               (SELECT 1 FROM campaign_returns r WHERE r.campaign_id = $1 AND r.org_id = $2 \
               AND r.status IN ('submitted', 'accepted'))";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let gone = sqlx::query(sql).bind(c.id).bind(org.id).execute(&mut *tx).await?.rows_affected() == 1;
        if gone {
            audit!(&mut *tx, Event {
                org_id: Some(org.id), person_id: Some(by), action: "campaign.leave",
                summary: format!("Left the campaign {} (its events, pledges and figures are kept)", c.name),
                before: None, after: None,
            })?;
        }
        tx.commit().await?;
        Ok(gone)
    })
}

/// What leaving does, and the button (or why it cannot leave).
pub async fn confirm(State(state): State<AppState>, ctx: PageContext, e: LocalEditor) -> Result<Response, AppError> {
    let refused = refusal(&state, &e).await?;
    let layout = ctx.org_layout(&e.org, format!("Leave {} – {}", e.campaign.name, e.org.name));
    Ok(no_store(render(&Page { layout, refused, org: e.org, campaign: e.campaign })?))
}

/// Leaves the campaign (refused with 409 and the reason when it cannot).
pub async fn leave_now(State(state): State<AppState>, e: LocalEditor, session: Session) -> Result<Response, AppError> {
    if let Some(why) = refusal(&state, &e).await? {
        return Err(AppError::Conflict(why));
    }
    if !leave(&state.db, &e.campaign, &e.org, e.person.id).await? {
        let why = refusal(&state, &e).await?;
        return Err(AppError::Conflict(why.unwrap_or_else(|| format!("{} has left already.", e.org.name))));
    }
    state.pages.clear();
    Flash::set(
        &session,
        format!(
            "{} no longer takes part in {}. What it logged is kept: join again to bring it back.",
            e.org.name, e.campaign.name
        ),
    )
    .await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns", e.org.slug)).into_response())
}
