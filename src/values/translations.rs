//! Editing translations: `/o/{slug}/values/edit/translations` lists the
//! draft's languages with how much of each is translated and adds a
//! language; `/o/{slug}/values/edit/translations/{lang}` shows every English
//! text beside its translation. Editors and owners change them (with the
//! draft's revision, as every draft form); staff and board read them.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::session::{Flash, SignedIn};
use crate::error::AppError;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::{self, Org};
use crate::values::languages::{self, Language};
use crate::values::model::{Framework, MAX_LINE, MAX_NAME, MAX_STATEMENT};
use crate::values::store::{self, SaveError, Version};
use crate::values::translation::{Translation, completeness};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};

/// The organisation, the person's role, and the version whose translations
/// are shown: the draft, or the current version (read only) when there is
/// no draft.
async fn load(
    state: &AppState,
    slug: &str,
    me: &crate::auth::people::Person,
) -> Result<(Org, Role, Version), AppError> {
    let org = model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let role = access::require(&state.db, &org, me, Need::Member).await?;
    let version = match store::draft(&state.db, org.id).await? {
        Some(draft) => draft,
        None => store::current(&state.db, org.id).await?.ok_or_else(|| {
            AppError::NotFoundMessage(format!(
                "{} has no draft or published values yet, so there is nothing to translate.",
                org.name
            ))
        })?,
    };
    Ok((org, role, version))
}

fn language(code: &str) -> Result<&'static Language, AppError> {
    match languages::find(code) {
        Some(l) if !l.is_default() => Ok(l),
        Some(_) => Err(AppError::NotFoundMessage(
            "English is the language the values are written in; edit it on the draft page. Pick another language to translate into."
                .to_owned(),
        )),
        None => Err(AppError::NotFoundMessage(languages::unknown(code))),
    }
}

fn no_draft() -> AppError {
    AppError::Conflict(
        "There is no draft to change: it was published or discarded. Start a refresh to edit the translations again."
            .to_owned(),
    )
}

fn list_url(org: &Org) -> String {
    format!("/o/{}/values/edit/translations", org.slug)
}

/// One language of the list.
struct Entry {
    language: &'static Language,
    done: usize,
    total: usize,
}

#[derive(Template)]
#[template(path = "values/translations.html")]
struct ListPage {
    layout: Layout,
    org: Org,
    version: Version,
    can_edit: bool,
    entries: Vec<Entry>,
    /// Languages that can still be added.
    available: Vec<&'static Language>,
    errors: FormErrors,
}

fn list_page(layout: Layout, org: Org, version: Version, can_edit: bool) -> ListPage {
    let content = &version.content;
    let entries = languages::translations()
        .filter_map(|language| {
            let t = content.translations.get(language.code)?;
            let (done, total) = completeness(content, t);
            Some(Entry { language, done, total })
        })
        .collect();
    let available = languages::translations().filter(|l| !content.translations.contains_key(l.code)).collect();
    ListPage { layout, org, version, can_edit, entries, available, errors: FormErrors::new() }
}

/// `GET /o/{slug}/values/edit/translations`.
pub async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let (org, role, version) = load(&state, &slug, &me).await?;
    let layout = ctx.org_layout(&org, format!("Translations of our values – {}", org.name));
    let page = list_page(layout, org, version, role >= Role::Editor);
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    revision: i64,
    #[serde(default)]
    lang: String,
}

