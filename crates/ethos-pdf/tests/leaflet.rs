//! Renders sample leaflets and reads the PDFs back with lopdf.

mod samples;

use ethos_pdf::{Leaflet, LeafletValue, PdfError, leaflet};
use lopdf::{Document, Object};

fn render(leaflet_data: &Leaflet) -> (Vec<u8>, Document) {
    let bytes = leaflet(leaflet_data).unwrap_or_else(|e| panic!("render failed: {e}"));
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let doc = Document::load_mem(&bytes).expect("the PDF parses");
    (bytes, doc)
}

/// All the text of the document, pages in order.
fn text_of(doc: &Document) -> String {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).expect("text extracts")
}

/// Text with all whitespace removed, so matches don't depend on line breaks.
fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Decodes a PDF text string (UTF-16BE with a byte order mark, or
/// PDFDocEncoding, which matches Latin-1 for the text used here).
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

/// The structure types (/S) used in the structure tree, e.g. "H1", "L".
fn structure_types(doc: &Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"StructElem"))
        .filter_map(|d| d.get(b"S").and_then(Object::as_name).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect()
}

#[test]
fn english_leaflet_has_every_value_in_reading_order() {
    let (_, doc) = render(&samples::english());
    let text = squashed(&text_of(&doc));
    let in_order = ["Northshire", "Our values", "Our vision", "Our mission", "Together we care"]
        .into_iter()
        .chain(samples::ENGLISH_VALUE_NAMES)
        .chain(["Our principles"]);
    let mut from = 0;
    for wanted in in_order {
        let wanted = squashed(wanted);
        let at = text[from..]
            .find(&wanted)
            .unwrap_or_else(|| panic!("{wanted:?} is missing or out of order in the text:\n{text}"));
        from += at + wanted.len();
    }
    for label in ["Wewill", "Howweliveit", "Version3,published22Nov2026", "Page1of"] {
        assert!(text.contains(label), "{label:?} is missing from the text:\n{text}");
    }
}

#[test]
fn title_and_language_are_declared_and_the_pdf_is_tagged() {
    let (bytes, doc) = render(&samples::english());
    assert_eq!(catalog_lang(&doc), "en-GB");
    assert_eq!(info_title(&doc), "Our values – Northshire NHS Foundation Trust");

    let catalog = doc.catalog().unwrap();
    let mark_info = doc.dereference(catalog.get(b"MarkInfo").unwrap()).unwrap().1;
    assert!(matches!(mark_info.as_dict().unwrap().get(b"Marked"), Ok(Object::Boolean(true))));
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "no structure tree");
    // The viewer shows the title rather than the file name (PDF/UA).
    let prefs = doc.dereference(catalog.get(b"ViewerPreferences").unwrap()).unwrap().1;
    assert!(matches!(prefs.as_dict().unwrap().get(b"DisplayDocTitle"), Ok(Object::Boolean(true))));

    let types = structure_types(&doc);
    for wanted in ["H1", "H2", "H3", "H4", "L", "LI", "Figure"] {
        assert!(types.iter().any(|t| t == wanted), "no /{wanted} in the structure tree: {types:?}");
    }
    // PDF/UA-1 identification in the XMP metadata.
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(xmp.contains("pdfuaid:part"), "no PDF/UA identification");
}

#[test]
fn markup_like_text_comes_out_literally() {
    let (_, doc) = render(&samples::markup_like());
    let text = squashed(&text_of(&doc));
    for literal in samples::MARKUP_LIKE.iter().chain(&["#panic(\"org\")", "*Our*$values$]", "#pagebreak()]"]) {
        assert!(text.contains(&squashed(literal)), "{literal:?} did not come out literally in:\n{text}");
    }
    assert_eq!(info_title(&doc), "*Our* $values$ ] – #panic(\"org\")");
}

#[test]
fn large_print_is_bigger() {
    let (_, standard) = render(&samples::english());
    let (_, large) = render(&samples::english_large_print());
    let (standard, large) = (standard.get_pages().len(), large.get_pages().len());
    assert!(large > standard, "large print has {large} pages, standard {standard}");
}

