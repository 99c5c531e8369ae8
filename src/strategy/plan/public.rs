//! The strategy as everyone reads it: `/o/{slug}/strategy` (the published
//! strategy, one financial year at a time, with the organisation's vision,
//! motto and values above it), an earlier strategy by id, and one
//! objective's page. A draft is shown only to the organisation's editors.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use std::collections::HashMap;

use super::links::{self, LinkedAction, Links};
use super::model::{Aim, ObjectiveStatus, ROLLUP_RULE, Rollup, Strategy, rollup};
use super::store;
use crate::app::AppState;
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::model::{self, Org};
use crate::strategy::measures::financial_year::FinancialYear;
use crate::values::model::Framework;
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "strategy/page.html")]
struct StrategyPage {
    layout: Layout,
    org: Org,
    strategy: Option<Strategy>,
    /// The published framework's vision, motto and values, if any.
    framework: Option<Framework>,
    year: FinancialYear,
    can_edit: bool,
    /// Today in the organisation's zone, for the stale flags.
    today: jiff::civil::Date,
    /// The organisation's outcome measures: (key, name).
    measures: Vec<(String, String)>,
    /// Other strategies readers may open: (id, title, period, status).
    others: Vec<(i64, String, String, &'static str)>,
    /// Each objective's values and consultation actions.
    links: HashMap<i64, Links>,
}

impl StrategyPage {
    fn rule(&self) -> &'static str {
        ROLLUP_RULE
    }

    /// The whole year's roll-up across every aim.
    fn year_rollup(&self) -> Rollup {
        let Some(s) = &self.strategy else { return rollup([]) };
        rollup(s.objectives().filter(|o| o.year == self.year).map(|o| (o.status, o.weight)))
    }

    fn aim_rollup(&self, aim: &Aim) -> Rollup {
        aim.rollup(self.year)
    }

    /// The names of the values an objective expresses, joined: "Kindness, Safety".
    fn value_names(&self, objective: &i64) -> String {
        let Some(links) = self.links.get(objective) else { return String::new() };
        let name = |key: &String| {
            self.framework
                .as_ref()
                .and_then(|f| f.values.iter().find(|v| v.key == *key))
                .map_or_else(|| key.clone(), |v| v.name.clone())
        };
        links.values.iter().map(name).collect::<Vec<_>>().join(", ")
    }

    /// The actions of published consultations an objective answers.
    fn actions(&self, objective: &i64) -> Vec<&LinkedAction> {
        self.links.get(objective).map_or(Vec::new(), |l| l.actions.iter().filter(|a| a.public).collect())
    }
}

/// "On track (86%)" for a roll-up; "Not started" when nothing counts.
pub fn rollup_words(r: &Rollup) -> String {
    match r.score {
        Some(score) => format!("{} ({:.0}%)", r.status.label(), score * 100.0),
        None => r.status.label().to_owned(),
    }
}

/// The class that colours a status (with its words beside it, never alone).
pub fn status_class(status: &ObjectiveStatus) -> &'static str {
    match status {
        ObjectiveStatus::OnTrack | ObjectiveStatus::Done => "status status--good",
        ObjectiveStatus::AtRisk => "status status--warn",
        ObjectiveStatus::OffTrack => "status status--bad",
        _ => "status",
    }
}

#[derive(Deserialize)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
}

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

async fn role(state: &AppState, ctx: &PageContext, org: &Org) -> Result<Option<Role>, AppError> {
    match &ctx.viewer.0 {
        Some(person) => Ok(access::role_of(&state.db, org.id, person.id).await?),
        None => Ok(None),
    }
}

/// Today's financial year in the organisation's zone.
fn this_year(org: &Org) -> FinancialYear {
    FinancialYear::containing(super::objective::today(org))
}

async fn show(
    state: &AppState,
    ctx: &PageContext,
    org: Org,
    strategy: Option<Strategy>,
    query: &YearQuery,
) -> Result<Response, AppError> {
    let role = role(state, ctx, &org).await?;
    let can_edit = role.is_some_and(|r| r >= Role::Editor);
    let mut strategy = strategy;
    if let Some(s) = &mut strategy {
        store::mark_carried_aims(&state.db, org.id, s).await?;
    }
    let year = match (&strategy, query.year.trim()) {
        (Some(s), "") => s.year_for(this_year(&org)),
        (Some(s), text) => {
            let year: FinancialYear =
                text.parse().map_err(|e: crate::strategy::measures::financial_year::FinancialYearError| {
                    AppError::BadRequest(e.to_string())
                })?;
            if year < s.first_year || year > s.last_year {
                return Err(AppError::BadRequest(format!(
                    "{year} is outside this strategy, which runs from {}.",
                    s.period()
                )));
            }
            year
        }
        (None, _) => this_year(&org),
    };
    let others = store::list(&state.db, org.id)
        .await?
        .into_iter()
        .filter(|o| strategy.as_ref().is_none_or(|s| s.id != o.id))
        .filter(|o| can_edit || !o.is_draft())
        .map(|o| (o.id, o.title.clone(), o.period(), o.status.label()))
        .collect();
    let framework = crate::values::store::current(&state.db, org.id).await?.map(|v| v.content);
    let title = match &strategy {
        Some(s) => format!("{} – {}", s.title, org.name),
        None => format!("Strategy – {}", org.name),
    };
    let layout = ctx.org_layout(&org, title);
    let today = super::objective::today(&org);
    let measures = crate::strategy::measures::store::list(&state.db, org.id)
        .await?
        .into_iter()
        .map(|m| (m.key, m.definition.name))
        .collect();
    let links = match &strategy {
        Some(s) => links::of_strategy(&state.db, s.id).await?,
        None => HashMap::new(),
    };
    let page = StrategyPage { layout, org, strategy, framework, year, can_edit, today, measures, others, links };
    let draft = page.strategy.as_ref().is_some_and(Strategy::is_draft);
    let response = render(&page)?;
    Ok(if draft || can_edit { no_store(response) } else { response })
}

/// The published strategy.
pub async fn current(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let strategy = store::published(&state.db, org.id).await?;
    show(&state, &ctx, org, strategy, &query).await
}

/// One strategy by id: an earlier one for anyone, a draft for editors.
pub async fn one(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<YearQuery>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let strategy = store::by_id(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    if strategy.is_draft() && role(&state, &ctx, &org).await?.is_none_or(|r| r < Role::Editor) {
        return Err(AppError::NotFound);
    }
    show(&state, &ctx, org, Some(strategy), &query).await
}
