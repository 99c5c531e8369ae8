//! The in-memory [`World`] that typst compiles the leaflet in.
//!
//! Everything expensive (the standard library, the parsed template and the
//! fonts) is built once per process in [`SHARED`]; a [`LeafletWorld`] only
//! adds the two files that change per render: `/data.json` and, if there is
//! one, `/logo.png`. Nothing is ever read from the file system or the network.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The leaflet template. User text never goes in here: the template reads it
/// from `/data.json` and shows every string as plain text.
const TEMPLATE: &str = include_str!("leaflet.typ");

/// Fonts embedded in the binary, besides those `typst-assets` brings.
/// See `fonts/OFL.txt` for their licence.
const EMBEDDED_FONTS: [&[u8]; 6] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoSansArabic-Bold.ttf"),
    include_bytes!("../fonts/NotoSansBengali-Regular.ttf"),
    include_bytes!("../fonts/NotoSansBengali-Bold.ttf"),
];

pub(crate) const DATA_PATH: &str = "/data.json";
pub(crate) const LOGO_PATH: &str = "/logo.png";
const MAIN_PATH: &str = "/leaflet.typ";

/// What every render shares: built on first use, then only read.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
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
        main: Source::new(file_id(MAIN_PATH), TEMPLATE.to_owned()),
        data_id: file_id(DATA_PATH),
        logo_id: file_id(LOGO_PATH),
    }
});

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a valid, absolute virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// Parses the fonts and the template now rather than on the first render.
pub(crate) fn warm_up() {
    LazyLock::force(&SHARED);
}

/// One render's view of the world: the shared parts plus this leaflet's data.
pub(crate) struct LeafletWorld {
    data: Bytes,
    logo: Option<Bytes>,
}

impl LeafletWorld {
    pub(crate) fn new(data: Vec<u8>, logo: Option<Vec<u8>>) -> Self {
        Self { data: Bytes::new(data), logo: logo.map(Bytes::new) }
    }
}

impl World for LeafletWorld {
    fn library(&self) -> &LazyHash<Library> {
        &SHARED.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &SHARED.book
    }

    fn main(&self) -> FileId {
        SHARED.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == SHARED.main.id() {
            Ok(SHARED.main.clone())
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
        } else if id == SHARED.main.id() {
            Ok(Bytes::from_string(SHARED.main.clone()))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        SHARED.fonts.get(index).cloned()
    }

    /// The leaflet has no use for the date, and leaving it out keeps the
    /// output reproducible.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
