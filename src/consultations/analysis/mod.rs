//! The pure sums behind a consultation's results: word tallies and their
//! suppression for small groups ([`tally`]), the colour classes and SVG
//! charts the results pages draw ([`charts`]), the language a written
//! answer is in ([`language`]), suggested themes found in
//! free-text answers without any outside service ([`themes`]), kept up to
//! date answer by answer ([`phrases`]), and the
//! plain inputs of the Board report PDF ([`report`]).
//!
//! Nothing here touches storage or HTTP: plain data in, plain data out.

pub mod charts;
pub mod language;
pub mod phrases;
pub mod report;
pub mod tally;
pub mod themes;

/// Breakdowns over fewer respondents than this are suppressed.
pub const MIN_GROUP: u32 = 5;
