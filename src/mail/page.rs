//! The outbox page an organisation's owners read: how many of its messages
//! wait, went or failed, and the newest ones with the server's answer.
//! Bodies are never shown (they may hold one-time links).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::outbox::{self, Entry};
use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::{Layout, PageContext, format_time, no_store, render};

/// How many messages the page lists.
const SHOWN: i64 = 100;

#[derive(Template)]
#[template(path = "mail/outbox.html")]
struct OutboxPage {
    layout: Layout,
    org: Org,
    on: bool,
    waiting: i64,
    sent: i64,
    failed: i64,
    entries: Vec<Entry>,
}

impl Entry {
    /// When the message was made.
    pub fn made(&self) -> String {
        format_time(self.created_at)
    }

    /// Its state in words.
    pub fn state(&self) -> String {
        match self.status.as_str() {
            "sent" => format!("Sent {}", self.sent_at.map(format_time).unwrap_or_default()),
            "failed" => format!("Failed after {} attempt{}", self.attempts, if self.attempts == 1 { "" } else { "s" }),
            "sending" => "Being sent".to_owned(),
            _ if self.attempts > 0 => format!("Waiting to try again at {}", format_time(self.next_attempt_at)),
            _ => "Waiting to be sent".to_owned(),
        }
    }
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = crate::orgs::people::owned_org(&state, &slug, &me).await?;
    let counts = outbox::counts(&state.db, org.id).await?;
    let count =
        |which: &[&str]| -> i64 { counts.iter().filter(|(s, _)| which.contains(&s.as_str())).map(|(_, n)| n).sum() };
    let page = OutboxPage {
        layout: ctx.org_layout(&org, format!("Email – {}", org.name)),
        on: state.mail.is_on(),
        waiting: count(&["queued", "sending"]),
        sent: count(&["sent"]),
        failed: count(&["failed"]),
        entries: outbox::recent(&state.db, org.id, SHOWN).await?,
        org,
    };
    Ok(no_store(render(&page)?))
}
