//! The organisation's own return at `/o/{slug}/campaigns/{campaign}/return`
//! (its editors and owners): the figures pre-filled from what it logged,
//! each marked derived or entered; a changed derived figure needs a
//! reason. An owner signs it off ([`super::workflow::submit`]); once sent
//! it is read only until the national body sends it back.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::derived::DERIVED;
use super::remind::{Due, due};
use super::store::{self, Input};
use super::{Return, SOCIAL, when};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::{LocalEditor, runs};
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::access::{Role, role_of};
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

type Fields = HashMap<String, String>;

/// The largest figure accepted.
const MAX_FIGURE: i64 = 100_000_000;

/// Returns are for the organisations taking part, not the one running it.
pub fn taking_part(e: &LocalEditor) -> Result<(), AppError> {
    if runs(&e.org, &e.campaign) {
        return Err(AppError::NotFoundMessage(format!(
            "{} runs {}: the returns of those taking part are on its returns dashboard.",
            e.org.name, e.campaign.name
        )));
    }
    Ok(())
}

#[derive(Template)]
#[template(path = "campaigns/returns/return.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    ret: Return,
    is_owner: bool,
    due: Option<Due>,
    errors: FormErrors,
    typed: Fields,
}

impl Page {
    /// What the field shows: what was typed, else the stored figure.
    fn value(&self, key: &str) -> String {
        match self.typed.get(key) {
            Some(typed) => typed.clone(),
            None => self.ret.figure(key).and_then(|f| f.value).map(|v| v.to_string()).unwrap_or_default(),
        }
    }

    fn reason(&self, key: &str) -> String {
        match self.typed.get(&format!("{key}_reason")) {
            Some(typed) => typed.clone(),
            None => self.ret.figure(key).map(|f| f.reason.clone()).unwrap_or_default(),
        }
    }

    fn text(&self, key: &str, stored: &str) -> String {
        self.typed.get(key).cloned().unwrap_or_else(|| stored.to_owned())
    }

    fn when(&self, seconds: &i64) -> String {
        when(*seconds)
    }
}

async fn page(
    state: &AppState,
    ctx: &PageContext,
    e: LocalEditor,
    errors: FormErrors,
    typed: Fields,
) -> Result<Response, AppError> {
    let ret = store::one(&state.db, &e.campaign, e.org.id).await?;
    let is_owner = role_of(&state.db, e.org.id, e.person.id).await? == Some(Role::Owner);
    let due = due(state, &e.campaign, &e.org, ret.status).await?;
    let mut layout = ctx.org_layout(&e.org, format!("{} return – {}", e.campaign.name, e.org.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = Page { layout, org: e.org, campaign: e.campaign, ret, is_owner, due, errors, typed };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn show(State(state): State<AppState>, ctx: PageContext, e: LocalEditor) -> Result<Response, AppError> {
    taking_part(&e)?;
    page(&state, &ctx, e, FormErrors::new(), Fields::new()).await
}

/// A whole number typed in `field`, or None when empty.
fn number(errors: &mut FormErrors, field: &str, text: &str, label: &str) -> Option<i64> {
    let text = text.trim().replace(',', "");
    if text.is_empty() {
        return None;
    }
    match text.parse::<i64>() {
        Ok(n) if (0..=MAX_FIGURE).contains(&n) => Some(n),
        _ => {
            errors.add(field, format!("Enter {} as a whole number, like 12, or leave it empty", label.to_lowercase()));
            None
        }
    }
}

fn limited(errors: &mut FormErrors, field: &str, text: &str, max: usize, what: &str) -> String {
    let text = text.trim().to_owned();
    if text.chars().count() > max {
        errors.add(field, format!("Keep {what} to {max} characters or fewer"));
    }
    text
}

/// Reads the form against the return as it stands.
pub fn parse(f: &Fields, ret: &Return, errors: &mut FormErrors) -> Input {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let mut input = Input::default();
    for d in DERIVED {
        let logged = ret.figure(d.key).and_then(|f| f.derived).unwrap_or(0);
        let Some(value) = number(errors, d.key, &get(d.key), d.label) else { continue };
        if value == logged {
            continue;
        }
        let field = format!("{}_reason", d.key);
        let reason = limited(errors, &field, &get(&field), 300, "the reason");
        if reason.is_empty() {
            errors.add(
                &field,
                format!(
                    "Give a reason for changing {} from {logged} (what was logged) to {value}, or put back {logged}",
                    d.label.to_lowercase()
                ),
            );
        }
        input.overrides.push((d.key.to_owned(), value, reason));
    }
    let social = number(errors, SOCIAL, &get(SOCIAL), "social media engagement");
    input.social_how = limited(errors, "social_how", &get("social_how"), 500, "how it was counted");
    if social.is_some() && input.social_how.is_empty() {
        errors.add("social_how", "Say how the social media engagement was counted, e.g. likes, shares and replies");
    }
    input.entered.push((SOCIAL.to_owned(), social));
    for m in ret.figures.iter().filter(|f| f.key.starts_with('m')) {
        input.entered.push((m.key.clone(), number(errors, &m.key, &get(&m.key), &m.label)));
    }
    input.highlight = limited(errors, "highlight", &get("highlight"), 3000, "the highlight story");
    let name = limited(errors, "new_measure_name", &get("new_measure_name"), 100, "the measure's name");
    let unit = limited(errors, "new_measure_unit", &get("new_measure_unit"), 100, "the unit");
    let value = number(errors, "new_measure_value", &get("new_measure_value"), "the new measure's figure");
    if name.is_empty() && (value.is_some() || !unit.is_empty()) {
        errors.add("new_measure_name", "Name the measure you are adding");
    } else if !name.is_empty() {
        if ret.figures.iter().any(|f| f.label.eq_ignore_ascii_case(&name)) {
            errors.add("new_measure_name", "The return already has a measure with that name");
        }
        input.new_measure = Some((name, unit, value));
    }
    input
}

/// Saves the return as a draft; a problem re-shows the form with what was typed.
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    e: LocalEditor,
    session: Session,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    taking_part(&e)?;
    let ret = store::one(&state.db, &e.campaign, e.org.id).await?;
    if !ret.status.editable() {
        return Err(AppError::Conflict(format!(
            "This return is {} and can no longer be changed.",
            ret.status.label().to_lowercase()
        )));
    }
    let mut errors = FormErrors::new();
    let input = parse(&f, &ret, &mut errors);
    if !errors.is_empty() {
        return page(&state, &ctx, e, errors, f).await;
    }
    if !store::save(&state.db, &e.campaign, e.org.id, &input, e.person.id).await? {
        return Err(AppError::Conflict("This return was submitted meanwhile and can no longer be changed.".to_owned()));
    }
    Flash::set(&session, "The return is saved as a draft.").await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/return", e.org.slug, e.campaign.slug)).into_response())
}
