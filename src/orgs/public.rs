//! Public pages: the list of organisations and each organisation's page.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::app::AppState;
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::cache::CachedPage;
use crate::orgs::model::{self, Org, OrgKind};
use crate::web::{Layout, PageContext, render};

#[derive(Template)]
#[template(path = "orgs/home.html")]
struct HomePage {
    layout: Layout,
    groups: Vec<(&'static str, Vec<Org>)>,
}

pub async fn home(State(state): State<AppState>, ctx: PageContext) -> Result<Response, AppError> {
    let orgs = model::list(&state.db).await?;
    let groups = [OrgKind::National, OrgKind::Partnership, OrgKind::Trust]
        .into_iter()
        .map(|kind| {
            let heading = match kind {
                OrgKind::National => "National bodies",
                OrgKind::Partnership => "Partnerships",
                OrgKind::Trust => "Trusts and care providers",
            };
            (heading, orgs.iter().filter(|o| o.kind == kind).cloned().collect::<Vec<_>>())
        })
        .filter(|(_, list)| !list.is_empty())
        .collect();
    render(&HomePage { layout: ctx.layout("Organisations using Ethos"), groups })
}

#[derive(Template)]
#[template(path = "orgs/org.html")]
struct OrgPage {
    layout: Layout,
    org: Org,
    children: Vec<Org>,
    parents: Vec<Org>,
    role: Option<Role>,
    /// The organisation has published its values.
    has_values: bool,
    has_strategy: bool,
}

impl OrgPage {
    fn is_owner(&self) -> bool {
        self.role == Some(Role::Owner)
    }

    fn can_edit(&self) -> bool {
        self.role >= Some(Role::Editor)
    }
}

/// True when the request carries a session cookie (someone may be signed in).
pub fn has_session(headers: &HeaderMap) -> bool {
    headers.get_all(header::COOKIE).iter().any(|v| v.to_str().is_ok_and(|s| s.contains("ethos_session=")))
}

async fn build(state: &AppState, org: Org, layout: Layout, role: Option<Role>) -> Result<OrgPage, AppError> {
    let about = if org.summary.trim().is_empty() {
        format!("{}: its values and how it lives them.", org.name)
    } else {
        org.summary.clone()
    };
    let layout = layout.shared(&state.config.public_url, &format!("/o/{}", org.slug), &about);
    let children = model::children(&state.db, org.id).await?;
    let parents = model::parents(&state.db, org.id).await?;
    let has_values = crate::values::store::current(&state.db, org.id).await?.is_some();
    let has_strategy = crate::strategy::plan::store::has_published(&state.db, org.id).await?;
    Ok(OrgPage { layout, org, children, parents, role, has_values, has_strategy })
}

/// `/o/{slug}`: anonymous visitors get a cached page with an ETag; signed-in
/// members also see links to what they may manage.
pub async fn org_page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    parts: axum::http::request::Parts,
) -> Result<Response, AppError> {
    if !has_session(&headers) {
        let key = format!("org:{slug}");
        let page = match state.pages.get(&key) {
            Some(page) => page,
            None => {
                let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
                let layout = Layout {
                    title: org.name.clone(),
                    org: Some((&org).into()),
                    zone: org.zone.clone(),
                    ..Layout::default()
                };
                let updated = org.updated_at;
                let page = build(&state, org, layout, None).await?;
                let body = page.render().map_err(|e| AppError::Internal(e.into()))?;
                state.pages.put(&key, body.into(), updated)
            }
        };
        return Ok(cached_response(&headers, &page));
    }
    let mut parts = parts;
    let ctx =
        <PageContext as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, &state).await?;
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let role = match &ctx.viewer.0 {
        Some(person) => access::role_of(&state.db, org.id, person.id).await?,
        None => None,
    };
    let layout = ctx.org_layout(&org, org.name.clone());
    let page = build(&state, org, layout, role).await?;
    let mut response = render(&page)?;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(response)
}

/// A cacheable HTML response with its validators, or 304 when the
/// browser's copy is current (by ETag, or by date when no ETag is sent).
pub fn cached_response(headers: &HeaderMap, page: &Arc<CachedPage>) -> Response {
    let fresh = match headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        Some(tags) => tags.split(',').any(|t| t.trim() == page.etag || t.trim() == "*"),
        None => headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_httpdate)
            .is_some_and(|since| since >= page.last_modified),
    };
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], page.body.clone())
            .into_response()
    };
    let out = response.headers_mut();
    out.insert(header::ETAG, page.etag_header.clone());
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, no-cache"));
    if let Some(modified) = &page.last_modified_header {
        out.insert(header::LAST_MODIFIED, modified.clone());
    }
    if let Some(language) = &page.content_language {
        out.insert(header::CONTENT_LANGUAGE, language.clone());
    }
    // Lets the public cache in front of the router keep the page under its address.
    response.extensions_mut().insert(page.clone());
    response
}

const HTTP_DATE: &[time::format_description::FormatItem<'static>] = time::macros::format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

pub fn httpdate(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds).ok().and_then(|t| t.format(HTTP_DATE).ok()).unwrap_or_default()
}

fn parse_httpdate(value: &str) -> Option<i64> {
    time::PrimitiveDateTime::parse(value, HTTP_DATE).ok().map(|t| t.assume_utc().unix_timestamp())
}

/// `/o/{slug}/logo`.
pub async fn logo(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let etag = format!("\"logo-{}-{}\"", org.id, org.revision);
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let (bytes, content_type) = model::logo(&state.db, org.id).await?.ok_or(AppError::NotFound)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type).unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
            (header::ETAG, HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""))),
        ],
        bytes,
    )
        .into_response())
}
