//! The strategy file: one strategy — its aims, priorities, each financial
//! year's objectives with their progress updates — and the organisation's
//! outcome measures with their values, as a YAML text file
//! (`schema: ethos/strategy/v1`, described for editors in
//! `docs/strategy-file.md`), for `ethos strategy export|import` and the API.
//!
//! ```yaml
//! schema: ethos/strategy/v1
//! organisation: riverside          # informational; import ignores it
//! title: Care closer to home
//! first_year: 2025-26
//! last_year: 2026-27
//! aims:
//! - key: home                      # made from the title when left out
//!   title: More care at home
//!   priorities:
//!   - key: nursing
//!     title: District nursing
//! years:
//!   2025-26:
//!   - key: hubs
//!     title: Open two hubs
//!     aim: home                    # an aim's key
//!     priority: nursing            # one of that aim's priorities, or ''
//!     status: on_track
//!     updates:
//!     - period: 2025-Q3
//!       rag: green
//!   2026-27:
//!   - key: hubs
//!     carried_from: hubs           # the 2025-26 objective with that key
//! measures:
//! - key: falls
//!   aims: [home]                   # left out when it has no links
//!   objectives: [2025-26/hubs]     # an objective by its year and key
//!   values:
//!   - period: 2025-04
//!     value: 4.2
//! ```
//!
//! [`export`] writes every field in a fixed order (keys made from titles),
//! so that exporting what [`import`] read gives the same bytes. [`import`]
//! takes any field but `schema` left out and refuses anything wrong with its
//! line, column and field; nothing is stored until [`store::create`] writes
//! it all in one transaction, as a new draft.

pub mod api;
mod check;
pub mod command;
mod export;
mod import;
#[cfg(test)]
mod roundtrip;
mod schema;
pub mod store;
#[cfg(test)]
mod tests;

pub use export::export;
pub use import::{Imported, import};

use crate::strategy::measures::definition::Definition;
use crate::strategy::measures::financial_year::FinancialYear;
use crate::strategy::measures::period::{Frequency, Period};
use crate::strategy::measures::values_input::NewValue;
use crate::strategy::plan::model::ObjectiveStatus;
use crate::strategy::plan::progress::{Confidence, Rag};
use crate::yaml::Format;
pub use crate::yaml::{FileError, Problem};

/// The first line of every strategy file of this version.
pub const SCHEMA: &str = "ethos/strategy/v1";

/// Largest file accepted: room for a strategy and dozens of measures with
/// years of weekly values (a value takes about 40 bytes).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;

const FORMAT: Format = Format { schema: SCHEMA, noun: "strategy file", max_bytes: MAX_BYTES };

/// What a strategy file holds, checked: the strategy, its objectives in
/// year order, and the measures.
#[derive(Clone, Debug, PartialEq)]
pub struct Contents {
    pub title: String,
    pub first_year: FinancialYear,
    pub last_year: FinancialYear,
    pub summary: String,
    pub document_url: String,
    pub aims: Vec<AimEntry>,
    /// Every objective, by year and then in the order written.
    pub objectives: Vec<ObjectiveEntry>,
    /// By key.
    pub measures: Vec<MeasureEntry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AimEntry {
    pub title: String,
    pub description: String,
    /// (title, description), in order.
    pub priorities: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveEntry {
    pub year: FinancialYear,
    /// The index of its aim in [`Contents::aims`].
    pub aim: usize,
    /// The index of its priority among its aim's.
    pub priority: Option<usize>,
    pub title: String,
    pub description: String,
    pub lead: String,
    pub committee: String,
    /// `YYYY-MM-DD` or empty.
    pub due_on: String,
    pub weight: f64,
    pub status: ObjectiveStatus,
    /// Monthly or quarterly.
    pub cadence: Frequency,
    /// The index in [`Contents::objectives`] of the previous year's
    /// objective this one carries on.
    pub carried_from: Option<usize>,
    /// Oldest period first.
    pub updates: Vec<UpdateEntry>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UpdateEntry {
    pub period: Period,
    pub rag: Rag,
    pub confidence: Confidence,
    pub narrative: String,
    pub evidence: Vec<String>,
    /// When it was written (Unix seconds); `None`: at import.
    pub at: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MeasureEntry {
    pub key: String,
    pub definition: Definition,
    /// The indexes in [`Contents::aims`] of the aims it shows progress on.
    pub aims: Vec<usize>,
    /// The indexes in [`Contents::objectives`] of the objectives it shows
    /// progress on.
    pub objectives: Vec<usize>,
    /// In time order.
    pub values: Vec<NewValue>,
}

/// A key made from a title as a person would write it: lowercase ASCII
/// letters and digits joined by hyphens, at most 40 characters, `fallback`
/// for a title with none; `-2`, `-3` … added until it is not `taken`.
pub(crate) fn key_from(title: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    let base: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base: String = if base.is_empty() { fallback.to_owned() } else { base.chars().take(40).collect() };
    let base = base.trim_end_matches('-').to_owned();
    let mut key = base.clone();
    let mut n = 2;
    while taken(&key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}
