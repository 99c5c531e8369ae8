//! Supporting a published idea with one click (`POST …/ideas/{id}/support`),
//! without JavaScript or an account: once per browser, known by a random
//! token in a cookie scoped to the ideas pages (only its hash is stored, as
//! for the campaign poll, [`crate::web::browser_token`]); `choice=take-back`
//! takes it back. Limited per address as every public form is. A closed idea
//! takes no more support, and its count stays as it was.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::ideas::org;
use super::store::{self, Order};
use crate::app::AppState;
use crate::auth::signin::ClientAddress;
use crate::error::AppError;
use crate::web::browser_token;
use crate::web::forms::Form;

/// The cookie that tells one browser's support from another's.
pub const COOKIE: &str = "ethos_ideas";

pub async fn support(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, i64)>,
    Form(fields): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let idea = store::ideas(&state.db, org.id, Order::Newest, Some(id), None).await?;
    let idea = idea.into_iter().next().ok_or(AppError::NotFound)?;
    if idea.closed {
        return Err(AppError::Conflict(format!(
            "“{}” is closed: {} answered it and it takes no more support. Its answer and its count stay on the page.",
            idea.title, org.name
        )));
    }
    state.response_limits.check(address)?;
    let (token, fresh) = browser_token::read_or_new(&headers, COOKIE);
    let take_back = fields.get("choice").is_some_and(|c| c == "take-back");
    store::support(&state.db, org.id, id, &browser_token::hash(&token), take_back).await?;
    let ideas = format!("/o/{}/ideas", org.slug);
    let back = match fields.get("back").map(String::as_str) {
        Some("idea") => format!("{ideas}/{id}#support"),
        Some("support") => format!("{ideas}?order=support#idea-{id}"),
        _ => format!("{ideas}#idea-{id}"),
    };
    let mut response = Redirect::to(&back).into_response();
    if fresh {
        browser_token::give(&mut response, COOKIE, &token, &ideas, state.config.secure_cookies);
    }
    Ok(response)
}
