//! What a campaign such as a values week prints and shares, filled with one
//! organisation's own words: a [`pledge_card`] for staff to write on (A6 or
//! A5), an A4 [`campaign_poster`] with a QR code to the organisation's
//! campaign page, and a [`share_image`] (a PNG the size social networks show
//! for a shared link) for a pledge or for the campaign page itself.
//!
//! As everywhere in this crate, every piece of text goes to the template as
//! JSON and is printed as a plain string, never read as Typst markup.

mod labels;
mod summary;

use serde::Serialize;
use typst::utils::Scalar;
use typst_render::RenderOptions;

use crate::world::Template;
use crate::{Locale, PdfError, compile, export};
use labels::Labels;
pub use summary::{ReturnsSummary, SummaryOrg, SummaryTotal, returns_summary};

/// The two sizes a pledge card prints at.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CardSize {
    /// 105 × 148 mm: four to a sheet of A4, or a postcard.
    #[default]
    A6,
    /// 148 × 210 mm: two to a sheet of A4, more room to write.
    A5,
}

impl CardSize {
    fn paper(self) -> &'static str {
        match self {
            CardSize::A6 => "a6",
            CardSize::A5 => "a5",
        }
    }
}

/// Everything on a pledge card. Empty fields leave their line out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PledgeCard {
    /// The organisation's name, at the foot of the card.
    pub org_name: String,
    /// The campaign's name and edition, e.g. "Values Week 2027".
    pub campaign: String,
    /// With its `#`, e.g. "#livingourvalues".
    pub hashtag: String,
    /// The organisation's published values, in their order.
    pub values: Vec<String>,
    pub size: CardSize,
    /// BCP 47 language tag; empty means "en".
    pub lang: String,
    /// The organisation's logo (PNG, JPEG, GIF, WebP or SVG).
    pub logo_png: Option<Vec<u8>>,
}

#[derive(Serialize)]
struct CardData<'a> {
    paper: &'static str,
    /// Text sizes scale with the card.
    scale: f64,
    org_name: &'a str,
    campaign: &'a str,
    doc_title: String,
    hashtag: &'a str,
    values: Vec<&'a str>,
    lang: &'a str,
    region: Option<&'a str>,
    fonts: &'static [&'static str],
    has_logo: bool,
    logo_alt: String,
    labels: Labels,
}

/// Renders a pledge card as a tagged PDF of one page at A6 or A5, with
/// ruled lines to write the pledge, a name and a team on.
pub fn pledge_card(card: &PledgeCard) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse(&card.lang)?;
    let labels = Labels::for_lang(&locale.lang);
    let (_, fonts) = locale.fonts();
    let org_name = card.org_name.trim();
    let campaign = card.campaign.trim();
    let data = CardData {
        paper: card.size.paper(),
        scale: match card.size {
            CardSize::A6 => 1.0,
            CardSize::A5 => 1.35,
        },
        org_name,
        campaign,
        doc_title: titled(labels.my_pledge, campaign, org_name),
        hashtag: card.hashtag.trim(),
        values: non_empty(&card.values),
        lang: &locale.lang,
        region: locale.region.as_deref(),
        fonts,
        has_logo: card.logo_png.is_some(),
        logo_alt: logo_alt(org_name, labels.logo),
        labels,
    };
    export(&compile(Template::PledgeCard, &data, card.logo_png.clone())?)
}

/// Everything on a campaign poster. Empty fields leave their part out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CampaignPoster {
    pub org_name: String,
    /// The campaign's name and edition: the poster's main heading.
    pub campaign: String,
    /// The dates as they should be printed, e.g. "12–18 October 2027".
    pub dates: String,
    pub hashtag: String,
    /// The organisation's published values, in their order.
    pub values: Vec<String>,
    /// A line under the heading; empty gives a standard one.
    pub invitation: String,
    /// The organisation's campaign page as text, e.g. "ethos.example/o/x/campaigns/y".
    pub link: String,
    /// The QR code to that page as an SVG document (empty leaves it out).
    pub qr_svg: String,
    pub lang: String,
    pub logo_png: Option<Vec<u8>>,
}

#[derive(Serialize)]
struct PosterData<'a> {
    org_name: &'a str,
    campaign: &'a str,
    doc_title: String,
    dates: &'a str,
    hashtag: &'a str,
    values: Vec<&'a str>,
    invitation: &'a str,
    link: &'a str,
    qr_svg: &'a str,
    qr_alt: String,
    lang: &'a str,
    region: Option<&'a str>,
    fonts: &'static [&'static str],
    has_logo: bool,
    logo_alt: String,
    labels: Labels,
}

