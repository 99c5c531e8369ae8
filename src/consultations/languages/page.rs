//! The editor's page for one language of a consultation: every text of the
//! survey in English beside a box for its translation, saved as a whole.
//! A keep/remove question over the values (or vision, or mission) starts
//! from the organisation's own published translation of them; once anyone
//! has marked words in a language, that language's text cannot change.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::labels::{LABELS, labels};
use super::{QuestionTranslation, SurveyTranslation, tally_key};
use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::consultations::builder::{consultation, manage_url, org_for};
use crate::consultations::model::{Consultation, Kind, Source};
use crate::consultations::questions::{MAX_WORDS_TEXT, check_text, framework_text};
use crate::consultations::store;
use crate::consultations::words::{Adjust, SplitRule};
use crate::error::AppError;
use crate::orgs::access::Need;
use crate::orgs::model::Org;
use crate::values::languages::{self, Language};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// Longest translated text other than a keep/remove question's.
const MAX_TEXT: usize = 2000;

/// One text to translate.
pub struct Row {
    /// The field's name and id.
    pub id: String,
    pub label: String,
    pub english: String,
    pub translation: String,
    pub multiline: bool,
    /// Ethos's own wording, shown when left empty (labels only).
    pub built_in: Option<String>,
}

pub struct Section {
    pub heading: String,
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "consultations/translation.html")]
struct TranslationPage {
    layout: Layout,
    org: Org,
    c: Consultation,
    language: &'static Language,
    sections: Vec<Section>,
    errors: FormErrors,
    manage: String,
}

#[derive(serde::Deserialize, Default)]
pub struct AddQuery {
    #[serde(default)]
    lang: String,
}

fn language(code: &str) -> Result<&'static Language, AppError> {
    languages::find(&code.trim().to_ascii_lowercase())
        .filter(|l| !l.is_default())
        .ok_or_else(|| AppError::NotFoundMessage(languages::unknown(code)))
}

/// The manage page's "add a language": goes to that language's page.
pub async fn add(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Path((slug, id)): Path<(String, i64)>,
    Query(query): Query<AddQuery>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    let language = language(&query.lang)?;
    Ok(Redirect::to(&format!("{}/translations/{}", manage_url(&org, c.id), language.code)).into_response())
}

/// The question's text in `language` from the organisation's published
/// framework, when the question is about it and the framework has that
/// translation.
async fn from_framework(state: &AppState, org: &Org, source: Source, language: &Language) -> Result<String, AppError> {
    if source == Source::Pasted {
        return Ok(String::new());
    }
    let Some(version) = crate::values::store::current(&state.db, org.id).await? else { return Ok(String::new()) };
    if !version.content.translations.contains_key(language.code) {
        return Ok(String::new());
    }
    let (local, _) = crate::values::translation::resolve(&version.content, language);
    Ok(framework_text(source, &local))
}

/// The value names in `language` from the published framework, if it has
/// that translation.
async fn value_names(state: &AppState, org: &Org, language: &Language) -> Result<Vec<String>, AppError> {
    let Some(version) = crate::values::store::current(&state.db, org.id).await? else { return Ok(Vec::new()) };
    if !version.content.translations.contains_key(language.code) {
        return Ok(Vec::new());
    }
    let (local, _) = crate::values::translation::resolve(&version.content, language);
    Ok(local.values.into_iter().map(|v| v.name).collect())
}

async fn sections(
    state: &AppState,
    org: &Org,
    c: &Consultation,
    language: &'static Language,
    t: &SurveyTranslation,
) -> Result<Vec<Section>, AppError> {
    let row = |id: String, label: &str, english: &str, translation: &str, multiline: bool| Row {
        id,
        label: label.to_owned(),
        english: english.to_owned(),
        translation: translation.to_owned(),
        multiline,
        built_in: None,
    };
    let mut out = vec![Section {
        heading: "The consultation".to_owned(),
        rows: vec![
            row("title".to_owned(), "Title", &c.title, &t.title, false),
            row("purpose".to_owned(), "Purpose", &c.purpose, &t.purpose, true),
        ],
    }];
    let empty = QuestionTranslation::default();
    for (n, q) in c.questions.iter().enumerate() {
        let own = t.questions.get(&q.key).unwrap_or(&empty);
        let key = &q.key;
        let mut rows = vec![row(format!("{key}-prompt"), "Question", &q.prompt, &own.prompt, false)];
        if !q.help.is_empty() {
            rows.push(row(format!("{key}-help"), "Help text", &q.help, &own.help, false));
        }
        let named = match &q.kind {
            Kind::Values { .. } if own.options.iter().all(|o| o.trim().is_empty()) => {
                value_names(state, org, language).await?
            }
            _ => Vec::new(),
        };
        for (i, english) in q.choices(&c.audiences).iter().enumerate() {
            let typed =
                own.options.get(i).filter(|o| !o.trim().is_empty()).or(named.get(i)).cloned().unwrap_or_default();
            rows.push(row(format!("{key}-o{i}"), &format!("Option {}", i + 1), english, &typed, false));
        }
        if let Kind::Words { source, text, .. } = &q.kind {
            let typed = if own.text.is_empty() {
                from_framework(state, org, *source, language).await?
            } else {
                own.text.clone()
            };
            rows.push(row(format!("{key}-text"), "Text to keep or remove words of", text, &typed, true));
        }
        out.push(Section { heading: format!("Question {}", n + 1), rows });
    }
    let built = labels(language, None);
    out.push(Section {
        heading: "The page's own words".to_owned(),
        rows: LABELS
            .iter()
            .map(|l| Row {
                built_in: built.own(l.key).map(str::to_owned),
                ..row(
                    format!("label-{}", l.key),
                    l.about,
                    l.english,
                    t.labels.get(l.key).map_or("", String::as_str),
                    false,
                )
            })
            .collect(),
    });
    Ok(out)
}

