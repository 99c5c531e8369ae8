//! The public values page (current and older versions), the list of
//! versions, and the draft preview for the organisation's own people.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::app::AppState;
use crate::auth::session::SignedIn;
use crate::error::AppError;
use crate::orgs::access::{self, Need, Role};
use crate::orgs::model::{self, Org};
use crate::orgs::public::{cached_response, has_session};
use crate::strategy::plan::links::{LinkedObjective, objectives_by_value};
use crate::values::languages::{self, Language};
use crate::values::store::{self, Version};
use crate::values::translation::{Labels, Localised, labels, localise, mark_once, resolve};
use crate::web::{Layout, PageContext, no_store, render};

#[derive(Template)]
#[template(path = "values/page.html")]
pub struct ValuesPage {
    pub layout: Layout,
    pub org: Org,
    pub version: Version,
    /// Newest published number, to say when an older version is shown.
    pub current: Option<i64>,
    pub can_edit: bool,
    pub language: &'static Language,
    pub local: Localised,
    pub labels: Labels,
    /// Several texts are in English: the page says so once, at the top.
    pub english_notice: bool,
    /// The standard and large-print leaflets' size and pages, once rendered.
    pub leaflets: [Option<crate::values::leaflet::FileFacts>; 2],
    /// The published strategy's objectives expressing each value, by key
    /// (the current version only).
    pub objectives: HashMap<String, Vec<LinkedObjective>>,
}

/// A language of the switcher: the language, its link, and whether it is
/// the page's.
pub struct Switch {
    pub language: &'static Language,
    pub href: String,
    pub current: bool,
}

impl ValuesPage {
    pub fn new(
        layout: Layout,
        org: Org,
        version: Version,
        current: Option<i64>,
        can_edit: bool,
        language: &'static Language,
    ) -> ValuesPage {
        let mut local = localise(&version.content, language);
        let version_translation = version.content.translations.get(language.code);
        let mut labels = labels(language, version_translation);
        let english_notice = mark_once(&mut local, &mut labels);
        let mut layout = layout;
        if !language.is_default() {
            layout.lang = Some((language.tag(), language.dir));
        }
        ValuesPage {
            layout,
            org,
            version,
            current,
            can_edit,
            language,
            local,
            labels,
            english_notice,
            leaflets: [None, None],
            objectives: HashMap::new(),
        }
    }

    /// The published strategy's objectives expressing the value `key`.
    fn objectives_for(&self, key: &str) -> Option<&Vec<LinkedObjective>> {
        self.objectives.get(key)
    }

    fn is_old(&self) -> bool {
        matches!((self.version.number, self.current), (Some(n), Some(c)) if n < c)
    }

    /// `?lang=cy` (or nothing in English), to carry the language on links.
    fn lang_query(&self, first: bool) -> String {
        if self.language.is_default() {
            String::new()
        } else {
            format!("{}lang={}", if first { "?" } else { "&" }, self.language.code)
        }
    }

    /// The languages this version has, English first, with links to this page.
    fn switcher(&self) -> Vec<Switch> {
        let base = match (self.version.is_draft, self.version.number, self.is_old()) {
            (true, _, _) => format!("/o/{}/values/draft", self.org.slug),
            (false, Some(n), true) => format!("/o/{}/values/v/{n}", self.org.slug),
            _ => format!("/o/{}/values", self.org.slug),
        };
        in_languages(&self.version)
            .into_iter()
            .map(|language| Switch {
                language,
                href: if language.is_default() { base.clone() } else { format!("{base}?lang={}", language.code) },
                current: language.code == self.language.code,
            })
            .collect()
    }
}

/// The languages `version` can be read in: English first, then each of its
/// translations in the order of Ethos's list. The feedback form is offered
/// in the published version's.
pub fn in_languages(version: &Version) -> Vec<&'static Language> {
    let mut list = vec![&languages::DEFAULT];
    list.extend(languages::translations().filter(|l| version.content.translations.contains_key(l.code)));
    list
}

