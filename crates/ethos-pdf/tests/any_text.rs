//! Any text prints: emoji, every script of the languages Ethos offers, and,
//! as a visible placeholder, characters no embedded font has. The property
//! test puts arbitrary text that Ethos's input check accepts into every
//! field of every document.

mod report_samples;
mod samples;

use ethos_pdf::{BoardReport, Leaflet, LeafletValue, Poster, ReportTheme, board_report, leaflet, poster};
use lopdf::Document;
use proptest::prelude::*;

/// All the text of a PDF with whitespace removed, pages in order.
fn text_of(pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let doc = Document::load_mem(pdf).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text extracts").chars().filter(|c| !c.is_whitespace()).collect()
}

fn with_motto(lang: &str, rtl: bool, motto: &str) -> Leaflet {
    Leaflet { lang: lang.into(), rtl, motto: motto.into(), ..samples::english() }
}

#[test]
fn emoji_print_in_the_leaflet_large_print_and_a_welsh_leaflet() {
    for sample in [
        with_motto("en-GB", false, "Everyone treated warmly 💙"),
        Leaflet { large_print: true, ..with_motto("en-GB", false, "Everyone treated warmly 💙") },
        Leaflet { motto: "Gofalu’n gynnes 💙".into(), ..samples::welsh() },
    ] {
        let pdf = leaflet(&sample).unwrap_or_else(|e| panic!("{e}"));
        assert!(text_of(&pdf).contains("💙"), "the emoji is in the text of the {} leaflet", sample.lang);
    }
}

#[test]
fn emoji_print_in_the_poster_and_in_a_quote_of_the_board_report() {
    let pdf = poster(&Poster { title: "Our values 💙".into(), ..report_samples::poster() }).unwrap();
    assert!(text_of(&pdf).contains("Ourvalues💙"));

    let mut report = report_samples::report();
    report.title = "Refreshing our values 💙".into();
    report.themes =
        vec![ReportTheme { name: "Kindness".into(), answers: 12, quotes: vec!["Staff smiled at me 😊".into()] }];
    let text = text_of(&board_report(&report).unwrap_or_else(|e| panic!("{e}")));
    assert!(text.contains("Refreshingourvalues💙"), "{text}");
    assert!(text.contains("Staffsmiledatme😊"), "{text}");
}

#[test]
fn every_offered_language_prints_in_its_own_script() {
    let samples = [
        ("pa", "ਅਸੀਂ ਦਇਆ ਨਾਲ ਦੇਖਭਾਲ ਕਰਦੇ ਹਾਂ"),
        ("gu", "અમે કરુણાથી સંભાળ રાખીએ છીએ"),
        ("zh", "我们用同情心关怀每一个人。"),
        ("ur", "ہم ہمدردی سے دیکھ بھال کرتے ہیں"),
        ("pl", "Troszczymy się o siebie nawzajem, zawsze życzliwie"),
        ("lt", "Rūpinamės vieni kitais, visada geranoriškai"),
        ("ro", "Ne îngrijim unii pe alții, mereu cu bunătate"),
        ("bn", "আমরা সহানুভূতির সঙ্গে যত্ন নিই"),
    ];
    for (lang, promise) in samples {
        let value = LeafletValue { name: "💙".into(), promise: promise.into(), ..LeafletValue::default() };
        let sample = Leaflet { lang: lang.into(), rtl: lang == "ur", values: vec![value], ..Leaflet::default() };
        let pdf = leaflet(&sample).unwrap_or_else(|e| panic!("{lang}: {e}"));
        let text = text_of(&pdf);
        assert!(!text.contains('\u{FFFD}'), "{lang}: no placeholder in {text}");
    }
    // Text that comes out of a Chinese leaflet as written.
    let sample = Leaflet { lang: "zh".into(), motto: "同心协力".into(), ..Leaflet::default() };
    assert!(text_of(&leaflet(&sample).unwrap()).contains("同心协力"));
}

#[test]
fn a_character_no_font_has_prints_as_a_visible_placeholder() {
    // No embedded font has Egyptian hieroglyphs (U+13000) or U+10FFFD (for
    // private use). The rest of the text is untouched.
    let pdf = leaflet(&with_motto("en", false, "Care \u{13000} and \u{10FFFD} here")).unwrap();
    let text = text_of(&pdf);
    assert!(text.contains("Care\u{FFFD}and\u{FFFD}here"), "{text:?}");
}

#[test]
fn line_endings_from_browsers_and_stored_control_characters_do_not_stop_a_render() {
    let pdf = leaflet(&with_motto("en", false, "One\r\ntwo\rthree\u{0}four\u{7}")).unwrap();
    assert!(text_of(&pdf).contains("Onetwothree\u{FFFD}four\u{FFFD}"));
}