/// `POST /o/{slug}/values/edit/translations`: adds a language to the draft.
pub async fn add(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path(slug): Path<String>,
    Form(form): Form<AddForm>,
) -> Result<Response, AppError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    let draft = store::draft(&state.db, org.id).await?.ok_or_else(no_draft)?;
    let problem = match languages::find(form.lang.trim()) {
        _ if form.lang.trim().is_empty() => Some("Choose a language to add".to_owned()),
        None => Some(languages::unknown(form.lang.trim())),
        Some(l) if l.is_default() => Some("The values are already in English; choose another language".to_owned()),
        Some(l) if draft.content.translations.contains_key(l.code) => {
            Some(format!("There is already a {} translation", l.name))
        }
        Some(_) => None,
    };
    if let Some(message) = problem {
        let mut layout = ctx.org_layout(&org, format!("Translations of our values – {}", org.name));
        layout.has_errors = true;
        let mut page = list_page(layout, org, draft, true);
        page.errors.add("lang", message);
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    let language = languages::find(form.lang.trim()).expect("checked above");
    let mut content = draft.content.clone();
    content.translations.insert(language.code.to_owned(), Translation::default());
    let what = format!("Added a {} translation", language.name);
    match store::save_draft(&state.db, &org, form.revision, &content, me.id, &what).await {
        Ok(_) => {
            Flash::set(&session, format!("Added {}. Now translate the texts.", language.name)).await?;
            Ok(Redirect::to(&format!("{}/{}", list_url(&org), language.code)).into_response())
        }
        Err(SaveError::Conflict(_)) => {
            Flash::set(&session, "Someone else changed the draft just now; nothing was added. Try again.").await?;
            Ok(Redirect::to(&list_url(&org)).into_response())
        }
        Err(SaveError::Other(e)) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    revision: i64,
}

/// `POST /o/{slug}/values/edit/translations/{lang}/remove`: takes a language
/// out of the draft (the published versions keep theirs).
pub async fn remove(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, code)): Path<(String, String)>,
    Form(form): Form<RemoveForm>,
) -> Result<Response, AppError> {
    let language = language(&code)?;
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    let draft = store::draft(&state.db, org.id).await?.ok_or_else(no_draft)?;
    let mut content = draft.content.clone();
    if content.translations.remove(language.code).is_none() {
        return Err(AppError::NotFoundMessage(format!("The draft has no {} translation to remove.", language.name)));
    }
    let what = format!("Removed the {} translation", language.name);
    match store::save_draft(&state.db, &org, form.revision, &content, me.id, &what).await {
        Ok(_) => {
            Flash::set(&session, format!("Removed the {} translation from the draft.", language.name)).await?;
            Ok(Redirect::to(&list_url(&org)).into_response())
        }
        Err(SaveError::Conflict(_)) => {
            let rows = vec![(
                format!("{} translation", language.name),
                "Kept: someone else changed the draft".to_owned(),
                "Remove".to_owned(),
            )];
            crate::values::edit::conflict(&ctx, &org, list_url(&org), rows)
        }
        Err(SaveError::Other(e)) => Err(e),
    }
}

/// Where a text sits in a framework and its translation.
#[derive(Clone)]
enum Slot {
    Vision,
    Supporting(usize),
    Mission,
    Motto,
    Name(String),
    Promise(String),
    Commitment(String, usize),
    Behaviour(String, usize),
    Heading(usize),
    Item(usize, usize),
}

/// Sets the `i`th line of a list, filling the lines before with empty ones.
fn set_line(list: &mut Vec<String>, i: usize, text: String) {
    if list.len() <= i {
        list.resize(i + 1, String::new());
    }
    list[i] = text;
}

impl Slot {
    fn get(&self, t: &Translation) -> String {
        let v = |key: &str| t.values.get(key);
        let line = |list: Option<&Vec<String>>, i: usize| list.and_then(|l| l.get(i)).cloned().unwrap_or_default();
        match self {
            Slot::Vision => t.vision.statement.clone(),
            Slot::Supporting(i) => line(Some(&t.vision.supporting), *i),
            Slot::Mission => t.mission.clone(),
            Slot::Motto => t.motto.clone(),
            Slot::Name(k) => v(k.as_str()).map(|v| v.name.clone()).unwrap_or_default(),
            Slot::Promise(k) => v(k.as_str()).map(|v| v.promise.clone()).unwrap_or_default(),
            Slot::Commitment(k, i) => line(v(k.as_str()).map(|v| &v.commitments), *i),
            Slot::Behaviour(k, i) => line(v(k.as_str()).map(|v| &v.behaviours), *i),
            Slot::Heading(g) => t.principles.get(*g).map(|g| g.heading.clone()).unwrap_or_default(),
            Slot::Item(g, i) => line(t.principles.get(*g).map(|g| &g.items), *i),
        }
    }