/// The `?lang=` of a values page or leaflet.
#[derive(serde::Deserialize, Default)]
pub struct LangQuery {
    pub lang: Option<String>,
}

/// The language asked for: English when none; 404 with the known codes for
/// a code Ethos does not know, or one this version has no translation in.
pub fn language_of(query: Option<&str>, version: &Version) -> Result<&'static Language, AppError> {
    let Some(code) = query.filter(|c| !c.is_empty()) else { return Ok(&languages::DEFAULT) };
    let language = languages::find(&code.to_ascii_lowercase())
        .ok_or_else(|| AppError::NotFoundMessage(languages::unknown(code)))?;
    if !language.is_default() && !version.content.translations.contains_key(language.code) {
        return Err(AppError::NotFoundMessage(format!(
            "This version has no {} translation. It is in {}.",
            language.name,
            named(&in_languages(version))
        )));
    }
    Ok(language)
}

/// "English, Welsh (cy), Arabic (ar)": languages as a 404 names them.
pub fn named(list: &[&Language]) -> String {
    let names: Vec<String> = list
        .iter()
        .map(|l| if l.is_default() { l.name.to_owned() } else { format!("{} ({})", l.name, l.code) })
        .collect();
    names.join(", ")
}

/// Checks a `lang` query before the cache is looked at: a code Ethos does
/// not know is refused at once.
fn known(lang: Option<&str>) -> Result<Option<&'static Language>, AppError> {
    match lang.filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(code) => languages::find(&code.to_ascii_lowercase())
            .map(Some)
            .ok_or_else(|| AppError::NotFoundMessage(languages::unknown(code))),
    }
}

async fn org(state: &AppState, slug: &str) -> Result<Org, AppError> {
    model::by_slug(&state.db, slug).await?.ok_or(AppError::NotFound)
}

async fn not_published(org: &Org) -> AppError {
    AppError::NotFoundMessage(format!("{} has not published its values on Ethos yet.", org.name))
}

/// Renders a published version, from the cache for anonymous visitors.
async fn published_page(
    state: &AppState,
    parts: Parts,
    slug: &str,
    number: Option<i64>,
    lang: Option<&str>,
) -> Result<Response, AppError> {
    let asked = known(lang)?;
    let key = format!(
        "values:{slug}:{}:{}",
        number.map_or("current".to_owned(), |n| n.to_string()),
        asked.map_or("en", |l| l.code)
    );
    let anonymous = !has_session(&parts.headers);
    if anonymous && let Some(page) = state.pages.get(&key) {
        return Ok(cached_response(&parts.headers, &page));
    }
    let org = org(state, slug).await?;
    let current = store::current(&state.db, org.id).await?;
    let version = match number {
        None => current.clone(),
        Some(n) => store::published(&state.db, org.id, n).await?.filter(|v| !v.is_draft),
    };
    let Some(version) = version else {
        return Err(match number {
            None => not_published(&org).await,
            Some(_) => AppError::NotFound,
        });
    };
    let current = current.and_then(|v| v.number);
    let language = language_of(lang, &version)?;
    // Objectives express the values as they are now, so only the current version lists them.
    let objectives = if number.is_none() || number == current {
        objectives_by_value(&state.db, org.id).await?
    } else {
        HashMap::new()
    };
    let title = format!("{} – {}", page_title(&version, language), org.name);
    let share = |layout: Layout| {
        let mut path = match number {
            None => format!("/o/{}/values", org.slug),
            Some(n) => format!("/o/{}/values/v/{n}", org.slug),
        };
        if !language.is_default() {
            path.push_str(&format!("?lang={}", language.code));
        }
        // The English texts describe the English page only.
        let content = &version.content;
        let about = [&content.motto, &content.vision.statement, &content.mission]
            .into_iter()
            .find(|t| !t.trim().is_empty())
            .filter(|_| language.is_default())
            .map_or(String::new(), |t| t.clone());
        layout.shared(&state.config.public_url, &path, &about)
    };
    if anonymous {
        let layout = share(Layout { title, org: Some((&org).into()), zone: org.zone.clone(), ..Layout::default() });
        let modified = version.published_at.unwrap_or(version.updated_at);
        let leaflets = crate::values::leaflet::facts(state, &org, &version, language).await?;
        let page =
            ValuesPage { leaflets, objectives, ..ValuesPage::new(layout, org, version, current, false, language) };
        let body = page.render().map_err(|e| AppError::Internal(e.into()))?;
        let cached = state.pages.put_in(&key, body.into(), modified, Some(language.tag()));
        return Ok(cached_response(&parts.headers, &cached));
    }
    let mut parts = parts;
    let ctx = <PageContext as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, state).await?;
    let role = match &ctx.viewer.0 {
        Some(p) => access::role_of(&state.db, org.id, p.id).await?,
        None => None,
    };
    let layout = share(ctx.org_layout(&org, title));
    let leaflets = crate::values::leaflet::facts(state, &org, &version, language).await?;
    let page = ValuesPage {
        leaflets,
        objectives,
        ..ValuesPage::new(layout, org, version, current, role >= Some(Role::Editor), language)
    };
    let mut response = render(&page)?;
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    Ok(response)
}

