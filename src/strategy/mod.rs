//! Strategy (issue 14): where an organisation is going — its aims,
//! priorities and yearly objectives ([`plan`]) — and the outcome measures
//! that show whether it is getting there ([`measures`]).

pub mod measures;
pub mod plan;

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;

/// The strategy's and measures' pages and API routes, each write clearing
/// the public page cache.
pub fn router(state: AppState) -> axum::Router<AppState> {
    axum::Router::new()
        .merge(measures::router())
        .merge(plan::router())
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
