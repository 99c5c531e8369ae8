//! Results: read from the running tallies (never by recounting responses),
//! with every figure over fewer than five people suppressed. The page shows
//! the word table and heat map, charts with tables beside them, and — to
//! the organisation only — the free-text answers.

use super::languages::results::{InLanguage, by_language};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::analysis::charts::{self, Bar, HeatClass};
use super::analysis::tally::Suppressed;
use super::compare::{self, QuestionComparison};
pub use super::figures::{
    Figures, GroupCount, OptionRow, QuestionResult, RankRow, Results, WordRow, compute, may_read, most_kept,
    most_removed, percent, shown,
};
use super::model::{Consultation, Status};
use super::respond::load;
use super::store;
use super::verified;
use super::words::{Block, Piece};
use super::written::{self, WrittenPage};
use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn, Viewer};
use crate::error::AppError;
use crate::orgs::access::{self, Role};
use crate::orgs::model::Org;
use crate::web::forms::Form;
use crate::web::{Layout, PageContext, no_store, render_with_status};

#[derive(Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    group: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    search: String,
    /// The question whose written answers are paged, and the page (from 1).
    #[serde(default)]
    question: String,
    #[serde(default)]
    page: String,
    /// The response id the page starts after, or ends before (see
    /// [`written::Start`]).
    #[serde(default)]
    after: String,
    #[serde(default)]
    before: String,
}

impl ResultsQuery {
    /// Where the asked page of written answers starts.
    fn start(&self) -> written::Start {
        let id = |v: &str| v.trim().parse::<i64>().ok().filter(|id| *id >= 0);
        match (id(&self.after), id(&self.before)) {
            (Some(after), _) => written::Start::After(after),
            (None, Some(before)) => written::Start::Before(before),
            (None, None) => written::Start::Position,
        }
    }
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
    /// The five words with the highest and the lowest net scores.
    pub top_kept: Vec<WordRow>,
    pub top_removed: Vec<WordRow>,
    pub heat: Vec<HeatBlock>,
    pub chart: String,
    pub options: Vec<OptionRow>,
    pub ranking: Vec<RankRow>,
    /// Each group's net score for each word (everyone's view only).
    pub compare: Option<QuestionComparison>,
    pub suppressed: bool,
    pub is_text: bool,
    /// A page of the written answers (to the organisation only).
    pub written: Option<WrittenPage>,
}

impl QuestionView {
    /// How many answered (or saw) the question, or "fewer than 5".
    pub fn answered(&self) -> String {
        shown(&self.r.answered)
    }
    /// Hidden to protect a smaller figure rather than for being small.
    pub fn withheld(&self) -> bool {
        self.r.answered == Suppressed::Withheld
    }
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
    /// The group asked for may not be shown (fewer than 5, or would give
    /// a smaller group away).
    group_hidden: bool,
    /// Responses per day (everyone only): the chart and its table.
    days: Vec<(String, Suppressed<u32>)>,
    timeline: String,
    /// Themes editors can tag answers with: (question key, id, name).
    themes: Vec<(String, i64, String)>,
    /// Keep/remove questions as answered in each other language.
    languages: Vec<InLanguage>,
}

