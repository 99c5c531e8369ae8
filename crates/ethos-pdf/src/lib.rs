//! Renders an organisation's values framework as a designed, accessible A4
//! PDF leaflet, in-process, with [typst](https://typst.app); and, for a
//! consultation, a printable A4 [`poster`] with its QR code and a
//! [`board_report`] of its findings; for a strategy, the Board's
//! [`performance_report`] and the [`strategy_summary`]; for a values week,
//! a [`pledge_card`], a [`campaign_poster`] and a PNG [`share_image`].
//!
//! Plain data goes in, PDF bytes come out:
//!
//! ```no_run
//! use ethos_pdf::{Leaflet, LeafletValue, leaflet};
//!
//! let pdf = leaflet(&Leaflet {
//!     org_name: "Northshire NHS Foundation Trust".into(),
//!     title: "Our values".into(),
//!     lang: "en-GB".into(),
//!     values: vec![LeafletValue {
//!         name: "Compassion".into(),
//!         promise: "We care for each other as we care for our patients.".into(),
//!         ..Default::default()
//!     }],
//!     version_label: "Version 3, published 22 Nov 2026".into(),
//!     ..Default::default()
//! })?;
//! # Ok::<(), ethos_pdf::PdfError>(())
//! ```
//!
//! The PDF is tagged (PDF/UA-1): it declares its title and language, and its
//! headings and lists are real structure, so screen readers can navigate it.
//!
//! User text is never read as Typst markup or code. It is handed to the
//! template as JSON through the compiler's virtual file system and shown as
//! plain strings.
//!
//! Fonts (Noto Sans for Latin, Greek and Cyrillic; Noto Sans Arabic,
//! Bengali, Gurmukhi and Gujarati; Noto Sans CJK SC for Chinese; Noto Emoji;
//! and typst's own fonts as a fallback) are compiled into the binary; nothing
//! is read from the system at run time. A character none of them can show
//! prints as a placeholder (`�`) and is logged: a render never fails for the
//! text it was given. The fonts, the standard
//! library and the template are parsed once per process; call [`warm_up`] at
//! start-up to pay that cost before the first request.

mod board_report;
mod campaign;
mod locale;
mod poster;
mod printable;
mod strategy;
mod world;

pub use board_report::{
    BoardReport, ComparisonRow, CountRow, HeatCell, HeatToken, PriorityRow, ReportChoice, ReportComparison,
    ReportRanking, ReportTheme, ReportWordQuestion, WordRow, board_report,
};
pub use campaign::{
    CampaignPoster, CardSize, PledgeCard, ReturnsSummary, SHARE_IMAGE_SIZE, ShareImage, SummaryOrg, SummaryTotal,
    campaign_poster, pledge_card, returns_summary, share_image,
};
pub use poster::{Poster, poster};
pub use strategy::{
    ExceptionLine, Exceptions, PerformanceReport, ReportAim, ReportMeasure, ReportObjective, StrategySummary,
    SummaryAim, performance_report, strategy_summary,
};
pub use world::font_data;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::world::{DocWorld, Template};
pub(crate) use locale::Locale;

/// Everything that goes on a values leaflet. Any part may be empty: an empty
/// string or list leaves its section out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leaflet {
    /// Shown at the top of the first page, beside the logo.
    pub org_name: String,
    /// The leaflet's main heading and the PDF's title, e.g. "Our values".
    pub title: String,
    /// BCP 47 language tag, e.g. "en", "en-GB", "cy", "bn", "ar"; empty means "en".
    pub lang: String,
    /// Lay the text out right to left (Arabic, Urdu, …).
    pub rtl: bool,
    /// The organisation's logo (PNG; JPEG, GIF, WebP and SVG are accepted too).
    pub logo_png: Option<Vec<u8>>,
    pub vision: String,
    pub vision_supporting: Vec<String>,
    pub mission: String,
    pub motto: String,
    pub values: Vec<LeafletValue>,
    /// Groups of principles: a heading (may be empty) and its statements.
    pub principles: Vec<(String, Vec<String>)>,
    /// Large print: body text at 16 pt (no text smaller), headings larger.
    pub large_print: bool,
    /// Shown in every page's footer, e.g. "Version 3, published 22 Nov 2026".
    pub version_label: String,
    /// The words around the texts ("Our vision", "We will", the page
    /// numbers); the built-in ones for `lang` when not given.
    pub labels: Option<LeafletLabels>,
    /// Texts shown in English in a leaflet in another language (standing
    /// in for missing translations): set in English, left to right, and
    /// tagged as English for screen readers.
    pub english: Vec<String>,
    /// A note under the title, e.g. that some parts are in English.
    pub notice: String,
}

