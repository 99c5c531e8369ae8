//! Error pages, and the middleware that shows them in the signed-in
//! person's frame.
//!
//! An error becomes a page where it happens ([`crate::error::AppError`]),
//! often before anyone has looked at the session, so [`error_page`] draws it
//! as for a visitor. The page carries what it said ([`Shown`]); on the way
//! out, [`for_viewer`] draws it again with the person's name and the
//! sign-out button when the request came from someone signed in. The
//! session is read only for requests that carry a session cookie, and only
//! when a client error (4xx) page is answered: a server error may come from
//! the database, which is then not asked again, so those pages stay as drawn.

use askama::Template;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::Layout;
use super::csrf::CsrfToken;
use crate::app::AppState;
use crate::auth::session::Viewer;

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    heading: &'a str,
    message: &'a str,
}

/// What an error page said, kept on its response.
#[derive(Clone, Debug)]
struct Shown {
    message: String,
}

fn heading(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::FORBIDDEN => "You cannot do that",
        StatusCode::UNAUTHORIZED => "Sign in needed",
        StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
        StatusCode::PAYLOAD_TOO_LARGE => "Too much sent at once",
        StatusCode::GONE => "This link has expired",
        s if s.is_server_error() => "Sorry, there is a problem with the service",
        _ => "There is a problem",
    }
}

fn render(status: StatusCode, message: &str, mut layout: Layout) -> Result<String, askama::Error> {
    let heading = heading(status);
    layout.title = heading.to_owned();
    ErrorPage { layout, heading, message }.render()
}

/// The page shown for an error, drawn as for a visitor (see [`for_viewer`]).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let mut response = match render(status, message, Layout::default()) {
        Ok(body) => (status, Html(body)).into_response(),
        Err(_) => return (status, message.to_owned()).into_response(),
    };
    response.extensions_mut().insert(Shown { message: message.to_owned() });
    response
}

/// Middleware: an error page answered to someone signed in is drawn again
/// with their name and the sign-out button, as every other page is. Runs
/// inside the session and form-token layers, whose request extensions it
/// reads.
pub async fn for_viewer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let may_be_signed_in = crate::orgs::public::has_session(request.headers());
    let extensions = may_be_signed_in.then(|| request.extensions().clone());
    let response = next.run(request).await;
    let (Some(extensions), Some(shown)) = (extensions, response.extensions().get::<Shown>().cloned()) else {
        return response;
    };
    // A server error may be the database itself: it is not asked again.
    if !response.status().is_client_error() {
        return response;
    }
    let mut probe = Request::new(());
    *probe.extensions_mut() = extensions;
    let (mut parts, ()) = probe.into_parts();
    let Ok(Viewer(Some(person))) = Viewer::from_request_parts(&mut parts, &state).await else {
        return response;
    };
    let Ok(csrf) = CsrfToken::from_request_parts(&mut parts, &state).await else {
        return response;
    };
    let layout = Layout { viewer_name: Some(person.name), csrf_token: csrf.token(), ..Layout::default() };
    let Ok(body) = render(response.status(), &shown.message, layout) else {
        return response;
    };
    let (mut head, _) = response.into_parts();
    head.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(head, Body::from(body))
}
