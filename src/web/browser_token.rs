//! "Once per browser" without an account: a random token in a cookie scoped
//! to one page (or one set of pages), of which only the hash is stored, so a
//! choice counts once per browser and cannot be traced to a person. Shared
//! by the campaign poll and the support for published ideas.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

use crate::auth::secrets;

/// How long a browser keeps its token: about 13 months.
const MAX_AGE_SECS: i64 = 400 * 86_400;

/// The token this browser holds in cookie `name`, if any (never an empty or
/// oversized one).
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|all| {
        all.split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(cookie, value)| *cookie == name && !value.is_empty() && value.len() <= 64)
            .map(|(_, value)| value.to_owned())
    })
}

/// The browser's token in cookie `name`, or a new one; `true` when it is new
/// (and so must be given to the browser with [`give`]).
pub fn read_or_new(headers: &HeaderMap, name: &str) -> (String, bool) {
    match read(headers, name) {
        Some(t) => (t, false),
        None => (secrets::new_token(), true),
    }
}

/// The hash stored for a token: what identifies the browser in the database.
pub fn hash(token: &str) -> String {
    secrets::token_hash(token)
}

/// Gives the browser `token` in cookie `name`, sent back only to `path` and
/// below, never readable by scripts.
pub fn give(response: &mut Response, name: &str, token: &str, path: &str, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{name}={token}; Path={path}; Max-Age={MAX_AGE_SECS}; HttpOnly; SameSite=Lax{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookie(cookie: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        headers
    }

    #[test]
    fn the_token_is_read_from_its_own_cookie_only() {
        let headers = with_cookie("ethos_session=abc; ethos_ideas=xyz");
        assert_eq!(read(&headers, "ethos_ideas").as_deref(), Some("xyz"));
        assert_eq!(read(&headers, "ethos_poll"), None);
        assert_eq!(read(&with_cookie("ethos_ideas="), "ethos_ideas"), None);
        assert_eq!(read(&with_cookie(&format!("ethos_ideas={}", "x".repeat(65))), "ethos_ideas"), None);
    }

    #[test]
    fn a_new_token_is_made_only_when_the_browser_has_none() {
        assert_eq!(read_or_new(&with_cookie("ethos_ideas=xyz"), "ethos_ideas"), ("xyz".to_owned(), false));
        let (token, fresh) = read_or_new(&HeaderMap::new(), "ethos_ideas");
        assert!(fresh && token.len() >= 40);
    }
}
