//! The public page cache in front of the session and form layers.
//!
//! Anonymous visitors (no session cookie) asking for a page that a handler
//! has already rendered for everyone are answered from memory by address,
//! without touching sessions, form tokens or the database. A handler opts a
//! page in by answering with [`cached_response`], which carries the page in
//! the response; this layer then keeps it under the request's address until
//! the cache is cleared by a change or the page's time runs out. A page kept
//! with stand-ins for what differs between visitors (a campaign page's form
//! token) is filled in here for each visitor ([`crate::campaigns::page`]).

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use crate::app::AppState;
use crate::orgs::cache::CachedPage;
use crate::orgs::public::{cached_response, has_session};

/// Middleware: serves cached public pages; remembers new ones.
pub async fn serve(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || has_session(req.headers()) {
        return next.run(req).await;
    }
    let key = req.uri().path_and_query().map_or("/", |p| p.as_str());
    if let Some(page) = state.pages.get(key) {
        if let Some(org_id) = page.holes_for {
            return match crate::campaigns::page::kept(&state, req.headers(), &page, org_id).await {
                Some(mut response) => {
                    crate::web::security::insert(response.headers_mut(), state.config.secure_cookies);
                    state.metrics.cache_hit();
                    response
                }
                None => next.run(req).await,
            };
        }
        let mut response = cached_response(req.headers(), &page);
        crate::web::security::insert(response.headers_mut(), state.config.secure_cookies);
        state.metrics.cache_hit();
        return response;
    }
    let key = key.to_owned();
    let response = next.run(req).await;
    if let Some(page) = response.extensions().get::<std::sync::Arc<CachedPage>>() {
        state.pages.insert(&key, page.clone());
    }
    response
}
