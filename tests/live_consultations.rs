//! Responses are checked against a copy of the consultation held in memory;
//! a change made on the editors' pages is seen by the very next response.

mod common;

use common::TestApp;
use common::consultations::{Settings, add_questions, create_consultation, publish, respond_by_api};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn closing_a_consultation_refuses_the_next_response_at_once() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("Which words stay?")).await;
    add_questions(&mut editor, id, &[&[("kind", "text"), ("prompt", "Anything else?")]]).await;
    publish(&mut editor, id).await;
    // The first response puts the open consultation in memory.
    respond_by_api(&app, id, json!({"q1": {"text": "Keep it short"}})).await;

    let closed = editor.post(&format!("/o/riverside/consultations/{id}/close"), &[]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text);
    let late = reqwest::Client::new()
        .post(format!("{}/api/v1/consultations/{id}/responses", app.url))
        .json(&json!({"answers": {"q1": {"text": "One more"}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert!(late.text().await.unwrap().contains("no longer takes responses"));
}