/// One value: its name, the promise it makes, and two lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeafletValue {
    pub name: String,
    pub promise: String,
    /// Shown under "We will".
    pub commitments: Vec<String>,
    /// Shown under "How we live it".
    pub behaviours: Vec<String>,
}

/// Why a leaflet could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "{0:?} is not a language tag the leaflet can use: give a BCP 47 tag such as \"en\", \"en-GB\", \"cy\" or \"bn\""
    )]
    InvalidLanguage(String),
    /// Only if a placeholder could not be put in their place either.
    #[error("the leaflet's text has characters that none of its fonts can show: {0}")]
    MissingGlyphs(String),
    #[error("the logo could not be used: {0}")]
    InvalidLogo(String),
    #[error("the QR code could not be used: {0}")]
    InvalidQrCode(String),
    #[error("a colour must be written #rrggbb, not {0:?}")]
    InvalidColour(String),
    #[error("the document could not be typeset: {0}")]
    Typeset(String),
    #[error("the PDF could not be written: {0}")]
    Export(String),
    #[error("the leaflet's data could not be encoded: {0}")]
    Data(#[from] serde_json::Error),
}

/// Parses the embedded fonts and the template now, so that the first
/// [`leaflet`] call is not slower than the rest. Optional.
pub fn warm_up() {
    world::warm_up();
}

/// Renders the leaflet as a tagged PDF/UA-1 document.
pub fn leaflet(leaflet: &Leaflet) -> Result<Vec<u8>, PdfError> {
    export(&typeset(leaflet)?)
}

/// Renders a leaflet and says how many pages it has.
pub fn leaflet_with_pages(leaflet: &Leaflet) -> Result<(Vec<u8>, usize), PdfError> {
    let document = typeset(leaflet)?;
    Ok((export(&document)?, document.pages().len()))
}

/// Writes a typeset document as a tagged PDF/UA-1 file.
pub(crate) fn export(document: &PagedDocument) -> Result<Vec<u8>, PdfError> {
    let options = PdfOptions {
        creator: Smart::Custom(Some("Ethos".into())),
        standards: PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|err| PdfError::Export(err.message().to_string()))?,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| PdfError::Export(describe(&errors)))
}

/// Lays the leaflet out into pages.
fn typeset(leaflet: &Leaflet) -> Result<PagedDocument, PdfError> {
    let locale = Locale::parse(&leaflet.lang)?;
    let data = LeafletData::new(leaflet, &locale);
    compile(Template::Leaflet, &data, leaflet.logo_png.clone())
}

/// Typesets one of the templates with its data (and logo, if any).
///
/// Any text prints: a character that none of the embedded fonts can show
/// is replaced by a visible placeholder (see [`printable`]) and logged,
/// rather than failing the render.
pub(crate) fn compile(
    template: Template,
    data: &impl Serialize,
    logo_png: Option<Vec<u8>>,
) -> Result<PagedDocument, PdfError> {
    let mut data = serde_json::to_value(data)?;
    let mut replaced = printable::clean(&mut data);
    let mut document = compile_once(template, &data, logo_png.clone())?;
    // A character a font has can still come out as the "missing glyph" box
    // in company it cannot be shaped with (a stray combining mark, say):
    // those exact runs become placeholders too, and the text is typeset again.
    let missing = missing_glyphs(&document);
    if !missing.is_empty() {
        printable::replace_runs(&mut data, &missing);
        replaced.extend(missing.iter().flat_map(|run| run.chars()));
        document = compile_once(template, &data, logo_png)?;
        let still = missing_glyphs(&document);
        if !still.is_empty() {
            return Err(PdfError::MissingGlyphs(describe_chars(still.iter().flat_map(|run| run.chars()))));
        }
    }
    if !replaced.is_empty() {
        tracing::warn!(
            characters = describe_chars(replaced.into_iter()),
            "printed a placeholder for characters no embedded font can show"
        );
    }
    Ok(document)
}

