//! Renders a strategy's Board performance report and summary and reads the
//! text back with lopdf: the exceptions come before the aims, charts embed,
//! and the summary fits a plan on one page.

use ethos_pdf::{
    ExceptionLine, Exceptions, PerformanceReport, ReportAim, ReportMeasure, ReportObjective, StrategySummary,
    SummaryAim, performance_report, strategy_summary,
};
use lopdf::Document;

/// A small chart shaped like the server's: web width, web font, text.
const CHART: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 400 280" width="100%"
 font-family="Frutiger W01, Arial, sans-serif" font-size="11"><title>Beds</title>
<polyline points="10,200 100,150 200,170 300,60" fill="none" stroke="#aeb7bd"/>
<circle cx="300" cy="60" r="4" fill="#ed8b00"/><text x="10" y="270">Apr 2025</text></svg>"##;

fn text_of(bytes: &[u8]) -> (String, usize) {
    let doc = Document::load_mem(bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    (doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect(), pages.len())
}

fn measure(name: &str) -> ReportMeasure {
    ReportMeasure {
        name: name.into(),
        chart_svg: CHART.into(),
        chart_alt: "Twelve points, the latest higher than any before.".into(),
        latest: "Latest: 31 (March 2026)".into(),
        variation: "Special cause variation of a concerning nature where the measure is significantly higher".into(),
        assurance: "The system is expected to consistently fail the target".into(),
    }
}

fn report() -> PerformanceReport {
    let line = |t: &str, d: &str| ExceptionLine { title: t.into(), detail: d.into() };
    PerformanceReport {
        org_name: "Westmoor Community Trust".into(),
        strategy: "Care nearer home 2025 to 2028".into(),
        period: "2025-26, quarter 4 (January to March 2026)".into(),
        produced: "Produced 5 December 2026".into(),
        exceptions: Exceptions {
            off_track: vec![line("Shorter waits for foot care", "Lead: Head of Podiatry")],
            stale: vec![],
            concern: vec![line("Bed days lost to delays", "latest point is a concern")],
            failing: vec![line("Bed days lost to delays", "will consistently fail")],
        },
        aims: vec![ReportAim {
            title: "Help people stay well at home".into(),
            description: String::new(),
            rollup: "Off track (0%)".into(),
            objectives: vec![ReportObjective {
                title: "Shorter waits for foot care".into(),
                status: "Off track".into(),
                lead: "Head of Podiatry".into(),
                due: "31 March 2026".into(),
                rag: "Red: serious concern (2026-Q1)".into(),
                narrative: "Two clinicians left in the autumn.".into(),
                stale: false,
                members_rollup: "At risk (50%)".into(),
                members: vec!["Eastfield Trust: Green (2026-Q1)".into(), "Westmoor Trust: Red (2026-Q1)".into()],
            }],
            measures: vec!["Bed days lost to delays".into()],
        }],
        measures: (0..3).map(|i| measure(&format!("Bed days lost to delays {i}"))).collect(),
        rules: vec!["An objective is stale when it has no recent update.".into()],
    }
}

#[test]
fn the_board_report_lists_exceptions_before_the_aims_and_draws_each_chart() {
    let (text, _) = text_of(&performance_report(&report()).unwrap());
    let exceptions = text.find("Exceptions").expect("an exceptions section");
    let off_track = text.find("Shorterwaitsforfootcare").unwrap();
    let aims = text.find("Aimsandobjectives").expect("an aims section");
    assert!(exceptions < off_track && off_track < aims, "{text}");
    assert!(text.contains("Objectiveswithoutarecentupdate(stale)None."), "{text}");
    assert!(text.contains("Twocliniciansleftintheautumn."), "{text}");
    assert!(text.contains("Reportsofmemberorganisations:Atrisk(50%)"), "{text}");
    assert!(text.contains("WestmoorTrust:Red(2026-Q1)"), "{text}");
    assert!(text.contains("Beddayslosttodelays2"), "every measure is printed");
}

#[test]
fn the_summary_is_a_plan_on_a_page_and_the_long_version_adds_objectives_and_charts() {
    let summary = StrategySummary {
        org_name: "Westmoor Community Trust".into(),
        title: "Care nearer home".into(),
        period: "2025-26 to 2027-28".into(),
        year: "2025-26".into(),
        vision: "Everyone gets care close to where they live.".into(),
        motto: "Nearer, sooner".into(),
        values: vec!["Warmth".into(), "Candour".into()],
        aims: (1..=4)
            .map(|i| SummaryAim {
                title: format!("Aim number {i}"),
                description: "What this aim is about, in a sentence.".into(),
                priorities: vec!["First priority".into(), "Second priority".into()],
                objectives: vec![("An objective".into(), "On track".into(), "A lead".into())],
            })
            .collect(),
        status_counts: vec![("On track".into(), 3), ("Off track".into(), 1)],
        measures: vec![measure("Bed days lost to delays")],
        produced: "Produced 5 December 2026".into(),
        ..Default::default()
    };
    let (text, pages) = text_of(&strategy_summary(&summary).unwrap());
    assert_eq!(pages, 1, "{text}");
    assert!(text.contains("Ourvalues:Warmth·Candour"), "{text}");
    assert!(text.contains("Aimnumber4"));
    assert!(!text.contains("Anobjective"), "the page counts objectives rather than listing them");
    let (long, _) = text_of(&strategy_summary(&StrategySummary { long: true, ..summary }).unwrap());
    assert!(long.contains("Anobjective—Ontrack(lead:Alead)"), "{long}");
    assert!(long.contains("Beddayslosttodelays"));
}
