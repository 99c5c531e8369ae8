//! The sender's private status link, `/o/{slug}/feedback/status/{token}`:
//! the item's reference, where it stands and any reply published for it,
//! without an account. The token is unguessable and only its hash is kept;
//! a token finds its own item in its own organisation and nothing else.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::store::{self, Status};
use crate::app::AppState;
use crate::auth::secrets;
use crate::error::AppError;
use crate::orgs::model::{self, Org};
use crate::web::{Layout, PageContext, no_store, render_with_status};

#[derive(Template)]
#[template(path = "listen/status.html")]
struct Page {
    layout: Layout,
    org: Org,
    item: Status,
    /// Just sent: the thanks and the reference are shown first.
    sent: bool,
    /// Contact details were typed without the box ticked, so were not kept.
    dropped: bool,
}

#[derive(Deserialize)]
pub struct Shown {
    #[serde(default)]
    sent: Option<String>,
    #[serde(default)]
    dropped: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, token)): Path<(String, String)>,
    Query(shown): Query<Shown>,
) -> Result<Response, AppError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let item = store::by_token(&state.db, org.id, &secrets::token_hash(&token)).await?.ok_or(AppError::NotFound)?;
    let layout = ctx.org_layout(&org, format!("{} – {}", item.reference, org.name));
    let page = Page { layout, org, item, sent: shown.sent.is_some(), dropped: shown.dropped.is_some() };
    let mut response = no_store(render_with_status(StatusCode::OK, &page)?);
    // The address is the key to the item: never sent on to another site,
    // never indexed.
    let headers = response.headers_mut();
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    Ok(response)
}
