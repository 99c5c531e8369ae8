//! What the Board report's template reads: the report's figures formatted
//! and checked (numbers as a reader expects them, colours as `#rrggbb`).

use serde::Serialize;

use super::labels::Labels;
use super::*;
use crate::{Locale, PdfError};

/// Formats a count with thousands separators: 100000 -> "100,000".
fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A net score with its sign: "+0.45", "−0.20" (a true minus), "0.00".
fn signed(net: f64) -> String {
    let net = if net.is_finite() { net.clamp(-1.0, 1.0) } else { 0.0 };
    let rounded = format!("{:.2}", net.abs());
    if rounded == "0.00" {
        rounded
    } else if net > 0.0 {
        format!("+{rounded}")
    } else {
        format!("−{rounded}")
    }
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 { "0%".to_owned() } else { format!("{:.0}%", f64::from(part) * 100.0 / f64::from(whole)) }
}

/// A `#rrggbb` colour, checked so the template never sees anything else.
fn colour(value: &str) -> Result<String, PdfError> {
    let hex = value.trim();
    let ok = hex.len() == 7 && hex.starts_with('#') && hex[1..].chars().all(|c| c.is_ascii_hexdigit());
    if ok { Ok(hex.to_ascii_lowercase()) } else { Err(PdfError::InvalidColour(value.to_owned())) }
}

#[derive(Serialize)]
struct CellData {
    background: String,
    text: String,
    border: bool,
    net: String,
}

impl CellData {
    fn new(cell: &HeatCell) -> Result<Self, PdfError> {
        Ok(Self {
            background: colour(&cell.background)?,
            text: colour(&cell.text_colour)?,
            border: cell.border,
            net: signed(cell.net),
        })
    }
}

#[derive(Serialize)]
struct TokenData<'a> {
    text: &'a str,
    cell: Option<CellData>,
}

#[derive(Serialize)]
struct WordRowData<'a> {
    word: &'a str,
    saw: String,
    keep: String,
    remove: String,
    net: String,
}

impl<'a> WordRowData<'a> {
    fn new(row: &'a WordRow) -> Self {
        Self {
            word: row.word.trim(),
            saw: thousands(row.saw),
            keep: format!("{} ({})", thousands(row.keep), percent(row.keep, row.saw)),
            remove: format!("{} ({})", thousands(row.remove), percent(row.remove, row.saw)),
            net: signed(row.net),
        }
    }
}

#[derive(Serialize)]
struct QuestionData<'a> {
    heading: &'a str,
    paragraphs: Vec<Vec<TokenData<'a>>>,
    legend: Vec<(&'a str, CellData)>,
    most_kept: Vec<WordRowData<'a>>,
    most_removed: Vec<WordRowData<'a>>,
    polarising: Vec<WordRowData<'a>>,
    comparison: Option<ComparisonData<'a>>,
}

#[derive(Serialize)]
struct ComparisonData<'a> {
    /// Column headings: "Word", each group with its size, "Differs".
    header: Vec<String>,
    rows: Vec<ComparisonRowData<'a>>,
    differ_most: Vec<&'a str>,
    note: &'a str,
}

#[derive(Serialize)]
struct ComparisonRowData<'a> {
    word: &'a str,
    /// `None`: printed as "fewer than 5".
    cells: Vec<Option<CellData>>,
    flagged: &'static str,
}

/// A bar of a chart: its label, its length (0..=1 of the longest) and the
/// figure printed after it.
#[derive(Serialize)]
struct BarData<'a> {
    label: &'a str,
    share: f64,
    figure: String,
}

fn bars<'a>(items: impl Iterator<Item = (&'a str, Option<u32>, String)>) -> Vec<BarData<'a>> {
    let items: Vec<_> = items.collect();
    let max = items.iter().filter_map(|i| i.1).max().unwrap_or(0).max(1);
    items
        .into_iter()
        .map(|(label, n, figure)| BarData { label, share: f64::from(n.unwrap_or(0)) / f64::from(max), figure })
        .collect()
}

#[derive(Serialize)]
struct RankingData<'a> {
    heading: &'a str,
    rows: Vec<[String; 4]>,
    bars: Vec<BarData<'a>>,
}

#[derive(Serialize)]
struct ChoiceData<'a> {
    heading: &'a str,
    /// "Answered by 120." or why there are no figures.
    answered: String,
    rows: Vec<[String; 3]>,
    bars: Vec<BarData<'a>>,
}

