//! The published ideas, for anyone: `/o/{slug}/ideas` (newest or most
//! supported first) and one idea's own page, each with its support, a
//! one-click button to support it or take that back, and the organisation's
//! answer. The pages show this browser's own choices, so nothing caches them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;

use super::store::{self, Idea, Order};
use super::support::COOKIE;
use crate::app::AppState;
use crate::error::AppError;
use crate::orgs::model::{self, Org};
use crate::web::browser_token;
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "listen/ideas.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    ideas: Vec<Idea>,
    most_supported: bool,
    /// Where a support form returns to.
    back: &'static str,
}

#[derive(Template)]
#[template(path = "listen/idea.html")]
struct IdeaPage {
    layout: Layout,
    org: Org,
    idea: Idea,
    back: &'static str,
}

#[derive(Deserialize)]
pub struct Listed {
    /// `support` for the most supported first; newest otherwise.
    order: Option<String>,
}

pub async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

/// The hash that stands for this browser, if it has supported anything.
fn supporter(headers: &HeaderMap) -> Option<String> {
    browser_token::read(headers, COOKIE).map(|t| browser_token::hash(&t))
}

pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(listed): Query<Listed>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let most_supported = listed.order.as_deref() == Some("support");
    let order = if most_supported { Order::MostSupported } else { Order::Newest };
    let ideas = store::ideas(&state.db, org.id, order, None, supporter(&headers).as_deref()).await?;
    let layout = ctx.org_layout(&org, format!("Ideas – {}", org.name));
    Ok(no_store(render(&ListPage {
        layout,
        org,
        ideas,
        most_supported,
        back: if most_supported { "support" } else { "list" },
    })?))
}

pub async fn one(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, id)): Path<(String, i64)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let found = store::ideas(&state.db, org.id, Order::Newest, Some(id), supporter(&headers).as_deref()).await?;
    let idea = found.into_iter().next().ok_or(AppError::NotFound)?;
    let path = format!("/o/{}/ideas/{}", org.slug, idea.id);
    let layout = ctx.org_layout(&org, format!("{} – Ideas – {}", idea.title, org.name)).shared(
        &state.config.public_url,
        &path,
        &idea.summary,
    );
    Ok(no_store(render(&IdeaPage { layout, org, idea, back: "idea" })?))
}
