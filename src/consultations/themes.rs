//! Themes in free-text answers: suggestions found by the analysis module
//! (cached per consultation, question and response count, so the page does
//! not re-read every answer on each visit), themes the editors settle on,
//! answers tagged by hand and quotes chosen for the Board report.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::analysis::themes::{PhraseIndex, suggest_themes};
use super::builder::org_for;
use super::model::{Answer, Consultation, Kind};
use super::theme_store::{self as ts, HistoryEntry, Tagged, Theme};
use super::written::PER_PAGE;
use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::on_db;
use crate::orgs::access::{Need, Role};
use crate::orgs::model::Org;
use crate::storage::Db;
use crate::web::forms::Form;
use crate::web::{Layout, PageContext, format_time, no_store, render_with_status};

/// A suggested theme: its phrase and the responses using it.
#[derive(Clone, Debug)]
pub struct Suggested {
    pub phrase: String,
    pub responses: Vec<i64>,
}

/// What is kept per (consultation, question): the phrase counts over its
/// written answers as they stood at a state of the responses (how many
/// there are, when the latest was changed), and the suggestions then.
struct Entry {
    state: (i64, i64),
    index: PhraseIndex,
    list: Arc<Vec<Suggested>>,
}

/// Entries per (consultation, question key). One lock for all: the page is
/// for editors and the Board, and holding it while reading keeps two
/// visits from doing the same work.
static CACHE: OnceLock<tokio::sync::Mutex<HashMap<(i64, String), Entry>>> = OnceLock::new();

/// Most entries kept; past that the cache starts again.
const MOST_ENTRIES: usize = 256;

/// Drops a consultation's cached suggestions (after a redaction, which
/// changes an answer without changing the response's time).
pub async fn forget(consultation: i64) {
    if let Some(cache) = CACHE.get() {
        cache.lock().await.retain(|(id, _), _| *id != consultation);
    }
}

/// Suggestions from (response id, text) answers.
pub fn suggest(answers: &[(i64, String)]) -> Vec<Suggested> {
    let texts: Vec<&str> = answers.iter().map(|(_, t)| t.as_str()).collect();
    suggest_themes(&texts, 12)
        .into_iter()
        .map(|s| Suggested { phrase: s.phrase, responses: s.answers.iter().map(|i| answers[*i].0).collect() })
        .collect()
}

fn written(json: Option<&str>) -> String {
    let Some(json) = json else { return String::new() };
    let answer: Answer = serde_json::from_str(json).unwrap_or_default();
    if answer.text.is_empty() { answer.other } else { answer.text }
}

fn listed(index: &PhraseIndex) -> Arc<Vec<Suggested>> {
    Arc::new(index.suggest(12).into_iter().map(|s| Suggested { phrase: s.phrase, responses: s.answers }).collect())
}

/// Suggestions for every free-text question. Unchanged responses cost one
/// small query; after new or changed responses only those responses'
/// answers are read again (every answer of a question is read once, on the
/// first visit after the server starts).
pub async fn suggestions(db: &Db, c: &Consultation) -> Result<HashMap<String, Arc<Vec<Suggested>>>, AppError> {
    let count_sql = "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM consultation_tallies \
                     WHERE consultation_id = $1 AND kind = 'responses'";
    let latest_sql = "SELECT CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM consultation_responses \
                      WHERE consultation_id = $1";
    let all_sql = "SELECT a.response_id, a.answer FROM consultation_answers a \
                   WHERE a.consultation_id = $1 AND a.question_key = $2 AND a.search_text <> ''";
    let changed_sql = "SELECT r.id, a.answer FROM consultation_responses r \
                       LEFT JOIN consultation_answers a ON a.response_id = r.id AND a.question_key = $2 \
                       WHERE r.consultation_id = $1 AND r.updated_at >= $3";
    let keys: Vec<&str> = c
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Text { .. } | Kind::Suggest { .. }))
        .map(|q| q.key.as_str())
        .collect();
    let mut held = CACHE.get_or_init(Default::default).lock().await;
    let (count, latest): (i64, i64) = on_db!(db, pool => {
        let count: i64 = sqlx::query_scalar(count_sql).bind(c.id).fetch_one(pool).await?;
        let latest: i64 = sqlx::query_scalar(latest_sql).bind(c.id).fetch_one(pool).await?;
        (count, latest)
    });
    let state = (count, latest);
    let mut found = HashMap::new();
    for key in keys {
        let slot = (c.id, key.to_owned());
        let kept = held.remove(&slot);
        let entry = match kept {
            Some(entry) if entry.state == state => entry,
            // Responses are only added or changed; fewer means starting again.
            Some(mut entry) if entry.state.0 <= count => {
                // A margin: a response stamped just before the last state
                // but committed after it (a batch in flight, another
                // server's clock) is read again, not missed.
                let since = entry.state.1 - 10;
                let rows: Vec<(i64, Option<String>)> = on_db!(db, pool => sqlx::query_as(changed_sql)
                    .bind(c.id).bind(key).bind(since).fetch_all(pool).await)?;
                for (id, json) in rows {
                    entry.index.set(id, &written(json.as_deref()));
                }
                Entry { state, list: listed(&entry.index), index: entry.index }
            }
            _ => {
                let rows: Vec<(i64, String)> =
                    on_db!(db, pool => sqlx::query_as(all_sql).bind(c.id).bind(key).fetch_all(pool).await)?;
                let mut index = PhraseIndex::default();
                for (id, json) in rows {
                    index.set(id, &written(Some(&json)));
                }
                Entry { state, list: listed(&index), index }
            }
        };
        found.insert(key.to_owned(), entry.list.clone());
        if held.len() >= MOST_ENTRIES {
            held.clear();
        }
        held.insert(slot, entry);
    }
    Ok(found)
}

