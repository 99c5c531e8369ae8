//! The strategy's two documents: the Board [`performance_report`] for a
//! period (exceptions first, then each aim with its objectives, then every
//! outcome measure with its XmR chart), and the [`strategy_summary`], a
//! "plan on a page" or, with [`StrategySummary::long`], a longer document.
//!
//! The inputs are plain, already-worked-out words and figures: the caller
//! decides what is off track, stale or a concern, and draws each chart as
//! an SVG document; the templates only lay them out. English only for now.

mod data;

use crate::world::Template;
use crate::{Locale, PdfError, compile, export};

/// One line of the exceptions: what it is and why it is listed, e.g.
/// ("Cut waits for district nurses", "Off track · Lead: Director of Nursing").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExceptionLine {
    pub title: String,
    pub detail: String,
}

/// What needs the Board's attention, each list printed under its heading
/// (an empty list prints "None").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exceptions {
    pub off_track: Vec<ExceptionLine>,
    pub stale: Vec<ExceptionLine>,
    /// Measures whose latest point is special-cause variation of concern.
    pub concern: Vec<ExceptionLine>,
    /// Measures whose assurance is "will consistently fail".
    pub failing: Vec<ExceptionLine>,
}

/// One objective as the Board reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportObjective {
    pub title: String,
    /// "Off track".
    pub status: String,
    pub lead: String,
    /// "31 March 2026", or empty.
    pub due: String,
    /// "Red: serious concern (2025-Q3)", or empty without an update.
    pub rag: String,
    /// The latest update's words, or empty.
    pub narrative: String,
    pub stale: bool,
    /// A partnership's objective shared with its members: the members'
    /// reports rolled up, e.g. "At risk (75%)"; empty when not shared.
    pub members_rollup: String,
    /// Each member's latest report, e.g. "Riverside: Amber (2025-Q3)" or
    /// "Northgate: no report yet".
    pub members: Vec<String>,
}

/// An aim with its roll-up and the period's objectives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportAim {
    pub title: String,
    pub description: String,
    /// "At risk (63%)".
    pub rollup: String,
    pub objectives: Vec<ReportObjective>,
    /// The names of the outcome measures linked to the aim or one of its
    /// objectives (their charts follow the aims).
    pub measures: Vec<String>,
}

/// An outcome measure with its chart and what the chart says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportMeasure {
    pub name: String,
    /// The XmR chart as a standalone SVG document (empty: no values yet).
    pub chart_svg: String,
    /// The chart in words: its alternative text.
    pub chart_alt: String,
    /// "Latest: 87% (November 2025)".
    pub latest: String,
    /// The variation icon's words.
    pub variation: String,
    /// The assurance icon's words, or empty without a target.
    pub assurance: String,
}

/// The Board performance report of a strategy for a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PerformanceReport {
    pub org_name: String,
    /// The strategy's title.
    pub strategy: String,
    /// "2025-26, quarter 3 (October to December 2025)".
    pub period: String,
    /// "Produced 5 December 2026".
    pub produced: String,
    pub exceptions: Exceptions,
    pub aims: Vec<ReportAim>,
    pub measures: Vec<ReportMeasure>,
    /// How the statuses are worked out (roll-up and stale rules), printed last.
    pub rules: Vec<String>,
}

/// An aim on the summary: its priorities and (long version) objectives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryAim {
    pub title: String,
    pub description: String,
    pub priorities: Vec<String>,
    /// This year's objectives: (title, status, lead). Printed in the long version.
    pub objectives: Vec<(String, String, String)>,
}

/// The strategy summary: a plan on a page, or a longer document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StrategySummary {
    pub org_name: String,
    pub title: String,
    /// The strategy's years, "2024-25 to 2026-27".
    pub period: String,
    /// The year the objectives are counted for, "2025-26".
    pub year: String,
    pub summary: String,
    pub vision: String,
    pub mission: String,
    pub motto: String,
    /// The values' names.
    pub values: Vec<String>,
    pub aims: Vec<SummaryAim>,
    /// This year's objectives by status: ("On track", 4), in status order.
    pub status_counts: Vec<(String, u32)>,
    /// Measures with their variation and assurance words (long version).
    pub measures: Vec<ReportMeasure>,
    /// "Produced 5 December 2026".
    pub produced: String,
    /// The longer document: each aim's objectives and the measures' charts.
    pub long: bool,
}

/// Renders the Board performance report as a tagged PDF/UA-1 document.
pub fn performance_report(report: &PerformanceReport) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse("en-GB")?;
    export(&compile(Template::StrategyReport, &data::ReportData::new(report, &locale), None)?)
}

/// Renders the strategy summary as a tagged PDF/UA-1 document.
pub fn strategy_summary(summary: &StrategySummary) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse("en-GB")?;
    export(&compile(Template::StrategySummary, &data::SummaryData::new(summary, &locale), None)?)
}
