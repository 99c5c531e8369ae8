//! The printable leaflet: `/o/{slug}/values.pdf` (and `?print=large`,
//! `?version=N`, `?lang=cy`). Rendered in process by `ethos-pdf`, off the
//! async threads, and kept in the database per version, variant and
//! language.

use std::sync::LazyLock;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::Semaphore;

use crate::app::AppState;
use crate::error::AppError;
use crate::on_db;
use crate::orgs::model::{self, Org};
use crate::storage::{Db, now};
use crate::values::languages::Language;
use crate::values::public::language_of;
use crate::values::store::{self, Version};
use crate::values::translation::{Labels, Localised, Text, labels, localise, mark_once};

/// At most two renders at once: typesetting is CPU work, and a burst of
/// requests for a new version must not starve every other request.
static RENDERS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(2));

#[derive(Deserialize)]
pub struct LeafletQuery {
    print: Option<String>,
    version: Option<i64>,
    lang: Option<String>,
}

/// A text for the leaflet: an untranslated one is in English, said so
/// (unless the leaflet says so once), and one translated from an earlier
/// English wording is marked.
fn plain(text: &Text) -> String {
    if text.fallback && !text.quiet {
        format!("{} (in English)", text.text)
    } else if text.outdated {
        format!("{} (may be out of date)", text.text)
    } else {
        text.text.clone()
    }
}

fn plain_all(texts: &[Text]) -> Vec<String> {
    texts.iter().map(plain).collect()
}

/// What goes into the leaflet in `language`: translated texts, English where
/// a text is not translated (marked), the document's language and direction.
pub fn leaflet_in(
    org: &Org,
    version: &Version,
    logo_png: Option<Vec<u8>>,
    large: bool,
    language: &Language,
) -> ethos_pdf::Leaflet {
    let c = &version.content;
    let mut l = localise(c, language);
    let mut labels = labels(language, c.translations.get(language.code));
    let notice = if mark_once(&mut l, &mut labels) { labels.plain("not_translated") } else { String::new() };
    let english = english_texts(&l, &labels);
    let title =
        labels.plain(if c.vision.statement.is_empty() && c.mission.is_empty() { "title_values" } else { "title" });
    let mut version_label = match version.number {
        Some(n) => plain(&labels.published(n, &version.published_in_language(&org.zone, language.code))),
        None => version.label(),
    };
    if !language.is_default() {
        version_label = format!("{version_label} · {}", labels.plain("translated_from"));
    }
    let built_in = ethos_pdf::LeafletLabels::for_lang(language.code);
    let leaflet_labels = ethos_pdf::LeafletLabels {
        vision: labels.plain("vision"),
        mission: labels.plain("mission"),
        motto: labels.plain("motto"),
        values: labels.plain("values"),
        we_will: labels.plain("we_will"),
        how_we_live_it: labels.plain("how_we_live_it"),
        principles: labels.plain("principles"),
        page_of: labels.attr("page_of").to_owned(),
        default_title: labels.plain("title_values"),
        logo: built_in.logo,
    };
    ethos_pdf::Leaflet {
        org_name: org.name.clone(),
        title,
        lang: language.tag().to_owned(),
        rtl: language.is_rtl(),
        logo_png,
        vision: plain(&l.vision),
        vision_supporting: plain_all(&l.supporting),
        mission: plain(&l.mission),
        motto: plain(&l.motto),
        values: l
            .values
            .iter()
            .map(|v| ethos_pdf::LeafletValue {
                name: plain(&v.name),
                promise: plain(&v.promise),
                commitments: plain_all(&v.commitments),
                behaviours: plain_all(&v.behaviours),
            })
            .collect(),
        principles: l.principles.iter().map(|g| (plain(&g.heading), plain_all(&g.items))).collect(),
        large_print: large,
        version_label,
        labels: Some(leaflet_labels),
        english,
        notice,
    }
}

/// The texts of the leaflet that stand in English for missing translations
/// (as the leaflet shows them), so that it sets and tags them as English.
fn english_texts(l: &Localised, labels: &Labels) -> Vec<String> {
    let values =
        l.values.iter().flat_map(|v| [&v.name, &v.promise].into_iter().chain(&v.commitments).chain(&v.behaviours));
    let principles = l.principles.iter().flat_map(|g| std::iter::once(&g.heading).chain(&g.items));
    let texts =
        [&l.vision].into_iter().chain(&l.supporting).chain([&l.mission, &l.motto]).chain(values).chain(principles);
    let label_keys = [
        "title",
        "title_values",
        "vision",
        "mission",
        "motto",
        "values",
        "we_will",
        "how_we_live_it",
        "principles",
        "not_translated",
    ];
    let mut english: Vec<String> =
        texts.chain(label_keys.iter().map(|k| labels.get(k))).filter(|t| t.fallback).map(plain).collect();
    english.sort();
    english.dedup();
    english
}

/// The cache key (and ETag) of a leaflet: everything it shows.
fn cache_key(org: &Org, version: &Version, large: bool, language: &Language) -> String {
    let variant = if large { "large" } else { "standard" };
    if language.is_default() {
        format!("v{}-{variant}-r{}", version.id, org.revision)
    } else {
        format!("v{}-{variant}-r{}-{}", version.id, org.revision, language.code)
    }
}

async fn cached(db: &Db, org_id: i64, key: &str) -> sqlx::Result<Option<Vec<u8>>> {
    let sql = "SELECT pdf FROM pdf_cache WHERE org_id = $1 AND cache_key = $2";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).bind(key).fetch_optional(pool).await)
}

