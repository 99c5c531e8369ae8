//! A strategy: aims that stay for its whole period, the priorities under
//! them, and each financial year's objectives with their status — written by
//! editors ([`edit`]), read by everyone once published ([`public`]). An
//! objective is carried into the next year ([`carry`]) and names the values
//! and consultation actions it answers ([`links`]).

pub mod api;
pub mod carry;
pub mod edit;
pub mod links;
pub mod model;
pub mod objective;
pub mod progress;
pub mod public;
pub mod store;
pub mod update_input;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/strategy", get(public::current))
        .route("/o/{slug}/strategy/{id}", get(public::one))
        .route("/o/{slug}/strategy/objectives/{id}", get(objective::page))
        .route("/o/{slug}/strategy/objectives/{id}/updates", post(objective::add_update))
        .route("/o/{slug}/strategy/objectives/{id}/carry", post(carry::carry_forward))
        .route("/o/{slug}/strategy/objectives/{id}/links", post(links::save))
        .route("/o/{slug}/strategy/edit", get(edit::list).post(edit::create))
        .route("/o/{slug}/strategy/edit/{id}", get(edit::page).post(edit::save_details))
        .route("/o/{slug}/strategy/edit/{id}/aims", post(edit::add_aim))
        .route("/o/{slug}/strategy/edit/{id}/aims/{aim}/priorities", post(edit::add_priority))
        .route("/o/{slug}/strategy/edit/{id}/aims/{aim}/objectives", post(edit::add_objective))
        .route("/o/{slug}/strategy/edit/{id}/objectives/{objective}/status", post(edit::set_status))
        .route("/o/{slug}/strategy/edit/{id}/publish", post(edit::publish))
}
