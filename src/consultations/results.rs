//! Results: read from the running tallies (never by recounting responses),
//! with every figure over fewer than five people suppressed. The page shows
//! the word table and heat map, charts with tables beside them, and — to
//! the organisation only — the free-text answers.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::analysis::charts::{self, Bar, HeatClass};
use super::analysis::tally::{self, OptionCount, RankResult, Suppressed, WordTally};
use super::model::{Consultation, Kind, Status};
use super::respond::load;
use super::store::{self, StoredResponse};
use super::words::{self, Block, Piece};
use crate::app::AppState;
use crate::auth::people::Person;
use crate::auth::session::{Flash, SignedIn, Viewer};
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::model::Org;
use crate::storage::Db;
use crate::web::forms::Form;
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// One word's figures.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct WordRow {
    pub index: u32,
    pub text: String,
    pub saw: u32,
    pub keep: u32,
    pub remove: u32,
    pub keep_pct: f64,
    pub remove_pct: f64,
    /// (keep − remove) / saw, from −1 to 1.
    pub net: f64,
    /// Many kept it and many removed it.
    pub polarising: bool,
}

impl WordRow {
    fn from(t: &WordTally, text: &str) -> WordRow {
        WordRow {
            index: t.index,
            text: text.to_owned(),
            saw: t.saw,
            keep: t.keep,
            remove: t.remove,
            keep_pct: t.keep_pct(),
            remove_pct: t.remove_pct(),
            net: t.net(),
            polarising: t.polarising(),
        }
    }
    pub fn keep_pct_text(&self) -> String {
        format!("{:.0}%", self.keep_pct)
    }
    pub fn remove_pct_text(&self) -> String {
        format!("{:.0}%", self.remove_pct)
    }
    pub fn net_text(&self) -> String {
        format!("{:+.2}", self.net)
    }
    pub fn heat(&self) -> HeatClass {
        charts::heat_class(self.net)
    }
}

/// The figures for one question.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Figures {
    Words { words: Suppressed<Vec<WordRow>> },
    Options { options: Suppressed<Vec<OptionCount>> },
    Ranking { ranking: Suppressed<Vec<RankResult>> },
    Text,
}

#[derive(Clone, Debug, Serialize)]
pub struct QuestionResult {
    pub key: String,
    pub prompt: String,
    /// How many answered it (for keep/remove words: how many saw it).
    pub answered: u32,
    pub figures: Figures,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupCount {
    pub group: String,
    pub respondents: Suppressed<u32>,
}

/// Everything the results page and the results API show.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub consultation_id: i64,
    pub title: String,
    pub status: Status,
    /// The group the figures are limited to, if any.
    pub group: Option<String>,
    pub respondents: Suppressed<u32>,
    pub groups: Vec<GroupCount>,
    pub questions: Vec<QuestionResult>,
}

