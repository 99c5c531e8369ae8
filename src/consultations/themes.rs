//! Themes in free-text answers: suggestions found by the analysis module
//! (kept in [`super::theme_cache`], so the page does not re-read every
//! answer on each visit), themes the editors settle on, answers tagged by
//! hand and quotes chosen for the Board report.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::analysis::themes::{key_of, suggest_themes};
use super::builder::org_for;
use super::model::Consultation;
use super::theme_cache::suggestions;
use super::theme_store::{self as ts, HistoryEntry, Tagged, Theme};
use super::written::PER_PAGE;
use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::access::{Need, Role};
use crate::orgs::model::Org;
use crate::storage::Db;
use crate::web::forms::Form;
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// A suggested theme: its phrase, its merge key (stems) and the responses
/// using it.
#[derive(Clone, Debug)]
pub struct Suggested {
    pub phrase: String,
    pub key: String,
    pub responses: Vec<i64>,
}

/// Suggestions shown per question.
const SHOWN: usize = 12;

/// The suggestions not yet made themes (matched by merge key, so another
/// spelling of a promoted phrase goes too), at most [`SHOWN`].
fn not_yet_themes(suggestions: &[Suggested], themes: &[&Theme]) -> Vec<Suggested> {
    let promoted: Vec<String> =
        themes.iter().filter(|t| !t.from_phrase.is_empty()).map(|t| key_of(&t.from_phrase)).collect();
    suggestions
        .iter()
        .filter(|s| !promoted.contains(&s.key) && !themes.iter().any(|t| t.from_phrase.eq_ignore_ascii_case(&s.phrase)))
        .take(SHOWN)
        .cloned()
        .collect()
}

/// Suggestions from (response id, text) answers.
pub fn suggest(answers: &[(i64, String)]) -> Vec<Suggested> {
    let texts: Vec<&str> = answers.iter().map(|(_, t)| t.as_str()).collect();
    suggest_themes(&texts, 12)
        .into_iter()
        .map(|s| Suggested {
            phrase: s.phrase,
            key: s.key,
            responses: s.answers.iter().map(|i| answers[*i].0).collect(),
        })
        .collect()
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
    pub suggestions: Vec<Suggested>,
    pub themes: Vec<ThemeView>,
    /// Themes merged into another, which can be taken apart again:
    /// (merged theme, the theme it went into).
    pub merged: Vec<(Theme, Theme)>,
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
        self.layout.time(*at)
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
    let suggestions = suggestions(&state, &c).await?;
    let all = ts::themes(&state.db, c.id).await?;
    let merged = ts::merged(&state.db, c.id).await?;
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
        let own: Vec<&Theme> =
            all.iter().chain(merged.iter().map(|(m, _)| m)).filter(|t| t.question_key == q.key).collect();
        questions.push(QuestionThemes {
            key: q.key.clone(),
            prompt: q.prompt.clone(),
            suggestions: not_yet_themes(&suggestions[&q.key], &own),
            themes,
            merged: merged.iter().filter(|(m, _)| m.question_key == q.key).cloned().collect(),
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
    let found = suggestions(&state, &c).await?;
    let list = found.get(&form.question).ok_or(AppError::NotFound)?;
    let s = list.iter().find(|s| s.phrase == form.phrase).ok_or_else(|| {
        AppError::Conflict(
            "That suggestion is no longer offered (new answers changed the list). Reload the page.".into(),
        )
    })?;
    let themes = ts::themes(&state.db, c.id).await?;
    let own: Vec<&Theme> = themes.iter().filter(|t| t.question_key == form.question).collect();
    if not_yet_themes(std::slice::from_ref(s), &own).is_empty() {
        return Err(AppError::Conflict(format!("“{}” is already a theme. Reload the page.", s.phrase)));
    }
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
    /// "yes" from the confirmation page; without it the page asks first.
    #[serde(default)]
    confirm: String,
}

/// The question asked before a merge, without JavaScript.
#[derive(Template)]
#[template(path = "consultations/merge.html")]
struct MergePage {
    layout: Layout,
    org: Org,
    c: Consultation,
    from: Theme,
    into: Theme,
    from_answers: i64,
    into_answers: i64,
}

/// Merges one theme into another once the editor has confirmed it on a
/// page of its own (the merge form leads there); it can be undone.
pub async fn merge(
    State(state): State<AppState>,
    ctx: PageContext,
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
    if form.confirm != "yes" {
        let counts: HashMap<i64, i64> = ts::tag_counts(&state.db, c.id).await?.into_iter().collect();
        let page = MergePage {
            layout: ctx.org_layout(&org, format!("Merge “{}” into “{}”?", from.name, into.name)),
            from_answers: counts.get(&from.id).copied().unwrap_or(0),
            into_answers: counts.get(&into.id).copied().unwrap_or(0),
            org,
            c,
            from,
            into,
        };
        return Ok(no_store(render_with_status(StatusCode::OK, &page)?));
    }
    ts::merge(&state.db, &c, &from, &into, me.id).await?;
    Flash::set(
        &session,
        &format!(
            "“{}” is merged into “{}”. To undo it, use “Undo the merge” under Merged themes.",
            from.name, into.name
        ),
    )
    .await?;
    Ok(back(&org, &c, &into.question_key))
}

/// Takes a merged theme apart again: it comes back with its answers, and
/// the answers the merge added to the other theme leave it.
pub async fn unmerge(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, id, tid)): Path<(String, i64, i64)>,
) -> Result<Response, AppError> {
    let (org, _, c) = allowed(&state, &slug, id, &me, Need::Editor).await?;
    let (from, into) = ts::merged(&state.db, c.id)
        .await?
        .into_iter()
        .find(|(m, _)| m.id == tid)
        .ok_or_else(|| AppError::NotFoundMessage("That theme is not merged into another (any more).".to_owned()))?;
    ts::unmerge(&state.db, &c, &from, &into, me.id).await?;
    Flash::set(&session, &format!("“{}” is a theme of its own again.", from.name)).await?;
    Ok(back(&org, &c, &from.question_key))
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
    ts::set_tag(&state.db, &c, &theme, form.response, &form.action, Some(me.id)).await?;
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
