//! Judges score at `…/competition/judge`: once entries close, each entry
//! gets 0–10 against each criterion. A judge does not score entries from
//! an organisation they belong to — a conflict of interest — and the page
//! says so; such an entry is refused (403) if asked for directly.
//! [`CompetitionJudge`] refuses anyone who is not a judge.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use super::entry::Entry;
use super::model::{Competition, Stage};
use super::ranking::Score;
use super::{entry_store, store};
use crate::app::AppState;
use crate::auth::session::Flash;
use crate::campaigns::access::CompetitionJudge;
use crate::campaigns::model::Campaign;
use crate::error::AppError;
use crate::orgs::model::Org;
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render, render_with_status};

/// An entry as a judge's list shows it.
pub struct ToJudge {
    pub entry: Entry,
    pub category: String,
    /// From one of the judge's own organisations: not theirs to score.
    pub own: bool,
    /// The judge has scored every criterion.
    pub scored: bool,
}

#[derive(Template)]
#[template(path = "campaigns/competition/judge_list.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    competition: Competition,
    stage: Stage,
    entries: Vec<ToJudge>,
}

fn scored_all(c: &Competition, scores: &[Score], entry_id: i64, judge_id: i64) -> bool {
    c.criteria
        .iter()
        .all(|k| scores.iter().any(|s| s.entry_id == entry_id && s.judge_id == judge_id && s.criterion_id == k.id))
}

async fn competition(state: &AppState, j: &CompetitionJudge) -> Result<Competition, AppError> {
    store::get(&state.db, j.campaign.id).await?.ok_or(AppError::NotFound)
}

pub async fn list(State(state): State<AppState>, ctx: PageContext, j: CompetitionJudge) -> Result<Response, AppError> {
    let c = competition(&state, &j).await?;
    let stage = c.stage(j.org.today());
    let own = store::orgs_of(&state.db, j.person.id).await?;
    let scores = entry_store::scores(&state.db, c.campaign_id).await?;
    let entries = if matches!(stage, Stage::Judging | Stage::Announced) {
        entry_store::list(&state.db, c.campaign_id).await?
    } else {
        Vec::new()
    };
    let entries = entries
        .into_iter()
        .map(|e| ToJudge {
            category: c.category(e.category_id).map(|k| k.name.clone()).unwrap_or_default(),
            own: own.contains(&e.org_id),
            scored: scored_all(&c, &scores, e.id, j.person.id),
            entry: e,
        })
        .collect();
    let layout = ctx.org_layout(&j.org, format!("Judge the competition – {}", j.campaign.name));
    let page = ListPage { layout, org: j.org, campaign: j.campaign, competition: c, stage, entries };
    Ok(no_store(render(&page)?))
}

#[derive(Template)]
#[template(path = "campaigns/competition/judge_entry.html")]
struct EntryPage {
    layout: Layout,
    org: Org,
    campaign: Campaign,
    competition: Competition,
    entry: Entry,
    errors: FormErrors,
    typed: HashMap<String, String>,
}

impl EntryPage {
    fn typed(&self, criterion: &i64) -> String {
        self.typed.get(&format!("c{criterion}")).cloned().unwrap_or_default()
    }

    fn category(&self) -> String {
        self.competition.category(self.entry.category_id).map(|k| k.name.clone()).unwrap_or_default()
    }
}

/// The entry, if this judge may score it now.
async fn judgeable(state: &AppState, j: &CompetitionJudge, id: i64) -> Result<(Competition, Entry), AppError> {
    let c = competition(state, j).await?;
    if !matches!(c.stage(j.org.today()), Stage::Judging | Stage::Announced) {
        return Err(AppError::Conflict(format!("Judging starts once entries close ({}).", c.dates())));
    }
    let entry =
        entry_store::one(&state.db, c.campaign_id, id).await?.filter(|e| !e.removed).ok_or(AppError::NotFound)?;
    if store::orgs_of(&state.db, j.person.id).await?.contains(&entry.org_id) {
        return Err(AppError::Forbidden);
    }
    Ok((c, entry))
}

fn entry_page(
    ctx: &PageContext,
    j: CompetitionJudge,
    competition: Competition,
    entry: Entry,
    errors: FormErrors,
    typed: HashMap<String, String>,
) -> Result<Response, AppError> {
    let mut layout = ctx.org_layout(&j.org, format!("Score “{}”", entry.title));
    layout.has_errors = !errors.is_empty();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = EntryPage { layout, org: j.org, campaign: j.campaign, competition, entry, errors, typed };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    j: CompetitionJudge,
    Path((_, _, id)): Path<(String, String, i64)>,
) -> Result<Response, AppError> {
    let (c, entry) = judgeable(&state, &j, id).await?;
    let scores = entry_store::scores(&state.db, c.campaign_id).await?;
    let typed = scores
        .iter()
        .filter(|s| s.entry_id == entry.id && s.judge_id == j.person.id)
        .map(|s| (format!("c{}", s.criterion_id), s.score.to_string()))
        .collect();
    entry_page(&ctx, j, c, entry, FormErrors::new(), typed)
}

pub async fn score(
    State(state): State<AppState>,
    ctx: PageContext,
    j: CompetitionJudge,
    session: Session,
    Path((_, _, id)): Path<(String, String, i64)>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let (c, entry) = judgeable(&state, &j, id).await?;
    let mut errors = FormErrors::new();
    let mut given = Vec::new();
    for k in &c.criteria {
        let field = format!("c{}", k.id);
        match f.get(&field).map(|v| v.trim().parse::<i64>()) {
            Some(Ok(n)) if (0..=10).contains(&n) => given.push((k.id, n)),
            _ => errors.add(&field, format!("Score “{}” with a whole number from 0 to 10", k.name)),
        }
    }
    if !errors.is_empty() {
        return entry_page(&ctx, j, c, entry, errors, f);
    }
    entry_store::save_scores(&state.db, &j.campaign, entry.id, j.person.id, &given).await?;
    Flash::set(&session, format!("Your scores for “{}” are saved.", entry.title)).await?;
    Ok(Redirect::to(&format!("/o/{}/campaigns/{}/competition/judge", j.org.slug, j.campaign.slug)).into_response())
}
