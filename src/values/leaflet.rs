//! The printable leaflet: `/o/{slug}/values.pdf` (and `?print=large`,
//! `?version=N`). Rendered in process by `ethos-pdf`, off the async threads,
//! and kept in the database per version and variant.

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
use crate::values::store::{self, Version};

/// At most two renders at once: typesetting is CPU work, and a burst of
/// requests for a new version must not starve every other request.
static RENDERS: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(2));

#[derive(Deserialize)]
pub struct LeafletQuery {
    print: Option<String>,
    version: Option<i64>,
}

/// What goes into the leaflet, from a version and its organisation.
pub fn leaflet_for(org: &Org, version: &Version, logo_png: Option<Vec<u8>>, large: bool) -> ethos_pdf::Leaflet {
    let c = &version.content;
    let title =
        if c.vision.statement.is_empty() && c.mission.is_empty() { "Our values" } else { "Our vision and values" };
    ethos_pdf::Leaflet {
        org_name: org.name.clone(),
        title: title.to_owned(),
        lang: "en-GB".to_owned(),
        rtl: false,
        logo_png,
        vision: c.vision.statement.clone(),
        vision_supporting: c.vision.supporting.clone(),
        mission: c.mission.clone(),
        motto: c.motto.clone(),
        values: c
            .values
            .iter()
            .map(|v| ethos_pdf::LeafletValue {
                name: v.name.clone(),
                promise: v.promise.clone(),
                commitments: v.commitments.clone(),
                behaviours: v.behaviours.clone(),
            })
            .collect(),
        principles: c.principles.iter().map(|g| (g.heading.clone(), g.items.clone())).collect(),
        large_print: large,
        version_label: format!("{}, published {}", version.label(), version.published()),
    }
}

async fn cached(db: &Db, org_id: i64, key: &str) -> sqlx::Result<Option<Vec<u8>>> {
    let sql = "SELECT pdf FROM pdf_cache WHERE org_id = $1 AND cache_key = $2";
    on_db!(db, pool => sqlx::query_scalar(sql).bind(org_id).bind(key).fetch_optional(pool).await)
}

async fn store_pdf(db: &Db, org_id: i64, key: &str, pdf: &[u8]) -> sqlx::Result<()> {
    let sql =
        "INSERT INTO pdf_cache (org_id, cache_key, pdf, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
    on_db!(db, pool => sqlx::query(sql).bind(org_id).bind(key).bind(pdf).bind(now()).execute(pool).await.map(|_| ()))
}

/// The leaflet of a version, rendered once and then read from the cache.
pub async fn pdf(state: &AppState, org: &Org, version: &Version, large: bool) -> Result<(Vec<u8>, String), AppError> {
    let key = format!("v{}-{}-r{}", version.id, if large { "large" } else { "standard" }, org.revision);
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
    let leaflet = leaflet_for(org, version, logo, large);
    let pdf = tokio::task::spawn_blocking(move || ethos_pdf::leaflet(&leaflet))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(anyhow::anyhow!("rendering a leaflet: {e}")))?;
    store_pdf(&state.db, org.id, &key, &pdf).await?;
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
    let key = format!("v{}-{}-r{}", version.id, if large { "large" } else { "standard" }, org.revision);
    let etag = format!("\"pdf-{key}\"");
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return Ok(StatusCode::NOT_MODIFIED.into_response());
    }
    let (pdf, _) = pdf(&state, &org, &version, large).await?;
    let name = format!(
        "inline; filename=\"{}-values-v{}{}.pdf\"",
        org.slug,
        version.number.unwrap_or(0),
        if large { "-large-print" } else { "" }
    );
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")),
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
