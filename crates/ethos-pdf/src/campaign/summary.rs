//! The national summary of a campaign's returns, for a Board or a report
//! to the organisations taking part: what the dashboard shows, printed.
//! The application formats every figure; this module only lays them out.

use serde::Serialize;

use crate::world::Template;
use crate::{Locale, PdfError, compile, export};

/// One line of the totals: the figure's name, this edition's total, how
/// many sent returns gave it and the previous edition's total ("" when
/// there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryTotal {
    pub label: String,
    pub total: String,
    pub given: String,
    pub before: String,
}

/// One organisation's row: its name, where its return stands and each
/// figure, in the order of [`ReturnsSummary::columns`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryOrg {
    pub name: String,
    pub status: String,
    pub figures: Vec<String>,
}

/// Everything on the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnsSummary {
    /// The national body running the campaign.
    pub org_name: String,
    /// The campaign's name and edition, e.g. "Values Week 2026".
    pub campaign: String,
    /// The dates as printed, with any postponement.
    pub dates: String,
    /// "3 of 5 organisations taking part have sent their return: …".
    pub response: String,
    /// "Returns were due by …", or empty.
    pub deadline: String,
    /// What sent returns left blank: "Highlight story: left blank in 1 of 3".
    pub blanks: Vec<String>,
    /// The previous edition's name, e.g. "Values Week 2025"; empty when
    /// there was none (its column is left out).
    pub previous: String,
    pub totals: Vec<SummaryTotal>,
    /// The figures' names, as the organisations' table heads them.
    pub columns: Vec<String>,
    pub orgs: Vec<SummaryOrg>,
    /// Each sent return's highlight story: (organisation, story).
    pub highlights: Vec<(String, String)>,
    /// "Produced 6 December 2026 by Ethos".
    pub produced: String,
}

#[derive(Serialize)]
struct SummaryData<'a> {
    doc_title: String,
    title: String,
    org_name: &'a str,
    dates: &'a str,
    response: &'a str,
    deadline: &'a str,
    blanks: &'a [String],
    complete: &'static str,
    previous: String,
    totals_note: &'static str,
    totals: Vec<[&'a str; 4]>,
    columns: &'a [String],
    orgs_note: &'static str,
    orgs: Vec<Vec<&'a str>>,
    highlights: Vec<(&'a str, &'a str)>,
    produced: &'a str,
    lang: &'a str,
    region: Option<&'a str>,
    fonts: &'static [&'static str],
}

/// Renders the summary as a tagged PDF/UA-1 document: A4, the
/// organisations' table on landscape pages with its header repeated.
pub fn returns_summary(s: &ReturnsSummary) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse("en-GB")?;
    let (_, fonts) = locale.fonts();
    let title = format!("{}: summary of returns", s.campaign.trim());
    let width = s.columns.len();
    let data = SummaryData {
        doc_title: format!("{title} – {}", s.org_name.trim()),
        title,
        org_name: s.org_name.trim(),
        dates: s.dates.trim(),
        response: s.response.trim(),
        deadline: s.deadline.trim(),
        blanks: &s.blanks,
        complete: "Every sent return is complete.",
        previous: if s.previous.trim().is_empty() { String::new() } else { s.previous.trim().to_owned() },
        totals_note: "Added up over the returns sent (submitted or accepted).",
        totals: s
            .totals
            .iter()
            .map(|t| [t.label.as_str(), t.total.as_str(), t.given.as_str(), t.before.as_str()])
            .collect(),
        columns: &s.columns,
        orgs_note: "Every organisation taking part, whatever its return's state; * marks a derived figure the \
                    organisation changed, – a figure not given.",
        orgs: s
            .orgs
            .iter()
            .map(|o| {
                // Every row as wide as the header, whatever it was given.
                let mut row = vec![o.name.as_str(), o.status.as_str()];
                row.extend((0..width).map(|i| o.figures.get(i).map_or("–", String::as_str)));
                row
            })
            .collect(),
        highlights: s
            .highlights
            .iter()
            .filter(|(_, story)| !story.trim().is_empty())
            .map(|(name, story)| (name.as_str(), story.trim()))
            .collect(),
        produced: s.produced.trim(),
        lang: &locale.lang,
        region: locale.region.as_deref(),
        fonts,
    };
    export(&compile(Template::ReturnsSummary, &data, None)?)
}
