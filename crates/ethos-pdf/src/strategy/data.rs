//! What the strategy templates read from `/data.json`: the inputs with
//! their text trimmed, the language's fonts, and each chart made ready for
//! typst's SVG reader.

use serde::Serialize;

use super::*;
use crate::Locale;

/// The chart as typst should read it: the server's SVG is drawn for a web
/// page (`width="100%"`, a web font first), so it gets a fixed size in its
/// own units and the embedded Noto Sans for its axis text.
fn chart_for_print(svg: &str) -> String {
    svg.trim()
        .replacen("width=\"100%\"", "width=\"400\" height=\"280\"", 1)
        .replace("Frutiger W01, Arial, sans-serif", "Noto Sans")
}

#[derive(Serialize)]
struct Line<'a> {
    title: &'a str,
    detail: &'a str,
}

fn lines(items: &[ExceptionLine]) -> Vec<Line<'_>> {
    items.iter().map(|l| Line { title: l.title.trim(), detail: l.detail.trim() }).collect()
}

#[derive(Serialize)]
struct MeasureData<'a> {
    name: &'a str,
    chart_svg: String,
    chart_alt: &'a str,
    latest: &'a str,
    variation: &'a str,
    assurance: &'a str,
}

fn measures(items: &[ReportMeasure]) -> Vec<MeasureData<'_>> {
    items
        .iter()
        .map(|m| MeasureData {
            name: m.name.trim(),
            chart_svg: chart_for_print(&m.chart_svg),
            chart_alt: m.chart_alt.trim(),
            latest: m.latest.trim(),
            variation: m.variation.trim(),
            assurance: m.assurance.trim(),
        })
        .collect()
}

/// The Board performance report's data.
#[derive(Serialize)]
pub(super) struct ReportData<'a> {
    doc_title: String,
    org_name: &'a str,
    strategy: &'a str,
    period: &'a str,
    produced: &'a str,
    lang: &'a str,
    region: Option<&'a str>,
    fonts: &'static [&'static str],
    off_track: Vec<Line<'a>>,
    stale: Vec<Line<'a>>,
    concern: Vec<Line<'a>>,
    failing: Vec<Line<'a>>,
    aims: &'a [ReportAim],
    measures: Vec<MeasureData<'a>>,
    rules: &'a [String],
}

impl<'a> ReportData<'a> {
    pub(super) fn new(r: &'a PerformanceReport, locale: &'a Locale) -> Self {
        let (_, fonts) = locale.fonts();
        Self {
            doc_title: format!("Board performance report, {} – {}", r.period.trim(), r.org_name.trim()),
            org_name: r.org_name.trim(),
            strategy: r.strategy.trim(),
            period: r.period.trim(),
            produced: r.produced.trim(),
            lang: &locale.lang,
            region: locale.region.as_deref(),
            fonts,
            off_track: lines(&r.exceptions.off_track),
            stale: lines(&r.exceptions.stale),
            concern: lines(&r.exceptions.concern),
            failing: lines(&r.exceptions.failing),
            aims: &r.aims,
            measures: measures(&r.measures),
            rules: &r.rules,
        }
    }
}

impl Serialize for ReportAim {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ReportAim", 5)?;
        st.serialize_field("title", self.title.trim())?;
        st.serialize_field("description", self.description.trim())?;
        st.serialize_field("rollup", self.rollup.trim())?;
        st.serialize_field("objectives", &self.objectives)?;
        let measures: Vec<&str> = self.measures.iter().map(|m| m.trim()).collect();
        st.serialize_field("measures", &measures)?;
        st.end()
    }
}

impl Serialize for ReportObjective {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ReportObjective", 9)?;
        st.serialize_field("title", self.title.trim())?;
        st.serialize_field("status", self.status.trim())?;
        st.serialize_field("lead", self.lead.trim())?;
        st.serialize_field("due", self.due.trim())?;
        st.serialize_field("rag", self.rag.trim())?;
        st.serialize_field("narrative", self.narrative.trim())?;
        st.serialize_field("stale", &self.stale)?;
        st.serialize_field("members_rollup", self.members_rollup.trim())?;
        let members: Vec<&str> = self.members.iter().map(|m| m.trim()).collect();
        st.serialize_field("members", &members)?;
        st.end()
    }
}

#[derive(Serialize)]
struct SummaryAimData<'a> {
    title: &'a str,
    description: &'a str,
    priorities: Vec<&'a str>,
    objectives: Vec<(&'a str, &'a str, &'a str)>,
}

/// The strategy summary's data.
#[derive(Serialize)]
pub(super) struct SummaryData<'a> {
    doc_title: String,
    org_name: &'a str,
    title: &'a str,
    period: &'a str,
    year: &'a str,
    summary: &'a str,
    vision: &'a str,
    mission: &'a str,
    motto: &'a str,
    values: Vec<&'a str>,
    aims: Vec<SummaryAimData<'a>>,
    status_counts: &'a [(String, u32)],
    measures: Vec<MeasureData<'a>>,
    produced: &'a str,
    long: bool,
    lang: &'a str,
    region: Option<&'a str>,
    fonts: &'static [&'static str],
}

impl<'a> SummaryData<'a> {
    pub(super) fn new(s: &'a StrategySummary, locale: &'a Locale) -> Self {
        let (_, fonts) = locale.fonts();
        let aims = s
            .aims
            .iter()
            .map(|a| SummaryAimData {
                title: a.title.trim(),
                description: a.description.trim(),
                priorities: a.priorities.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect(),
                objectives: if s.long {
                    a.objectives.iter().map(|(t, st, l)| (t.trim(), st.trim(), l.trim())).collect()
                } else {
                    Vec::new()
                },
            })
            .collect();
        Self {
            doc_title: format!("{} – {}", s.title.trim(), s.org_name.trim()),
            org_name: s.org_name.trim(),
            title: s.title.trim(),
            period: s.period.trim(),
            year: s.year.trim(),
            summary: s.summary.trim(),
            vision: s.vision.trim(),
            mission: s.mission.trim(),
            motto: s.motto.trim(),
            values: s.values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect(),
            aims,
            status_counts: &s.status_counts,
            measures: if s.long { measures(&s.measures) } else { Vec::new() },
            produced: s.produced.trim(),
            long: s.long,
            lang: &locale.lang,
            region: locale.region.as_deref(),
            fonts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::chart_for_print;

    #[test]
    fn a_web_chart_gets_a_printable_size_and_the_embedded_font() {
        let svg = r#"<svg width="100%" font-family="Frutiger W01, Arial, sans-serif"><rect width="100%"/></svg>"#;
        let printed = chart_for_print(svg);
        assert!(printed.starts_with(r#"<svg width="400" height="280" font-family="Noto Sans">"#), "{printed}");
        assert!(printed.contains(r#"<rect width="100%"/>"#), "only the outer size changes");
    }
}
