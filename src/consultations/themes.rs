//! Themes in free-text answers: suggestions found by the analysis module
//! (cached per consultation, question and response count, so the page does
//! not re-read every answer on each visit), themes the editors settle on,
//! answers tagged by hand and quotes chosen for the Board report.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::analysis::themes::suggest_themes;
use super::builder::org_for;
use super::model::{Consultation, Kind};
use super::store;
use super::theme_store::{self as ts, HistoryEntry, Tagged, Theme};
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

/// Suggestions kept per (consultation, question) for one state of the
/// answers: how many responses there are and when the latest was changed.
/// A newer state replaces the consultation's older entries.
#[derive(Default)]
pub struct SuggestionCache(HashMap<(i64, String), Entry>);

/// (response count, latest change) and the suggestions worked out then.
type Entry = ((i64, i64), Arc<Vec<Suggested>>);

impl SuggestionCache {
    pub fn get(&self, consultation: i64, key: &str, state: (i64, i64)) -> Option<Arc<Vec<Suggested>>> {
        self.0.get(&(consultation, key.to_owned())).filter(|(s, _)| *s == state).map(|(_, list)| list.clone())
    }
    pub fn put(&mut self, consultation: i64, key: &str, state: (i64, i64), list: Arc<Vec<Suggested>>) {
        if self.0.len() >= 1024 {
            self.0.clear();
        }
        self.0.insert((consultation, key.to_owned()), (state, list));
    }
}

static CACHE: OnceLock<Mutex<SuggestionCache>> = OnceLock::new();

/// Drops a consultation's cached suggestions (after a redaction, which
/// changes an answer without changing the response's time).
pub fn forget(consultation: i64) {
    if let Some(cache) = CACHE.get() {
        cache.lock().unwrap_or_else(|e| e.into_inner()).0.retain(|(id, _), _| *id != consultation);
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

/// Suggestions for every free-text question, worked out again only when a
/// response is added or changed (one small query per visit otherwise).
pub async fn suggestions(db: &Db, c: &Consultation) -> Result<HashMap<String, Arc<Vec<Suggested>>>, AppError> {
    let sql = "SELECT COUNT(*), CAST(COALESCE(MAX(updated_at), 0) AS BIGINT) FROM consultation_responses \
               WHERE consultation_id = $1";
    let state: (i64, i64) = on_db!(db, pool => sqlx::query_as(sql).bind(c.id).fetch_one(pool).await)?;
    let keys: Vec<&str> = c
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Text { .. } | Kind::Suggest { .. }))
        .map(|q| q.key.as_str())
        .collect();
    let cache = CACHE.get_or_init(Default::default);
    let mut found = HashMap::new();
    {
        let held = cache.lock().unwrap_or_else(|e| e.into_inner());
        for key in &keys {
            if let Some(list) = held.get(c.id, key, state) {
                found.insert((*key).to_owned(), list);
            }
        }
    }
    if found.len() == keys.len() {
        return Ok(found);
    }
    let responses = store::responses(db, c.id).await?;
    let mut fresh = Vec::new();
    for key in keys.iter().filter(|k| !found.contains_key(**k)) {
        let answers: Vec<(i64, String)> = responses
            .iter()
            .filter_map(|r| {
                let (_, a, _) = r.answers.iter().find(|(k, _, _)| k == key)?;
                let text = if a.text.is_empty() { a.other.clone() } else { a.text.clone() };
                (!text.is_empty()).then_some((r.id, text))
            })
            .collect();
        fresh.push(((*key).to_owned(), Arc::new(suggest(&answers))));
    }
    let mut held = cache.lock().unwrap_or_else(|e| e.into_inner());
    for (key, list) in fresh {
        held.put(c.id, &key, state, list.clone());
        found.insert(key, list);
    }
    Ok(found)
}

/// The themes with their answer counts and chosen quotes, for the report.
pub async fn report_themes(db: &Db, consultation_id: i64) -> Result<Vec<ethos_pdf::ReportTheme>, AppError> {
    let mut out = Vec::new();
    for t in ts::themes(db, consultation_id).await? {
        let tagged = ts::tagged(db, t.id, false).await?;
        let quotes = tagged.iter().filter(|(_, _, q)| *q).map(|(_, text, _)| text.clone()).collect();
        out.push(ethos_pdf::ReportTheme { name: t.name, answers: u32::try_from(tagged.len()).unwrap_or(0), quotes });
    }
    out.sort_by(|a, b| b.answers.cmp(&a.answers).then(a.name.cmp(&b.name)));
    Ok(out)
}

pub struct ThemeView {
    pub theme: Theme,
    pub answers: Vec<Tagged>,
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
) -> Result<Response, AppError> {
    let (org, role, c) = allowed(&state, &slug, id, &me, Need::Member).await?;
    let suggestions = suggestions(&state.db, &c).await?;
    let all = ts::themes(&state.db, c.id).await?;
    let mut questions = Vec::new();
    for q in c.questions.iter().filter(|q| suggestions.contains_key(&q.key)) {
        let mut themes = Vec::new();
        for t in all.iter().filter(|t| t.question_key == q.key) {
            themes.push(ThemeView { answers: ts::tagged(&state.db, t.id, false).await?, theme: t.clone() });
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

    #[test]
    fn the_cache_answers_for_the_same_state_only_and_a_newer_state_replaces_it() {
        let mut cache = SuggestionCache::default();
        let list = Arc::new(vec![Suggested { phrase: "time".into(), responses: vec![1] }]);
        cache.put(7, "q3", (5, 100), list.clone());
        assert!(cache.get(7, "q3", (5, 100)).is_some_and(|l| Arc::ptr_eq(&l, &list)), "no recomputing");
        assert!(cache.get(7, "q3", (6, 120)).is_none(), "a new response makes it stale");
        assert!(cache.get(7, "q3", (5, 130)).is_none(), "a changed response makes it stale");
        assert!(cache.get(8, "q3", (5, 100)).is_none() && cache.get(7, "q4", (5, 100)).is_none());
        cache.put(7, "q3", (6, 120), Arc::new(Vec::new()));
        assert!(cache.get(7, "q3", (5, 100)).is_none());
        assert_eq!(cache.0.len(), 1, "the older state is dropped");
    }
}
