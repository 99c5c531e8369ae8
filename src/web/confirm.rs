//! "Are you sure?" for destructive actions, with or without JavaScript.
//!
//! A destructive form carries its question in a hidden `ask_first` field
//! (`m::confirm` in the templates). With JavaScript the browser asks in a
//! dialog and adds `asked=yes`; without it the form arrives unanswered
//! and Ethos answers with a page that asks the question and posts the same
//! fields again with `asked=yes`. Forms without an `ask_first` field (and
//! scripts that post directly) are not asked: the question protects people
//! from a slip, and the form token already protects them from other sites.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::app::AppState;
use crate::auth::session::Viewer;
use crate::web::csrf::CsrfToken;
use crate::web::{Layout, render};

/// The hidden field holding the question.
const QUESTION: &str = "ask_first";
/// The hidden field holding the words of the "yes" button (optional).
const YES: &str = "ask_first_yes";
/// The field a confirmed submission carries.
const CONFIRMED: &str = "asked";

#[derive(Template)]
#[template(path = "web/confirm.html")]
struct ConfirmPage {
    layout: Layout,
    question: String,
    yes: String,
    action: String,
    fields: Vec<(String, String)>,
    back: String,
}

/// The question a form body asks, when it asks one and is not yet answered.
fn unanswered(body: &[u8]) -> Option<(String, Option<String>)> {
    let mut question = None;
    let mut yes = None;
    for (k, v) in url::form_urlencoded::parse(body) {
        match &*k {
            QUESTION if !v.trim().is_empty() => question = Some(v.into_owned()),
            YES if !v.trim().is_empty() => yes = Some(v.into_owned()),
            CONFIRMED if v == "yes" => return None,
            _ => {}
        }
    }
    question.map(|q| (q, yes))
}

/// Where "No, go back" leads: the page the form was on (same site only),
/// else the organisation's page, else the home page.
fn back_link(parts: &Parts, action: &str) -> String {
    let host = parts.headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let referer =
        parts.headers.get(header::REFERER).and_then(|h| h.to_str().ok()).and_then(|r| url::Url::parse(r).ok());
    if let (Some(url), Some(host)) = (referer, host) {
        let same = url.host_str().is_some_and(|h| {
            let with_port = url.port().map_or(h.to_owned(), |p| format!("{h}:{p}"));
            with_port == host || h == host
        });
        if same {
            let mut path = url.path().to_owned();
            if let Some(q) = url.query() {
                path = format!("{path}?{q}");
            }
            return path;
        }
    }
    let mut segments = action.split('/').skip(1);
    match (segments.next(), segments.next()) {
        (Some("o"), Some(slug)) if !slug.is_empty() => format!("/o/{slug}"),
        _ => "/".to_owned(),
    }
}

/// The confirmation page for an unanswered destructive form, or `None`
/// when the request should go on to its handler.
pub async fn ask(state: &AppState, parts: &mut Parts, body: &[u8]) -> Option<Response> {
    let (question, yes) = unanswered(body)?;
    let action = parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let viewer = Viewer::from_request_parts(parts, state).await.ok()?;
    let csrf = CsrfToken::from_request_parts(parts, state).await.ok()?;
    let mut layout = Layout {
        title: "Are you sure?".to_owned(),
        viewer_name: viewer.0.as_ref().map(|p| p.name.clone()),
        csrf_token: csrf.token(),
        ..Layout::default()
    };
    if let Some(slug) = parts.uri.path().strip_prefix("/o/").and_then(|p| p.split('/').next())
        && let Ok(Some(org)) = crate::orgs::model::by_slug(&state.db, slug).await
    {
        layout.zone = org.zone.clone();
        layout.org = Some((&org).into());
    }
    let fields = url::form_urlencoded::parse(body)
        .filter(|(k, _)| k != QUESTION && k != YES && k != CONFIRMED)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let back = back_link(parts, &action);
    let page =
        ConfirmPage { layout, question, yes: yes.unwrap_or_else(|| "Yes, go ahead".to_owned()), action, fields, back };
    let mut response = render(&page).unwrap_or_else(axum::response::IntoResponse::into_response);
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Some(response)
}

#[cfg(test)]
mod tests {
    use super::unanswered;

    #[test]
    fn a_form_with_a_question_and_no_answer_is_asked() {
        let asked = unanswered(b"csrf_token=t&ask_first=Remove+Sam%3F&ask_first_yes=Yes%2C+remove+Sam");
        assert_eq!(asked, Some(("Remove Sam?".to_owned(), Some("Yes, remove Sam".to_owned()))));
    }

    #[test]
    fn a_confirmed_form_or_one_without_a_question_goes_on() {
        assert_eq!(unanswered(b"ask_first=Remove+Sam%3F&asked=yes"), None);
        assert_eq!(unanswered(b"asked=yes&ask_first=Remove+Sam%3F"), None);
        assert_eq!(unanswered(b"name=Sam&action=remove&confirm=yes"), None);
        assert_eq!(unanswered(b"ask_first=+"), None);
    }
}
