//! Pages in other languages read as that language: a lone untranslated text
//! says "(in English)" where it is, several are announced once at the top,
//! English stand-ins carry their own language, and dates are written in the
//! page's language.

mod common;

use common::{Api, TestApp};
use lopdf::Document;
use reqwest::StatusCode;
use serde_json::json;

const WELSH_MONTHS: [&str; 12] = [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];
const ENGLISH_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Publishes a framework whose Welsh translation lacks only the mission and
/// whose Polish one has only the value's name.
async fn publish(app: &TestApp) {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(app, Some(common::make_token(&mut editor).await));
    let content = json!({
        "vision": {"statement": "Healthy lives close to home"},
        "mission": "We bring care to the street where people live.",
        "motto": "Near you",
        "values": [{"key": "warmth", "name": "Warmth", "promise": "Everyone is greeted warmly",
                    "commitments": ["learn your name"], "behaviours": ["smile first"]}],
        "translations": {
            "cy": {"vision": {"statement": "Bywydau iach yn agos i’r cartref"}, "motto": "Yn agos atoch",
                   "values": {"warmth": {"name": "Cynhesrwydd", "promise": "Croeso cynnes i bawb",
                                         "commitments": ["dysgu eich enw"], "behaviours": ["gwenu yn gyntaf"]}}},
            "pl": {"values": {"warmth": {"name": "Serdeczność"}}}
        }
    });
    let draft =
        api.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": content})).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text);
    let body = json!({"revision": draft.json()["revision"], "note": "Warmer words"});
    let published = api.send(reqwest::Method::POST, "/api/v1/orgs/riverside/framework/draft/publish", &body).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
}

#[tokio::test]
async fn one_untranslated_text_is_marked_where_it_is_and_the_date_is_welsh() {
    let app = TestApp::spawn().await;
    publish(&app).await;
    let welsh = app.visitor().get("/o/riverside/values?lang=cy").await;
    assert_eq!(welsh.status, StatusCode::OK, "{}", welsh.text);
    assert_eq!(
        welsh.text_of("#mission-heading + .statement"),
        "We bring care to the street where people live. (in English)"
    );
    assert_eq!(welsh.attr("#mission-heading + .statement .fallback", "dir").as_deref(), Some("ltr"));
    assert!(!welsh.has(".fallback-summary"), "one text: no notice at the top");

    let note = welsh.text_of(".version-note p");
    assert!(WELSH_MONTHS.iter().any(|m| note.contains(m)), "a Welsh month: {note}");
    assert!(!ENGLISH_MONTHS.iter().any(|m| note.contains(m)), "no English month: {note}");
}

#[tokio::test]
async fn several_untranslated_texts_are_announced_once_on_the_page_and_in_the_leaflet() {
    let app = TestApp::spawn().await;
    publish(&app).await;
    let polish = app.visitor().get("/o/riverside/values?lang=pl").await;
    assert_eq!(polish.status, StatusCode::OK);
    assert_eq!(polish.texts(".fallback-summary").len(), 1);
    assert!(polish.text_of(".fallback-summary").contains("shown in English"));
    assert!(!polish.text_of("main").contains("(in English)"), "{}", polish.text_of("main"));
    assert_eq!(polish.attr("#mission-heading + .statement .fallback", "lang").as_deref(), Some("en-GB"));
    assert_eq!(polish.texts(".value__name"), ["Serdeczność"]);

    let response = reqwest::get(format!("{}/o/riverside/values.pdf?lang=pl", app.url)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text: String = doc.extract_text(&pages).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("shown in English"), "the leaflet says it once: {text}");
    assert!(!text.contains("(in English)"), "{text}");
    assert!(text.contains("Serdeczność"));

    // The English stand-ins are tagged as English in the PDF's structure.
    let tagged_english = doc.objects.values().any(|object| match object {
        lopdf::Object::Dictionary(d) => {
            d.get(b"Lang").ok().and_then(|l| l.as_str().ok()).is_some_and(|l| l.starts_with(b"en"))
                && d.get(b"S").is_ok()
        }
        _ => false,
    });
    assert!(tagged_english, "a structure element carries Lang (en)");
}

#[tokio::test]
async fn the_leaflet_links_come_first_with_their_pages_and_size() {
    let app = TestApp::spawn().await;
    publish(&app).await;
    let visitor = app.visitor();
    let page = visitor.get("/o/riverside/values").await;
    // The links come before the texts.
    let formats = page.text.find("class=\"link-list formats\"").expect("leaflet links");
    let article = page.text.find("<article").expect("the framework");
    assert!(formats < article, "the leaflet links are near the top");

    // Once the leaflets are rendered (on first sight, in the background, or
    // on download) the page tells their pages and size.
    let pdf = reqwest::get(format!("{}/o/riverside/values.pdf", app.url)).await.unwrap().bytes().await.unwrap();
    let large = reqwest::get(format!("{}/o/riverside/values.pdf?print=large", app.url)).await.unwrap();
    assert_eq!(large.status(), StatusCode::OK);
    let mut facts = Vec::new();
    for _ in 0..50 {
        facts = visitor.get("/o/riverside/values").await.texts(".formats .file-facts");
        if facts.len() == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(facts.len(), 2, "both leaflets have their facts: {facts:?}");
    let kb = pdf.len().div_ceil(1024);
    assert_eq!(facts[0], format!("(1 page, {kb} KB)"), "the standard leaflet");
    assert!(facts[1].contains("pages,") || facts[1].contains("page,"), "{facts:?}");
}