fn n(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

/// Results from the running tallies, for everyone or one group.
pub async fn compute(db: &Db, c: &Consultation, group: Option<&str>) -> Result<Results, AppError> {
    let rows = store::tallies(db, c.id, group).await?;
    let map: HashMap<(&str, &str, i64, i64), i64> =
        rows.iter().map(|t| ((t.question_key.as_str(), t.kind.as_str(), t.item, t.position), t.count)).collect();
    let get = |q: &str, kind: &str, item: i64, pos: i64| n(map.get(&(q, kind, item, pos)).copied().unwrap_or(0));
    let respondents = get("", "responses", 0, 0);
    let groups = store::groups(db, c.id)
        .await?
        .into_iter()
        .map(|(g, count)| GroupCount { group: g, respondents: tally::suppress(n(count), n(count)) })
        .collect();
    let mut questions = Vec::new();
    for q in &c.questions {
        let answered = get(&q.key, "answered", 0, 0);
        let figures = match &q.kind {
            Kind::Words { .. } => {
                let rows: Vec<WordRow> = words::selectable(&q.blocks())
                    .iter()
                    .map(|(i, text)| {
                        let i64i = i64::from(*i);
                        let t = WordTally {
                            index: *i,
                            saw: answered,
                            keep: get(&q.key, "keep", i64i, 0),
                            remove: get(&q.key, "remove", i64i, 0),
                        };
                        WordRow::from(&t, text)
                    })
                    .collect();
                Figures::Words { words: tally::suppress(answered, rows) }
            }
            Kind::Values { options, max_picks, ranked: true } => {
                let positions: Vec<Vec<u32>> = (0..options.len())
                    .map(|i| (1..=*max_picks).map(|p| get(&q.key, "option", i as i64, i64::from(p))).collect())
                    .collect();
                Figures::Ranking {
                    ranking: tally::suppress(answered, tally::rank_results(options, &positions, *max_picks as usize)),
                }
            }
            Kind::Choice { .. } | Kind::Group | Kind::Values { .. } => {
                let shown = q.choices(&c.audiences);
                let counts: Vec<u32> = (0..shown.len()).map(|i| get(&q.key, "option", i as i64, 0)).collect();
                Figures::Options { options: tally::suppress(answered, tally::option_counts(&shown, &counts, answered)) }
            }
            Kind::Text { .. } | Kind::Suggest { .. } => Figures::Text,
        };
        questions.push(QuestionResult { key: q.key.clone(), prompt: q.prompt.clone(), answered, figures });
    }
    Ok(Results {
        consultation_id: c.id,
        title: c.title.clone(),
        status: c.status(),
        group: group.map(str::to_owned),
        respondents: tally::suppress(respondents, respondents),
        groups,
        questions,
    })
}

/// The viewer's role if they may read the results; `None` for a member of
/// the public allowed by the consultation's setting. Refused otherwise.
pub async fn may_read(db: &Db, org: &Org, c: &Consultation, viewer: Option<&Person>) -> Result<Option<Role>, AppError> {
    let role = match viewer {
        Some(me) => access::role_of(db, org.id, me.id).await?,
        None => None,
    };
    if role.is_some_and(|r| r >= Role::Board) {
        return Ok(role);
    }
    if c.results_public() {
        return Ok(role);
    }
    Err(AppError::NotFound)
}

#[derive(Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    group: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    search: String,
}

/// A word of the heat map.
pub struct HeatPiece {
    pub word: Option<WordRow>,
    pub text: String,
}

pub struct HeatBlock {
    pub list: bool,
    pub lines: Vec<Vec<HeatPiece>>,
}

pub struct QuestionView {
    pub r: QuestionResult,
    pub rows: Vec<WordRow>,
    /// The five words most kept and most removed.
    pub top_kept: Vec<WordRow>,
    pub top_removed: Vec<WordRow>,
    pub heat: Vec<HeatBlock>,
    pub chart: String,
    pub options: Vec<OptionCount>,
    pub ranking: Vec<RankResult>,
    pub suppressed: bool,
    pub is_text: bool,
    /// (response id, group, text, flagged)
    pub answers: Vec<(i64, String, String, bool)>,
}

#[derive(Template)]
#[template(path = "consultations/results.html")]
struct ResultsPage {
    layout: Layout,
    org: Org,
    c: Consultation,
    results: Results,
    questions: Vec<QuestionView>,
    group: String,
    sort: String,
    search: String,
    is_member: bool,
    can_edit: bool,
    legend: [HeatClass; 7],
    /// Responses per day (everyone only): the chart and its table.
    days: Vec<(String, u32)>,
    timeline: String,
    /// Themes editors can tag answers with: (question key, id, name).
    themes: Vec<(String, i64, String)>,
}

impl ResultsPage {
    fn respondents(&self) -> String {
        shown(&self.results.respondents)
    }
    /// The language an answer seems to be written in.
    fn themes_of(&self, key: &str) -> Vec<&(String, i64, String)> {
        self.themes.iter().filter(|(k, _, _)| k == key).collect()
    }
    fn language(&self, text: &str) -> &'static str {
        match super::analysis::themes::detect_language(text) {
            super::analysis::themes::Lang::En => "English",
            super::analysis::themes::Lang::Cy => "Welsh",
            super::analysis::themes::Lang::Unknown => "language unknown",
        }
    }
    fn sort_link(&self, by: &str) -> String {
        let mut url = format!("/o/{}/c/{}/results?sort={by}", self.org.slug, self.c.id);
        if !self.group.is_empty() {
            url.push_str(&format!("&group={}", crate::web::encode_query(&self.group)));
        }
        url
    }
    fn aria_sort(&self, by: &str) -> &'static str {
        let current = if self.sort.is_empty() { "text" } else { self.sort.as_str() };
        if current != by {
            "none"
        } else if by == "text" {
            "ascending"
        } else {
            "descending"
        }
    }
}

