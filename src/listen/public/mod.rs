//! Listening in public: ideas published for anyone to support with one
//! click per browser, with the organisation's open answers ([`ideas`],
//! [`support`], and read-only through the API in [`api`]); the whole
//! organisation's "You said, we did" ([`you_said`]); and the editors' forms
//! on an item's inbox page that choose what is shown and in which words
//! ([`editor`]), over [`store`].
//!
//! Only words an editor writes are published, never the sender's text as it
//! stands, and they are refused while they hold personal data the inbox
//! flags (an email address, a phone number, an NHS number).

pub mod api;
pub mod editor;
pub mod ideas;
pub mod store;
pub mod support;
pub mod you_said;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    let item = "/o/{slug}/feedback/inbox/{id}";
    Router::new()
        .route(&format!("{item}/publish"), post(editor::publish))
        .route(&format!("{item}/unpublish"), post(editor::unpublish))
        .route(&format!("{item}/answer"), post(editor::answer))
        .route(&format!("{item}/you-said"), post(editor::you_said))
        .route("/o/{slug}/ideas", get(ideas::list))
        .route("/o/{slug}/ideas/{id}", get(ideas::one))
        .route("/o/{slug}/ideas/{id}/support", post(support::support))
        .route("/o/{slug}/you-said-we-did", get(you_said::page))
        .route("/api/v1/orgs/{slug}/ideas", get(api::list))
}
