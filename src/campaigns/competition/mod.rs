//! The creative competition of a campaign (issue 15). The national body's
//! editors set it up — dates, rules, categories, weighted criteria
//! ([`setup`]) — and run it: judges, shortlist, awards, announcement
//! ([`manage`]). Staff of taking-part organisations enter words or an image
//! ([`enter`]; images are checked and re-encoded in [`images`]); judges
//! score ([`judging`]; totals in [`ranking`]); once announced, the winners
//! and a gallery of the entries whose makers agreed are public
//! ([`gallery`], [`api`]). The rules about dates and stages are in
//! [`model`] and [`entry`]; storage in [`store`] and [`entry_store`].

pub mod api;
pub mod enter;
pub mod entry;
pub mod entry_store;
pub mod gallery;
pub mod images;
pub mod judging;
pub mod manage;
pub mod model;
pub mod ranking;
pub mod setup;
pub mod store;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::app::AppState;

/// The competition's pages, under a campaign's address.
pub fn router() -> Router<AppState> {
    let c = "/o/{slug}/campaigns/{campaign}/competition";
    Router::new()
        .route(c, get(gallery::show))
        .route(&format!("{c}/setup"), get(setup::show).post(setup::save))
        .route(
            &format!("{c}/enter"),
            // The image's limit, with room for the other fields around it.
            get(enter::show).post(enter::create).layer(DefaultBodyLimit::max(enter::BODY_LIMIT)),
        )
        .route(&format!("{c}/manage"), get(manage::show))
        .route(&format!("{c}/judges"), post(manage::add_judge))
        .route(&format!("{c}/judges/{{person}}/remove"), post(manage::remove_judge))
        .route(&format!("{c}/judging"), post(manage::open_judging))
        .route(&format!("{c}/announce"), post(manage::announce))
        .route(&format!("{c}/entries/{{id}}"), get(gallery::entry))
        .route(&format!("{c}/entries/{{id}}/image"), get(gallery::image))
        .route(&format!("{c}/entries/{{id}}/thumbnail"), get(gallery::thumbnail))
        .route(&format!("{c}/entries/{{id}}/shortlist"), post(manage::shortlist))
        .route(&format!("{c}/entries/{{id}}/award"), post(manage::award))
        .route(&format!("{c}/entries/{{id}}/remove"), post(manage::remove))
        .route(&format!("{c}/entries/{{id}}/withdraw"), post(enter::withdraw))
        .route(&format!("{c}/judge"), get(judging::list))
        .route(&format!("{c}/judge/{{id}}"), get(judging::show).post(judging::score))
}