/// Renders the campaign poster as a tagged PDF of one A4 page.
pub fn campaign_poster(poster: &CampaignPoster) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse(&poster.lang)?;
    let labels = Labels::for_lang(&locale.lang);
    let (_, fonts) = locale.fonts();
    let org_name = poster.org_name.trim();
    let campaign = poster.campaign.trim();
    let link = poster.link.trim();
    let data = PosterData {
        org_name,
        campaign,
        doc_title: titled(campaign, "", org_name),
        dates: poster.dates.trim(),
        hashtag: poster.hashtag.trim(),
        values: non_empty(&poster.values),
        invitation: match poster.invitation.trim() {
            "" => labels.invitation,
            line => line,
        },
        link,
        qr_svg: poster.qr_svg.trim(),
        qr_alt: labels.qr_alt.replace("{link}", link),
        lang: &locale.lang,
        region: locale.region.as_deref(),
        fonts,
        has_logo: poster.logo_png.is_some(),
        logo_alt: logo_alt(org_name, labels.logo),
        labels,
    };
    let document = compile(Template::CampaignPoster, &data, poster.logo_png.clone()).map_err(|err| match err {
        PdfError::Typeset(message) | PdfError::InvalidLogo(message) if message.contains("SVG") => {
            PdfError::InvalidQrCode(message)
        }
        other => other,
    })?;
    export(&document)
}

/// A picture for a shared link or post: a heading (a value's name, or the
/// campaign's), a text (a pledge, or the campaign's dates and summary), and
/// who it comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShareImage {
    pub heading: String,
    /// Printed in quotation marks when `quoted` (a pledge is someone's words).
    pub text: String,
    pub quoted: bool,
    pub org_name: String,
    pub hashtag: String,
    pub lang: String,
}

/// The width and height of a [`share_image`] in pixels: the 1.91:1 shape
/// Open Graph and X cards show without cropping.
pub const SHARE_IMAGE_SIZE: (u32, u32) = (1200, 630);

#[derive(Serialize)]
struct ShareData<'a> {
    heading: &'a str,
    text: String,
    /// Points: long texts are set smaller so that all of them fits.
    text_size: f64,
    heading_size: f64,
    org_name: &'a str,
    hashtag: &'a str,
    lang: &'a str,
    region: Option<&'a str>,
    fonts: &'static [&'static str],
}

/// Renders the picture as a PNG of [`SHARE_IMAGE_SIZE`]. A text of up to 280
/// characters and a heading of up to 120 fit whole.
pub fn share_image(image: &ShareImage) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse(&image.lang)?;
    let labels = Labels::for_lang(&locale.lang);
    let (_, fonts) = locale.fonts();
    let heading = image.heading.trim();
    let text = image.text.trim();
    let length = text.chars().count();
    let data = ShareData {
        heading,
        text: if image.quoted && !text.is_empty() { labels.quoted.replace("{text}", text) } else { text.to_owned() },
        text_size: match length {
            0..=100 => 26.0,
            101..=180 => 21.0,
            _ => 17.0,
        },
        heading_size: if heading.chars().count() > 48 { 24.0 } else { 32.0 },
        org_name: image.org_name.trim(),
        hashtag: image.hashtag.trim(),
        lang: &locale.lang,
        region: locale.region.as_deref(),
        fonts,
    };
    let document = compile(Template::ShareImage, &data, None)?;
    let page = document.pages().first().ok_or_else(|| PdfError::Typeset("the picture has no page".into()))?;
    // The page is 600 × 315 pt: two pixels a point.
    let options = RenderOptions { pixel_per_pt: Scalar::new(2.0), ..RenderOptions::default() };
    let pixmap = typst_render::render(page, &options);
    pixmap.encode_png().map_err(|err| PdfError::Export(err.to_string()))
}

fn non_empty(values: &[String]) -> Vec<&str> {
    values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect()
}

/// "What – campaign – organisation", leaving out the empty parts.
fn titled(what: &str, campaign: &str, org_name: &str) -> String {
    [what, campaign, org_name].into_iter().filter(|part| !part.is_empty()).collect::<Vec<_>>().join(" – ")
}

fn logo_alt(org_name: &str, logo: &str) -> String {
    if org_name.is_empty() { logo.to_owned() } else { format!("{org_name} {logo}") }
}
