//! Tallies, suppression and charts for consultation results.
// placeholder until the analysis branch merges

pub mod charts;
pub mod tally;

/// Breakdowns over fewer respondents than this are suppressed.
pub const MIN_GROUP: u32 = 5;
