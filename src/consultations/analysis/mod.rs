//! The pure sums behind a consultation's results: word tallies ([`tally`]),
//! the "fewer than 5" rule every output follows ([`privacy`]), groups side
//! by side ([`compare`]), the colour classes and SVG
//! charts the results pages draw ([`charts`]), the language a written
//! answer is in ([`language`]), suggested themes found in
//! free-text answers without any outside service ([`themes`]), kept up to
//! date answer by answer ([`phrases`]) and ranked against everyday English
//! ([`background`]), and the
//! plain inputs of the Board report PDF ([`report`]).
//!
//! Nothing here touches storage or HTTP: plain data in, plain data out.

pub mod background;
pub mod charts;
pub mod compare;
pub mod draft;
pub mod language;
pub mod phrases;
pub mod privacy;
pub mod report;
pub mod tally;
pub mod themes;

/// Breakdowns over fewer respondents than this are suppressed.
pub const MIN_GROUP: u32 = 5;
