//! The strategy as everyone reads it: `/o/{slug}/strategy` (the published
//! strategy, one financial year at a time, with the organisation's vision,
//! motto and values above it), an earlier strategy by id, and one
//! objective's page. A draft is shown only to the organisation's editors.

use askama::Template;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
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
use crate::orgs::public::{cached_response, has_session};
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
    /// Board members, editors and owners: offered the Board performance report.
    can_report: bool,
    /// Today in the organisation's zone, for the stale flags.
    today: jiff::civil::Date,
    /// The organisation's outcome measures not shown under an aim: (key, name).
    measures: Vec<(String, String)>,
    /// The measures linked to each aim or one of its objectives, by aim id.
    aim_measures: HashMap<i64, Vec<(String, String)>>,
    /// Other strategies readers may open: (id, title, period, status).
    others: Vec<(i64, String, String, &'static str)>,
    /// Each objective's values and consultation actions.
    links: HashMap<i64, Links>,
    /// How many objectives partnerships share with this organisation.
    shared: usize,
    /// A partnership's objectives shared with its members: the members'
    /// reports rolled up in words, by objective id.
    shared_out: HashMap<i64, String>,
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

    /// The measures shown under an aim.
    fn measures_of(&self, aim: &i64) -> &[(String, String)] {
        self.aim_measures.get(aim).map_or(&[], Vec::as_slice)
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
    FinancialYear::containing(org.today())
}

/// Who is reading: an anonymous visitor (no session: the page is the same
/// for everyone, so it is cached) or a signed-in one, with their role here.
enum Reader {
    Anonymous,
    SignedIn(PageContext, Option<Role>),
}

impl Reader {
    async fn of(state: &AppState, parts: &mut Parts, org: &Org) -> Result<Reader, AppError> {
        if !has_session(&parts.headers) {
            return Ok(Reader::Anonymous);
        }
        let ctx = PageContext::from_request_parts(parts, state).await?;
        let role = role(state, &ctx, org).await?;
        Ok(Reader::SignedIn(ctx, role))
    }

    fn can_edit(&self) -> bool {
        matches!(self, Reader::SignedIn(_, Some(role)) if *role >= Role::Editor)
    }

    fn can_report(&self) -> bool {
        matches!(self, Reader::SignedIn(_, Some(role)) if *role >= Role::Board)
    }
}

/// The key a page is cached under: the strategy shown (or none) and the year asked for.
fn cache_key(org: &Org, strategy: Option<i64>, year: &str) -> String {
    format!("strategy:{}:{}:{}", org.slug, strategy.map_or("current".to_owned(), |id| id.to_string()), year.trim())
}

async fn show(
    state: &AppState,
    reader: Reader,
    org: Org,
    strategy: Option<Strategy>,
    query: &YearQuery,
    headers: &HeaderMap,
) -> Result<Response, AppError> {
    let can_edit = reader.can_edit();
    let can_report = reader.can_report();
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
    let layout = match &reader {
        Reader::SignedIn(ctx, _) => ctx.org_layout(&org, title),
        Reader::Anonymous => Layout { title, org: Some((&org).into()), zone: org.zone.clone(), ..Layout::default() },
    };
    let today = org.today();
    let aim_measures = match &strategy {
        Some(s) => crate::strategy::measures::links::measures_by_aim(&state.db, s.id).await?,
        None => HashMap::new(),
    };
    let under_aims: std::collections::HashSet<&str> =
        aim_measures.values().flatten().map(|(key, _)| key.as_str()).collect();
    let measures = crate::strategy::measures::store::list(&state.db, org.id)
        .await?
        .into_iter()
        .filter(|m| !under_aims.contains(m.key.as_str()))
        .map(|m| (m.key, m.definition.name))
        .collect();
    let shared = crate::strategy::shared::store::for_member(&state.db, org.id).await?.len();
    let shown = strategy.as_ref().map(|s| s.id);
    // When this copy was made: objectives and updates change after a
    // strategy is published, and every change clears the cached copies, so
    // a copy is never older than the content it shows.
    let modified = crate::storage::now();
    let key = cache_key(&org, shown, &query.year);
    let links = match &strategy {
        Some(s) => links::of_strategy(&state.db, s.id).await?,
        None => HashMap::new(),
    };
    let mut shared_out = HashMap::new();
    if let Some(s) = strategy.as_ref().filter(|_| org.kind == crate::orgs::model::OrgKind::Partnership) {
        for id in crate::strategy::shared::store::shared_in(&state.db, s.id).await? {
            let reports = crate::strategy::shared::store::member_reports(&state.db, org.id, id).await?;
            let r =
                crate::strategy::shared::member_rollup(reports.iter().filter_map(|m| m.latest.as_ref().map(|l| l.1)));
            shared_out.insert(id, rollup_words(&r));
        }
    }
    let page = StrategyPage {
        layout,
        org,
        strategy,
        framework,
        year,
        can_edit,
        can_report,
        today,
        measures,
        aim_measures,
        others,
        links,
        shared,
        shared_out,
    };
    let draft = page.strategy.as_ref().is_some_and(Strategy::is_draft);
    if matches!(reader, Reader::Anonymous) && !draft {
        let body = page.render().map_err(|e| AppError::Internal(anyhow::Error::new(e).context("rendering a page")))?;
        let cached = state.pages.put(&key, body.into(), modified);
        return Ok(cached_response(headers, &cached));
    }
    let response = render(&page)?;
    Ok(if draft || can_edit { no_store(response) } else { private(response) })
}

/// A signed-in reader's copy: theirs alone, checked again on every visit.
fn private(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// The published strategy. Anonymous visitors are answered from the
/// public page cache (cleared by any change to the organisation's strategy
/// or measures, see [`crate::strategy::clear_pages_after_writes`]).
pub async fn current(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<YearQuery>,
    mut parts: Parts,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    if !has_session(&parts.headers)
        && let Some(page) = state.pages.get(&cache_key(&org, None, &query.year))
    {
        return Ok(cached_response(&parts.headers, &page));
    }
    let reader = Reader::of(&state, &mut parts, &org).await?;
    let strategy = store::published(&state.db, org.id).await?;
    let strategy_id = strategy.as_ref().map(|s| s.id);
    let response = show(&state, reader, org.clone(), strategy, &query, &parts.headers).await?;
    // The current strategy's page is also kept under its own id's key, so a
    // later visit to either address is served from memory.
    if let Some(page) = response.extensions().get::<std::sync::Arc<crate::orgs::cache::CachedPage>>()
        && strategy_id.is_some()
    {
        state.pages.insert(&cache_key(&org, None, &query.year), page.clone());
    }
    Ok(response)
}

/// One strategy by id: an earlier one for anyone, a draft for editors.
pub async fn one(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<YearQuery>,
    mut parts: Parts,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    if !has_session(&parts.headers)
        && let Some(page) = state.pages.get(&cache_key(&org, Some(id), &query.year))
    {
        return Ok(cached_response(&parts.headers, &page));
    }
    let reader = Reader::of(&state, &mut parts, &org).await?;
    let strategy = store::by_id(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    if strategy.is_draft() && !reader.can_edit() {
        return Err(AppError::NotFound);
    }
    show(&state, reader, org, Some(strategy), &query, &parts.headers).await
}
