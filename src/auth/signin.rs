//! Signing in and out.

use std::net::{IpAddr, SocketAddr};

use askama::Template;
use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::{password, people, session, sso};
use crate::error::AppError;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, render_with_status};

#[derive(Template)]
#[template(path = "auth/sign_in.html")]
struct SignInPage {
    layout: Layout,
    errors: FormErrors,
    email: String,
    next: String,
    /// The single sign-on the email's domain offers, once an email is given.
    offer: Option<SsoOffer>,
}

/// "Sign in with {provider}" for the domain of the email typed.
struct SsoOffer {
    org_name: String,
    display_name: String,
    domain: String,
    required: bool,
    start_url: String,
    /// The plain sign-in page again, keeping `next`.
    restart_url: String,
}

impl SsoOffer {
    fn new(offer: sso::store::Offer, email: &str, next: &str) -> SsoOffer {
        let restart = match safe_next(next) {
            Some(next) => format!(
                "/sign-in?{}",
                url::form_urlencoded::Serializer::new(String::new()).append_pair("next", next).finish()
            ),
            None => "/sign-in".to_owned(),
        };
        SsoOffer {
            org_name: offer.org_name,
            display_name: offer.display_name,
            domain: offer.domain,
            required: offer.required,
            start_url: sso::flow::start_url(email, next),
            restart_url: restart,
        }
    }
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

/// Only paths on this site are followed after sign-in.
pub fn safe_next(next: &str) -> Option<&str> {
    (next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\")).then_some(next)
}

pub async fn page(ctx: PageContext, Query(query): Query<NextQuery>) -> Result<Response, AppError> {
    let page = SignInPage {
        layout: ctx.layout("Sign in"),
        errors: FormErrors::new(),
        email: String::new(),
        next: query.next,
        offer: None,
    };
    render_with_status(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
    /// Set by the "Continue with single sign-on" button.
    #[serde(default)]
    sso: String,
}

/// The client's address: the socket peer or, behind a trusted proxy, the
/// address that proxy saw (see [`forwarded_client`]). Used for rate limits
/// only, never stored.
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
        Ok(ClientAddress(client_address(state, peer, &parts.headers)))
    }
}

/// The client's address for a connection from `peer` with these headers:
/// behind a trusted proxy the address it saw, else the peer.
pub(crate) fn client_address(state: &AppState, peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<IpAddr> {
    let forwarded =
        if state.config.trust_proxy { forwarded_client(headers, state.config.trust_proxy_hops) } else { None };
    forwarded.or(peer.map(|p| p.ip()))
}

/// The client address in `X-Forwarded-For` behind `hops` trusted proxies.
///
/// Each proxy appends the address it was connected from, so only the last
/// `hops` entries were written by proxies we trust; anything to their left
/// came from the client and may be invented. The address is therefore the
/// `hops`-th entry from the right (the rightmost for one proxy), or the
/// leftmost when there are fewer entries than hops (every entry was then
/// added by a trusted proxy). Several headers count as one list, in order.
/// `None` when the header is missing or that entry is not an address.
pub fn forwarded_client(headers: &HeaderMap, hops: usize) -> Option<IpAddr> {
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let entry = entries.iter().rev().nth(hops.max(1) - 1).or(entries.first())?;
    entry.parse().ok()
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    let mut errors = FormErrors::new();
    let email = form.email.trim().to_owned();
    let fail = |status: StatusCode, errors: FormErrors| {
        let mut layout = ctx.layout("Sign in");
        layout.has_errors = true;
        let page = SignInPage { layout, errors, email: email.clone(), next: form.next.clone(), offer: None };
        render_with_status(status, &page)
    };
    if email.is_empty() {
        errors.add("email", "Enter your email address");
    } else if let Some(response) = offer_sso(&state, &ctx, &form, &email).await? {
        return Ok(response);
    } else if !form.sso.is_empty() {
        errors.add("email", "Single sign-on is not set up for this email address. Sign in with your password.");
        return fail(StatusCode::UNPROCESSABLE_ENTITY, errors);
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if !errors.is_empty() {
        return fail(StatusCode::UNPROCESSABLE_ENTITY, errors);
    }

    if let Err(wait) = state.sign_in_limits.check(&email, address) {
        errors.add("email", format!("Too many sign-in attempts. Wait {wait} seconds, then try again."));
        let mut response = fail(StatusCode::TOO_MANY_REQUESTS, errors)?;
        if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Ok(response);
    }

    let found = people::credentials(&state.db, &email).await?;
    let (person, stored) = match found {
        Some((person, stored)) => (Some(person), stored),
        None => (None, None),
    };
    let ok = password::verify(form.password.clone(), stored).await?;
    let Some(person) = person.filter(|_| ok) else {
        errors.add("email", "The email address or password is not right");
        let mut response = fail(StatusCode::UNAUTHORIZED, errors)?;
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Form"));
        return Ok(response);
    };

    session::sign_in(&session, &person).await?;
    let device = crate::mail::devices::signed_in(&state, &person, &headers).await?;
    let target = match safe_next(&form.next) {
        Some(next) => next.to_owned(),
        None => match people::memberships(&state.db, person.id).await?.first() {
            Some(m) => format!("/o/{}/home", m.org_slug),
            None => "/account".to_owned(),
        },
    };
    let mut response = Redirect::to(&target).into_response();
    if let Some(cookie) = device {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// The "continue" step: when the email's domain has single sign-on and the
/// person asked for it, left the password empty, or may not use one, the
/// page offers the provider's button (and the password field unless
/// single sign-on is required). `None`: go on with the password.
async fn offer_sso(
    state: &AppState,
    ctx: &PageContext,
    form: &SignInForm,
    email: &str,
) -> Result<Option<Response>, AppError> {
    let Some(offer) = sso::store::offer_for(&state.db, email).await? else { return Ok(None) };
    let refused = offer.required && !form.password.is_empty() && form.sso.is_empty();
    if !offer.required && form.sso.is_empty() && !form.password.is_empty() {
        return Ok(None);
    }
    let mut errors = FormErrors::new();
    if refused {
        errors.add(
            "sso",
            format!(
                "Password sign-in is turned off for addresses at {}. Sign in with {} instead.",
                offer.domain, offer.display_name
            ),
        );
    }
    let mut layout = ctx.layout("Sign in");
    layout.has_errors = refused;
    let status = if refused { StatusCode::FORBIDDEN } else { StatusCode::OK };
    let offer = SsoOffer::new(offer, email, &form.next);
    let page = SignInPage { layout, errors, email: email.to_owned(), next: form.next.clone(), offer: Some(offer) };
    Ok(Some(render_with_status(status, &page)?))
}

pub async fn sign_out(session: Session) -> Result<Response, AppError> {
    session::sign_out(&session).await?;
    Ok(Redirect::to("/").into_response())
}

#[cfg(test)]
mod tests {
    use super::{forwarded_client, safe_next};
    use axum::http::{HeaderMap, HeaderValue};

    fn forwarded(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn the_client_is_the_address_the_trusted_proxy_added_not_the_one_the_client_wrote() {
        let headers = forwarded(&["6.6.6.6, 203.0.113.7"]);
        assert_eq!(forwarded_client(&headers, 1), Some("203.0.113.7".parse().unwrap()));
    }

    #[test]
    fn with_two_trusted_proxies_the_client_is_second_from_the_right() {
        let headers = forwarded(&["6.6.6.6, 203.0.113.7", "10.0.0.2"]);
        assert_eq!(forwarded_client(&headers, 2), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(forwarded_client(&forwarded(&["203.0.113.7"]), 2), Some("203.0.113.7".parse().unwrap()));
    }

    #[test]
    fn a_missing_or_garbled_entry_gives_no_forwarded_address() {
        assert_eq!(forwarded_client(&HeaderMap::new(), 1), None);
        assert_eq!(forwarded_client(&forwarded(&["1.2.3.4, not-an-address"]), 1), None);
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/o/riverside"), Some("/o/riverside"));
        assert_eq!(safe_next("//evil.example/"), None);
        assert_eq!(safe_next("https://evil.example/"), None);
        assert_eq!(safe_next("/\\evil.example"), None);
        assert_eq!(safe_next(""), None);
    }
}
