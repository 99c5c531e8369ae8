//! Listening (issue 16): residents and patients send feedback, ideas and
//! compliments without an account ([`feedback`]), and the organisation's
//! editors triage them against a clock of working days ([`inbox`]), with
//! the lists and the clock kept in [`settings`]; contact details are
//! deleted when their time is up ([`retention`]) or when a person asks
//! ([`erasure`]), and the inbox leaves as an anonymised CSV ([`export`]);
//! the same through the JSON API ([`api`]). Staff thank each other, tagged
//! to a value, in [`thanks`]. Ideas published for support, the
//! organisation's open answers and "You said, we did" are in [`public`].
//! Grouped by what a person does: send and follow, then triage.

pub mod api;
pub mod erasure;
pub mod export;
pub mod feedback;
pub mod inbox;
pub mod public;
pub mod retention;
pub mod settings;
pub mod thanks;

use axum::Router;
use axum::routing::{delete, get, post, put};

use crate::app::AppState;

/// What listening keeps for the whole process.
#[derive(Default)]
pub struct State {
    /// The writer of new feedback, started at its first use
    /// ([`feedback::intake::submit`]).
    pub feedback: tokio::sync::OnceCell<feedback::intake::Writer>,
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/feedback", get(feedback::form::page).post(feedback::form::submit))
        .route("/o/{slug}/feedback/status/{token}", get(feedback::status::page))
        .route("/o/{slug}/feedback/inbox", get(inbox::page::list))
        .route("/o/{slug}/feedback/inbox.csv", get(export::csv))
        .route("/o/{slug}/feedback/inbox/{id}", get(inbox::item::page))
        .route("/o/{slug}/feedback/inbox/{id}/state", post(inbox::item::move_on))
        .route("/o/{slug}/feedback/inbox/{id}/assign", post(inbox::item::assign))
        .route("/o/{slug}/feedback/inbox/{id}/notes", post(inbox::item::add_note))
        .route("/o/{slug}/feedback/inbox/{id}/tags", post(inbox::labels::add_tag))
        .route("/o/{slug}/feedback/inbox/{id}/tags/remove", post(inbox::labels::remove_tag))
        .route("/o/{slug}/feedback/inbox/{id}/links", post(inbox::labels::save_links))
        .route("/o/{slug}/feedback/settings", get(settings::show))
        .route("/o/{slug}/feedback/settings/lists", post(settings::save_lists))
        .route("/o/{slug}/feedback/settings/clock", post(settings::save_clock))
        .route("/o/{slug}/feedback/settings/retention", post(settings::save_retention))
        .route("/o/{slug}/feedback/settings/erase", post(erasure::submit))
        .route("/o/{slug}/feedback/settings/teams", post(settings::save_teams))
        .merge(thanks::router())
        .merge(public::router())
        .route("/api/v1/orgs/{slug}/feedback", get(api::read::list).post(api::submit::submit))
        .route("/api/v1/orgs/{slug}/feedback/{reference}", get(api::read::show))
        .route("/api/v1/orgs/{slug}/feedback/{reference}/state", post(api::write::move_on))
        .route("/api/v1/orgs/{slug}/feedback/{reference}/tags", post(api::labels::add_tag))
        .route("/api/v1/orgs/{slug}/feedback/{reference}/tags/{tag}", delete(api::labels::remove_tag))
        .route("/api/v1/orgs/{slug}/feedback/{reference}/links", put(api::labels::put_links))
}
