//! The campaign's logo for the resource pack: a wordmark drawn by the
//! server — the campaign's name (with its edition when the name lacks it)
//! and its hashtag in NHS blue on white — as `…/logo.svg` and, drawn from
//! that SVG by `resvg` with the fonts the PDFs embed, `…/logo.png`
//! (1200 × 400). Public, like `card.png`: an organisation that neither runs
//! nor takes part in the campaign has none (404). Both are downloads.

use std::sync::{Arc, LazyLock};

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use resvg::usvg::{self, fontdb};

use super::access::CampaignOf;
use super::printables::heading;
use crate::error::AppError;

/// The PNG's size in pixels (the SVG's view box too).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 400;

/// The site's blue (`--blue` in `app.css`) and dark blue (`--dark-blue`).
const BLUE: &str = "#005eb8";
const DARK_BLUE: &str = "#003087";

/// The families to draw text in, those for other scripts after Latin;
/// `resvg` falls back to any loaded font that has a missing character.
const FAMILIES: &str = "'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Bengali', 'Noto Sans Gurmukhi', \
                        'Noto Sans Gujarati', 'Noto Sans CJK SC', sans-serif";

/// `text` made safe inside an XML element or a quoted attribute.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A font size (in pixels) at which `text` fits `width`, at most `largest`:
/// an estimate of half a em per character is close for Noto Sans.
fn fitting(text: &str, width: f64, largest: f64) -> f64 {
    let chars = text.chars().count().max(1) as f64;
    (width / (chars * 0.56)).clamp(24.0, largest).floor()
}

/// The logo as an SVG document: `heading` above `hashtag`.
pub fn wordmark(heading: &str, hashtag: &str) -> String {
    let room = f64::from(WIDTH) - 160.0;
    let big = fitting(heading, room, 96.0);
    let small = fitting(hashtag, room, 56.0);
    let title = if hashtag.is_empty() { heading.to_owned() } else { format!("{heading} {hashtag}") };
    let (name, tag, title) = (xml_escape(heading), xml_escape(hashtag), xml_escape(&title));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" \
         viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"title\">\n\
         <title id=\"title\">{title}</title>\n\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#ffffff\"/>\n\
         <rect x=\"0\" y=\"0\" width=\"32\" height=\"{HEIGHT}\" fill=\"{BLUE}\"/>\n\
         <text x=\"80\" y=\"190\" font-family=\"{FAMILIES}\" font-size=\"{big}\" font-weight=\"700\" \
         fill=\"{BLUE}\">{name}</text>\n\
         <text x=\"80\" y=\"300\" font-family=\"{FAMILIES}\" font-size=\"{small}\" font-weight=\"400\" \
         fill=\"{DARK_BLUE}\">{tag}</text>\n\
         </svg>\n"
    )
}

/// The fonts the PDFs embed, loaded once for drawing the PNG.
static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    for data in ethos_pdf::font_data() {
        db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
    }
    db.set_sans_serif_family("Noto Sans");
    Arc::new(db)
});

/// The SVG drawn as a PNG of [`WIDTH`] × [`HEIGHT`].
pub fn rasterise(svg: &str) -> anyhow::Result<Vec<u8>> {
    let options = usvg::Options { fontdb: FONTS.clone(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or_else(|| anyhow::anyhow!("no pixmap"))?;
    resvg::render(&tree, resvg::tiny_skia::Transform::default(), &mut pixmap.as_mut());
    Ok(pixmap.encode_png()?)
}

fn wordmark_of(place: &CampaignOf) -> String {
    wordmark(&heading(place), &place.campaign.tag())
}

/// A file name of ASCII letters, digits and hyphens from the campaign's slug.
fn file_name(place: &CampaignOf, extension: &str) -> String {
    let slug: String = place
        .campaign
        .slug
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let slug = slug.trim_matches('-');
    format!("{}-logo.{extension}", if slug.is_empty() { "campaign" } else { slug })
}

fn download(body: Vec<u8>, kind: &'static str, name: &str) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or(HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// `GET /o/{slug}/campaigns/{campaign}/logo.svg`.
pub async fn svg(place: CampaignOf) -> Result<Response, AppError> {
    let svg = wordmark_of(&place);
    Ok(download(svg.into_bytes(), "image/svg+xml; charset=utf-8", &file_name(&place, "svg")))
}

/// `GET /o/{slug}/campaigns/{campaign}/logo.png`: the SVG drawn on a
/// blocking thread, so drawing never holds up other requests.
pub async fn png(place: CampaignOf) -> Result<Response, AppError> {
    let svg = wordmark_of(&place);
    let png = tokio::task::spawn_blocking(move || rasterise(&svg))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(e.context("drawing a campaign logo")))?;
    Ok(download(png, "image/png", &file_name(&place, "png")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_escaped() {
        let svg = wordmark("Nurses' Week & <Friends>", "#a\"b");
        assert!(svg.contains("Nurses&apos; Week &amp; &lt;Friends&gt;"), "{svg}");
        assert!(svg.contains("#a&quot;b"), "{svg}");
    }
}
