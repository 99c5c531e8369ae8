//! Security headers on every response.

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// The Content Security Policy: no inline scripts or styles, nothing from
/// other sites, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The security headers every response carries.
const ALWAYS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CSP),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::REFERRER_POLICY, "same-origin"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"),
    (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
];

/// Sent as well when Ethos is served over TLS.
const OVER_TLS: (HeaderName, &str) = (header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");

fn headers(secure: bool) -> impl Iterator<Item = (HeaderName, &'static str)> {
    ALWAYS.into_iter().chain(secure.then_some(OVER_TLS))
}

/// Adds the security headers to a response built outside the router's
/// layers (the public page cache).
pub fn insert(response: &mut HeaderMap, secure: bool) {
    for (name, value) in headers(secure) {
        response.insert(name, HeaderValue::from_static(value));
    }
}

/// Layers that add the security headers unless a handler set its own.
pub fn layers(secure: bool) -> Vec<SetResponseHeaderLayer<HeaderValue>> {
    headers(secure)
        .map(|(name, value)| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)))
        .collect()
}
