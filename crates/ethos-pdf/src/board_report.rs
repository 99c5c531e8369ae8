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

use serde::Serialize;

use crate::world::Template;
use crate::{Locale, PdfError, compile, export};

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

#[derive(Serialize)]
struct Labels {
    contents_note: &'static str,
    purpose: &'static str,
    method: &'static str,
    who_responded: &'static str,
    /// With `{n}` to fill in.
    total: &'static str,
    by_group: &'static str,
    group: &'static str,
    responses: &'static str,
    share: &'static str,
    fewer_than: &'static str,
    withheld: &'static str,
    verified: &'static str,
    verified_note: &'static str,
    by_day: &'static str,
    /// With `{n}`, `{days}`, `{day}` and `{max}` to fill in.
    by_day_alt: &'static str,
    words: &'static str,
    legend: &'static str,
    heat_note: &'static str,
    most_kept: &'static str,
    most_removed: &'static str,
    polarising: &'static str,
    word: &'static str,
    saw: &'static str,
    keep: &'static str,
    remove: &'static str,
    net: &'static str,
    priorities: &'static str,
    choices: &'static str,
    option: &'static str,
    /// With `{n}` to fill in.
    answered: &'static str,
    too_few: &'static str,
    groups_side_by_side: &'static str,
    differ_most: &'static str,
    flagged: &'static str,
    yes: &'static str,
    no: &'static str,
    value: &'static str,
    chosen: &'static str,
    mean_rank: &'static str,
    borda: &'static str,
    borda_note: &'static str,
    themes: &'static str,
    /// With `{n}` to fill in.
    theme_answers: &'static str,
    recommendations: &'static str,
    none: &'static str,
    /// With `{page}` and `{pages}` to fill in.
    page_of: &'static str,
    default_title: &'static str,
}

impl Labels {
    fn for_lang(lang: &str) -> Self {
        match lang {
            "cy" => Self {
                contents_note: "Adroddiad i’r Bwrdd",
                purpose: "Pwrpas",
                method: "Dull",
                who_responded: "Pwy ymatebodd",
                total: "{n} ymateb i gyd.",
                by_group: "Ymatebion fesul grŵp",
                group: "Grŵp",
                responses: "Ymatebion",
                share: "Cyfran",
                fewer_than: "llai na 5",
                withheld: "heb ei ddangos",
                verified: "O’r rhain, staff wedi’u dilysu",
                verified_note: "Mewngofnododd staff wedi’u dilysu fel aelodau o’r sefydliad cyn ateb; maen nhw hefyd wedi’u cyfrif yn eu grŵp.",
                by_day: "Ymatebion fesul diwrnod",
                by_day_alt: "Siart colofn: {n} ymateb dros {days} diwrnod; y prysuraf oedd {day} gyda {max}.",
                words: "Y geiriau",
                legend: "Allwedd",
                heat_note: "Lliw pob gair yw ei sgôr net, (cadw − dileu) / gwelwyd; mae’r sgôr wedi’i hargraffu wrth bob gair.",
                most_kept: "Y geiriau a gadwyd fwyaf",
                most_removed: "Y geiriau a ddilëwyd fwyaf",
                polarising: "Geiriau sy’n hollti barn",
                word: "Gair",
                saw: "Gwelwyd",
                keep: "Cadw",
                remove: "Dileu",
                net: "Net",
                priorities: "Blaenoriaethau gwerthoedd",
                choices: "Cwestiynau dewis",
                option: "Dewis",
                answered: "Atebwyd gan {n}.",
                too_few: "Atebodd llai na 5, felly ni ddangosir y ffigurau.",
                groups_side_by_side: "Grwpiau ochr yn ochr",
                differ_most: "Lle mae’r grwpiau’n gwahaniaethu fwyaf",
                flagged: "Gwahanol",
                yes: "Ie",
                no: "Na",
                value: "Gwerth",
                chosen: "Dewiswyd",
                mean_rank: "Safle cymedrig",
                borda: "Sgôr Borda",
                borda_note: "Sgôr Borda: mae dewis yn safle p o N yn ennill N − p + 1 pwynt.",
                themes: "Themâu",
                theme_answers: "{n} ateb",
                recommendations: "Argymhellion",
                none: "Dim eto.",
                page_of: "Tudalen {page} o {pages}",
                default_title: "Adroddiad ymgynghori",
            },
            _ => Self {
                contents_note: "Report to the Board",
                purpose: "Purpose",
                method: "Method",
                who_responded: "Who responded",
                total: "{n} responses in all.",
                by_group: "Responses by group",
                group: "Group",
                responses: "Responses",
                share: "Share",
                fewer_than: "fewer than 5",
                withheld: "not shown",
                verified: "Of which verified staff",
                verified_note: "Verified staff signed in as members of the organisation before answering; they are counted in their group as well.",
                by_day: "Responses by day",
                by_day_alt: "Column chart: {n} responses over {days} days; the busiest was {day} with {max}.",
                words: "The words",
                legend: "Key",
                heat_note: "Each word is coloured by its net score, (keep − remove) / saw; the score is printed beside every word.",
                most_kept: "Most kept words",
                most_removed: "Most removed words",
                polarising: "Words that divide opinion",
                word: "Word",
                saw: "Saw",
                keep: "Keep",
                remove: "Remove",
                net: "Net",
                priorities: "Value priorities",
                choices: "Choice questions",
                option: "Option",
                answered: "Answered by {n}.",
                too_few: "Fewer than 5 answered, so the figures are not shown.",
                groups_side_by_side: "Groups side by side",
                differ_most: "Where groups differ most",
                flagged: "Differs",
                yes: "Yes",
                no: "No",
                value: "Value",
                chosen: "Chosen",
                mean_rank: "Mean rank",
                borda: "Borda score",
                borda_note: "Borda score: a pick at rank p of N scores N − p + 1 points.",
                themes: "Themes",
                theme_answers: "{n} answers",
                recommendations: "Recommendations",
                none: "None yet.",
                page_of: "Page {page} of {pages}",
                default_title: "Consultation report",
            },
        }
    }
}

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
struct ReportData<'a> {
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
    fn new(report: &'a BoardReport, locale: &'a Locale) -> Result<Self, PdfError> {
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

/// Renders the Board report as a tagged PDF/UA-1 document.
pub fn board_report(report: &BoardReport) -> Result<Vec<u8>, PdfError> {
    let locale = Locale::parse(&report.lang)?;
    let data = ReportData::new(report, &locale)?;
    export(&compile(Template::BoardReport, &data, None)?)
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
