//! Organisations: public pages, people and roles, settings, audit log.

pub mod access;
pub mod audit_page;
pub mod cache;
pub mod footer;
pub mod home;
pub mod model;
pub mod people;
pub mod public;
pub mod settings;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(public::home))
        .route("/o/{slug}", get(public::org_page))
        .route("/o/{slug}/home", get(home::page))
        .route("/o/{slug}/logo", get(public::logo))
        .route("/o/{slug}/people", get(people::page))
        .route("/o/{slug}/invitations", post(people::invite))
        .route("/o/{slug}/invitations/{id}/revoke", post(people::revoke_invitation))
        .route("/o/{slug}/people/{person}/role", post(people::change_role))
        .route("/o/{slug}/people/{person}/remove", post(people::remove))
        .route("/o/{slug}/people/{person}/reset-link", post(people::reset_link))
        .route("/o/{slug}/people/{person}/revoke-tokens", post(people::revoke_tokens))
        .route("/o/{slug}/settings", get(settings::page).post(settings::save))
        .route("/o/{slug}/settings/time-zone", post(settings::save_time_zone))
        .route("/o/{slug}/settings/footer", get(footer::page).post(footer::save))
        .route("/accessibility", get(footer::accessibility))
        .route("/privacy", get(footer::privacy))
        .route("/o/{slug}/settings/links", post(settings::save_links))
        .route("/o/{slug}/settings/logo", post(settings::upload_logo))
        .route("/o/{slug}/settings/logo/remove", post(settings::remove_logo))
        .route("/o/{slug}/audit", get(audit_page::page))
}
