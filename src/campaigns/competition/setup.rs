//! The national body's editors set the competition up at
//! `…/competition/setup`: its dates, rules, categories and weighted
//! criteria, all on one form that works without JavaScript.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::model::{Competition, Setup};
use super::store::{self, SetupError};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::NationalEditor;
use crate::campaigns::model::{Campaign, add_days};
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

type Fields = HashMap<String, String>;

#[derive(Template)]
#[template(path = "campaigns/competition/setup.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    /// Whether the competition exists already (the button says so).
    exists: bool,
    errors: FormErrors,
    f: Fields,
}

impl Page {
    fn field(&self, name: &str) -> String {
        self.f.get(name).cloned().unwrap_or_default()
    }
}

/// The form as stored, or, for a new competition, dates from four weeks
/// before the campaign to its last day and a suggested set of criteria.
fn fields_of(campaign: &Campaign, c: Option<&Competition>) -> Fields {
    let pairs = match c {
        Some(c) => [
            ("rules", c.rules.clone()),
            ("opens_on", c.opens_on.to_string()),
            ("closes_on", c.closes_on.to_string()),
            ("categories", c.categories.iter().map(|k| line(&k.name, &k.description)).collect::<Vec<_>>().join("\n")),
            ("criteria", c.criteria.iter().map(|k| format!("{}: {}", k.name, k.weight)).collect::<Vec<_>>().join("\n")),
        ],
        None => [
            ("rules", String::new()),
            ("opens_on", add_days(campaign.starts_on, -28).to_string()),
            ("closes_on", campaign.ends_on.to_string()),
            ("categories", String::new()),
            ("criteria", "Shows our values: 3\nOriginality: 2\nCraft: 1".to_owned()),
        ],
    };
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn line(name: &str, description: &str) -> String {
    if description.is_empty() { name.to_owned() } else { format!("{name}: {description}") }
}

fn page(
    ctx: &PageContext,
    e: NationalEditor,
    exists: bool,
    errors: FormErrors,
    f: Fields,
) -> Result<Response, AppError> {
    let mut layout = ctx.org_layout(&e.org, format!("Competition – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = Page { layout, org: e.org, campaign: e.campaign, exists, errors, f };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn show(State(state): State<AppState>, ctx: PageContext, e: NationalEditor) -> Result<Response, AppError> {
    let competition = store::get(&state.db, e.campaign.id).await?;
    let f = fields_of(&e.campaign, competition.as_ref());
    page(&ctx, e, competition.is_some(), FormErrors::new(), f)
}

pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    e: NationalEditor,
    session: Session,
    Form(f): Form<Fields>,
) -> Result<Response, AppError> {
    let exists = store::get(&state.db, e.campaign.id).await?.is_some();
    let mut errors = FormErrors::new();
    let setup = Setup::parse(|k| f.get(k).cloned().unwrap_or_default(), &mut errors);
    if !errors.is_empty() {
        return page(&ctx, e, exists, errors, f);
    }
    match store::save(&state.db, &e.campaign, &setup, e.person.id).await {
        Ok(()) => {
            Flash::set(&session, "The competition is saved.").await?;
            Ok(Redirect::to(&format!("/o/{}/campaigns/{}/competition/manage", e.org.slug, e.campaign.slug))
                .into_response())
        }
        Err(SetupError::InUse(field, message)) => {
            errors.add(field, message);
            page(&ctx, e, exists, errors, f)
        }
        Err(SetupError::App(err)) => Err(err),
    }
}
