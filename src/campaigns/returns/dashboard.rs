//! The national dashboard at `/o/{slug}/campaigns/{campaign}/returns` (the
//! national body's editors): how many have sent their return and what
//! they left blank first, then the decisions waiting, the totals, the
//! previous edition's totals beside them, and every organisation's figures
//! side by side. [`data`] gathers all of it with no web types, so that the
//! printed summary ([`super::summary`]) is made from the same figures.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::derived::DERIVED;
use super::{Measure, Return, ReturnStatus, SOCIAL, store};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::NationalEditor;
use crate::campaigns::model::{Campaign, long_day, parse_date};
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::storage::Db;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// A column of figures: its key and label.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Total {
    /// The figure's key: a derived figure's, "social" or "m<id>".
    pub key: String,
    pub label: String,
    /// Added up over the returns sent (submitted or accepted).
    pub total: i64,
    /// How many sent returns gave a figure.
    pub given: i64,
}

/// Everything the dashboard shows.
#[derive(Clone, Debug)]
pub struct Dashboard {
    pub taking_part: usize,
    pub submitted: usize,
    pub accepted: usize,
    pub sent_back: usize,
    pub not_sent: usize,
    /// What sent returns left blank: the field and how many left it blank.
    pub blanks: Vec<(String, usize)>,
    /// The columns every return has: derived figures, social media, the
    /// national body's measures.
    pub totals: Vec<Total>,
    /// The previous edition and its totals, if there was one.
    pub previous: Option<(Campaign, Vec<Total>)>,
    pub returns: Vec<Return>,
    pub measures: Vec<Measure>,
    pub due_days: Option<i64>,
}

impl Dashboard {
    /// How many sent their return (submitted or accepted).
    pub fn sent(&self) -> usize {
        self.submitted + self.accepted
    }

    /// The previous edition's total for a label, as shown ("–" when none).
    pub fn before(&self, label: &str) -> String {
        let found = self.previous.as_ref().and_then(|(_, t)| t.iter().find(|t| t.label == label));
        found.map_or_else(|| "–".to_owned(), |t| t.total.to_string())
    }
}

/// The totals of the sent returns, over the columns every return has.
pub fn totals(returns: &[Return], measures: &[Measure]) -> Vec<Total> {
    let mut columns: Vec<(String, String)> = DERIVED.iter().map(|d| (d.key.to_owned(), d.label.to_owned())).collect();
    columns.push((SOCIAL.to_owned(), "Social media engagement".to_owned()));
    columns.extend(measures.iter().filter(|m| m.org_id.is_none()).map(|m| (m.key(), m.name.clone())));
    columns
        .into_iter()
        .map(|(key, label)| {
            let values: Vec<i64> = returns
                .iter()
                .filter(|r| r.status.sent())
                .filter_map(|r| r.figure(&key).and_then(|f| f.value))
                .collect();
            Total { key, label, total: values.iter().sum(), given: values.len() as i64 }
        })
        .collect()
}

/// The same national body's campaign of the same name, one edition before.
async fn previous(db: &Db, c: &Campaign) -> Result<Option<Campaign>, AppError> {
    let sql = "SELECT slug FROM campaigns WHERE org_id = $1 AND name = $2 AND edition = $3";
    let slug: Option<String> = crate::on_db!(db, pool => sqlx::query_scalar(sql).bind(c.org_id).bind(&c.name)
        .bind(c.edition - 1).fetch_optional(pool).await)?;
    match slug {
        Some(slug) => crate::campaigns::store::by_slug(db, &slug).await,
        None => Ok(None),
    }
}

/// The dashboard's figures for campaign `c`.
pub async fn data(db: &Db, c: &Campaign) -> Result<Dashboard, AppError> {
    let returns = store::load(db, c, None).await?;
    let measures: Vec<Measure> = store::measures(db, c.id).await?.into_iter().filter(|m| m.org_id.is_none()).collect();
    let count = |s: ReturnStatus| returns.iter().filter(|r| r.status == s).count();
    let mut blanks: Vec<(String, usize)> = Vec::new();
    for r in returns.iter().filter(|r| r.status.sent()) {
        for field in r.blanks() {
            match blanks.iter_mut().find(|(f, _)| *f == field) {
                Some((_, n)) => *n += 1,
                None => blanks.push((field, 1)),
            }
        }
    }
    let previous = match previous(db, c).await? {
        Some(p) => {
            let before = store::load(db, &p, None).await?;
            let before_measures = store::measures(db, p.id).await?;
            let t = totals(&before, &before_measures);
            Some((p, t))
        }
        None => None,
    };
    Ok(Dashboard {
        taking_part: returns.len(),
        submitted: count(ReturnStatus::Submitted),
        accepted: count(ReturnStatus::Accepted),
        sent_back: count(ReturnStatus::Returned),
        not_sent: count(ReturnStatus::Draft),
        blanks,
        totals: totals(&returns, &measures),
        previous,
        due_days: store::due_days(db, c.id).await?,
        returns,
        measures,
    })
}