async fn store_pdf(db: &Db, org_id: i64, key: &str, pdf: &[u8], pages: usize) -> sqlx::Result<()> {
    let sql = "INSERT INTO pdf_cache (org_id, cache_key, pdf, created_at, pages) VALUES ($1, $2, $3, $4, $5) \
               ON CONFLICT DO NOTHING";
    let pages = i64::try_from(pages).unwrap_or(0);
    on_db!(db, pool => sqlx::query(sql).bind(org_id).bind(key).bind(pdf).bind(now()).bind(pages).execute(pool).await.map(|_| ()))
}

/// What a visitor is told about a leaflet before opening it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileFacts {
    pub bytes: i64,
    /// 0 when not known (a leaflet kept before pages were counted).
    pub pages: i64,
}

impl FileFacts {
    /// "61 KB", "1.2 MB".
    pub fn size(&self) -> String {
        let kb = (self.bytes + 1023) / 1024;
        if kb < 1000 { format!("{kb} KB") } else { format!("{:.1} MB", self.bytes as f64 / (1024.0 * 1024.0)) }
    }
}

/// The size and pages of a leaflet already rendered, if it is.
async fn facts_of(db: &Db, org_id: i64, key: &str) -> sqlx::Result<Option<FileFacts>> {
    let sql =
        "SELECT CAST(length(pdf) AS BIGINT), CAST(pages AS BIGINT) FROM pdf_cache WHERE org_id = $1 AND cache_key = $2";
    let row: Option<(i64, i64)> =
        on_db!(db, pool => sqlx::query_as(sql).bind(org_id).bind(key).fetch_optional(pool).await)?;
    Ok(row.map(|(bytes, pages)| FileFacts { bytes, pages }))
}

/// Leaflets being rendered in the background, by cache key.
static PREPARING: LazyLock<std::sync::Mutex<std::collections::HashSet<String>>> = LazyLock::new(Default::default);

/// The standard and large-print leaflets' sizes, when rendered. Those not
/// yet rendered are rendered in the background, after which the page cache
/// is cleared so that pages show their size.
pub async fn facts(
    state: &AppState,
    org: &Org,
    version: &Version,
    language: &'static Language,
) -> Result<[Option<FileFacts>; 2], AppError> {
    let mut out = [None, None];
    for (i, large) in [false, true].into_iter().enumerate() {
        let key = cache_key(org, version, large, language);
        out[i] = facts_of(&state.db, org.id, &key).await?;
        if out[i].is_none() {
            let fresh = PREPARING.lock().unwrap_or_else(|e| e.into_inner()).insert(key.clone());
            if fresh {
                let (state, org, version) = (state.clone(), org.clone(), version.clone());
                tokio::spawn(async move {
                    match pdf(&state, &org, &version, large, language).await {
                        Ok(_) => state.pages.clear(),
                        Err(err) => tracing::warn!(error = %err, "could not prepare a leaflet"),
                    }
                    PREPARING.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
                });
            }
        }
    }
    Ok(out)
}

/// The leaflet of a version in a language, rendered once and then read
/// from the cache.
pub async fn pdf(
    state: &AppState,
    org: &Org,
    version: &Version,
    large: bool,
    language: &Language,
) -> Result<(Vec<u8>, String), AppError> {
    let key = cache_key(org, version, large, language);
    if let Some(pdf) = cached(&state.db, org.id, &key).await? {
        return Ok((pdf, key));
    }
    let _permit = RENDERS.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    // Another request may have rendered it while this one waited.
    if let Some(pdf) = cached(&state.db, org.id, &key).await? {
        return Ok((pdf, key));
    }
    let logo = match model::logo(&state.db, org.id).await? {
        Some((bytes, kind)) if kind == "image/png" || kind == "image/jpeg" => Some(bytes),
        _ => None,
    };
    let leaflet = leaflet_in(org, version, logo, large, language);
    let (pdf, pages) = tokio::task::spawn_blocking(move || ethos_pdf::leaflet_with_pages(&leaflet))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering a leaflet: {e}")))?;
    // The cache is a convenience: when it cannot be written (storage full)
    // the leaflet is still sent, and rendered again next time.
    if let Err(err) = store_pdf(&state.db, org.id, &key, &pdf, pages).await {
        if crate::storage::space::is_full(&err) {
            crate::ops::storage_refused(state, &err.to_string());
        } else {
            tracing::warn!(error = %err, "could not keep a leaflet in the cache");
        }
    }
    Ok((pdf, key))
}

/// `/o/{slug}/values.pdf`.
pub async fn download(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(query): Query<LeafletQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let org = model::by_slug(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let large = match query.print.as_deref() {
        None | Some("standard") => false,
        Some("large") => true,
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "There is no {other:?} print; ask for print=large or leave it out."
            )));
        }
    };
    let version = match query.version {
        None => store::current(&state.db, org.id).await?,
        Some(n) => store::published(&state.db, org.id, n).await?.filter(|v| !v.is_draft),
    };
    let version = version.ok_or_else(|| {
        AppError::NotFoundMessage(format!("{} has not published that version of its values.", org.name))
    })?;
    let language = language_of(query.lang.as_deref(), &version)?;
    let key = cache_key(&org, &version, large, language);
    let etag = format!("\"pdf-{key}\"");
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let (pdf, _) = pdf(&state, &org, &version, large, language).await?;
    let name = format!(
        "inline; filename=\"{}-values-v{}{}{}.pdf\"",
        org.slug,
        version.number.unwrap_or(0),
        if language.is_default() { String::new() } else { format!("-{}", language.code) },
        if large { "-large-print" } else { "" }
    );
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
            (header::CONTENT_LANGUAGE, HeaderValue::from_static(language.tag())),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, no-cache")),
            (header::ETAG, HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""))),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&name).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        pdf,
    )
        .into_response())
}
