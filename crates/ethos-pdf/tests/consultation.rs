//! Renders consultation posters and Board reports and reads the PDFs back
//! with lopdf.

mod report_samples;

use ethos_pdf::{BoardReport, CountRow, HeatCell, HeatToken, PdfError, Poster, ReportTheme, board_report, poster};
use lopdf::{Document, Object};
use report_samples as samples;

fn load(bytes: &[u8]) -> Document {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    Document::load_mem(bytes).expect("the PDF parses")
}

/// All the text of the document with whitespace removed, pages in order.
fn squashed_text(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text extracts").chars().filter(|c| !c.is_whitespace()).collect()
}

fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn text_string(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).expect("valid UTF-16")
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn catalog_lang(doc: &Document) -> String {
    text_string(doc.catalog().unwrap().get(b"Lang").expect("/Lang in the catalog"))
}

fn info_title(doc: &Document) -> String {
    let info = doc.trailer.get(b"Info").expect("/Info in the trailer");
    let info = doc.dereference(info).unwrap().1.as_dict().unwrap();
    text_string(info.get(b"Title").expect("/Title in the document info"))
}

/// The structure elements (/S) with their /Alt text, if any.
fn structure(doc: &Document) -> Vec<(String, Option<String>)> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"StructElem"))
        .filter_map(|d| {
            let kind = String::from_utf8_lossy(d.get(b"S").and_then(Object::as_name).ok()?).into_owned();
            Some((kind, d.get(b"Alt").ok().map(text_string)))
        })
        .collect()
}

fn assert_in_order(text: &str, wanted: &[&str]) {
    let mut from = 0;
    for w in wanted {
        let w = squashed(w);
        let at = text[from..].find(&w).unwrap_or_else(|| panic!("{w:?} is missing or out of order in:\n{text}"));
        from += at + w.len();
    }
}

#[test]
fn a_poster_shows_the_invitation_link_qr_code_and_closing_date_on_one_tagged_page() {
    let bytes = poster(&samples::poster()).unwrap();
    let doc = load(&bytes);
    assert_eq!(doc.get_pages().len(), 1, "a poster is one page");
    assert_eq!(info_title(&doc), "Refreshing our values – Northshire NHS Foundation Trust");
    assert_eq!(catalog_lang(&doc), "en-GB");
    assert_in_order(
        &squashed_text(&doc),
        &[
            "Northshire NHS Foundation Trust",
            "Have your say",
            "Refreshing our values",
            "Which words of our values should we keep?",
            "or type:",
            "ethos.example/c/k3f9",
            "Open until 15 December 2026",
            "No sign-in needed.",
        ],
    );
    let structure = structure(&doc);
    let qr = structure.iter().find(|(s, _)| s == "Figure").expect("the QR code is a figure");
    assert_eq!(qr.1.as_deref(), Some("QR code that opens ethos.example/c/k3f9"));
    assert!(structure.iter().any(|(s, _)| s == "H1"));
    assert!(String::from_utf8_lossy(&bytes).contains("pdfuaid:part"), "no PDF/UA identification");
}

#[test]
fn a_welsh_poster_has_welsh_labels_and_language() {
    let welsh = Poster {
        title: "Adnewyddu ein gwerthoedd".into(),
        invitation: String::new(),
        lang: "cy".into(),
        ..samples::poster()
    };
    let doc = load(&poster(&welsh).unwrap());
    assert_eq!(catalog_lang(&doc), "cy");
    let text = squashed_text(&doc);
    for wanted in ["Dweudeichdweud", "Dywedwchwrthym", "Aragortan15December2026"] {
        assert!(text.contains(wanted), "{wanted:?} missing from {text}");
    }
}

