//! Editing translations: `/o/{slug}/values/edit/translations` lists the
//! draft's languages with how much of each is translated and adds a
//! language; `/o/{slug}/values/edit/translations/{lang}` shows every English
//! text beside its translation. Editors and owners change them (with the
//! draft's revision, as every draft form); staff and board read them.

mod form;

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
use crate::values::edit::editable;
use crate::values::languages::{self, Language};
use crate::values::store::{self, SaveError, Version};
use crate::values::translation::{Progress, Translation, completeness};
use crate::web::forms::{Form, FormErrors};
use crate::web::{Layout, PageContext, no_store, render_with_status};
use form::{Row, Section, sections};

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
    progress: Progress,
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
            Some(Entry { language, progress: completeness(content, t) })
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
    let org = editable(&state, &slug, &me).await?;
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
    let org = editable(&state, &slug, &me).await?;
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
    progress: Progress,
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
    let progress = completeness(&version.content, t);
    let mut sections = sections(&version.content, language.code);
    for row in sections.iter_mut().flat_map(|s| s.rows.iter_mut()) {
        row.was = row.slot.was(&version.content, t);
        row.translation = match values {
            Some(submitted) => submitted.get(&row.id).cloned().unwrap_or_default(),
            None => row.slot.get(t),
        };
    }
    FormPage { layout, org, language, version, can_edit, sections, errors: FormErrors::new(), progress }
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
    let org = editable(&state, &slug, &me).await?;
    let draft = store::draft(&state.db, org.id).await?.ok_or_else(no_draft)?;
    let revision: i64 = form.get("revision").and_then(|r| r.parse().ok()).unwrap_or(0);
    let mut errors = FormErrors::new();
    let mut translation = draft.content.translations.get(language.code).cloned().unwrap_or_default();
    let rows: Vec<Row> = sections(&draft.content, language.code)
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
        // A field the form did not send is kept as it was.
        let Some(text) = form.get(&row.id).map(|s| s.trim().to_owned()) else { continue };
        let count = text.chars().count();
        if count > row.max {
            errors.add(
                &row.id,
                format!("{}: this translation is {count} characters long; the most is {}", row.label, row.max),
            );
        } else if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
            errors.add(&row.id, format!("{}: this text contains control characters; remove them", row.label));
        }
        let confirm = form.get(&format!("ok-{}", row.id)).is_some_and(|v| v == "yes");
        row.slot.set(&mut translation, text, confirm);
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