fn compile_once(
    template: Template,
    data: &serde_json::Value,
    logo_png: Option<Vec<u8>>,
) -> Result<PagedDocument, PdfError> {
    let has_logo = logo_png.is_some();
    let world = DocWorld::new(template, serde_json::to_vec(data)?, logo_png);

    let compiled = typst::compile::<PagedDocument>(&world);
    // Bound the memory typst's memoisation cache keeps between renders while
    // keeping what a run of renders has in common (fonts, shaping).
    comemo::evict(10);

    let document = compiled.output.map_err(|errors| typeset_error(&errors, has_logo))?;
    // The templates are fixed and user text cannot change their code, so a
    // warning means something is wrong: fail rather than hand out a PDF that
    // may be missing text.
    if !compiled.warnings.is_empty() {
        return Err(typeset_error(&compiled.warnings, has_logo));
    }
    Ok(document)
}

fn typeset_error(errors: &[SourceDiagnostic], has_logo: bool) -> PdfError {
    let message = describe(errors);
    if has_logo && errors.iter().any(|e| e.message.contains("image")) {
        PdfError::InvalidLogo(message)
    } else {
        PdfError::Typeset(message)
    }
}

fn describe(diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&diagnostic.message);
        for hint in &diagnostic.hints {
            let _ = write!(out, " (hint: {})", hint.v);
        }
    }
    out
}

/// The runs of text (a character, or a character with its marks) that came
/// out as the font's "missing glyph" box. Empty when there are none.
fn missing_glyphs(document: &PagedDocument) -> BTreeSet<String> {
    fn walk(frame: &Frame, found: &mut BTreeSet<String>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, found),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        let run = text.text.get(glyph.range()).unwrap_or_default();
                        if !run.is_empty() {
                            found.insert(run.to_owned());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = BTreeSet::new();
    for page in document.pages() {
        walk(&page.frame, &mut found);
    }
    found
}

/// Characters with their code points, e.g. `"😀" (U+1F600)`.
fn describe_chars(chars: impl Iterator<Item = char>) -> String {
    chars
        .collect::<BTreeSet<char>>()
        .into_iter()
        .map(|c| format!("{c:?} (U+{:04X})", u32::from(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The words the template adds around the user's text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LeafletLabels {
    pub vision: String,
    pub mission: String,
    pub motto: String,
    pub values: String,
    pub we_will: String,
    pub how_we_live_it: String,
    pub principles: String,
    /// With `{page}` and `{pages}` to fill in.
    pub page_of: String,
    /// Used as the title when the leaflet has none.
    pub default_title: String,
    pub logo: String,
}

impl LeafletLabels {
    /// The leaflet's built-in wording in `lang` (English when it has none).
    pub fn for_lang(lang: &str) -> Self {
        match lang {
            "cy" => Self {
                vision: "Ein gweledigaeth".into(),
                mission: "Ein cenhadaeth".into(),
                motto: "Ein harwyddair".into(),
                values: "Ein gwerthoedd".into(),
                we_will: "Byddwn yn".into(),
                how_we_live_it: "Sut rydym yn eu byw".into(),
                principles: "Ein hegwyddorion".into(),
                page_of: "Tudalen {page} o {pages}".into(),
                default_title: "Ein gwerthoedd".into(),
                logo: "logo".into(),
            },
            "bn" => Self {
                vision: "আমাদের লক্ষ্য".into(),
                mission: "আমাদের উদ্দেশ্য".into(),
                motto: "আমাদের মূলমন্ত্র".into(),
                values: "আমাদের মূল্যবোধ".into(),
                we_will: "আমরা যা করব".into(),
                how_we_live_it: "আমরা যেভাবে এগুলো মেনে চলি".into(),
                principles: "আমাদের নীতিমালা".into(),
                page_of: "পৃষ্ঠা {page} / {pages}".into(),
                default_title: "আমাদের মূল্যবোধ".into(),
                logo: "লোগো".into(),
            },
            "ar" => Self {
                vision: "رؤيتنا".into(),
                mission: "رسالتنا".into(),
                motto: "شعارنا".into(),
                values: "قيمنا".into(),
                we_will: "سوف نقوم بما يلي".into(),
                how_we_live_it: "كيف نعيش هذه القيم".into(),
                principles: "مبادئنا".into(),
                page_of: "صفحة {page} من {pages}".into(),
                default_title: "قيمنا".into(),
                logo: "شعار".into(),
            },
            _ => Self {
                vision: "Our vision".into(),
                mission: "Our mission".into(),
                motto: "Our motto".into(),
                values: "Our values".into(),
                we_will: "We will".into(),
                how_we_live_it: "How we live it".into(),
                principles: "Our principles".into(),
                page_of: "Page {page} of {pages}".into(),
                default_title: "Our values".into(),
                logo: "logo".into(),
            },
        }
    }
}

/// What the template reads from `/data.json`: the leaflet with its text
/// trimmed and empty items dropped, plus what the template needs to know
/// about the language.
#[derive(Serialize)]
struct LeafletData<'a> {
    org_name: &'a str,
    title: String,
    doc_title: String,
    lang: &'a str,
    region: Option<&'a str>,
    rtl: bool,
    script: &'static str,
    fonts: &'static [&'static str],
    has_logo: bool,
    logo_alt: String,
    vision: &'a str,
    vision_supporting: Vec<&'a str>,
    mission: &'a str,
    motto: &'a str,
    values: Vec<ValueData<'a>>,
    principles: Vec<PrincipleGroup<'a>>,
    large_print: bool,
    version_label: &'a str,
    labels: LeafletLabels,
    english: Vec<&'a str>,
    notice: &'a str,
}

#[derive(Serialize)]
struct ValueData<'a> {
    name: &'a str,
    promise: &'a str,
    commitments: Vec<&'a str>,
    behaviours: Vec<&'a str>,
}

#[derive(Serialize)]
struct PrincipleGroup<'a> {
    heading: &'a str,
    items: Vec<&'a str>,
}

