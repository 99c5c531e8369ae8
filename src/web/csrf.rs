//! Protection against cross-site request forgery on every form.
//!
//! A signed double-submit token: the browser holds a random value in an
//! HttpOnly cookie, and every form carries HMAC-SHA256(instance key, value).
//! A page on another site can neither read the cookie nor compute the token.
//! The token stays the same for the life of the cookie, so several tabs can
//! be open at once (`axum_csrf` makes a new token per page, which fails the
//! form of an older tab). Every unsafe request outside `/api/` is checked
//! here, in one place, before any handler runs; the API authenticates with
//! bearer tokens, which a browser never sends by itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::app::AppState;
use crate::error::AppError;

const COOKIE: &str = "ethos_csrf";
/// The form field, query parameter (multipart forms) and header names.
pub const FIELD: &str = "csrf_token";
const HEADER: &str = "x-csrf-token";

/// The instance's signing key, shared by every process through the database.
#[derive(Clone)]
pub struct CsrfKey(Arc<Vec<u8>>);

impl CsrfKey {
    pub fn new(bytes: Vec<u8>) -> CsrfKey {
        CsrfKey(Arc::new(bytes))
    }

    fn mac(&self, value: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(value.as_bytes());
        mac
    }

    fn token_for(&self, value: &str) -> String {
        hex::encode(self.mac(value).finalize().into_bytes())
    }

    fn verify(&self, value: &str, token: &str) -> bool {
        match hex::decode(token) {
            Ok(bytes) => self.mac(value).verify_slice(&bytes).is_ok(),
            Err(_) => false,
        }
    }
}

/// The request's cookie value, and whether a page used it (so the cookie is
/// only set on responses that carry a form).
#[derive(Clone)]
struct CsrfCookie {
    /// The browser's value, or one made the first time a page asks for a
    /// token (most requests never do, so none is made for them).
    value: Arc<OnceLock<String>>,
    used: Arc<AtomicBool>,
}

fn new_value() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The token to put in a page's forms.
pub struct CsrfToken {
    key: CsrfKey,
    cookie: Option<CsrfCookie>,
}

impl CsrfToken {
    /// The token for this browser; empty outside the middleware (tests).
    pub fn token(&self) -> String {
        match &self.cookie {
            Some(cookie) => {
                cookie.used.store(true, Ordering::Relaxed);
                self.key.token_for(cookie.value.get_or_init(new_value))
            }
            None => String::new(),
        }
    }
}

impl FromRequestParts<AppState> for CsrfToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        Ok(CsrfToken { key: state.csrf_key.clone(), cookie: parts.extensions.get::<CsrfCookie>().cloned() })
    }
}

/// The form token for a page answered before this layer runs (a kept page
/// the page cache fills in): the token for the browser's cookie, and the
/// `Set-Cookie` that gives it one when it has none.
pub fn token_for(state: &AppState, headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    if let Some(value) = cookie_in(headers) {
        return (state.csrf_key.token_for(&value), None);
    }
    let value = new_value();
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let cookie = HeaderValue::from_str(&format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax{secure}")).ok();
    (state.csrf_key.token_for(&value), cookie)
}

fn cookie_value(parts: &Parts) -> Option<String> {
    cookie_in(&parts.headers)
}

fn cookie_in(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| v.len() == 43 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Finds the submitted token: header, query string, then form body.
fn submitted_token(parts: &Parts, body: &[u8]) -> Option<String> {
    if let Some(h) = parts.headers.get(HEADER).and_then(|h| h.to_str().ok()) {
        return Some(h.to_owned());
    }
    let from_pairs =
        |bytes: &[u8]| url::form_urlencoded::parse(bytes).find(|(k, _)| k == FIELD).map(|(_, v)| v.into_owned());
    parts.uri.query().and_then(|q| from_pairs(q.as_bytes())).or_else(|| from_pairs(body))
}

/// Middleware: gives each browser its cookie and checks every unsafe request.
pub async fn protect(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let existing = cookie_value(&parts);
    let fresh = existing.is_none();
    let value = Arc::new(OnceLock::new());
    if let Some(v) = existing {
        let _ = value.set(v);
    }

    // One-click unsubscribe links (RFC 8058) are posted by mail clients with
    // no cookie or form token: the link's signature is the proof.
    let exempt = parts.uri.path().starts_with("/api/") || parts.uri.path().starts_with("/mail/reminders/off/");
    let mut form = axum::body::Bytes::new();
    let body = if is_unsafe(&parts.method) && !exempt {
        let cross_site = parts.headers.get("sec-fetch-site").is_some_and(|v| v.as_bytes() == b"cross-site");
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/x-www-form-urlencoded"));
        let (bytes, body) = if is_form {
            match axum::body::to_bytes(body, state.config.body_limit).await {
                Ok(bytes) => (bytes.clone(), axum::body::Body::from(bytes)),
                Err(_) => return AppError::PayloadTooLarge.into_response(),
            }
        } else {
            (axum::body::Bytes::new(), body)
        };
        let valid = !cross_site
            && value.get().zip(submitted_token(&parts, &bytes)).is_some_and(|(v, t)| state.csrf_key.verify(v, &t));
        if !valid {
            return AppError::Csrf.into_response();
        }
        form = bytes;
        body
    } else {
        body
    };

    let used = Arc::new(AtomicBool::new(false));
    parts.extensions.insert(CsrfCookie { value: value.clone(), used: used.clone() });
    // A destructive form posted without its "are you sure?" answered.
    let asked = if form.is_empty() { None } else { super::confirm::ask(&state, &mut parts, &form).await };
    let mut response = match asked {
        Some(page) => page,
        None => next.run(Request::from_parts(parts, body)).await,
    };
    if fresh
        && used.load(Ordering::Relaxed)
        && let Some(value) = value.get()
    {
        let secure = if state.config.secure_cookies { "; Secure" } else { "" };
        let cookie = format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax{secure}");
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_for_its_own_cookie_and_key() {
        let key = CsrfKey::new(b"0123456789abcdef0123456789abcdef".to_vec());
        let token = key.token_for("cookie-one");
        assert!(key.verify("cookie-one", &token));
        assert!(!key.verify("cookie-two", &token));
        assert!(!key.verify("cookie-one", "not hex"));
        let other = CsrfKey::new(b"another key entirely, 32 bytes!!".to_vec());
        assert!(!other.verify("cookie-one", &token));
    }
}