#[derive(Template)]
#[template(path = "campaigns/returns/dashboard.html")]
struct Page {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    d: Dashboard,
    deadline: String,
    /// The deadline field: as typed, else the deadline (YYYY-MM-DD).
    due_on: String,
    errors: FormErrors,
    typed: HashMap<String, String>,
}

impl Page {
    fn typed(&self, field: &str) -> String {
        self.typed.get(field).cloned().unwrap_or_default()
    }

    fn base(&self) -> String {
        format!("/o/{}/campaigns/{}/returns", self.org.slug, self.campaign.slug)
    }

    fn when(&self, seconds: &i64) -> String {
        super::when(*seconds)
    }
}

/// The dashboard, with any problems of a form sent from it.
pub async fn page(
    state: &AppState,
    ctx: &PageContext,
    e: NationalEditor,
    errors: FormErrors,
    typed: HashMap<String, String>,
) -> Result<Response, AppError> {
    let d = data(&state.db, &e.campaign).await?;
    let date = store::deadline(&e.campaign, d.due_days);
    let deadline = date.map(long_day).unwrap_or_default();
    let due_on = typed.get("due_on").cloned().unwrap_or_else(|| date.map(|d| d.to_string()).unwrap_or_default());
    let mut layout = ctx.org_layout(&e.org, format!("Returns – {}", e.campaign.name));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = Page { layout, org: e.org, campaign: e.campaign, d, deadline, due_on, errors, typed };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn show(State(state): State<AppState>, ctx: PageContext, e: NationalEditor) -> Result<Response, AppError> {
    page(&state, &ctx, e, FormErrors::new(), HashMap::new()).await
}

/// Sets the deadline (a date, kept as days after the last day) and adds
/// a measure every organisation is asked for.
pub async fn settings(
    State(state): State<AppState>,
    ctx: PageContext,
    e: NationalEditor,
    session: Session,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let get = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let mut errors = FormErrors::new();
    let due = get("due_on");
    let current = store::due_days(&state.db, e.campaign.id).await?;
    // The measure's form has no deadline field: it leaves the deadline be.
    let days = if !f.contains_key("due_on") {
        current
    } else if due.is_empty() {
        None
    } else {
        parse_date(&mut errors, "due_on", &due, "deadline").map(|date| {
            let days = crate::campaigns::model::days_between(e.campaign.ends_on, date);
            if days < 0 {
                errors.add(
                    "due_on",
                    format!("The deadline cannot be before the campaign's last day, {}", long_day(e.campaign.ends_on)),
                );
            }
            days
        })
    };
    let (name, unit) = (get("measure_name"), get("measure_unit"));
    if name.chars().count() > 100 || unit.chars().count() > 200 {
        errors.add("measure_name", "Keep the measure's name to 100 characters and its unit or help to 200");
    } else if name.is_empty() && !unit.is_empty() {
        errors.add("measure_name", "Name the measure you are adding");
    }
    if !errors.is_empty() {
        return page(&state, &ctx, e, errors, f).await;
    }
    if days != current {
        store::set_due_days(&state.db, &e.campaign, days, e.person.id).await?;
    }
    if !name.is_empty() {
        store::add_measure(&state.db, &e.campaign, None, &name, &unit, e.person.id).await?;
    }
    Flash::set(&session, "The returns settings are saved.").await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/returns", e.org.slug, e.campaign.slug)).into_response())
}

/// Removes one of the national body's measures.
pub async fn delete_measure(
    State(state): State<AppState>,
    session: Session,
    e: NationalEditor,
    Path(p): Path<HashMap<String, String>>,
    Form(_): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id: i64 = p.get("id").and_then(|id| id.parse().ok()).ok_or(AppError::NotFound)?;
    if !store::delete_measure(&state.db, &e.campaign, id, e.person.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The measure is removed, with the figures sent for it.").await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/returns", e.org.slug, e.campaign.slug)).into_response())
}
