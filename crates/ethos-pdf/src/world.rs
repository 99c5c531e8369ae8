//! The in-memory [`World`] that typst compiles the documents in.
//!
//! Everything expensive (the standard library, the parsed templates and the
//! fonts) is built once per process in [`SHARED`]; a [`DocWorld`] only
//! picks a template and adds the two files that change per render:
//! `/data.json` and, if there is one, `/logo.png`. Nothing is ever read from
//! the file system or the network.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The templates. User text never goes in here: each template reads it from
/// `/data.json` and shows every string as plain text.
const LEAFLET: &str = include_str!("leaflet.typ");
const POSTER: &str = include_str!("poster.typ");
const BOARD_REPORT: &str = include_str!("board_report.typ");
const STRATEGY_REPORT: &str = include_str!("strategy_report.typ");
const STRATEGY_SUMMARY: &str = include_str!("strategy_summary.typ");
const PLEDGE_CARD: &str = include_str!("campaign/pledge_card.typ");
const CAMPAIGN_POSTER: &str = include_str!("campaign/poster.typ");
const SHARE_IMAGE: &str = include_str!("campaign/share_image.typ");
const RETURNS_SUMMARY: &str = include_str!("campaign/returns_summary.typ");

/// Which document to typeset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Template {
    Leaflet,
    Poster,
    BoardReport,
    StrategyReport,
    StrategySummary,
    PledgeCard,
    CampaignPoster,
    ShareImage,
    ReturnsSummary,
}

/// Fonts embedded in the binary, besides those `typst-assets` brings: one
/// for each script of the languages Ethos offers, and monochrome emoji.
/// `fonts/README.md` says where each comes from; `fonts/OFL.txt` is their
/// licence.
const EMBEDDED_FONTS: [&[u8]; 12] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../fonts/NotoSansBengali-Regular.ttf"),
    include_bytes!("../fonts/NotoSansBengali-Bold.ttf"),
    include_bytes!("../fonts/NotoSansGurmukhi-Regular.ttf"),
    include_bytes!("../fonts/NotoSansGurmukhi-Bold.ttf"),
    include_bytes!("../fonts/NotoSansGujarati-Regular.ttf"),
    include_bytes!("../fonts/NotoSansGujarati-Bold.ttf"),
    // Simplified Chinese, cut to the GB 2312 characters (3.5 MB instead of
    // 16 MB); Regular only: headings are set apart by size and colour.
    include_bytes!("../fonts/NotoSansCJKsc-Regular-GB2312.otf"),
    include_bytes!("../fonts/NotoEmoji-Regular.ttf"),
];

pub(crate) const DATA_PATH: &str = "/data.json";
pub(crate) const LOGO_PATH: &str = "/logo.png";

/// What every render shares: built on first use, then only read.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    templates: [Source; 9],
    data_id: FileId,
    logo_id: FileId,
}

static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> =
        EMBEDDED_FONTS.into_iter().chain(typst_assets::fonts()).flat_map(|data| Font::iter(Bytes::new(data))).collect();
    let book = FontBook::from_fonts(&fonts);
    Shared {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(book),
        fonts,
        templates: [
            Source::new(file_id("/leaflet.typ"), LEAFLET.to_owned()),
            Source::new(file_id("/poster.typ"), POSTER.to_owned()),
            Source::new(file_id("/board_report.typ"), BOARD_REPORT.to_owned()),
            Source::new(file_id("/strategy_report.typ"), STRATEGY_REPORT.to_owned()),
            Source::new(file_id("/strategy_summary.typ"), STRATEGY_SUMMARY.to_owned()),
            Source::new(file_id("/campaign/pledge_card.typ"), PLEDGE_CARD.to_owned()),
            Source::new(file_id("/campaign/poster.typ"), CAMPAIGN_POSTER.to_owned()),
            Source::new(file_id("/campaign/share_image.typ"), SHARE_IMAGE.to_owned()),
            Source::new(file_id("/campaign/returns_summary.typ"), RETURNS_SUMMARY.to_owned()),
        ],
        data_id: file_id(DATA_PATH),
        logo_id: file_id(LOGO_PATH),
    }
});

/// The data of every font the documents use (the embedded ones, then
/// `typst-assets`'), for drawing text elsewhere with the same fonts.
pub fn font_data() -> impl Iterator<Item = &'static [u8]> {
    EMBEDDED_FONTS.into_iter().chain(typst_assets::fonts())
}

/// Whether any embedded font has a glyph for `c`.
pub(crate) fn covers(c: char) -> bool {
    let c = u32::from(c);
    SHARED.fonts.iter().any(|font| font.info().coverage.contains(c))
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid, absolute virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// Parses the fonts and the template now rather than on the first render.
pub(crate) fn warm_up() {
    LazyLock::force(&SHARED);
}

/// One render's view of the world: the shared parts plus this document's data.
pub(crate) struct DocWorld {
    main: &'static Source,
    data: Bytes,
    logo: Option<Bytes>,
}

impl DocWorld {
    pub(crate) fn new(template: Template, data: Vec<u8>, logo: Option<Vec<u8>>) -> Self {
        let main = &SHARED.templates[template as usize];
        Self { main, data: Bytes::new(data), logo: logo.map(Bytes::new) }
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == SHARED.data_id || id == SHARED.logo_id {
            Err(FileError::NotSource)
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == SHARED.data_id {
            Ok(self.data.clone())
        } else if id == SHARED.logo_id {
            self.logo.clone().ok_or_else(|| not_found(id))
        } else if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// The documents print dates given to them, never today's, which keeps
    /// the output reproducible.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
