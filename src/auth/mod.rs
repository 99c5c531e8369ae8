//! People and how they prove who they are: sign-in, sessions, passwords,
//! invitations, resets, API tokens and single sign-on.

pub mod account;
pub mod admin;
pub mod invitations;
pub mod password;
pub mod people;
pub mod ratelimit;
pub mod resets;
pub mod secrets;
pub mod session;
pub mod signin;
pub mod sso;
pub mod tokens;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in", get(signin::page).post(signin::submit))
        .route("/sign-out", post(signin::sign_out))
        .route("/account", get(account::page))
        .route("/account/password", post(account::change_password))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token))
        .route("/invitations/{token}", get(invitations::page).post(invitations::accept))
        .route("/reset/{token}", get(resets::page).post(resets::submit))
        .merge(sso::router())
}
