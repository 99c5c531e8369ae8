//! What an organisation prints and shares for a campaign, filled with its
//! own values: the pledge card (`pledge-card.pdf`, A6 or `?size=a5`), the
//! poster with a QR code to its campaign page (`poster.pdf`), and the
//! picture link previews show for that page (`card.png`). Public, like the
//! page itself: an organisation that neither runs nor takes part in the
//! campaign has none (404). The national body's are filled with the
//! national values.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::access::{CampaignOf, runs};
use super::model::in_a_sentence;
use super::page::value_names;
use crate::app::AppState;
use crate::consultations::report::{pdf_response, render};
use crate::error::AppError;

/// The values a card or poster lists: the organisation's published ones,
/// or the national values when it has none (or runs the campaign).
async fn values_of(state: &AppState, place: &CampaignOf) -> Result<Vec<String>, AppError> {
    if !runs(&place.org, &place.campaign) {
        let names = value_names(state, &place.org).await?;
        if !names.is_empty() {
            return Ok(names);
        }
    }
    Ok(place.campaign.national_values.clone())
}

/// The campaign's name with its edition when the name does not say it.
pub(super) fn heading(place: &CampaignOf) -> String {
    let c = &place.campaign;
    if c.name.contains(&c.edition.to_string()) { c.name.clone() } else { format!("{} {}", c.name, c.edition) }
}

/// The logo the PDF crate can draw (PNG or JPEG), if the organisation has one.
async fn logo(state: &AppState, org_id: i64) -> Result<Option<Vec<u8>>, AppError> {
    Ok(match crate::orgs::model::logo(&state.db, org_id).await? {
        Some((bytes, kind)) if kind == "image/png" || kind == "image/jpeg" => Some(bytes),
        _ => None,
    })
}

fn page_path(place: &CampaignOf) -> String {
    format!("/o/{}/campaigns/{}", place.org.slug, place.campaign.slug)
}

#[derive(Deserialize)]
pub struct CardQuery {
    #[serde(default)]
    size: String,
}

/// `GET /o/{slug}/campaigns/{campaign}/pledge-card.pdf[?size=a5]`.
pub async fn pledge_card(
    State(state): State<AppState>,
    place: CampaignOf,
    Query(query): Query<CardQuery>,
) -> Result<Response, AppError> {
    let size = match query.size.trim().to_ascii_lowercase().as_str() {
        "" | "a6" => ethos_pdf::CardSize::A6,
        "a5" => ethos_pdf::CardSize::A5,
        other => {
            return Err(AppError::BadRequest(format!("A pledge card prints at size a6 or a5, not {other:?}.")));
        }
    };
    let input = ethos_pdf::PledgeCard {
        org_name: place.org.name.clone(),
        campaign: heading(&place),
        hashtag: place.campaign.tag(),
        values: values_of(&state, &place).await?,
        size,
        lang: String::new(),
        logo_png: logo(&state, place.org.id).await?,
    };
    let pdf = render(input, "a pledge card", ethos_pdf::pledge_card).await?;
    let size = if size == ethos_pdf::CardSize::A5 { "a5" } else { "a6" };
    let name = format!("{}-{}-pledge-card-{size}.pdf", place.org.slug, place.campaign.slug);
    Ok(pdf_response(pdf, &name, "public, max-age=300"))
}

/// `GET /o/{slug}/campaigns/{campaign}/poster.pdf`: A4, with a QR code to
/// the organisation's campaign page.
pub async fn poster(State(state): State<AppState>, place: CampaignOf) -> Result<Response, AppError> {
    let url = format!("{}{}", state.config.public_url.trim_end_matches('/'), page_path(&place));
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
    let qr_svg = qr.render::<qrcode::render::svg::Color>().min_dimensions(256, 256).quiet_zone(true).build();
    let input = ethos_pdf::CampaignPoster {
        org_name: place.org.name.clone(),
        campaign: heading(&place),
        dates: place.campaign.dates(),
        hashtag: place.campaign.tag(),
        values: values_of(&state, &place).await?,
        invitation: String::new(),
        link: url.trim_start_matches("https://").trim_start_matches("http://").to_owned(),
        qr_svg,
        lang: String::new(),
        logo_png: logo(&state, place.org.id).await?,
    };
    let pdf = render(input, "a campaign poster", ethos_pdf::campaign_poster).await?;
    let name = format!("{}-{}-poster.pdf", place.org.slug, place.campaign.slug);
    Ok(pdf_response(pdf, &name, "public, max-age=300"))
}

/// What the link preview picture of a campaign page says: the campaign,
/// its dates and the values it celebrates there.
pub fn share_picture(place: &CampaignOf, values: &[String]) -> ethos_pdf::ShareImage {
    let c = &place.campaign;
    let text = if values.is_empty() { c.dates() } else { format!("{} · {}", c.dates(), in_a_sentence(values)) };
    ethos_pdf::ShareImage {
        heading: heading(place),
        text,
        quoted: false,
        org_name: place.org.name.clone(),
        hashtag: c.tag(),
        lang: String::new(),
    }
}

/// `GET /o/{slug}/campaigns/{campaign}/card.png`: the page's link preview
/// picture (1200 × 630).
pub async fn card(State(state): State<AppState>, place: CampaignOf) -> Result<Response, AppError> {
    let values = values_of(&state, &place).await?;
    let png = render(share_picture(&place, &values), "a campaign picture", ethos_pdf::share_image).await?;
    Ok(([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=300")], png).into_response())
}
