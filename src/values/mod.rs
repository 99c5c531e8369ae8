//! The values framework: what an organisation says it stands for, written by
//! its editors, versioned and published for everyone.

pub mod diff;
pub mod edit;
pub mod file;
pub mod languages;
pub mod leaflet;
pub mod model;
pub mod public;
pub mod reference;
pub mod requests;
pub mod store;
pub mod translation;
pub mod translations;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/values", get(public::current))
        .route("/o/{slug}/values/v/{number}", get(public::version))
        .route("/o/{slug}/values.pdf", get(leaflet::download))
        .route("/o/{slug}/values/versions", get(public::versions))
        .route("/o/{slug}/values/compare", get(public::compare))
        .route("/o/{slug}/values/coverage", get(reference::page))
        .route("/o/{slug}/values/request", get(requests::form).post(requests::submit))
        .route("/o/{slug}/values/requests", get(requests::inbox))
        .route("/o/{slug}/values/requests/{id}", post(requests::set_status))
        .route("/o/{slug}/values/requests/{id}/delete-contact", post(requests::delete_contact))
        .route("/o/{slug}/values/edit/mapping", get(reference::edit_page).post(reference::save))
        .route("/o/{slug}/values/draft", get(public::draft))
        .route("/o/{slug}/values/edit", get(edit::page))
        .route("/o/{slug}/values/edit/start", post(edit::start))
        .route("/o/{slug}/values/edit/statements", post(edit::statements))
        .route("/o/{slug}/values/edit/principles", post(edit::save_principles))
        .route("/o/{slug}/values/edit/values", post(edit::add_value))
        .route("/o/{slug}/values/edit/value/{key}", get(edit::value_page).post(edit::save_value))
        .route("/o/{slug}/values/edit/value/{key}/arrange", post(edit::arrange_value))
        .route("/o/{slug}/values/edit/publish", get(edit::publish_page).post(edit::publish))
        .route("/o/{slug}/values/edit/discard", post(edit::discard))
        .route("/o/{slug}/values/edit/translations", get(translations::list).post(translations::add))
        .route("/o/{slug}/values/edit/translations/{lang}", get(translations::page).post(translations::save))
        .route("/o/{slug}/values/edit/translations/{lang}/remove", post(translations::remove))
}