fn page_title(version: &Version, language: &Language) -> String {
    let labels = labels(language, version.content.translations.get(language.code));
    let key = if version.content.vision.statement.is_empty() && version.content.mission.is_empty() {
        "title_values"
    } else {
        "title"
    };
    labels.attr(key).to_owned()
}

/// `/o/{slug}/values`: the current version.
pub async fn current(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<LangQuery>,
    parts: Parts,
) -> Result<Response, AppError> {
    published_page(&state, parts, &slug, None, query.lang.as_deref()).await
}

/// `/o/{slug}/values/v/{n}`: an older (or the current) version.
pub async fn version(
    State(state): State<AppState>,
    Path((slug, number)): Path<(String, i64)>,
    Query(query): Query<LangQuery>,
    parts: Parts,
) -> Result<Response, AppError> {
    published_page(&state, parts, &slug, Some(number), query.lang.as_deref()).await
}

#[derive(Template)]
#[template(path = "values/versions.html")]
struct VersionsPage {
    layout: Layout,
    org: Org,
    versions: Vec<Version>,
}

/// `/o/{slug}/values/versions`: every published version.
pub async fn versions(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let versions = store::history(&state.db, org.id).await?;
    if versions.is_empty() {
        return Err(not_published(&org).await);
    }
    let layout = ctx.org_layout(&org, format!("Versions of our values – {}", org.name));
    render(&VersionsPage { layout, org, versions })
}

/// `/o/{slug}/values/draft`: the draft as it would be published, for the
/// organisation's own people (staff and board read, editors edit).
pub async fn draft(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(slug): Path<String>,
    Query(query): Query<LangQuery>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let role = access::require(&state.db, &org, &me, Need::Member).await?;
    let version = store::draft(&state.db, org.id)
        .await?
        .ok_or_else(|| AppError::NotFoundMessage(format!("{} has no draft of its values at the moment.", org.name)))?;
    let current = store::current(&state.db, org.id).await?.and_then(|v| v.number);
    let language = language_of(query.lang.as_deref(), &version)?;
    let layout = ctx.org_layout(&org, format!("Draft values – {}", org.name));
    let page = ValuesPage::new(layout, org, version, current, role >= Role::Editor, language);
    let mut response = render(&page)?;
    response.headers_mut().insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    Ok(no_store(response))
}

