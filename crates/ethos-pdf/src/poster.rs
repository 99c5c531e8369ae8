//! A printable A4 poster inviting people to answer a consultation: for
//! wards, waiting rooms and staff rooms. It carries the organisation's name,
//! the consultation's title, a short invitation, the QR code, the short link
//! as text (for those without a camera) and the closing date.

use serde::Serialize;

use crate::world::Template;
use crate::{Locale, PdfError, compile, export};

/// Everything that goes on a consultation poster. Text is shown exactly as
/// given (never read as markup).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Poster {
    /// Shown at the top, beside the logo.
    pub org_name: String,
    /// The consultation's title: the poster's main heading and the PDF's title.
    pub title: String,
    /// A short invitation line, e.g. "Tell us which words of our values to
    /// keep." Empty gives a standard line in the poster's language.
    pub invitation: String,
    /// The survey's short link as text, e.g. "ethos.example/c/k3f9".
    pub short_link: String,
    /// The QR code as an SVG document (empty leaves it out).
    pub qr_svg: String,
    /// The closing date as it should be printed, e.g. "15 December 2026"
    /// (empty leaves the line out).
    pub closes: String,
    /// BCP 47 language tag; empty means "en". English and Welsh have their
    /// own labels; other languages get the English ones.
    pub lang: String,
    /// The organisation's logo (PNG, JPEG, GIF, WebP or SVG).
    pub logo_png: Option<Vec<u8>>,
}

#[derive(Serialize)]
struct Labels {
    have_your_say: &'static str,
    invitation: &'static str,
    scan: &'static str,
    /// With `{date}` to fill in.
    open_until: &'static str,
    anonymous: &'static str,
    /// With `{link}` to fill in.
    qr_alt: &'static str,
    logo: &'static str,
}

impl Labels {
    fn for_lang(lang: &str) -> Self {
        match lang {
            "cy" => Self {
                have_your_say: "Dweud eich dweud",
                invitation: "Dywedwch wrthym beth sy’n bwysig i chi.",
                scan: "Sganiwch y cod â chamera eich ffôn, neu teipiwch:",
                open_until: "Ar agor tan {date}",
                anonymous: "Dim angen mewngofnodi. Does dim rhaid rhoi eich enw.",
                qr_alt: "Cod QR sy’n agor {link}",
                logo: "logo",
            },
            _ => Self {
                have_your_say: "Have your say",
                invitation: "Tell us what matters to you.",
                scan: "Scan the code with your phone’s camera, or type:",
                open_until: "Open until {date}",
                anonymous: "No sign-in needed. You do not have to give your name.",
                qr_alt: "QR code that opens {link}",
                logo: "logo",
            },
        }
    }
}

#[derive(Serialize)]
struct PosterData<'a> {
    org_name: &'a str,
    title: &'a str,
    doc_title: String,
    invitation: &'a str,
    short_link: &'a str,
    qr_svg: &'a str,
    qr_alt: String,
    open_until: String,
    lang: &'a str,
    region: Option<&'a str>,
    script: &'static str,
    fonts: &'static [&'static str],
    has_logo: bool,
    logo_alt: String,
    labels: Labels,
}

/// Renders the poster as a tagged PDF/UA-1 document of one A4 page.
pub fn poster(poster: &Poster) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse(&poster.lang)?;
    let labels = Labels::for_lang(&locale.lang);
    let (script, fonts) = locale.fonts();
    let org_name = poster.org_name.trim();
    let title = match poster.title.trim() {
        "" => labels.have_your_say,
        title => title,
    };
    let short_link = poster.short_link.trim();
    let data = PosterData {
        org_name,
        title,
        doc_title: if org_name.is_empty() { title.to_owned() } else { format!("{title} – {org_name}") },
        invitation: match poster.invitation.trim() {
            "" => labels.invitation,
            line => line,
        },
        short_link,
        qr_svg: poster.qr_svg.trim(),
        qr_alt: labels.qr_alt.replace("{link}", short_link),
        open_until: match poster.closes.trim() {
            "" => String::new(),
            date => labels.open_until.replace("{date}", date),
        },
        lang: &locale.lang,
        region: locale.region.as_deref(),
        script,
        fonts,
        has_logo: poster.logo_png.is_some(),
        logo_alt: if org_name.is_empty() { labels.logo.to_owned() } else { format!("{org_name} {}", labels.logo) },
        labels,
    };
    let document = compile(Template::Poster, &data, poster.logo_png.clone()).map_err(|err| match err {
        // typst names the format it could not read; the logo is PNG-like,
        // so an SVG complaint is about the QR code.
        PdfError::Typeset(message) | PdfError::InvalidLogo(message) if message.contains("SVG") => {
            PdfError::InvalidQrCode(message)
        }
        other => other,
    })?;
    export(&document)
}
