//! Stylesheet and script, embedded in the binary and served with long-lived
//! caching: their address carries a hash of their content.

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use crate::app::AppState;

struct Asset {
    name: &'static str,
    body: &'static [u8],
    content_type: &'static str,
}

const ASSETS: &[Asset] = &[
    Asset { name: "app.css", body: include_bytes!("../../assets/app.css"), content_type: "text/css; charset=utf-8" },
    Asset {
        name: "app.js",
        body: include_bytes!("../../assets/app.js"),
        content_type: "text/javascript; charset=utf-8",
    },
];

/// Short content hashes, computed once.
static HASHES: LazyLock<Vec<String>> =
    LazyLock::new(|| ASSETS.iter().map(|a| hex::encode(&Sha256::digest(a.body)[..6])).collect());

/// The address of an asset, with its content hash so browsers may cache it.
pub fn url(name: &str) -> String {
    let index = ASSETS.iter().position(|a| a.name == name).unwrap_or(0);
    format!("/assets/{}/{}", HASHES[index], ASSETS[index].name)
}

pub fn router() -> Router<AppState> {
    Router::new().route("/assets/{hash}/{name}", get(serve))
}

async fn serve(Path((hash, name)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let Some(index) = ASSETS.iter().position(|a| a.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let asset = &ASSETS[index];
    let etag = format!("\"{}\"", HASHES[index]);
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    // An old hash still gets the current file, but not cached for long.
    let cache = if hash == HASHES[index] { "public, max-age=31536000, immutable" } else { "no-cache" };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::ETAG, HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""))),
        ],
        asset.body,
    )
        .into_response()
}