#[derive(Template)]
#[template(path = "values/compare.html")]
struct ComparePage {
    layout: Layout,
    org: Org,
    numbers: Vec<i64>,
    from: i64,
    to: i64,
    parts: Vec<crate::values::diff::Part>,
    /// The language compared, and the languages either version has.
    language: &'static Language,
    languages: Vec<&'static Language>,
    /// Versions without a translation in the language, compared in English.
    notes: Vec<String>,
    /// Only one version is published: nothing to compare yet.
    only_one: bool,
}

impl ComparePage {
    /// The labels of the parts that changed, for the summary before the texts.
    fn changed(&self) -> Vec<&str> {
        self.parts.iter().filter(|p| p.changed).map(|p| p.label.as_str()).collect()
    }
}

#[derive(serde::Deserialize)]
pub struct CompareQuery {
    pub from: Option<i64>,
    pub to: Option<i64>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// The two published versions to compare: by default the current one and
/// the one before it.
pub async fn pick_pair(
    state: &AppState,
    org: &Org,
    query: &CompareQuery,
) -> Result<(Version, Version, Vec<i64>), AppError> {
    let history = store::history(&state.db, org.id).await?;
    let numbers: Vec<i64> = history.iter().filter_map(|v| v.number).collect();
    let newest = *numbers
        .first()
        .ok_or_else(|| AppError::NotFoundMessage(format!("{} has not published its values on Ethos yet.", org.name)))?;
    let to = query.to.unwrap_or(newest);
    let from = query.from.unwrap_or(to.saturating_sub(1).max(1));
    let find = |n: i64| {
        history.iter().find(|v| v.number == Some(n)).cloned().ok_or_else(|| {
            AppError::NotFoundMessage(format!("There is no version {n}; the versions are 1 to {newest}."))
        })
    };
    Ok((find(from)?, find(to)?, numbers))
}

/// `/o/{slug}/values/compare?from=N&to=M`: two versions side by side, the
/// words added and removed marked.
pub async fn compare(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(slug): Path<String>,
    axum::extract::Query(query): axum::extract::Query<CompareQuery>,
) -> Result<Response, AppError> {
    let org = org(&state, &slug).await?;
    let language = known(query.lang.as_deref())?.unwrap_or(&languages::DEFAULT);
    let (old, new, numbers) = pick_pair(&state, &org, &query).await?;
    let (from, to) = (old.number.unwrap_or(0), new.number.unwrap_or(0));
    let has = |v: &Version| language.is_default() || v.content.translations.contains_key(language.code);
    if !has(&old) && !has(&new) {
        return Err(AppError::NotFoundMessage(format!(
            "Neither version {from} nor version {to} has a {} translation. Compare them in English, or in a language one of them has.",
            language.name
        )));
    }
    let notes = [(&old, from), (&new, to)]
        .into_iter()
        .filter(|(v, _)| !has(v))
        .map(|(_, n)| {
            format!(
                "Version {n} has no {} translation, so its English texts are compared with the {} ones of the other version.",
                language.name, language.name
            )
        })
        .collect();
    let (old_texts, _) = resolve(&old.content, language);
    let (new_texts, _) = resolve(&new.content, language);
    let parts = if language.is_default() {
        crate::values::diff::frameworks(&old_texts, &new_texts)
    } else {
        crate::values::diff::translated(&old.content, &new.content, &old_texts, &new_texts)
    };
    let mut languages = vec![&languages::DEFAULT];
    languages
        .extend(languages::translations().filter(|l| {
            old.content.translations.contains_key(l.code) || new.content.translations.contains_key(l.code)
        }));
    let title = if language.is_default() {
        format!("Compare versions {from} and {to} – {}", org.name)
    } else {
        format!("Compare versions {from} and {to} in {} – {}", language.name, org.name)
    };
    let layout = ctx.org_layout(&org, title);
    let only_one = numbers.len() < 2;
    render(&ComparePage { layout, org, numbers, from, to, parts, language, languages, notes, only_one })
}
