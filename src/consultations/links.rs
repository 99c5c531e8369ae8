//! Ways to reach a survey: its full address, the short link `/c/{id}` and
//! its QR code (SVG and PNG) for posters.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use super::model::{Consultation, Status};
use super::respond::load;
use super::store;
use crate::app::AppState;
use crate::error::AppError;
use crate::orgs::model::Org;

/// The survey's full address.
pub fn survey_url(state: &AppState, org: &Org, c: &Consultation) -> String {
    format!("{}/o/{}/c/{}", state.config.public_url, org.slug, c.id)
}

/// The short link: `/c/{id}` sends people on to the survey.
pub async fn short_link(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Response, AppError> {
    let c = store::by_id(&state.db, id).await?.filter(|c| c.status() != Status::Draft).ok_or(AppError::NotFound)?;
    let sql = "SELECT slug FROM organisations WHERE id = $1";
    let slug: String = crate::on_db!(&state.db, pool => sqlx::query_scalar(sql).bind(c.org_id).fetch_one(pool).await)?;
    Ok(Redirect::to(&format!("/o/{slug}/c/{}", c.id)).into_response())
}

async fn qr_for(state: &AppState, slug: &str, id: i64) -> Result<qrcode::QrCode, AppError> {
    let (org, c) = load(state, slug, id).await?;
    if c.status() == Status::Draft {
        return Err(AppError::NotFound);
    }
    qrcode::QrCode::new(survey_url(state, &org, &c).as_bytes())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))
}

/// The survey's address as a QR code (SVG).
pub async fn qr_svg(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let code = qr_for(&state, &slug, id).await?;
    let svg = code.render::<qrcode::render::svg::Color>().min_dimensions(256, 256).quiet_zone(true).build();
    Ok(([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=300")], svg).into_response())
}

/// The survey's address as a QR code (PNG).
pub async fn qr_png(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let code = qr_for(&state, &slug, id).await?;
    let image = code.render::<image::Luma<u8>>().min_dimensions(512, 512).build();
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code PNG: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=300")], bytes.into_inner())
        .into_response())
}
