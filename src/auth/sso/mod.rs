//! Single sign-on with OpenID Connect: each organisation may name a
//! provider that vouches for its email domains (`settings`), people sign
//! in through it with the authorization code flow (`flow`), the provider's
//! answer is checked by the `openidconnect` crate (`provider`) and matched
//! to a person (`matching`). What is kept is in `store`; the client secret
//! is sealed (`seal`). See docs/sign-in.md.

pub mod flow;
pub mod matching;
pub mod provider;
pub mod seal;
pub mod settings;
pub mod store;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sign-in/sso/offer", get(flow::offer))
        .route("/sign-in/sso/start", get(flow::start))
        .route("/sign-in/sso/callback", get(flow::callback))
        .route("/o/{slug}/settings/sign-in", get(settings::page).post(settings::save))
        .route("/o/{slug}/settings/sign-in/remove", post(settings::remove))
}
