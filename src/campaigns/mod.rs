//! Campaigns (issue 15), first slice: a national body runs a campaign such
//! as a values week ([`national`]); organisations join it ([`join`]), and
//! may [`leave`] it again, and
//! get a page of their own for it ([`page`]) with the national body's
//! sample posts filled with their values ([`posts`], [`fields`]); they log
//! events ([`events`]), which reach calendars through iCalendar feeds
//! ([`feeds`], [`ical`]) and scripts through the API ([`api`]); anyone
//! writes a pledge, shown once the organisation approves it ([`pledges`]),
//! and says which values matter most to them in a one-question [`poll`]. A
//! postponement keeps the first dates and moves everything dated with it.
//! Who may do what is carried by the extractors in [`access`]. The pledge
//! card, poster and link preview picture come from [`printables`]. After
//! the week, each organisation sends back its figures ([`returns`]). Staff
//! enter the national body's creative [`competition`], which judges score.
//! The catalogue of [`ideas`] for events is the national body's, and each
//! organisation adds its own; the national body's template [`letter`] is
//! filled with each organisation's values; the campaign's [`logo`] is a wordmark
//! drawn by the server.

pub mod access;
pub mod api;
pub mod competition;
pub mod events;
pub mod feeds;
pub mod fields;
pub mod ical;
pub mod ideas;
pub mod join;
pub mod leave;
pub mod letter;
pub mod logo;
pub mod model;
pub mod national;
pub mod page;
pub mod pledges;
pub mod poll;
pub mod posts;
pub mod printables;
pub mod returns;
pub mod store;
pub mod when;

use axum::Router;
use axum::extract::{self, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};

use crate::app::AppState;

/// What campaigns keep for the whole process.
#[derive(Default)]
pub struct State {
    /// The writer of new pledges, started at its first use
    /// ([`pledges::intake::submit`]).
    pub pledges: tokio::sync::OnceCell<pledges::intake::Writer>,
}

/// A change to a campaign can change public pages that are cached (the
/// national body's page lists who takes part): every write clears them.
async fn forget_pages(extract::State(state): extract::State<AppState>, request: Request, next: Next) -> Response {
    let write = request.method() != Method::GET && request.method() != Method::HEAD;
    let response = next.run(request).await;
    if write && response.status().is_redirection() {
        state.pages.clear();
    }
    response
}

pub fn router(state: AppState) -> Router<AppState> {
    let c = "/o/{slug}/campaigns/{campaign}";
    Router::new()
        .route("/o/{slug}/campaigns", get(join::index).post(national::create))
        .route("/o/{slug}/campaigns/new", get(national::new))
        .route(c, get(page::show))
        .route(&format!("{c}/edit"), get(national::edit).post(national::save))
        .route(&format!("{c}/postpone"), get(national::postpone_form).post(national::postpone))
        .route(&format!("{c}/join"), post(join::join))
        .route(&format!("{c}/leave"), get(leave::confirm).post(leave::leave_now))
        .route(&format!("{c}/posts"), get(posts::show).post(posts::create))
        .route(&format!("{c}/posts/{{id}}/delete"), post(posts::delete))
        .route(&format!("{c}/letter"), get(letter::show).post(letter::update))
        .route(&format!("{c}/letter.txt"), get(letter::download))
        .route(&format!("{c}/events.ics"), get(feeds::feed))
        .route(&format!("{c}/pledge-card.pdf"), get(printables::pledge_card))
        .route(&format!("{c}/poster.pdf"), get(printables::poster))
        .route(&format!("{c}/card.png"), get(printables::card))
        .route(&format!("{c}/logo.svg"), get(logo::svg))
        .route(&format!("{c}/logo.png"), get(logo::png))
        .route(&format!("{c}/events/{{id}}/calendar.ics"), get(feeds::one))
        .route(&format!("{c}/events/new"), get(events::form::new))
        .route(&format!("{c}/events"), post(events::form::create))
        .route(&format!("{c}/events/{{id}}"), get(events::form::edit).post(events::form::update))
        .route(&format!("{c}/ideas"), get(ideas::pages::show).post(ideas::pages::create))
        .route(&format!("{c}/ideas/{{id}}"), get(ideas::pages::edit).post(ideas::pages::update))
        .route(&format!("{c}/ideas/{{id}}/delete"), post(ideas::pages::delete))
        .route(&format!("{c}/pledges"), get(pledges::wall::all))
        .route(&format!("{c}/pledges/new"), get(pledges::form::new).post(pledges::form::create))
        .route(&format!("{c}/pledges/yours"), get(pledges::form::yours))
        .route(&format!("{c}/pledges/mine/{{token}}"), get(pledges::form::mine))
        .route(&format!("{c}/pledges/mine/{{token}}/done"), post(pledges::form::done))
        .route(&format!("{c}/pledges/moderate"), get(pledges::moderate::show))
        .route(&format!("{c}/pledges/{{id}}"), get(pledges::wall::show))
        .route(&format!("{c}/pledges/{{id}}/card.png"), get(pledges::wall::card))
        .route(&format!("{c}/pledges/{{id}}/done"), post(pledges::form::done_here))
        .route(&format!("{c}/pledges/{{id}}/approve"), post(pledges::moderate::approve))
        .route(&format!("{c}/pledges/{{id}}/reject"), post(pledges::moderate::reject))
        .merge(competition::router())
        .route_layer(axum::middleware::from_fn_with_state(state, forget_pages))
        // A vote forgets only its campaign's pages (see poll::vote).
        .route(&format!("{c}/poll"), post(poll::vote::vote))
        .route("/api/v1/campaigns/{id}", get(api::show))
        .route("/api/v1/campaigns/{id}/events", get(api::events))
        .route("/api/v1/campaigns/{id}/pledges", get(pledges::api::list))
        .route("/api/v1/campaigns/{id}/competition", get(competition::api::show))
        .route("/api/v1/campaigns/{id}/organisations/{slug}/pledges", post(pledges::api::submit))
        .merge(returns::router())
}
