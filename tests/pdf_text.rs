//! Any text that can be saved prints: emoji in a value's promise, in a
//! translation, in a consultation's title and in a quoted answer come out in
//! the leaflet, the poster and the Board report, and a leaflet prints in
//! every language Ethos offers.

mod common;

use common::consultations::{self, Settings, add_questions, create_consultation, respond_by_api};
use common::{Api, TestApp};
use lopdf::Document;
use reqwest::StatusCode;
use serde_json::json;

/// Publishes Riverside's values with emoji in English and Welsh and a
/// Chinese and Punjabi translation.
async fn publish_with_emoji(app: &TestApp) {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(app, Some(common::make_token(&mut editor).await));
    let content = json!({
        "motto": "Near you, with you",
        "values": [{"key": "warmth", "name": "Warmth", "promise": "Everyone is treated warmly 💙",
                    "commitments": ["say hello 👋"], "behaviours": ["smile"]}],
        "translations": {
            "cy": {"values": {"warmth": {"name": "Cynhesrwydd", "promise": "Croeso cynnes i bawb 💙"}}},
            "zh": {"values": {"warmth": {"name": "温暖", "promise": "每个人都受到热情的对待 💙"}}},
            "pa": {"values": {"warmth": {"name": "ਨਿੱਘ"}}}
        }
    });
    let draft =
        api.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": content})).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text);
    let body = json!({"revision": draft.json()["revision"], "note": "Warmer"});
    let published = api.send(reqwest::Method::POST, "/api/v1/orgs/riverside/framework/draft/publish", &body).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
}

/// Downloads a PDF, asserting it is one, and returns its text without spaces.
async fn pdf_text(client: &reqwest::Client, url: &str) -> String {
    let response = client.get(url).send().await.unwrap();
    let status = response.status();
    let bytes = response.bytes().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{url}: {}", String::from_utf8_lossy(&bytes));
    let doc = Document::load_mem(&bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn a_promise_with_an_emoji_prints_in_the_leaflet_large_print_and_translations() {
    let app = TestApp::spawn().await;
    publish_with_emoji(&app).await;
    let client = reqwest::Client::new();
    let leaflet = format!("{}/o/riverside/values.pdf", app.url);
    assert!(pdf_text(&client, &leaflet).await.contains("Everyoneistreatedwarmly💙"));
    assert!(pdf_text(&client, &format!("{leaflet}?print=large")).await.contains("warmly💙"));
    assert!(pdf_text(&client, &format!("{leaflet}?lang=cy")).await.contains("Croesocynnesibawb💙"));
    assert!(pdf_text(&client, &format!("{leaflet}?lang=zh")).await.contains("温暖"));
    let punjabi = client.get(format!("{leaflet}?lang=pa")).send().await.unwrap();
    assert_eq!(punjabi.status(), StatusCode::OK);

    // Every language's page offers its own leaflet.
    let page = app.visitor().get("/o/riverside/values?lang=zh").await;
    assert!(page.has("a[href='/o/riverside/values.pdf?lang=zh']"), "{}", page.text);
    assert!(page.has("a[href='/o/riverside/values.pdf?print=large&lang=zh']"));
}

#[tokio::test]
async fn an_emoji_in_a_title_and_a_quoted_answer_prints_in_the_poster_and_board_report() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("Our values 💙")).await;
    add_questions(&mut editor, id, &[&[("kind", "text"), ("prompt", "What would you change?"), ("limit", "200")]])
        .await;
    consultations::publish(&mut editor, id).await;
    for text in ["More time to talk 😊", "More time with patients", "More time for training", "Plain letters"] {
        respond_by_api(&app, id, json!({"q1": {"text": text}})).await;
    }
    let poster = pdf_text(&editor.client, &format!("{}/o/riverside/c/{id}/poster.pdf", app.url)).await;
    assert!(poster.contains("Ourvalues💙"), "{poster}");

    // The editor makes a theme of "more time" and quotes the answer with 😊.
    let themes = editor.get(&format!("/o/riverside/c/{id}/themes")).await;
    let phrases: Vec<String> = themes
        .html()
        .select(&scraper::Selector::parse("input[name=phrase]").unwrap())
        .filter_map(|e| e.value().attr("value").map(str::to_owned))
        .collect();
    let time = phrases.iter().find(|p| p.to_lowercase().contains("time")).expect("a suggestion about time");
    let promoted = editor
        .post(&format!("/o/riverside/consultations/{id}/themes/promote"), &[("question", "q1"), ("phrase", time)])
        .await;
    assert_eq!(promoted.status, StatusCode::SEE_OTHER, "{}", promoted.text);
    let theme = scalar(&app, "SELECT id FROM consultation_themes WHERE consultation_id = $1", id).await;
    let sql = "SELECT a.response_id FROM consultation_answers a JOIN consultation_responses r ON r.id = a.response_id \
               WHERE r.consultation_id = $1 AND a.answer LIKE '%talk%'";
    let response = scalar(&app, sql, id).await;
    let tag = format!("/o/riverside/consultations/{id}/themes/tag");
    let quoted = editor
        .post(&tag, &[("theme", &theme.to_string()), ("response", &response.to_string()), ("action", "quote")])
        .await;
    assert_eq!(quoted.status, StatusCode::SEE_OTHER, "{}", quoted.text);

    let report = pdf_text(&editor.client, &format!("{}/o/riverside/c/{id}/report.pdf", app.url)).await;
    assert!(report.contains("Ourvalues💙"), "the title: {report}");
    assert!(report.contains("Moretimetotalk😊"), "the quote: {report}");
}

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).bind(id).fetch_one(pool).await.unwrap())
}