#[derive(Serialize)]
struct ThemeData<'a> {
    name: &'a str,
    answers: String,
    quotes: Vec<&'a str>,
}

#[derive(Serialize)]
struct DayData<'a> {
    label: &'a str,
    /// The column's height (0 when suppressed) and the figure printed on it.
    count: u32,
    figure: String,
}

#[derive(Serialize)]
pub(super) struct ReportData<'a> {
    org_name: &'a str,
    title: &'a str,
    doc_title: String,
    subtitle: &'a str,
    period: &'a str,
    footer_label: &'a str,
    lang: &'a str,
    region: Option<&'a str>,
    script: &'static str,
    fonts: &'static [&'static str],
    purpose: Vec<&'a str>,
    method: Vec<&'a str>,
    total: String,
    /// Three cells a row, or four with verified staff.
    by_group: Vec<Vec<String>>,
    verified: bool,
    by_day: Vec<DayData<'a>>,
    by_day_max: u32,
    by_day_alt: String,
    questions: Vec<QuestionData<'a>>,
    rankings: Vec<RankingData<'a>>,
    choices: Vec<ChoiceData<'a>>,
    themes: Vec<ThemeData<'a>>,
    recommendations: Vec<&'a str>,
    labels: Labels,
}

fn non_empty(items: &[String]) -> Vec<&str> {
    items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect()
}

impl<'a> ReportData<'a> {
    pub(super) fn new(report: &'a BoardReport, locale: &'a Locale) -> Result<Self, PdfError> {
        let labels = Labels::for_lang(&locale.lang);
        let (script, fonts) = locale.fonts();
        let org_name = report.org_name.trim();
        let title = match report.title.trim() {
            "" => labels.default_title,
            title => title,
        };
        let count = |n: Option<u32>| n.map_or_else(|| labels.fewer_than.to_owned(), thousands);
        let figure = |n: Option<u32>, withheld: bool| match n {
            None if withheld => labels.withheld.to_owned(),
            n => count(n),
        };
        let row_cells = |row: &CountRow, verified: Option<Option<u32>>| {
            let share = match row.count {
                Some(_) => format!("{:.0}%", row.pct.clamp(0.0, 100.0)),
                None => "–".to_owned(),
            };
            let mut cells = vec![row.label.trim().to_owned(), figure(row.count, row.withheld), share];
            cells.extend(verified.map(count));
            cells
        };
        let verified = report.verified_staff.is_some();
        let by_group = report
            .by_group
            .iter()
            .map(|row| row_cells(row, verified.then_some(row.verified_staff)))
            .chain(report.verified_staff.iter().map(|all| row_cells(all, Some(all.count))))
            .collect();
        let by_day_max = report.by_day.iter().filter_map(|(_, n)| *n).max().unwrap_or(0);
        let busiest = report.by_day.iter().find(|(_, n)| *n == Some(by_day_max)).map_or("", |(d, _)| d.as_str());
        let day_total: u64 = report.by_day.iter().filter_map(|(_, n)| n.map(u64::from)).sum();
        let by_day_alt = labels
            .by_day_alt
            .replace("{n}", &thousands(u32::try_from(day_total).unwrap_or(u32::MAX)))
            .replace("{days}", &report.by_day.len().to_string())
            .replace("{day}", busiest)
            .replace("{max}", &thousands(by_day_max));
        let questions = report
            .word_questions
            .iter()
            .map(|q| {
                let paragraphs = q
                    .paragraphs
                    .iter()
                    .map(|p| {
                        p.iter()
                            .map(|t| {
                                Ok(TokenData { text: &t.text, cell: t.heat.as_ref().map(CellData::new).transpose()? })
                            })
                            .collect::<Result<Vec<_>, PdfError>>()
                    })
                    .collect::<Result<Vec<_>, PdfError>>()?;
                let legend = q
                    .legend
                    .iter()
                    .map(|(label, cell)| Ok((label.trim(), CellData::new(cell)?)))
                    .collect::<Result<Vec<_>, PdfError>>()?;
                Ok(QuestionData {
                    heading: q.heading.trim(),
                    paragraphs,
                    legend,
                    most_kept: q.most_kept.iter().map(WordRowData::new).collect(),
                    most_removed: q.most_removed.iter().map(WordRowData::new).collect(),
                    polarising: q.polarising.iter().map(WordRowData::new).collect(),
                    comparison: q.comparison.as_ref().map(|c| comparison(c, &labels)).transpose()?,
                })
            })
            .collect::<Result<Vec<_>, PdfError>>()?;
        let rankings = report
            .rankings
            .iter()
            .map(|r| RankingData {
                heading: r.heading.trim(),
                rows: r
                    .rows
                    .iter()
                    .map(|row| match row.chosen {
                        Some(chosen) => [
                            row.option.trim().to_owned(),
                            thousands(chosen),
                            row.mean_rank.map_or_else(|| "–".to_owned(), |m| format!("{m:.2}")),
                            thousands(row.borda),
                        ],
                        None => {
                            let hidden = figure(None, row.withheld);
                            [row.option.trim().to_owned(), hidden.clone(), hidden.clone(), hidden]
                        }
                    })
                    .collect(),
                bars: bars(r.rows.iter().map(|row| {
                    let borda = row.chosen.map(|_| row.borda);
                    (row.option.trim(), borda, figure(borda, row.withheld))
                })),
            })
            .collect();
        let choices = report
            .choices
            .iter()
            .map(|q| {
                let answered = match q.answered {
                    Some(n) => labels.answered.replace("{n}", &thousands(n)),
                    None => labels.too_few.to_owned(),
                };
                let rows: Vec<&CountRow> = if q.answered.is_some() { q.rows.iter().collect() } else { Vec::new() };
                ChoiceData {
                    heading: q.heading.trim(),
                    answered,
                    rows: rows
                        .iter()
                        .map(|row| {
                            let share = match row.count {
                                Some(_) => format!("{:.0}%", row.pct.clamp(0.0, 100.0)),
                                None => figure(None, row.withheld),
                            };
                            [row.label.trim().to_owned(), figure(row.count, row.withheld), share]
                        })
                        .collect(),
                    bars: bars(rows.iter().map(|row| (row.label.trim(), row.count, figure(row.count, row.withheld)))),
                }
            })
            .collect();
        let themes = report
            .themes
            .iter()
            .map(|t| ThemeData {
                name: t.name.trim(),
                answers: labels.theme_answers.replace("{n}", &thousands(t.answers)),
                quotes: non_empty(&t.quotes),
            })
            .collect();
        Ok(Self {
            org_name,
            title,
            doc_title: if org_name.is_empty() { title.to_owned() } else { format!("{title} – {org_name}") },
            subtitle: report.subtitle.trim(),
            period: report.period.trim(),
            footer_label: report.footer_label.trim(),
            lang: &locale.lang,
            region: locale.region.as_deref(),
            script,
            fonts,
            purpose: non_empty(&report.purpose),
            method: non_empty(&report.method),
            total: labels.total.replace("{n}", &thousands(report.total_responses)),
            by_group,
            verified,
            by_day: report
                .by_day
                .iter()
                .map(|(label, n)| DayData { label, count: n.unwrap_or(0), figure: count(*n) })
                .collect(),
            by_day_max,
            by_day_alt,
            questions,
            rankings,
            choices,
            themes,
            recommendations: non_empty(&report.recommendations),
            labels,
        })
    }
}