fn non_empty(items: &[String]) -> Vec<&str> {
    items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect()
}

impl<'a> LeafletData<'a> {
    fn new(leaflet: &'a Leaflet, locale: &'a Locale) -> Self {
        let labels = leaflet.labels.clone().unwrap_or_else(|| LeafletLabels::for_lang(&locale.lang));
        let org_name = leaflet.org_name.trim();
        let title = match leaflet.title.trim() {
            "" => labels.default_title.clone(),
            title => title.to_owned(),
        };
        let doc_title = if org_name.is_empty() { title.to_owned() } else { format!("{title} – {org_name}") };
        let logo_alt = if org_name.is_empty() { labels.logo.to_owned() } else { format!("{org_name} {}", labels.logo) };
        let (script, fonts) = locale.fonts();
        let values = leaflet
            .values
            .iter()
            .map(|v| ValueData {
                name: v.name.trim(),
                promise: v.promise.trim(),
                commitments: non_empty(&v.commitments),
                behaviours: non_empty(&v.behaviours),
            })
            .filter(|v| {
                !(v.name.is_empty() && v.promise.is_empty() && v.commitments.is_empty() && v.behaviours.is_empty())
            })
            .collect();
        let principles = leaflet
            .principles
            .iter()
            .map(|(heading, items)| PrincipleGroup { heading: heading.trim(), items: non_empty(items) })
            .filter(|g| !(g.heading.is_empty() && g.items.is_empty()))
            .collect();
        Self {
            org_name,
            title,
            doc_title,
            lang: &locale.lang,
            region: locale.region.as_deref(),
            rtl: leaflet.rtl,
            script,
            fonts,
            has_logo: leaflet.logo_png.is_some(),
            logo_alt,
            vision: leaflet.vision.trim(),
            vision_supporting: non_empty(&leaflet.vision_supporting),
            mission: leaflet.mission.trim(),
            motto: leaflet.motto.trim(),
            values,
            principles,
            large_print: leaflet.large_print,
            version_label: leaflet.version_label.trim(),
            labels,
            english: non_empty(&leaflet.english),
            notice: leaflet.notice.trim(),
        }
    }
}

