//! Thank-you notes (issue 16): a member of staff thanks a colleague or a
//! team for something they did, tagged to one of the organisation's
//! published values and perhaps one behaviour of it ([`write`]). The
//! recipient reads it on their own page and is told by mail where mail is
//! set up, and may take it off the wall ([`mine`]); the wall shows what
//! writers chose to share, with counts per value and per month for
//! everyone in the organisation ([`wall`], [`api`]); editors remove a note
//! with a reason ([`moderate`]). No page ranks or counts people, but for a
//! recipient's count of their own notes. [`store::counts_between`] is the
//! figure a campaign's return reads.

pub mod api;
pub mod mine;
pub mod moderate;
pub mod store;
pub mod wall;
pub mod write;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/thanks", get(wall::page))
        .route("/o/{slug}/thanks/new", get(write::form).post(write::submit))
        .route("/o/{slug}/thanks/mine", get(mine::page))
        .route("/o/{slug}/thanks/{id}/hide", post(mine::hide))
        .route("/o/{slug}/thanks/{id}/show", post(mine::show))
        .route("/o/{slug}/thanks/{id}/remove", get(moderate::page).post(moderate::submit))
        .route("/api/v1/orgs/{slug}/thanks/counts", get(api::counts))
}