    fn set(&self, t: &mut Translation, text: String) {
        let group = |t: &mut Translation, g: usize| {
            if t.principles.len() <= g {
                t.principles.resize(g + 1, Default::default());
            }
        };
        match self {
            Slot::Vision => t.vision.statement = text,
            Slot::Supporting(i) => set_line(&mut t.vision.supporting, *i, text),
            Slot::Mission => t.mission = text,
            Slot::Motto => t.motto = text,
            Slot::Name(k) => t.values.entry(k.clone()).or_default().name = text,
            Slot::Promise(k) => t.values.entry(k.clone()).or_default().promise = text,
            Slot::Commitment(k, i) => set_line(&mut t.values.entry(k.clone()).or_default().commitments, *i, text),
            Slot::Behaviour(k, i) => set_line(&mut t.values.entry(k.clone()).or_default().behaviours, *i, text),
            Slot::Heading(g) => {
                group(t, *g);
                t.principles[*g].heading = text;
            }
            Slot::Item(g, i) => {
                group(t, *g);
                set_line(&mut t.principles[*g].items, *i, text);
            }
        }
    }
}

/// One English text and its translation, as a form field.
pub struct Row {
    /// The input's id and name.
    pub id: String,
    pub label: String,
    pub source: String,
    pub translation: String,
    pub multiline: bool,
    pub max: usize,
    slot: Slot,
}

/// A part of the form: a heading and its rows.
pub struct Section {
    pub heading: String,
    pub rows: Vec<Row>,
}

fn row(id: String, label: String, source: &str, slot: Slot, max: usize) -> Row {
    Row { id, label, source: source.to_owned(), translation: String::new(), multiline: max == MAX_STATEMENT, max, slot }
}

/// Every non-empty English text of the framework, by part.
fn sections(framework: &Framework) -> Vec<Section> {
    let mut out = Vec::new();
    let mut rows = Vec::new();
    if !framework.vision.statement.is_empty() {
        rows.push(row("vision".into(), "Vision".into(), &framework.vision.statement, Slot::Vision, MAX_STATEMENT));
    }
    for (i, s) in framework.vision.supporting.iter().enumerate() {
        let label = format!("Supporting statement {}", i + 1);
        rows.push(row(format!("supporting-{i}"), label, s, Slot::Supporting(i), MAX_STATEMENT));
    }
    if !framework.mission.is_empty() {
        rows.push(row("mission".into(), "Mission".into(), &framework.mission, Slot::Mission, MAX_STATEMENT));
    }
    if !framework.motto.is_empty() {
        rows.push(row("motto".into(), "Motto".into(), &framework.motto, Slot::Motto, MAX_LINE));
    }
    if !rows.is_empty() {
        out.push(Section { heading: "Vision, mission and motto".into(), rows });
    }
    for value in &framework.values {
        let k = &value.key;
        let mut rows = vec![row(format!("v-{k}-name"), "Name".into(), &value.name, Slot::Name(k.clone()), MAX_NAME)];
        if !value.promise.is_empty() {
            rows.push(row(
                format!("v-{k}-promise"),
                "Promise".into(),
                &value.promise,
                Slot::Promise(k.clone()),
                MAX_LINE,
            ));
        }
        for (i, s) in value.commitments.iter().enumerate() {
            let label = format!("Commitment {}", i + 1);
            rows.push(row(format!("v-{k}-c-{i}"), label, s, Slot::Commitment(k.clone(), i), MAX_LINE));
        }
        for (i, s) in value.behaviours.iter().enumerate() {
            let label = format!("Behaviour {}", i + 1);
            rows.push(row(format!("v-{k}-b-{i}"), label, s, Slot::Behaviour(k.clone(), i), MAX_LINE));
        }
        out.push(Section { heading: format!("Value: {}", value.name), rows });
    }
    for (g, group) in framework.principles.iter().enumerate() {
        let mut rows = Vec::new();
        if !group.heading.is_empty() {
            rows.push(row(format!("p-{g}-heading"), "Heading".into(), &group.heading, Slot::Heading(g), MAX_LINE));
        }
        for (i, s) in group.items.iter().enumerate() {
            let label = format!("Principle {}", i + 1);
            rows.push(row(format!("p-{g}-{i}"), label, s, Slot::Item(g, i), MAX_LINE));
        }
        if !rows.is_empty() {
            let heading = if group.heading.is_empty() {
                format!("Principles, group {}", g + 1)
            } else {
                format!("Principles: {}", group.heading)
            };
            out.push(Section { heading, rows });
        }
    }
    out
}