/// A count, or "fewer than 5".
pub fn shown(s: &Suppressed<u32>) -> String {
    match s {
        Suppressed::Shown { value } => value.to_string(),
        Suppressed::FewerThan { min } => format!("fewer than {min}"),
    }
}

impl GroupCount {
    pub fn shown(&self) -> String {
        shown(&self.respondents)
    }
}

fn sort_rows(rows: &mut [WordRow], by: &str) {
    match by {
        "net" => rows.sort_by(|a, b| b.net.total_cmp(&a.net)),
        "keep" => rows.sort_by_key(|r| std::cmp::Reverse(r.keep)),
        "remove" => rows.sort_by_key(|r| std::cmp::Reverse(r.remove)),
        "saw" => rows.sort_by_key(|r| std::cmp::Reverse(r.saw)),
        _ => {}
    }
}

fn heat_blocks(blocks: &[Block], rows: &[WordRow]) -> Vec<HeatBlock> {
    let line = |pieces: &[Piece]| -> Vec<HeatPiece> {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Word { index, text, selectable: true } => {
                    HeatPiece { word: rows.iter().find(|r| r.index == *index).cloned(), text: text.clone() }
                }
                Piece::Word { text, .. } | Piece::Gap(text) => HeatPiece { word: None, text: text.clone() },
            })
            .collect()
    };
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => HeatBlock { list: false, lines: vec![line(p)] },
            Block::List(items) => HeatBlock { list: true, lines: items.iter().map(|i| line(i)).collect() },
        })
        .collect()
}

