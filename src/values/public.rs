//! The public values page (current and older versions), the list of
//! versions, and the draft preview for the organisation's own people.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::{self, Org};
use crate::orgs::public::{cached_response, has_session};
use crate::values::store::{self, Version};
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "values/page.html")]
pub struct ValuesPage {
    pub layout: Layout,
    pub org: Org,
    pub version: Version,
    /// Newest published number, to say when an older version is shown.
    pub current: Option<i64>,
    pub can_edit: bool,
}

impl ValuesPage {
    fn is_old(&self) -> bool {
        matches!((self.version.number, self.current), (Some(n), Some(c)) if n < c)
    }
}

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

async fn not_published(org: &Org) -> AppError {
    AppError::NotFoundMessage(format!("{} has not published its values on Ethos yet.", org.name))
}

/// Renders a published version, from the cache for anonymous visitors.
async fn published_page(state: &AppState, parts: Parts, slug: &str, number: Option<i64>) -> Result<Response, AppError> {
    let key = format!("values:{slug}:{}", number.map_or("current".to_owned(), |n| n.to_string()));
    let anonymous = !has_session(&parts.headers);
    if anonymous && let Some(page) = state.pages.get(&key) {
        return Ok(cached_response(&parts.headers, &page));
    }
    let org = org(state, slug).await?;
    let current = store::current(&state.db, org.id).await?;
    let version = match number {
        None => current.clone(),
        Some(n) => store::published(&state.db, org.id, n).await?.filter(|v| !v.is_draft),
    };
    let Some(version) = version else {
        return Err(match number {
            None => not_published(&org).await,
            Some(_) => AppError::NotFound,
        });
    };
    let current = current.and_then(|v| v.number);
    let title = format!("{} – {}", page_title(&version), org.name);
    if anonymous {
        let layout = Layout { title, org: Some((&org).into()), ..Layout::default() };
        let modified = version.published_at.unwrap_or(version.updated_at);
        let page = ValuesPage { layout, org, version, current, can_edit: false };
        let body = page.render().map_err(|e| AppError::Internal(e.into()))?;
        let cached = state.pages.put(&key, body.into(), modified);
        return Ok(cached_response(&parts.headers, &cached));
    }
    let mut parts = parts;
    let ctx = <PageContext as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, state).await?;
    let role = match &ctx.viewer.0 {
        Some(p) => access::role_of(&state.db, org.id, p.id).await?,
        None => None,
    };
    let layout = ctx.org_layout(&org, title);
    let page = ValuesPage { layout, org, version, current, can_edit: role >= Some(Role::Editor) };
    let mut response = render(&page)?;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(response)
}

fn page_title(version: &Version) -> String {
    if version.content.vision.statement.is_empty() && version.content.mission.is_empty() {
        "Our values".to_owned()
    } else {
        "Our vision and values".to_owned()
    }
}

/// `/o/{slug}/values`: the current version.
pub async fn current(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    parts: Parts,
) -> Result<Response, AppError> {
    published_page(&state, parts, &slug, None).await
}

/// `/o/{slug}/values/v/{n}`: an older (or the current) version.
pub async fn version(
    State(state): State<AppState>,
    Path((slug, number)): Path<(String, i64)>,
    parts: Parts,
) -> Result<Response, AppError> {
    published_page(&state, parts, &slug, Some(number)).await
}

#[derive(Template)]
#[template(path = "values/versions.html")]
struct VersionsPage {
    layout: Layout,
    org: Org,
    versions: Vec<Version>,
}

/// `/o/{slug}/values/versions`: every published version.
pub async fn versions(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let versions = store::history(&state.db, org.id).await?;
    if versions.is_empty() {
        return Err(not_published(&org).await);
    }
    let layout = ctx.org_layout(&org, format!("Versions of our values – {}", org.name));
    render(&VersionsPage { layout, org, versions })
}

/// `/o/{slug}/values/draft`: the draft as it would be published, for the
/// organisation's own people (staff and board read, editors edit).
pub async fn draft(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let role = access::require(&state.db, &org, &me, Need::Member).await?;
    let version = store::draft(&state.db, org.id)
        .await?
        .ok_or_else(|| AppError::NotFoundMessage(format!("{} has no draft of its values at the moment.", org.name)))?;
    let current = store::current(&state.db, org.id).await?.and_then(|v| v.number);
    let layout = ctx.org_layout(&org, format!("Draft values – {}", org.name));
    let page = ValuesPage { layout, org, version, current, can_edit: role >= Role::Editor };
    Ok(no_store(render(&page)?))
}

#[derive(Template)]
#[template(path = "values/compare.html")]
struct ComparePage {
    layout: Layout,
    org: Org,
    numbers: Vec<i64>,
    from: i64,
    to: i64,
    parts: Vec<crate::values::diff::Part>,
}

#[derive(serde::Deserialize)]
pub struct CompareQuery {
    pub from: Option<i64>,
    pub to: Option<i64>,
}

/// The two published versions to compare: by default the current one and
/// the one before it.
pub async fn pick_pair(
    state: &AppState,
    org: &Org,
    query: &CompareQuery,
) -> Result<(Version, Version, Vec<i64>), AppError> {
    let history = store::history(&state.db, org.id).await?;
    let numbers: Vec<i64> = history.iter().filter_map(|v| v.number).collect();
    let newest = *numbers
        .first()
        .ok_or_else(|| AppError::NotFoundMessage(format!("{} has not published its values on Ethos yet.", org.name)))?;
    let to = query.to.unwrap_or(newest);
    let from = query.from.unwrap_or((to - 1).max(1));
    let find = |n: i64| {
        history.iter().find(|v| v.number == Some(n)).cloned().ok_or_else(|| {
            AppError::NotFoundMessage(format!("There is no version {n}; the versions are 1 to {newest}."))
        })
    };
    Ok((find(from)?, find(to)?, numbers))
}

/// `/o/{slug}/values/compare?from=N&to=M`: two versions side by side, the
/// words added and removed marked.
pub async fn compare(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    axum::extract::Query(query): axum::extract::Query<CompareQuery>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let (old, new, numbers) = pick_pair(&state, &org, &query).await?;
    let parts = crate::values::diff::frameworks(&old.content, &new.content);
    let (from, to) = (old.number.unwrap_or(0), new.number.unwrap_or(0));
    let layout = ctx.org_layout(&org, format!("Compare versions {from} and {to} – {}", org.name));
    render(&ComparePage { layout, org, numbers, from, to, parts })
}
