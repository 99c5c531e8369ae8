//! Outcome measures: the periods their values belong to, the statistical
//! process control (SPC) that tells signal from noise in those values, and
//! the chart that shows it; then the measures themselves, stored per
//! organisation, with their API and pages.
//!
//! The core is pure computation with no web or database types: a caller
//! parses periods ([`period`]), runs [`spc::analyse`] on a measure's values
//! and draws the result with [`chart::xmr_svg`]. Around it: [`definition`]
//! and [`values_input`] check what people send, [`store`] keeps it,
//! [`api`] and [`pages`] serve it, and [`access`] says who may change it.

pub mod api;
pub mod chart;
pub mod definition;
pub mod financial_year;
pub mod links;
pub mod pages;
pub mod period;
pub mod spc;
pub mod store;
pub mod values_input;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::app::AppState;
use crate::error::{ApiError, AppError};

/// Largest body the API's values route takes: 100,000 values as JSON are
/// about 5 MB.
const API_VALUES_LIMIT: usize = 32 * 1024 * 1024;

/// The measures' pages and API routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/o/{slug}/measures", get(pages::list).post(pages::create))
        .route("/o/{slug}/measures/new", get(pages::new_form))
        .route("/o/{slug}/measures/{key}", get(pages::detail))
        .route("/o/{slug}/measures/{key}/edit", get(pages::edit_form).post(pages::update))
        .route("/o/{slug}/measures/{key}/delete", get(pages::ask_delete).post(pages::delete))
        .route("/o/{slug}/measures/{key}/values", post(pages::set_value))
        .route(
            "/o/{slug}/measures/{key}/values/csv",
            // The file's limit, with room for the multipart framing around it.
            post(pages::upload).layer(DefaultBodyLimit::max(pages::UPLOAD_LIMIT + 64 * 1024)),
        )
        .merge(api_routes())
}

/// The API's routes for measures, under `/api/v1` like the rest of the API;
/// a method a route does not take is answered with a problem document, as
/// everywhere in the API.
fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/orgs/{slug}/measures", get(api::list))
        .route("/api/v1/orgs/{slug}/measures/{key}", get(api::show).put(api::put_measure))
        .route(
            "/api/v1/orgs/{slug}/measures/{key}/values",
            get(api::get_values).put(api::put_values).layer(DefaultBodyLimit::max(API_VALUES_LIMIT)),
        )
        .route("/api/v1/orgs/{slug}/measures/{key}/values.csv", get(api::get_values_csv))
        .route("/api/v1/orgs/{slug}/measures/{key}/spc", get(api::spc_of))
        .method_not_allowed_fallback(|| async {
            let message = "That method is not allowed here; the Allow header lists those that are.";
            ApiError(AppError::MethodNotAllowed(message.to_owned())).into_response()
        })
}