#[test]
fn an_empty_framework_still_renders() {
    let (_, doc) = render(&Leaflet::default());
    assert_eq!(doc.get_pages().len(), 1);
    assert_eq!(catalog_lang(&doc), "en");
    assert_eq!(info_title(&doc), "Our values");
    let text = squashed(&text_of(&doc));
    assert!(text.contains("Ourvalues"), "{text}");
    assert!(!text.contains("Ourvision"), "empty sections are left out: {text}");

    // Blank strings and empty groups count as empty too.
    let (_, doc) = render(&Leaflet {
        lang: "en".into(),
        vision: "  ".into(),
        vision_supporting: vec![String::new(), " ".into()],
        values: vec![LeafletValue::default()],
        principles: vec![(String::new(), vec![String::new()])],
        ..Leaflet::default()
    });
    let text = squashed(&text_of(&doc));
    assert!(!text.contains("Ourvision") && !text.contains("Ourprinciples"), "{text}");
}

#[test]
fn welsh_bengali_and_arabic_render_with_every_glyph() {
    // `leaflet` refuses text that any glyph is missing for, so rendering is
    // the check; the catalog then says which language the PDF is in.
    for (sample, lang) in [(samples::welsh(), "cy"), (samples::bengali(), "bn"), (samples::arabic(), "ar")] {
        let (_, doc) = render(&sample);
        assert_eq!(catalog_lang(&doc), lang);
        assert_eq!(info_title(&doc), format!("{} – {}", sample.title, sample.org_name));
    }
    let (_, doc) = render(&samples::welsh());
    let text = text_of(&doc);
    for word in ["tŷ", "ŵyr", "dŵr", "Ŷd"] {
        assert!(text.contains(word), "{word:?} missing from:\n{text}");
    }
}

#[test]
fn an_emoji_prints_rather_than_failing_the_render() {
    let (_, doc) = render(&Leaflet { lang: "en".into(), motto: "We care \u{1F600}".into(), ..Leaflet::default() });
    assert!(squashed(&text_of(&doc)).contains("Wecare\u{1F600}"));
}

/// Each page's text, whitespace removed.
fn page_texts(doc: &Document) -> Vec<String> {
    doc.get_pages().keys().map(|&n| squashed(&doc.extract_text(&[n]).expect("text extracts"))).collect()
}

/// The pages (from 1) whose text holds `needle`.
fn pages_with(pages: &[String], needle: &str) -> Vec<usize> {
    let needle = squashed(needle);
    pages.iter().enumerate().filter(|(_, text)| text.contains(&needle)).map(|(i, _)| i + 1).collect()
}

#[test]
fn a_value_that_fits_on_a_page_is_never_split_across_two() {
    for sample in [samples::english(), samples::english_large_print()] {
        let (_, doc) = render(&sample);
        let pages = page_texts(&doc);
        assert!(pages.len() > 1, "the sample runs over more than one page");
        for value in &sample.values {
            let heading = pages_with(&pages, &value.name);
            let last = value.behaviours.last().or(value.commitments.last()).unwrap_or(&value.promise);
            let end = pages_with(&pages, last);
            assert_eq!(heading.len(), 1, "{:?} is on one page: {heading:?}", value.name);
            assert_eq!(
                heading, end,
                "{:?} starts and ends on the same page (large print: {})",
                value.name, sample.large_print
            );
        }
    }
}

#[test]
fn bad_input_gives_a_clear_error() {
    let err = leaflet(&Leaflet { lang: "English".into(), ..Leaflet::default() }).unwrap_err();
    assert!(matches!(err, PdfError::InvalidLanguage(_)), "{err}");

    let err = leaflet(&Leaflet { lang: "en".into(), logo_png: Some(b"not a picture".to_vec()), ..Leaflet::default() })
        .unwrap_err();
    assert!(matches!(err, PdfError::InvalidLogo(_)), "{err}");
}

#[test]
fn renders_can_run_in_parallel() {
    let handles: Vec<_> = [samples::english(), samples::arabic(), samples::bengali(), samples::welsh()]
        .into_iter()
        .map(|sample| std::thread::spawn(move || leaflet(&sample).map(|pdf| pdf.len())))
        .collect();
    for handle in handles {
        assert!(handle.join().unwrap().unwrap() > 1000);
    }
}