#[cfg(test)]
extern crate self as ethos_pdf;

#[cfg(test)]
#[path = "../tests/samples/mod.rs"]
mod samples;

#[cfg(test)]
mod tests {
    use typst::layout::Abs;

    use super::*;
    use crate::samples;

    /// The sizes of all the text in the document, smallest first.
    fn text_sizes(document: &PagedDocument) -> Vec<Abs> {
        fn walk(frame: &Frame, sizes: &mut Vec<Abs>) {
            for (_, item) in frame.items() {
                match item {
                    FrameItem::Group(group) => walk(&group.frame, sizes),
                    FrameItem::Text(text) => sizes.push(text.size),
                    _ => {}
                }
            }
        }
        let mut sizes = Vec::new();
        for page in document.pages() {
            walk(&page.frame, &mut sizes);
        }
        sizes.sort_by(|a, b| a.to_pt().total_cmp(&b.to_pt()));
        sizes
    }

    #[test]
    fn large_print_has_no_text_under_16pt_and_larger_headings() {
        let standard = text_sizes(&typeset(&samples::english()).unwrap());
        let large = text_sizes(&typeset(&samples::english_large_print()).unwrap());
        let smallest = large.first().unwrap().to_pt();
        assert!(smallest >= 16.0, "large print has text at {smallest}pt");
        let (largest, standard_largest) = (large.last().unwrap().to_pt(), standard.last().unwrap().to_pt());
        assert!(largest > standard_largest, "headings: {largest}pt vs {standard_largest}pt");
        assert!(standard.first().unwrap().to_pt() < 16.0);
    }

    /// Each page's text as typeset, whitespace removed.
    fn page_texts(document: &PagedDocument) -> Vec<String> {
        fn walk(frame: &Frame, text: &mut String) {
            for (_, item) in frame.items() {
                match item {
                    FrameItem::Group(group) => walk(&group.frame, text),
                    FrameItem::Text(run) => text.extend(run.text.chars().filter(|c| !c.is_whitespace())),
                    _ => {}
                }
            }
        }
        document
            .pages()
            .iter()
            .map(|page| {
                let mut text = String::new();
                walk(&page.frame, &mut text);
                text
            })
            .collect()
    }

    #[test]
    fn right_to_left_values_are_kept_whole_on_a_page() {
        // Each value's name ends its last list too: split, it would be on
        // two pages.
        let names = ["الرحمة", "الاحترام", "الشجاعة", "الصدق", "التعاون", "الإبداع", "التميز", "الأمانة"];
        let mut values: Vec<LeafletValue> = names
            .iter()
            .map(|name| LeafletValue {
                name: (*name).to_owned(),
                promise: "نعامل كل شخص بلطف واحترام في كل يوم وفي كل مكان نعمل فيه.".to_owned(),
                commitments: vec!["نستمع إلى المرضى وعائلاتهم بعناية".to_owned(); 3],
                behaviours: vec!["نتحدث بلغة واضحة وبسيطة".to_owned(), format!("نعيش قيمة {name}")],
            })
            .collect();
        for large_print in [false, true] {
            let sample = Leaflet { values, large_print, ..samples::arabic() };
            let pages = page_texts(&typeset(&sample).unwrap());
            assert!(pages.len() > 1, "the sample runs over more than one page");
            for name in names {
                let on: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].contains(name)).map(|i| i + 1).collect();
                assert_eq!(on.len(), 1, "{name} is on pages {on:?} (large print: {large_print})");
            }
            values = sample.values;
        }
    }

    #[test]
    fn language_tags_are_cut_to_language_and_region() {
        let l = Locale::parse("en-GB").unwrap();
        assert_eq!((l.lang.as_str(), l.region.as_deref()), ("en", Some("GB")));
        let l = Locale::parse("sr-Latn-rs").unwrap();
        assert_eq!((l.lang.as_str(), l.region.as_deref()), ("sr", Some("RS")));
        let l = Locale::parse("CY").unwrap();
        assert_eq!((l.lang.as_str(), l.region), ("cy", None));
        assert_eq!(Locale::parse(" ").unwrap().lang, "en");
        for bad in ["e", "english", "en-", "12", "en GB", "\"en\""] {
            assert!(Locale::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