// ── The property ─────────────────────────────────────────────────────────

/// Whether Ethos's input check accepts `text` (mirrors `forbidden` in the
/// app's `src/web/text.rs`: no control characters but tab, line feed and a
/// carriage return before a line feed).
fn accepted(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' | '\n' => {}
            '\r' if chars.peek() == Some(&'\n') => {}
            c if c.is_control() => return false,
            _ => {}
        }
    }
    true
}

fn in_range(from: u32, to: u32) -> impl Strategy<Value = char> {
    (from..=to).prop_filter_map("a char", char::from_u32)
}

/// Text as people write it and as a tester would: any character at all,
/// with extra weight on emoji and their joiners and modifiers, combining
/// marks, the offered scripts, direction marks and line endings.
fn any_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>().prop_map(String::from),
        2 => in_range(0x20, 0x7e).prop_map(String::from),
        2 => in_range(0x1f300, 0x1faff).prop_map(String::from),
        1 => in_range(0x0300, 0x036f).prop_map(String::from),
        1 => in_range(0x0600, 0x06ff).prop_map(String::from),
        1 => in_range(0x0980, 0x09ff).prop_map(String::from),
        1 => in_range(0x0a00, 0x0aff).prop_map(String::from),
        1 => in_range(0x4e00, 0x9fff).prop_map(String::from),
        1 => in_range(0xe000, 0xf8ff).prop_map(String::from),
        2 => prop::sample::select(vec![
            "\u{200d}", "\u{fe0f}", "\u{fe0e}", "\u{1f3fd}", "\u{200f}", "\u{202e}", "\u{2066}", "\u{ad}", "\u{2028}",
            "\u{3000}", "\r\n", "\n", "\t", " ", "👩🏽‍⚕️", "🇬🇧", "1️⃣", "\u{fffd}", "\u{fdd0}", "\u{e0061}",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat()).prop_filter("accepted", |s| accepted(s))
}

fn leaflet_of(text: &str, lang: &str, rtl: bool, large_print: bool) -> Leaflet {
    let value = LeafletValue {
        name: text.into(),
        promise: text.into(),
        commitments: vec![text.into()],
        behaviours: vec![text.into(), "plain".into()],
    };
    Leaflet {
        org_name: text.into(),
        title: text.into(),
        lang: lang.into(),
        rtl,
        vision: text.into(),
        vision_supporting: vec![text.into()],
        mission: text.into(),
        motto: text.into(),
        values: vec![value.clone(), value],
        principles: vec![(text.into(), vec![text.into()])],
        large_print,
        version_label: text.into(),
        ..Leaflet::default()
    }
}

fn report_of(text: &str) -> BoardReport {
    let mut report = report_samples::report();
    report.org_name = text.into();
    report.title = text.into();
    report.subtitle = text.into();
    report.purpose = vec![text.into()];
    report.by_group[0].label = text.into();
    report.word_questions[0].heading = text.into();
    report.word_questions[0].paragraphs.push(report_samples::heat_paragraph(text, |_| 0.5));
    report.word_questions[0].most_kept[0].word = text.into();
    report.rankings[0].rows[0].option = text.into();
    // A theme's name cannot be blank (the rename form says so).
    report.themes = vec![ReportTheme { name: format!("Theme {text}"), answers: 7, quotes: vec![text.into()] }];
    report.recommendations = vec![text.into()];
    report
}

proptest! {
    // Each case typesets seven documents; PROPTEST_CASES=500 runs more.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn any_accepted_text_renders_in_every_document(text in any_text()) {
        for (lang, rtl, large) in [("en-GB", false, false), ("en-GB", false, true), ("cy", false, false), ("ar", true, false), ("zh", false, false)] {
            let pdf = leaflet(&leaflet_of(&text, lang, rtl, large));
            prop_assert!(pdf.as_ref().is_ok_and(|pdf| pdf.starts_with(b"%PDF-")), "leaflet {lang}: {:?}", pdf.err());
        }
        let pdf = poster(&Poster { org_name: text.clone(), title: text.clone(), invitation: text.clone(), closes: text.clone(), ..report_samples::poster() });
        prop_assert!(pdf.as_ref().is_ok_and(|pdf| pdf.starts_with(b"%PDF-")), "poster: {:?}", pdf.err());
        let pdf = board_report(&report_of(&text));
        prop_assert!(pdf.as_ref().is_ok_and(|pdf| pdf.starts_with(b"%PDF-")), "report: {:?}", pdf.err());
    }
}
