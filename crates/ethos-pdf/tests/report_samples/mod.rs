//! Sample posters and Board reports, shared by the tests and the examples.
//! All the text is invented for these samples.
#![allow(dead_code)]

use ethos_pdf::{
    BoardReport, ComparisonRow, CountRow, HeatCell, HeatToken, Poster, PriorityRow, ReportChoice, ReportComparison,
    ReportRanking, ReportTheme, ReportWordQuestion, WordRow,
};

/// A QR-like pattern as SVG: 21×21 modules with the three finder squares.
pub fn qr_svg() -> String {
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 25 25\"><rect width=\"25\" height=\"25\" fill=\"#fff\"/>",
    );
    for (x, y) in [(2, 2), (16, 2), (2, 16)] {
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"7\" height=\"7\"/><rect x=\"{}\" y=\"{}\" width=\"5\" height=\"5\" fill=\"#fff\"/>\
             <rect x=\"{}\" y=\"{}\" width=\"3\" height=\"3\"/>",
            x + 1,
            y + 1,
            x + 2,
            y + 2
        ));
    }
    for i in 0..21u32 {
        for j in 0..21u32 {
            let near = |k: u32| k < 8;
            let finder = (near(i) || i > 12) && near(j) || near(i) && j > 12;
            if !finder && (i * 7 + j * 13 + i * j) % 3 == 0 {
                svg.push_str(&format!("<rect x=\"{}\" y=\"{}\" width=\"1\" height=\"1\"/>", i + 2, j + 2));
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

pub fn poster() -> Poster {
    Poster {
        org_name: "Northshire NHS Foundation Trust".into(),
        title: "Refreshing our values".into(),
        invitation: "Which words of our values should we keep? It takes five minutes.".into(),
        short_link: "ethos.example/c/k3f9".into(),
        qr_svg: qr_svg(),
        closes: "15 December 2026".into(),
        lang: "en-GB".into(),
        logo_png: None,
    }
}

/// The PuOr classes, as the results pages use them.
pub const CLASSES: [(&str, &str, bool, &str); 7] = [
    ("#b35806", "#ffffff", false, "Mostly removed"),
    ("#f1a340", "#212b32", true, "More removed"),
    ("#fee0b6", "#212b32", true, "Leaning remove"),
    ("#f7f7f7", "#212b32", true, "Mixed or no view"),
    ("#d8daeb", "#212b32", true, "Leaning keep"),
    ("#998ec3", "#212b32", true, "More kept"),
    ("#542788", "#ffffff", false, "Mostly kept"),
];

pub fn cell(net: f64) -> HeatCell {
    let class = (((net.clamp(-1.0, 1.0) + 1.0) * 3.5).floor() as usize).min(6);
    let (background, text_colour, border, _) = CLASSES[class];
    HeatCell { background: background.into(), text_colour: text_colour.into(), border, net }
}

/// Turns text into heat tokens: each word gets a net score from `score`.
pub fn heat_paragraph(text: &str, score: impl Fn(usize) -> f64) -> Vec<HeatToken> {
    let mut tokens = Vec::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            tokens.push(HeatToken { text: " ".into(), heat: None });
        }
        let (core, tail) = match word.strip_suffix(['.', ',']) {
            Some(core) => (core, &word[core.len()..]),
            None => (word, ""),
        };
        tokens.push(HeatToken { text: core.into(), heat: Some(cell(score(i))) });
        if !tail.is_empty() {
            tokens.push(HeatToken { text: tail.into(), heat: None });
        }
    }
    tokens
}

fn row(word: &str, saw: u32, keep: u32, remove: u32) -> WordRow {
    WordRow { word: word.into(), saw, keep, remove, net: (f64::from(keep) - f64::from(remove)) / f64::from(saw) }
}

pub fn report() -> BoardReport {
    let text = [
        "We care for every person with compassion, and we listen before we act.",
        "We are open and honest, we learn together, and we never stop improving.",
    ];
    let scores = [0.62, -0.05, 0.1, -0.4, 0.3, 0.0, 0.81, -0.2, 0.45, -0.75, 0.05, -0.9, 0.2];
    BoardReport {
        org_name: "Northshire NHS Foundation Trust".into(),
        title: "Refreshing our values".into(),
        lang: "en-GB".into(),
        subtitle: "Findings for the Board meeting of 14 January 2027".into(),
        period: "Open from 3 November to 15 December 2026".into(),
        footer_label: "Prepared 1 December 2026".into(),
        purpose: vec!["Our values were written six years ago. We asked which of their words still ring true.".into()],
        method: vec![
            "An online survey, open to anyone, with posters on every ward and in every waiting room.".into(),
            "Each respondent could mark every word of our values as keep or remove.".into(),
        ],
        total_responses: 1234,
        by_group: vec![
            CountRow { label: "Staff".into(), count: Some(700), pct: 56.7, verified_staff: None, withheld: false },
            CountRow {
                label: "Patient or service user".into(),
                count: Some(420),
                pct: 34.0,
                verified_staff: None,
                withheld: false,
            },
            CountRow { label: "Alumni".into(), count: None, pct: 0.0, verified_staff: None, withheld: false },
        ],
        verified_staff: None,
        by_day: (1..=30).map(|d| (format!("{d} Nov"), Some(20 + (d * 7) % 40))).collect(),
        word_questions: vec![ReportWordQuestion {
            heading: "Our values, word by word".into(),
            paragraphs: text
                .iter()
                .enumerate()
                .map(|(p, t)| heat_paragraph(t, |i| scores[(i + p * 5) % scores.len()]))
                .collect(),
            legend: CLASSES
                .iter()
                .enumerate()
                .map(|(i, c)| (c.3.to_string(), cell(-1.0 + (i as f64 + 0.5) * 2.0 / 7.0)))
                .collect(),
            most_kept: vec![row("compassion", 1200, 1000, 40), row("listen", 1200, 900, 100)],
            most_removed: vec![row("never", 1200, 100, 800), row("improving", 1200, 200, 500)],
            polarising: vec![row("together", 1200, 500, 450)],
            comparison: Some(ReportComparison {
                groups: vec![("Staff".into(), 700), ("Patient or service user".into(), 420)],
                rows: vec![
                    ComparisonRow {
                        word: "compassion".into(),
                        cells: vec![Some(cell(0.8)), Some(cell(0.7))],
                        flagged: false,
                    },
                    ComparisonRow {
                        word: "never".into(),
                        cells: vec![Some(cell(-0.8)), Some(cell(0.3))],
                        flagged: true,
                    },
                    ComparisonRow { word: "together".into(), cells: vec![Some(cell(0.1)), None], flagged: false },
                ],
                differ_most: vec!["“never”: Staff −0.80, Patient or service user +0.30".into()],
                note: "Each word’s net score in each group.".into(),
            }),
        }],
        rankings: vec![ReportRanking {
            heading: "Which values matter most to you?".into(),
            rows: vec![
                PriorityRow {
                    option: "Compassion".into(),
                    chosen: Some(800),
                    mean_rank: Some(1.4),
                    borda: 2100,
                    withheld: false,
                },
                PriorityRow {
                    option: "Respect".into(),
                    chosen: Some(650),
                    mean_rank: Some(1.9),
                    borda: 1500,
                    withheld: false,
                },
                PriorityRow { option: "Courage".into(), chosen: Some(0), mean_rank: None, borda: 0, withheld: false },
                PriorityRow { option: "Kindness".into(), chosen: None, mean_rank: None, borda: 0, withheld: false },
                PriorityRow { option: "Fairness".into(), chosen: None, mean_rank: None, borda: 0, withheld: true },
            ],
        }],
        choices: vec![ReportChoice {
            heading: "How do you feel about our values?".into(),
            answered: Some(1100),
            rows: vec![
                CountRow { label: "Proud".into(), count: Some(600), pct: 54.5, verified_staff: None, withheld: false },
                CountRow { label: "Unsure".into(), count: Some(500), pct: 45.5, verified_staff: None, withheld: false },
                CountRow {
                    label: "Prefer not to say".into(),
                    count: Some(0),
                    pct: 0.0,
                    verified_staff: None,
                    withheld: false,
                },
            ],
        }],
        themes: vec![ReportTheme {
            name: "Being listened to".into(),
            answers: 212,
            quotes: vec![
                "The nurse sat down and actually heard what I was worried about.".into(),
                "Ask us before deciding, not after.".into(),
            ],
        }],
        recommendations: vec![
            "Keep compassion and listening at the heart of the refreshed values.".into(),
            "Replace \"never stop improving\" with plainer words.".into(),
        ],
    }
}

/// A report the size 100,000 responses produce: the figures are aggregated,
/// so size means many words, groups, days and themes, not many responses.
pub fn large_report() -> BoardReport {
    let mut report = report();
    report.total_responses = 100_000;
    let groups =
        ["Staff", "Patient or service user", "Carer or family", "Student or trainee", "Alumni", "Public", "Partner"];
    report.by_group = groups
        .iter()
        .map(|g| CountRow {
            label: (*g).into(),
            count: Some(100_000 / 7),
            pct: 100.0 / 7.0,
            verified_staff: None,
            withheld: false,
        })
        .collect();
    report.by_day = (0..60)
        .map(|d| (format!("{} {}", d % 30 + 1, if d < 30 { "Nov" } else { "Dec" }), Some(1000 + d * 37)))
        .collect();
    let words = "kind open honest fair safe together respect care compassion listen learn improve include everyone";
    let long: String = (0..30).map(|_| words).collect::<Vec<_>>().join(" ");
    let question = ReportWordQuestion {
        heading: "Our values, word by word".into(),
        paragraphs: (0..3).map(|p| heat_paragraph(&long, |i| ((i * 37 + p * 11) % 200) as f64 / 100.0 - 1.0)).collect(),
        most_kept: (0..20).map(|i| row(&format!("word{i}"), 100_000, 90_000 - i * 1000, 1000)).collect(),
        most_removed: (0..20).map(|i| row(&format!("other{i}"), 100_000, 1000, 80_000 - i * 1000)).collect(),
        polarising: (0..10).map(|i| row(&format!("split{i}"), 100_000, 40_000, 38_000 + i)).collect(),
        ..report.word_questions[0].clone()
    };
    report.word_questions = vec![question.clone(), ReportWordQuestion { heading: "Our vision".into(), ..question }];
    report.rankings[0].rows = (0..12)
        .map(|i| PriorityRow {
            option: format!("Value {i}"),
            chosen: Some(50_000 - i * 3000),
            mean_rank: Some(1.0 + f64::from(i) / 5.0),
            borda: 150_000 - i * 9000,
            withheld: false,
        })
        .collect();
    report.themes = (0..25)
        .map(|i| ReportTheme {
            name: format!("Theme {i}: being treated as a person"),
            answers: 5000 - i * 150,
            quotes: (0..3)
                .map(|q| format!("Quote {q} for theme {i}: staff took the time to explain and to listen."))
                .collect(),
        })
        .collect();
    report.recommendations = (0..10).map(|i| format!("Recommendation {i}: act on what people told us.")).collect();
    report
}