#[derive(Template)]
#[template(path = "values/translation_form.html")]
struct FormPage {
    layout: Layout,
    org: Org,
    language: &'static Language,
    version: Version,
    can_edit: bool,
    sections: Vec<Section>,
    errors: FormErrors,
    done: usize,
    total: usize,
}

impl FormPage {
    fn is_draft(&self) -> bool {
        self.version.is_draft
    }

    fn has_translation(&self) -> bool {
        self.version.content.translations.contains_key(self.language.code)
    }
}

fn form_page(
    layout: Layout,
    org: Org,
    language: &'static Language,
    version: Version,
    can_edit: bool,
    values: Option<&HashMap<String, String>>,
) -> FormPage {
    let empty = Translation::default();
    let t = version.content.translations.get(language.code).unwrap_or(&empty);
    let (done, total) = completeness(&version.content, t);
    let mut sections = sections(&version.content);
    for row in sections.iter_mut().flat_map(|s| s.rows.iter_mut()) {
        row.translation = match values {
            Some(submitted) => submitted.get(&row.id).cloned().unwrap_or_default(),
            None => row.slot.get(t),
        };
    }
    FormPage { layout, org, language, version, can_edit, sections, errors: FormErrors::new(), done, total }
}

/// `GET /o/{slug}/values/edit/translations/{lang}`.
pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path((slug, code)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let language = language(&code)?;
    let (org, role, version) = load(&state, &slug, &me).await?;
    let layout = ctx.org_layout(&org, format!("{} translation – {}", language.name, org.name));
    let page = form_page(layout, org, language, version, role >= Role::Editor, None);
    Ok(no_store(render_with_status(StatusCode::OK, &page)?))
}

/// `POST /o/{slug}/values/edit/translations/{lang}`: saves the translation.
pub async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    session: Session,
    Path((slug, code)): Path<(String, String)>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let language = language(&code)?;
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    access::require(&state.db, &org, &me, Need::Editor).await?;
    let draft = store::draft(&state.db, org.id).await?.ok_or_else(no_draft)?;
    let revision: i64 = form.get("revision").and_then(|r| r.parse().ok()).unwrap_or(0);
    let mut errors = FormErrors::new();
    let mut translation = Translation::default();
    let rows: Vec<Row> = sections(&draft.content)
        .into_iter()
        .flat_map(|section| {
            let heading = section.heading;
            section.rows.into_iter().map(move |mut row| {
                row.label = format!("{heading} – {}", row.label);
                row
            })
        })
        .collect();
    for row in &rows {
        let text = form.get(&row.id).map(|s| s.trim().to_owned()).unwrap_or_default();
        let count = text.chars().count();
        if count > row.max {
            errors.add(
                &row.id,
                format!("{}: this translation is {count} characters long; the most is {}", row.label, row.max),
            );
        } else if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
            errors.add(&row.id, format!("{}: this text contains control characters; remove them", row.label));
        }
        row.slot.set(&mut translation, text);
    }
    translation.tidy();
    if !errors.is_empty() {
        let mut layout = ctx.org_layout(&org, format!("{} translation – {}", language.name, org.name));
        layout.has_errors = true;
        let mut page = form_page(layout, org, language, draft, true, Some(&form));
        page.errors = errors;
        return Ok(no_store(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)?));
    }
    let mut content = draft.content.clone();
    content.translations.insert(language.code.to_owned(), translation);
    content.check().into_result()?;
    let what = format!("Edited the {} translation", language.name);
    let back = format!("{}/{}", list_url(&org), language.code);
    match store::save_draft(&state.db, &org, revision, &content, me.id, &what).await {
        Ok(_) => {
            Flash::set(&session, format!("Saved the {} translation.", language.name)).await?;
            Ok(Redirect::to(&back).into_response())
        }
        Err(SaveError::Conflict(theirs)) => {
            let empty = Translation::default();
            let saved = theirs.content.translations.get(language.code).unwrap_or(&empty);
            let rows = rows
                .iter()
                .map(|row| {
                    let yours = form.get(&row.id).map(|s| s.trim().to_owned()).unwrap_or_default();
                    (row.label.clone(), row.slot.get(saved), yours)
                })
                .filter(|(_, theirs, yours)| theirs != yours)
                .collect();
            crate::values::edit::conflict(&ctx, &org, back, rows)
        }
        Err(SaveError::Other(e)) => Err(e),
    }
}