#[test]
fn poster_text_that_looks_like_markup_is_printed_as_written() {
    let markup = Poster {
        org_name: "#panic(\"org\")".into(),
        title: "<script>alert(1)</script> *bold* $x$".into(),
        invitation: "]#pagebreak()[".into(),
        short_link: "a.example/c/#x_y".into(),
        ..samples::poster()
    };
    let doc = load(&poster(&markup).unwrap());
    assert_eq!(doc.get_pages().len(), 1);
    let text = squashed_text(&doc);
    for literal in ["#panic(\"org\")", "<script>alert(1)</script>*bold*$x$", "]#pagebreak()[", "a.example/c/#x_y"] {
        assert!(text.contains(&squashed(literal)), "{literal:?} did not come out literally in:\n{text}");
    }
}

#[test]
fn a_poster_with_a_broken_qr_code_is_refused_with_a_clear_error() {
    let broken = Poster { qr_svg: "<svg><rect".into(), ..samples::poster() };
    let err = poster(&broken).unwrap_err();
    assert!(matches!(err, PdfError::InvalidQrCode(_)), "{err:?}");
    assert!(err.to_string().starts_with("the QR code could not be used"), "{err}");
    // Without a QR code the poster still prints the link.
    let doc = load(&poster(&Poster { qr_svg: String::new(), ..samples::poster() }).unwrap());
    assert!(squashed_text(&doc).contains("ethos.example/c/k3f9"));
}

#[test]
fn a_board_report_has_every_section_in_order() {
    let bytes = board_report(&samples::report()).unwrap();
    let doc = load(&bytes);
    assert_eq!(info_title(&doc), "Refreshing our values – Northshire NHS Foundation Trust");
    assert_eq!(catalog_lang(&doc), "en-GB");
    let text = squashed_text(&doc);
    assert_in_order(
        &text,
        &[
            "Report to the Board",
            "Refreshing our values",
            "Findings for the Board meeting of 14 January 2027",
            "Purpose",
            "Method",
            "Who responded",
            "1,234 responses in all.",
            "Responses by group",
            "Staff",
            "700",
            "57%",
            "Alumni",
            "fewer than 5",
            "Responses by day",
            "Our values, word by word",
            "Key",
            "Most kept words",
            "compassion",
            "1,200",
            "1,000 (83%)",
            "40 (3%)",
            "+0.80",
            "Most removed words",
            "never",
            "Words that divide opinion",
            "together",
            "Groups side by side",
            "Where groups differ most",
            "“never”: Staff −0.80, Patient or service user +0.30",
            "Staff (700)",
            "Value priorities",
            "Compassion",
            "1.40",
            "2,100",
            "Courage",
            "Kindness",
            "fewer than 5",
            "Fairness",
            "not shown",
            "Choice questions",
            "How do you feel about our values?",
            "Answered by 1,100.",
            "Proud",
            "600",
            "54%",
            "Themes",
            "Being listened to",
            "212 answers",
            "actually heard what I was worried about",
            "Recommendations",
            "Keep compassion and listening",
            "Page 3 of 3",
        ],
    );
    // The suppressed group's count is not printed.
    assert!(!text.contains("Alumni0"), "{text}");
    let kinds: Vec<String> = structure(&doc).into_iter().map(|(s, _)| s).collect();
    for wanted in ["H1", "H2", "H3", "Table", "TH", "TD", "L", "LI", "Figure"] {
        assert!(kinds.iter().any(|k| k == wanted), "no /{wanted} in the structure tree: {kinds:?}");
    }
}