fn text_answers(
    responses: &[StoredResponse],
    key: &str,
    group: &str,
    search: &str,
) -> Vec<(i64, String, String, bool)> {
    let search = search.trim().to_lowercase();
    responses
        .iter()
        .filter(|r| group.is_empty() || r.group == group)
        .filter_map(|r| {
            let (_, a, flagged) = r.answers.iter().find(|(k, _, _)| k == key)?;
            let text = if a.text.is_empty() { a.other.clone() } else { a.text.clone() };
            (!text.is_empty() && (search.is_empty() || text.to_lowercase().contains(&search)))
                .then(|| (r.id, r.group.clone(), text, *flagged))
        })
        .collect()
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, AppError> {
    let (org, c) = load(&state, &slug, id).await?;
    let role = may_read(&state.db, &org, &c, ctx.viewer.0.as_ref()).await?;
    let is_member = role.is_some_and(|r| r >= Role::Board);
    let group = query.group.trim().to_owned();
    let results = compute(&state.db, &c, (!group.is_empty()).then_some(group.as_str())).await?;
    // Free text is the organisation's to read; the public sees counts only.
    let responses = if is_member && c.questions.iter().any(|q| q.limit() > 0 || q.other_index().is_some()) {
        store::responses(&state.db, c.id).await?
    } else {
        Vec::new()
    };
    let mut questions = Vec::new();
    for (q, r) in c.questions.iter().zip(results.questions.iter()) {
        let mut view = QuestionView {
            r: r.clone(),
            rows: Vec::new(),
            top_kept: Vec::new(),
            top_removed: Vec::new(),
            heat: Vec::new(),
            chart: String::new(),
            options: Vec::new(),
            ranking: Vec::new(),
            suppressed: false,
            is_text: false,
            answers: Vec::new(),
        };
        match &r.figures {
            Figures::Words { words: Suppressed::Shown { value } } => {
                view.heat = heat_blocks(&q.blocks(), value);
                let tallies: Vec<WordTally> = value
                    .iter()
                    .map(|w| WordTally { index: w.index, saw: w.saw, keep: w.keep, remove: w.remove })
                    .collect();
                let pick = |list: Vec<WordTally>| -> Vec<WordRow> {
                    list.iter().filter_map(|t| value.iter().find(|w| w.index == t.index).cloned()).collect()
                };
                view.top_kept = pick(tally::most_kept(&tallies, 5).into_iter().filter(|t| t.keep > 0).collect());
                view.top_removed =
                    pick(tally::most_removed(&tallies, 5).into_iter().filter(|t| t.remove > 0).collect());
                let mut rows = value.clone();
                sort_rows(&mut rows, &query.sort);
                view.rows = rows;
            }
            Figures::Options { options: Suppressed::Shown { value } } => {
                let bars: Vec<Bar> = value
                    .iter()
                    .map(|o| Bar {
                        label: o.option.clone(),
                        value: f64::from(o.count),
                        display: format!("{} ({:.0}%)", o.count, o.pct),
                    })
                    .collect();
                view.chart = charts::bar_chart_svg(&format!("chart-{}", q.key), &r.prompt, &bars);
                view.options = value.clone();
            }
            Figures::Ranking { ranking: Suppressed::Shown { value } } => {
                let bars: Vec<Bar> = value
                    .iter()
                    .map(|o| Bar {
                        label: o.option.clone(),
                        value: f64::from(o.borda),
                        display: format!("{} points", o.borda),
                    })
                    .collect();
                view.chart = charts::bar_chart_svg(&format!("chart-{}", q.key), &r.prompt, &bars);
                view.ranking = value.clone();
            }
            Figures::Text => view.is_text = true,
            _ => view.suppressed = true,
        }
        if is_member && (view.is_text || q.other_index().is_some()) {
            view.answers = text_answers(&responses, &q.key, &group, &query.search);
        }
        questions.push(view);
    }
    let days = if group.is_empty() { super::report::responses_by_day(&state.db, c.id).await? } else { Vec::new() };
    let timeline =
        if days.is_empty() { String::new() } else { charts::timeline_svg("timeline", "Responses per day", &days) };
    let themes = if is_member {
        super::theme_store::themes(&state.db, c.id).await?.into_iter().map(|t| (t.question_key, t.id, t.name)).collect()
    } else {
        Vec::new()
    };
    let layout = ctx.org_layout(&org, format!("Results – {}", c.title));
    let page = ResultsPage {
        themes,
        days,
        timeline,
        layout,
        can_edit: role.is_some_and(|r| r >= Role::Editor),
        is_member,
        results,
        questions,
        group,
        sort: query.sort,
        search: query.search,
        legend: charts::heat_legend(),
        org,
        c,
    };
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

/// The heat map's colours as a stylesheet, built from the analysis
/// module's scale (inline styles are not allowed by the CSP).
pub async fn heat_css() -> Response {
    let mut css = String::new();
    for class in charts::heat_legend() {
        css.push_str(&format!(
            ".heat--{}{{background:{};color:{};{}}}\n",
            class.class,
            class.background,
            class.text,
            if class.border { "box-shadow:inset 0 0 0 1px #505a5f;" } else { "" }
        ));
    }
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], css)
        .into_response()
}

#[derive(Deserialize)]
pub struct RedactForm {
    response: i64,
    question: String,
}

/// Editors remove personal data from a text answer.
pub async fn redact(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<RedactForm>,
) -> Result<Response, AppError> {
    let (org, _) = super::builder::org_for(&state, &slug, &me, access::Need::Editor).await?;
    let c = store::in_org(&state.db, org.id, id).await?.ok_or(AppError::NotFound)?;
    if !store::redact(&state.db, &c, form.response, &form.question, me.id).await? {
        return Err(AppError::NotFound);
    }
    Flash::set(&session, "The personal details were removed from that answer.").await?;
    Ok(Redirect::to(&format!("/o/{}/c/{}/results#{}", org.slug, c.id, form.question)).into_response())
}

/// Used by exports: who may download.
pub async fn may_export(state: &AppState, org: &Org, c: &Consultation, viewer: &Viewer) -> Result<(), AppError> {
    may_read(&state.db, org, c, viewer.0.as_ref()).await.map(|_| ())
}