/// The themes with their answer counts and chosen quotes, for the report.
pub async fn report_themes(db: &Db, consultation_id: i64) -> Result<Vec<ethos_pdf::ReportTheme>, AppError> {
    let counts: HashMap<i64, i64> = ts::tag_counts(db, consultation_id).await?.into_iter().collect();
    let mut out = Vec::new();
    for t in ts::themes(db, consultation_id).await? {
        let quotes = ts::tagged(db, t.id, true).await?.into_iter().map(|(_, text, _)| text).collect();
        let answers = u32::try_from(counts.get(&t.id).copied().unwrap_or(0)).unwrap_or(u32::MAX);
        out.push(ethos_pdf::ReportTheme { name: t.name, answers, quotes });
    }
    out.sort_by(|a, b| b.answers.cmp(&a.answers).then(a.name.cmp(&b.name)));
    Ok(out)
}

pub struct ThemeView {
    pub theme: Theme,
    /// One page of the answers tagged with it.
    pub answers: Vec<Tagged>,
    /// How many answers are tagged with it.
    pub total: i64,
    /// The page shown (from 1).
    pub page: i64,
}

impl ThemeView {
    pub fn first(&self) -> i64 {
        (self.page - 1) * PER_PAGE + 1
    }
    pub fn last(&self) -> i64 {
        self.first() + self.answers.len() as i64 - 1
    }
    pub fn has_next(&self) -> bool {
        self.page * PER_PAGE < self.total
    }
}

/// Which theme's answers to page, and the page (from 1).
#[derive(Deserialize)]
pub struct ThemesQuery {
    #[serde(default)]
    theme: String,
    #[serde(default)]
    page: String,
}

pub struct QuestionThemes {
    pub key: String,
    pub prompt: String,
    pub suggestions: Arc<Vec<Suggested>>,
    pub themes: Vec<ThemeView>,
}

#[derive(Template)]
#[template(path = "consultations/themes.html")]
struct ThemesPage {
    layout: Layout,
    org: Org,
    c: Consultation,
    can_edit: bool,
    questions: Vec<QuestionThemes>,
    history: Vec<HistoryEntry>,
}

impl ThemesPage {
    fn when(&self, at: &i64) -> String {
        format_time(*at)
    }
    fn page_link(&self, theme: &i64, page: i64) -> String {
        format!("/o/{}/c/{}/themes?theme={theme}&page={page}#theme-{theme}", self.org.slug, self.c.id)
    }
    fn search_link(&self, key: &str, phrase: &str) -> String {
        format!("/o/{}/c/{}/results?search={}#{key}", self.org.slug, self.c.id, crate::web::encode_query(phrase))
    }
}

async fn allowed(
    state: &AppState,
    slug: &str,
    id: i64,
    me: &crate::auth::people::Person,
    need: Need,
) -> Result<(Org, Role, Consultation), AppError> {
    let (org, role) = org_for(state, slug, me, need).await?;
    let c = crate::consultations::builder::consultation(state, &org, id).await?;
    if role < Role::Board {
        return Err(AppError::Forbidden);
    }
    Ok((org, role, c))
}

/// `/o/{slug}/c/{id}/themes`: suggestions and themes, for editors and the Board.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<ThemesQuery>,
) -> Result<Response, AppError> {
    let (org, role, c) = allowed(&state, &slug, id, &me, Need::Member).await?;
    let suggestions = suggestions(&state.db, &c).await?;
    let all = ts::themes(&state.db, c.id).await?;
    let counts: HashMap<i64, i64> = ts::tag_counts(&state.db, c.id).await?.into_iter().collect();
    let paged: Option<i64> = query.theme.trim().parse().ok();
    let asked_page = query.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 1_000_000);
    let mut questions = Vec::new();
    for q in c.questions.iter().filter(|q| suggestions.contains_key(&q.key)) {
        let mut themes = Vec::new();
        for t in all.iter().filter(|t| t.question_key == q.key) {
            let page = if paged == Some(t.id) { asked_page } else { 1 };
            let answers = ts::tagged_page(&state.db, t.id, (page - 1) * PER_PAGE, PER_PAGE).await?;
            let total = counts.get(&t.id).copied().unwrap_or(0);
            themes.push(ThemeView { answers, total, page, theme: t.clone() });
        }
        questions.push(QuestionThemes {
            key: q.key.clone(),
            prompt: q.prompt.clone(),
            suggestions: suggestions[&q.key].clone(),
            themes,
        });
    }
    let page = ThemesPage {
        layout: ctx.org_layout(&org, format!("Themes – {}", c.title)),
        can_edit: role >= Role::Editor,
        history: ts::history(&state.db, c.id).await?,
        questions,
        org,
        c,
    };
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

