//! The printable leaflet as a visitor downloads it: a tagged PDF with the
//! values in reading order, its language and title declared, cached per
//! version.

mod common;

use common::TestApp;
use lopdf::{Document, Object};
use reqwest::StatusCode;

fn text_string(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).expect("valid UTF-16")
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

async fn publish_two_values(app: &TestApp) {
    let mut editor = app.signed_in("editor@northgate.example").await;
    let api = common::Api::new(app, Some(common::make_token(&mut editor).await));
    let content = serde_json::json!({
        "vision": {"statement": "Minds that are well supported."},
        "values": [
            {"key": "hope", "name": "Hope", "promise": "Recovery is possible.", "commitments": ["set goals together"], "behaviours": ["#panic(\"no\") *stays* literal"]},
            {"key": "openness", "name": "Openness", "promise": "Honest, even when it is hard."}
        ]
    });
    let draft = api
        .send(reqwest::Method::PUT, "/api/v1/orgs/northgate/framework/draft", &serde_json::json!({"content": content}))
        .await;
    let revision = draft.json()["revision"].as_i64().unwrap();
    let published = api
        .send(
            reqwest::Method::POST,
            "/api/v1/orgs/northgate/framework/draft/publish",
            &serde_json::json!({"revision": revision, "note": "First"}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
}

#[tokio::test]
async fn the_leaflet_is_a_tagged_pdf_with_the_values_in_order_and_is_cached() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let url = format!("{}/o/northgate/values.pdf", app.url);
    assert_eq!(client.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    publish_two_values(&app).await;

    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let bytes = response.bytes().await.unwrap();
    let doc = Document::load_mem(&bytes).expect("the leaflet parses as a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text: String = doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    let hope = text.find("Hope").expect("Hope is in the leaflet");
    let openness = text.find("Openness").expect("Openness is in the leaflet");
    assert!(hope < openness, "values in reading order");
    assert!(text.contains("#panic(\"no\")*stays*literal"), "user text is shown as text");
    assert!(text.contains("NorthgateMentalHealthNHSFoundationTrust"));
    let lang = text_string(doc.catalog().unwrap().get(b"Lang").unwrap());
    assert!(lang.starts_with("en"), "{lang}");
    let info = doc.dereference(doc.trailer.get(b"Info").unwrap()).unwrap().1.as_dict().unwrap().clone();
    assert_eq!(
        text_string(info.get(b"Title").unwrap()),
        "Our vision and values – Northgate Mental Health NHS Foundation Trust"
    );

    let again = client.get(&url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let cached = client.get(&url).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(cached, bytes, "the second download is the stored PDF");

    let large = client.get(format!("{url}?print=large")).send().await.unwrap();
    assert_eq!(large.status(), StatusCode::OK);
    assert_ne!(large.bytes().await.unwrap(), bytes);
    let bad = client.get(format!("{url}?print=tiny")).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(client.get(format!("{url}?version=4")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}