async fn render(
    state: &AppState,
    ctx: &PageContext,
    (org, c): (Org, Consultation),
    language: &'static Language,
    t: &SurveyTranslation,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let sections = sections(state, &org, &c, language, t).await?;
    let mut layout = ctx.org_layout(&org, format!("{} translation – {}", language.name, c.title));
    layout.has_errors = !errors.is_empty();
    let manage = manage_url(&org, c.id);
    let page = TranslationPage { layout, org, c, language, sections, errors, manage };
    Ok(no_store(render_with_status(status, &page)?))
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path((slug, id, code)): Path<(String, i64, String)>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    let language = language(&code)?;
    let t = c.translations.get(language.code).cloned().unwrap_or_default();
    render(&state, &ctx, (org, c), language, &t, FormErrors::new(), StatusCode::OK).await
}

/// The trimmed value of field `name` ("" when absent).
fn field(fields: &[(String, String)], name: &str) -> String {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().replace("\r\n", "\n")).unwrap_or_default()
}

/// The value of `name`, with an error when it is too long.
fn checked(fields: &[(String, String)], errors: &mut FormErrors, name: &str) -> String {
    let value = field(fields, name);
    if value.chars().count() > MAX_TEXT {
        errors.add(name, format!("Keep this to {MAX_TEXT} characters"));
    }
    value
}

/// Reads the form into a translation, checking each text.
fn read(c: &Consultation, fields: &[(String, String)], errors: &mut FormErrors) -> SurveyTranslation {
    let mut t = SurveyTranslation {
        title: checked(fields, errors, "title"),
        purpose: checked(fields, errors, "purpose"),
        ..Default::default()
    };
    for q in &c.questions {
        let key = &q.key;
        let mut own = QuestionTranslation {
            prompt: checked(fields, errors, &format!("{key}-prompt")),
            help: checked(fields, errors, &format!("{key}-help")),
            options: (0..q.choices(&c.audiences).len())
                .map(|i| checked(fields, errors, &format!("{key}-o{i}")))
                .collect(),
            text: String::new(),
        };
        if own.options.iter().all(String::is_empty) {
            own.options.clear();
        }
        if matches!(q.kind, Kind::Words { .. }) {
            let name = format!("{key}-text");
            own.text = field(fields, &name);
            let how = Adjust { rule: SplitRule::NEWEST, ..Adjust::default() };
            if own.text.chars().count() > MAX_WORDS_TEXT {
                errors.add(&name, format!("Keep the text to {MAX_WORDS_TEXT} characters"));
            } else if !own.text.is_empty()
                && let Err(message) = check_text(&own.text, how)
            {
                errors.add(&name, message);
            }
        }
        if !own.is_empty() {
            t.questions.insert(key.clone(), own);
        }
    }
    for l in LABELS {
        let value = checked(fields, errors, &format!("label-{}", l.key));
        if !value.is_empty() {
            t.labels.insert(l.key.to_owned(), value);
        }
    }
    t
}

pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path((slug, id, code)): Path<(String, i64, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (org, _) = org_for(&state, &slug, &me, Need::Editor).await?;
    let c = consultation(&state, &org, id).await?;
    let language = language(&code)?;
    let mut errors = FormErrors::new();
    let t = read(&c, &fields, &mut errors);
    // Marks point at word positions in a language's text: once given, the
    // text stays as it was.
    let before = c.translations.get(language.code).cloned().unwrap_or_default();
    let tallies = store::tallies(&state.db, c.id, None, false).await?;
    for q in c.questions.iter().filter(|q| matches!(q.kind, Kind::Words { .. })) {
        let was = before.questions.get(&q.key).map_or("", |o| o.text.as_str());
        let now = t.questions.get(&q.key).map_or("", |o| o.text.as_str());
        let tallied = tally_key(&q.key, language.code);
        if was != now && tallies.iter().any(|r| r.question_key == tallied && r.count > 0) {
            errors.add(
                &format!("{}-text", q.key),
                format!(
                    "The {} text cannot change: people have marked its words, and their marks point at the words by \
                     position. Nothing was saved.",
                    language.name
                ),
            );
        }
    }
    if !errors.is_empty() {
        return render(&state, &ctx, (org, c), language, &t, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let mut all = c.translations.clone();
    all.insert(language.code.to_owned(), t);
    let what = format!("Saved the {} translation", language.name);
    if !store::save_translations(&state.db, &c, &all, me.id, &what).await? {
        return Err(AppError::Conflict(
            "Someone changed this consultation while you were translating it. Nothing was saved: reload the page \
             and type your changes again."
                .to_owned(),
        ));
    }
    Ok(Redirect::to(&format!("{}/translations/{}?saved=1", manage_url(&org, c.id), language.code)).into_response())
}