fn back(org: &Org, c: &Consultation, key: &str) -> Response {
    Redirect::to(&format!("/o/{}/c/{}/themes#{key}", org.slug, c.id)).into_response()
}

fn checked_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    match name.chars().count() {
        0 => Err(AppError::BadRequest("Give the theme a name.".to_owned())),
        n if n > 120 => Err(AppError::BadRequest(format!("The name is {n} characters long; the limit is 120."))),
        _ => Ok(name.to_owned()),
    }
}

#[derive(Deserialize)]
pub struct PromoteForm {
    question: String,
    phrase: String,
}

/// Editors promote a suggestion to a theme, tagging the answers using it.
pub async fn promote(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<PromoteForm>,
) -> Result<Response, AppError> {
    let (org, _, c) = allowed(&state, &slug, id, &me, Need::Editor).await?;
    let found = suggestions(&state.db, &c).await?;
    let list = found.get(&form.question).ok_or(AppError::NotFound)?;
    let s = list.iter().find(|s| s.phrase == form.phrase).ok_or_else(|| {
        AppError::Conflict(
            "That suggestion is no longer offered (new answers changed the list). Reload the page.".into(),
        )
    })?;
    let name = checked_name(&s.phrase)?;
    ts::create(&state.db, &c, &form.question, &name, &s.phrase, &s.responses, Some(me.id)).await?;
    Flash::set(&session, &format!("“{name}” is now a theme.")).await?;
    Ok(back(&org, &c, &form.question))
}

#[derive(Deserialize)]
pub struct RenameForm {
    name: String,
}

pub async fn rename(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id, tid)): Path<(String, i64, i64)>,
    Form(form): Form<RenameForm>,
) -> Result<Response, AppError> {
    let (org, _, c) = allowed(&state, &slug, id, &me, Need::Editor).await?;
    let theme = ts::theme(&state.db, &c, tid).await?.ok_or(AppError::NotFound)?;
    let name = checked_name(&form.name)?;
    ts::rename(&state.db, &c, &theme, &name, me.id).await?;
    Flash::set(&session, &format!("The theme is now called “{name}”.")).await?;
    Ok(back(&org, &c, &theme.question_key))
}

#[derive(Deserialize)]
pub struct MergeForm {
    into: i64,
}

pub async fn merge(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id, tid)): Path<(String, i64, i64)>,
    Form(form): Form<MergeForm>,
) -> Result<Response, AppError> {
    let (org, _, c) = allowed(&state, &slug, id, &me, Need::Editor).await?;
    let from = ts::theme(&state.db, &c, tid).await?.ok_or(AppError::NotFound)?;
    let into = ts::theme(&state.db, &c, form.into).await?.ok_or(AppError::NotFound)?;
    if into.id == from.id || into.question_key != from.question_key {
        return Err(AppError::BadRequest("A theme can only be merged into another theme of the same question.".into()));
    }
    ts::merge(&state.db, &c, &from, &into, me.id).await?;
    Flash::set(&session, &format!("“{}” is merged into “{}”.", from.name, into.name)).await?;
    Ok(back(&org, &c, &into.question_key))
}

#[derive(Deserialize)]
pub struct TagForm {
    theme: i64,
    response: i64,
    action: String,
}

/// Tags an answer by hand, untags it, or marks it as a quote for the report.
pub async fn tag(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<TagForm>,
) -> Result<Response, AppError> {
    let (org, _, c) = allowed(&state, &slug, id, &me, Need::Editor).await?;
    let theme = ts::theme(&state.db, &c, form.theme).await?.ok_or(AppError::NotFound)?;
    if !ts::answered(&state.db, &c, form.response, &theme.question_key).await? {
        return Err(AppError::NotFound);
    }
    ts::set_tag(&state.db, &theme, form.response, &form.action).await?;
    let message = match form.action.as_str() {
        "tag" => "The answer is tagged.",
        "untag" => "The answer is no longer tagged.",
        "quote" => "The answer will be quoted in the Board report.",
        _ => "The answer will not be quoted.",
    };
    Flash::set(&session, message).await?;
    Ok(back(&org, &c, &theme.question_key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_name_the_responses_that_use_them() {
        let answers: Vec<(i64, String)> =
            [(11, "More time to listen"), (12, "more time for breaks"), (13, "Clear signs")]
                .iter()
                .map(|(id, t)| (*id, (*t).to_owned()))
                .collect();
        let found = suggest(&answers);
        let time = found.iter().find(|s| s.phrase.to_lowercase().contains("time")).expect("a suggestion about time");
        assert_eq!(time.responses, vec![11, 12]);
    }
}
