//! Strategy (issue 14): where an organisation is going — its aims,
//! priorities and yearly objectives ([`plan`]) — and the outcome measures
//! that show whether it is getting there ([`measures`]); both as one YAML
//! file for export and import ([`file`]), and as the Board performance
//! report and the strategy summary in PDF ([`report`]); a partnership's
//! objectives shared with its members, who report on them ([`shared`]).

pub mod file;
pub mod measures;
pub mod plan;
pub mod report;
pub mod shared;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::app::AppState;
use crate::error::{ApiError, AppError};

/// The strategy's API routes, under `/api/v1` like the rest of the API (the
/// measures' are in [`measures::router`]).
fn api_router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/orgs/{slug}/strategy", get(plan::api::current))
        .route("/api/v1/orgs/{slug}/strategy/{id}", get(plan::api::one))
        .route("/api/v1/orgs/{slug}/strategy/objectives/{id}", get(plan::api::objective))
        .route("/api/v1/orgs/{slug}/strategy/objectives/{id}/updates", post(plan::api::add_update))
        .route("/api/v1/orgs/{slug}/strategy/objectives/{id}/members", get(shared::api::members))
        .route("/api/v1/orgs/{slug}/strategy/shared", get(shared::api::list))
        .route("/api/v1/orgs/{slug}/strategy/shared/{id}", get(shared::api::one))
        .route("/api/v1/orgs/{slug}/strategy/shared/{id}/updates", post(shared::api::add_update))
        .route(
            "/api/v1/orgs/{slug}/strategy/file",
            get(file::api::export)
                .post(file::api::import)
                // The file's limit, and a byte more so a larger file is refused as too large.
                .layer(DefaultBodyLimit::max(file::MAX_BYTES + 1)),
        )
        .method_not_allowed_fallback(|| async {
            let message = "That method is not allowed here; the Allow header lists those that are.";
            ApiError(AppError::MethodNotAllowed(message.to_owned())).into_response()
        })
}

/// The strategy's and measures' pages and API routes, each write clearing
/// the public page cache.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .merge(measures::router())
        .merge(plan::router())
        .merge(report::router())
        .merge(shared::router())
        .merge(api_router())
        .route_layer(axum::middleware::from_fn_with_state(state, clear_pages_after_writes))
}

/// Middleware on every strategy and measures route: a write that succeeds
/// (any method but GET and HEAD, answered 2xx or 3xx) clears the public
/// page cache here and in the other processes, so the strategy page that
/// anonymous visitors are served from memory never shows what was changed.
/// A route added later is covered without remembering to clear.
pub async fn clear_pages_after_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD);
    let response = next.run(req).await;
    if writes && (response.status().is_success() || response.status().is_redirection()) {
        state.pages.clear();
    }
    response
}
