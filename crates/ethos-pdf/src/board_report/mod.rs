//! The Board report of a consultation: purpose and method, who responded
//! (by group and by day), each keep/remove question's word heat map with its
//! most kept and most removed words and its groups side by side, value
//! priorities, every choice question (equality monitoring included) as a
//! chart with its figures, themes with the quotes editors chose, and the
//! editors' recommendations.
//!
//! The inputs are plain, already-aggregated figures: the report's size
//! depends on the number of words, groups, days and themes, never on the
//! number of responses. Suppression of small groups is decided by the
//! caller: a count of `None` prints as "fewer than 5".

use crate::world::Template;
use crate::{Locale, PdfError, compile, export};

mod data;
mod labels;

use data::ReportData;

/// Everything that goes in a Board report. Text is shown exactly as given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardReport {
    pub org_name: String,
    /// The consultation's title; the report's heading and the PDF's title.
    pub title: String,
    /// BCP 47 language tag; empty means "en". English and Welsh have their
    /// own labels; other languages get the English ones.
    pub lang: String,
    /// Under the title, e.g. "Findings for the Board meeting of 14 January 2027".
    pub subtitle: String,
    /// When it ran, e.g. "3 November to 15 December 2026".
    pub period: String,
    /// Shown in every page's footer, e.g. "Prepared 1 December 2026".
    pub footer_label: String,
    /// Why the organisation asked, one paragraph per item.
    pub purpose: Vec<String>,
    /// How it asked (questions, channels, audiences), one paragraph per item.
    pub method: Vec<String>,
    pub total_responses: u32,
    /// Responses by respondent group.
    pub by_group: Vec<CountRow>,
    /// Verified staff (members who signed in before answering) of every
    /// group, printed as the last row of the by-group table, e.g. labelled
    /// "Staff (verified), all groups". When given, the table also gains a
    /// column with each group's `verified_staff`; `None` leaves both out.
    pub verified_staff: Option<CountRow>,
    /// Responses per day, e.g. ("3 Nov", Some(120)), in date order; `None`
    /// means "fewer than 5".
    pub by_day: Vec<(String, Option<u32>)>,
    pub word_questions: Vec<ReportWordQuestion>,
    pub rankings: Vec<ReportRanking>,
    /// Choice questions (who people are, how they feel, equality
    /// monitoring), each a chart and its figures.
    pub choices: Vec<ReportChoice>,
    pub themes: Vec<ReportTheme>,
    pub recommendations: Vec<String>,
}

/// A count in a breakdown; `count: None` means "fewer than 5" (suppressed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountRow {
    pub label: String,
    pub count: Option<u32>,
    /// Share of all responses, 0..=100 (ignored when `count` is `None`).
    pub pct: f64,
    /// Of `count`, how many were verified staff; `None` means "fewer than 5".
    /// Printed only when the report has [`BoardReport::verified_staff`].
    pub verified_staff: Option<u32>,
    /// With `count: None`: the count is not small itself but hidden so that
    /// a smaller one cannot be worked out ("not shown").
    pub withheld: bool,
}

/// One keep/remove question: its text as a heat map and its word tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportWordQuestion {
    pub heading: String,
    /// The text in paragraphs (or list items), each a run of tokens.
    pub paragraphs: Vec<Vec<HeatToken>>,
    /// The heat map's legend: a label and its class's colours.
    pub legend: Vec<(String, HeatCell)>,
    pub most_kept: Vec<WordRow>,
    pub most_removed: Vec<WordRow>,
    /// Words many kept and many removed.
    pub polarising: Vec<WordRow>,
    /// The words' net scores in each group, if two or more may be shown.
    pub comparison: Option<ReportComparison>,
}

/// A keep/remove question's groups side by side.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportComparison {
    /// The groups compared, each with how many of it saw the question.
    pub groups: Vec<(String, u32)>,
    pub rows: Vec<ComparisonRow>,
    /// Sentences naming the words where groups differ most.
    pub differ_most: Vec<String>,
    /// How a word comes to be flagged.
    pub note: String,
}

/// One word across the groups: a cell per group (`None`: "fewer than 5").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComparisonRow {
    pub word: String,
    pub cells: Vec<Option<HeatCell>>,
    pub flagged: bool,
}

/// A choice question: how many answered (`None`: fewer than 5, and then
/// no figures) and each option's count and share of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportChoice {
    pub heading: String,
    pub answered: Option<u32>,
    /// Counts are `None` when suppressed; `verified_staff` is not printed.
    pub rows: Vec<CountRow>,
}

/// A piece of the heat map's text: a word with its colours and net score,
/// or plain text (spaces, punctuation, words nobody could mark).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeatToken {
    pub text: String,
    pub heat: Option<HeatCell>,
}

/// A heat map class: colours as `#rrggbb`, whether the cell needs a border,
/// and the net score printed beside the word (colour is never the only signal).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HeatCell {
    pub background: String,
    pub text_colour: String,
    pub border: bool,
    /// −1..=1.
    pub net: f64,
}

/// A word's figures for the most kept / removed tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordRow {
    pub word: String,
    pub saw: u32,
    pub keep: u32,
    pub remove: u32,
    pub net: f64,
}

/// One "which values matter most" question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportRanking {
    pub heading: String,
    pub rows: Vec<PriorityRow>,
}

/// `chosen: None` means "fewer than 5" (the rank and score are then not
/// printed either).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PriorityRow {
    pub option: String,
    pub chosen: Option<u32>,
    pub mean_rank: Option<f64>,
    pub borda: u32,
    /// With `chosen: None`: hidden to protect a smaller figure ("not shown").
    pub withheld: bool,
}

/// A theme the editors settled on, with the quotes they chose.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportTheme {
    pub name: String,
    /// How many answers carry the theme.
    pub answers: u32,
    pub quotes: Vec<String>,
}

/// Renders the Board report as a tagged PDF/UA-1 document.
pub fn board_report(report: &BoardReport) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse(&report.lang)?;
    let data = ReportData::new(report, &locale)?;
    export(&compile(Template::BoardReport, &data, None)?)
}