fn comparison<'a>(c: &'a ReportComparison, labels: &Labels) -> Result<ComparisonData<'a>, PdfError> {
    let mut header = vec![labels.word.to_owned()];
    header.extend(c.groups.iter().map(|(g, n)| format!("{} ({})", g.trim(), thousands(*n))));
    header.push(labels.flagged.to_owned());
    let rows = c
        .rows
        .iter()
        .map(|r| {
            Ok(ComparisonRowData {
                word: r.word.trim(),
                cells: r
                    .cells
                    .iter()
                    .map(|cell| cell.as_ref().map(CellData::new).transpose())
                    .collect::<Result<_, _>>()?,
                flagged: if r.flagged { labels.yes } else { labels.no },
            })
        })
        .collect::<Result<Vec<_>, PdfError>>()?;
    Ok(ComparisonData { header, rows, differ_most: non_empty(&c.differ_most), note: c.note.trim() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_printed_as_a_reader_expects() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(100_000), "100,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(signed(0.454), "+0.45");
        assert_eq!(signed(-0.2), "−0.20");
        assert_eq!(signed(-0.001), "0.00");
        assert_eq!(signed(f64::NAN), "0.00");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(0, 0), "0%");
    }

    #[test]
    fn colours_must_be_six_digit_hex() {
        assert_eq!(colour("#B35806").unwrap(), "#b35806");
        for bad in ["red", "#fff", "#12345g", "\"); panic(\"x", ""] {
            assert!(matches!(colour(bad), Err(PdfError::InvalidColour(_))), "{bad:?}");
        }
    }
}