#[test]
fn verified_staff_get_a_column_and_a_closing_row_with_small_figures_suppressed() {
    let mut report = samples::report();
    report.by_group[0].verified_staff = Some(65);
    // Too few to show (the caller decides): printed as "fewer than 5".
    report.by_group[1].verified_staff = None;
    report.verified_staff = Some(CountRow {
        label: "Staff (verified), all groups".into(),
        count: Some(68),
        pct: 5.5,
        verified_staff: None,
        withheld: false,
    });
    let text = squashed_text(&load(&board_report(&report).unwrap()));
    assert_in_order(
        &text,
        &[
            "Responses by group",
            "Group",
            "Responses",
            "Share",
            "Of which verified staff",
            "Staff",
            "700",
            "57%",
            "65",
            "Patient or service user",
            "420",
            "34%",
            "fewer than 5",
            "Alumni",
            "fewer than 5",
            "Staff (verified), all groups",
            "68",
            "6%",
            "68",
            "signed in as members of the organisation",
            "Responses by day",
        ],
    );
    // Without verified staff figures the table keeps its three columns.
    let plain = squashed_text(&load(&board_report(&samples::report()).unwrap()));
    assert!(!plain.contains("Ofwhichverifiedstaff"), "{plain}");
}

#[test]
fn the_heat_map_prints_every_word_with_its_net_score() {
    let doc = load(&board_report(&samples::report()).unwrap());
    let text = squashed_text(&doc);
    // The first words of the first paragraph, each followed by its score.
    assert_in_order(&text, &["We", "+0.62", "care", "−0.05", "for", "+0.10", "every", "−0.40", "person", "+0.30"]);
    let chart = structure(&doc).into_iter().find(|(s, alt)| s == "Figure" && alt.is_some()).expect("the day chart");
    assert_eq!(
        chart.1.as_deref(),
        Some("Column chart: 1,175 responses over 30 days; the busiest was 17 Nov with 59."),
        "the chart's alt text sums up its figures"
    );
}

#[test]
fn report_text_that_looks_like_markup_is_printed_as_written() {
    let mut report = samples::report();
    report.title = "#panic(\"x\") <b>".into();
    report.purpose = vec!["*not bold* $x$ ]".into()];
    report.by_group =
        vec![CountRow { label: "<script>".into(), count: Some(5), pct: 100.0, verified_staff: None, withheld: false }];
    report.word_questions[0].paragraphs = vec![vec![HeatToken {
        text: "#set text(red)".into(),
        heat: Some(HeatCell { background: "#f7f7f7".into(), text_colour: "#212b32".into(), border: true, net: 0.0 }),
    }]];
    report.themes = vec![ReportTheme { name: "@label".into(), answers: 2, quotes: vec!["`code` \\ #quote".into()] }];
    let doc = load(&board_report(&report).unwrap());
    assert_eq!(info_title(&doc), "#panic(\"x\") <b> – Northshire NHS Foundation Trust");
    let text = squashed_text(&doc);
    for literal in ["#panic(\"x\")<b>", "*notbold*$x$]", "<script>", "#settext(red)", "@label", "`code`\\#quote"] {
        assert!(text.contains(&squashed(literal)), "{literal:?} did not come out literally in:\n{text}");
    }
}

#[test]
fn a_colour_that_is_not_hex_is_refused() {
    let mut report = samples::report();
    report.word_questions[0].paragraphs[0][0].heat.as_mut().unwrap().background = "red\"); panic(\"".into();
    let err = board_report(&report).unwrap_err();
    assert!(matches!(err, PdfError::InvalidColour(_)), "{err:?}");
}

#[test]
fn an_empty_report_still_renders_in_welsh() {
    let doc = load(&board_report(&BoardReport { lang: "cy".into(), ..Default::default() }).unwrap());
    assert_eq!(catalog_lang(&doc), "cy");
    assert_eq!(info_title(&doc), "Adroddiad ymgynghori");
    let text = squashed_text(&doc);
    assert_in_order(&text, &["Pwyymatebodd", "0ymatebigyd.", "Argymhellion", "Dimeto."]);
}

#[test]
fn a_report_for_100000_responses_renders() {
    let doc = load(&board_report(&samples::large_report()).unwrap());
    let pages = doc.get_pages().len();
    assert!((4..=30).contains(&pages), "{pages} pages");
    let text = squashed_text(&doc);
    assert!(text.contains("100,000responsesinall."), "{text}");
    assert!(text.contains("Theme24:beingtreatedasaperson"));
}