impl ResultsPage {
    /// Question `key` as answered in other languages.
    fn in_languages(&self, key: &str) -> Vec<&InLanguage> {
        self.languages.iter().filter(|l| l.key == key).collect()
    }
    fn respondents(&self) -> String {
        shown(&self.results.respondents)
    }
    /// Verified staff under the filter.
    fn verified_staff(&self) -> String {
        shown(&self.results.verified_staff)
    }
    /// Verified staff of every group.
    fn all_verified(&self) -> String {
        shown(&self.results.all_verified_staff)
    }
    fn group_query(&self) -> String {
        crate::web::encode_query(&self.group)
    }
    fn verified_filter(&self) -> &'static str {
        verified::FILTER
    }
    fn verified_label(&self) -> &'static str {
        verified::FILTER_LABEL
    }
    /// The chosen group as people read it.
    fn group_label(&self) -> &str {
        if self.group == verified::FILTER { verified::FILTER_LABEL } else { &self.group }
    }
    /// The language an answer seems to be written in.
    fn themes_of(&self, key: &str) -> Vec<&(String, i64, String)> {
        self.themes.iter().filter(|(k, _, _)| k == key).collect()
    }
    /// Groups the results may be limited to.
    fn selectable(&self) -> Vec<&GroupCount> {
        self.results.groups.iter().filter(|g| g.selectable).collect()
    }
    /// A written answer's group as shown: a group that may not be chosen is
    /// not named beside its answers.
    fn answer_group<'a>(&'a self, group: &'a str) -> &'a str {
        if self.results.groups.iter().any(|g| g.group == group && g.selectable) {
            if group.is_empty() { "Group not given" } else { group }
        } else {
            "A group of fewer than 5"
        }
    }
    fn day_count(&self, n: &Suppressed<u32>) -> String {
        shown(n)
    }
    fn language(&self, text: &str) -> &'static str {
        super::analysis::language::name_of(text).unwrap_or("language unknown")
    }
    fn sort_link(&self, by: &str) -> String {
        let mut url = format!("/o/{}/c/{}/results?sort={by}", self.org.slug, self.c.id);
        if !self.group.is_empty() {
            url.push_str(&format!("&group={}", crate::web::encode_query(&self.group)));
        }
        url
    }
    /// The page of question `key`'s written answers before `w`.
    fn prev_link(&self, key: &str, w: &WrittenPage) -> String {
        let edge = if w.answers.is_empty() { String::new() } else { format!("&before={}", w.first_id()) };
        self.page_link(key, w.page - 1, &edge)
    }
    /// The page of question `key`'s written answers after `w`.
    fn next_link(&self, key: &str, w: &WrittenPage) -> String {
        self.page_link(key, w.page + 1, &format!("&after={}", w.last_id()))
    }
    /// The results page showing page `page` of question `key`'s written
    /// answers, starting at `edge` (see [`written::Start`]), keeping the
    /// group, search and sort.
    fn page_link(&self, key: &str, page: i64, edge: &str) -> String {
        let mut url = format!("/o/{}/c/{}/results?question={key}&page={page}{edge}", self.org.slug, self.c.id);
        for (name, value) in [("group", &self.group), ("search", &self.search), ("sort", &self.sort)] {
            if !value.is_empty() {
                url.push_str(&format!("&{name}={}", crate::web::encode_query(value)));
            }
        }
        url.push_str(&format!("#{key}-answers"));
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

/// Sorts the words table; a hidden figure sorts as the lowest.
fn sort_rows(rows: &mut [WordRow], by: &str) {
    let value = |s: &Suppressed<u32>| s.shown().copied();
    match by {
        "net" => rows.sort_by(|a, b| b.net_value().unwrap_or(f64::MIN).total_cmp(&a.net_value().unwrap_or(f64::MIN))),
        "keep" => rows.sort_by_key(|r| std::cmp::Reverse(value(&r.keep))),
        "remove" => rows.sort_by_key(|r| std::cmp::Reverse(value(&r.remove))),
        "saw" => rows.sort_by_key(|r| std::cmp::Reverse(r.saw)),
        _ => {}
    }
}

/// The text's blocks with each markable word's figures, for a heat map.
pub fn heat_blocks(blocks: &[Block], rows: &[WordRow]) -> Vec<HeatBlock> {
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
    let (results, comparison) = compare::filtered(&state.db, &c, &group).await?;
    let group_hidden = !results.may_show(&group);
    let languages = if group_hidden {
        Vec::new()
    } else {
        by_language(&state.db, &c, (!group.is_empty()).then_some(group.as_str())).await?
    };
    let asked_page = query.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
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
            compare: comparison.iter().find(|x| x.key == q.key).cloned(),
            suppressed: false,
            is_text: false,
            written: None,
        };
        match &r.figures {
            Figures::Words { words: Suppressed::Shown { value } } => {
                view.heat = heat_blocks(&q.blocks(), value);
                view.top_kept = most_kept(value, 5);
                view.top_removed = most_removed(value, 5);
                let mut rows = value.clone();
                sort_rows(&mut rows, &query.sort);
                view.rows = rows;
            }
            Figures::Options { options: Suppressed::Shown { value } } => {
                let bars: Vec<Bar> = value
                    .iter()
                    .map(|o| Bar {
                        label: o.option.clone(),
                        value: o.count.shown().map_or(0.0, |n| f64::from(*n)),
                        display: match o.count.shown() {
                            Some(n) => format!("{n} ({})", percent(&o.pct)),
                            None => super::figures::FEWER.to_owned(),
                        },
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
                        value: o.borda.shown().map_or(0.0, |n| f64::from(*n)),
                        display: match o.borda.shown() {
                            Some(n) => format!("{n} points"),
                            None => super::figures::FEWER.to_owned(),
                        },
                    })
                    .collect();
                view.chart = charts::bar_chart_svg(&format!("chart-{}", q.key), &r.prompt, &bars);
                view.ranking = value.clone();
            }
            Figures::Text => view.is_text = true,
            _ => view.suppressed = true,
        }
        // Free text is the organisation's to read; the public sees counts
        // only. A group that may not be shown shows none of its answers.
        if is_member && !group_hidden && (view.is_text || q.other_index().is_some()) {
            let (page, start) =
                if query.question == q.key { (asked_page, query.start()) } else { (1, written::Start::Position) };
            view.written = Some(written::page(&state.db, c.id, &q.key, &group, &query.search, page, start).await?);
        }
        questions.push(view);
    }
    let days = if group.is_empty() { super::report::responses_by_day(&state.db, c.id).await? } else { Vec::new() };
    let timeline = if days.is_empty() {
        String::new()
    } else {
        let bars: Vec<(String, Option<u32>)> = days.iter().map(|(d, n)| (d.clone(), n.shown().copied())).collect();
        charts::timeline_svg("timeline", "Responses per day", &bars)
    };
    let themes = if is_member {
        super::theme_store::themes(&state.db, c.id).await?.into_iter().map(|t| (t.question_key, t.id, t.name)).collect()
    } else {
        Vec::new()
    };
    let layout = ctx.org_layout(&org, format!("Results – {}", c.title));
    let page = ResultsPage {
        languages,
        group_hidden,
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
    let c = crate::consultations::builder::consultation(&state, &org, id).await?;
    if !store::redact(&state.db, &c, form.response, &form.question, me.id).await? {
        return Err(AppError::NotFound);
    }
    state.themes.forget(c.id).await;
    Flash::set(&session, "The personal details were removed from that answer.").await?;
    Ok(Redirect::to(&format!("/o/{}/c/{}/results#{}", org.slug, c.id, form.question)).into_response())
}

/// Used by exports: who may download.
pub async fn may_export(state: &AppState, org: &Org, c: &Consultation, viewer: &Viewer) -> Result<(), AppError> {
    may_read(&state.db, org, c, viewer.0.as_ref()).await.map(|_| ())
}
