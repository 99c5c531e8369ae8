//! Control characters and NUL bytes are refused wherever text comes in —
//! forms, the JSON API, paths and queries — with a message that names the
//! field, on both backends, and never reach the database or the response
//! writer. Line endings as browsers send them still work.

mod common;

use common::consultations::{self, Settings, add_questions, create_consultation, respond_by_api};
use common::{Api, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_form_with_a_control_character_is_refused_naming_the_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let (opens, closes) = (consultations::hours_from_now(-1), consultations::hours_from_now(48));
    let fields = [
        ("title", "Ring the bell\u{7}"),
        ("opens_at", opens.as_str()),
        ("closes_at", closes.as_str()),
        ("visibility", "editors_board"),
        ("audiences", "Staff"),
    ];
    let refused = editor.post("/o/riverside/consultations", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = refused.text_of("main");
    assert!(message.contains("“title” contains a control character (U+0007)"), "{message}");
    let list = editor.get("/o/riverside/consultations").await;
    assert!(!list.text.contains("Ring the bell"), "nothing was saved");

    // A lone carriage return is not a line ending; NUL names itself.
    let mut owner = app.signed_in("owner@riverside.example").await;
    let token = owner.post("/account/tokens", &[("name", "nightly\0script")]).await;
    assert_eq!(token.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(token.text_of("main").contains("“name” contains a NUL byte (U+0000)"), "{}", token.text);
    let request = app
        .visitor()
        .post("/o/riverside/values/request", &[("format", "large_print"), ("contact", "sam@example.org\r")])
        .await;
    assert_eq!(request.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(request.text_of("main").contains("“contact” contains a carriage return without a line feed"));
}

#[tokio::test]
async fn lines_typed_in_a_browser_arrive_as_crlf_and_are_accepted() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let settings = Settings { audiences: "Staff\r\nVisitor\r\nCarer", ..Settings::open("Lines from a textarea") };
    let id = create_consultation(&mut editor, &settings).await;
    let page = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Carer"), "each line became a group");
}

#[tokio::test]
async fn the_api_refuses_control_characters_as_a_problem_naming_the_field() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let api = Api::new(&app, Some(common::make_token(&mut owner).await));
    let refused = api.send(reqwest::Method::PATCH, "/api/v1/orgs/riverside", &json!({"name": "River\u{1b}side"})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.headers["content-type"], "application/problem+json");
    let problem = refused.json();
    assert_eq!(problem["errors"][0]["field"], "name");
    assert!(problem["errors"][0]["message"].as_str().unwrap().contains("U+001B"), "{problem}");
    let org = api.get("/api/v1/orgs/riverside").await.json();
    assert!(!org["name"].as_str().unwrap().contains('\u{1b}'), "nothing was saved");
}

/// A published consultation at Riverside with one free-text question (q1).
async fn open_consultation(app: &TestApp) -> i64 {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("What should we change?")).await;
    add_questions(&mut editor, id, &[&[("kind", "text"), ("prompt", "Tell us"), ("limit", "200")]]).await;
    consultations::publish(&mut editor, id).await;
    id
}

async fn stored_answers(app: &TestApp, id: i64) -> i64 {
    let sql = "SELECT COUNT(*) FROM consultation_answers a JOIN consultation_responses r ON r.id = a.response_id \
               WHERE r.consultation_id = $1";
    ethos::on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).bind(id).fetch_one(pool).await.unwrap())
}

#[tokio::test]
async fn an_anonymous_answer_with_a_nul_byte_is_refused_before_the_writer_and_good_answers_still_count() {
    let app = TestApp::spawn().await;
    let id = open_consultation(&app).await;
    let url = format!("{}/api/v1/consultations/{id}/responses", app.url);
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let sent = client.post(&url).json(&json!({"answers": {"q1": {"text": "a\u{0}b"}}})).send().await.unwrap();
        assert_eq!(sent.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: serde_json::Value = sent.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "answers.q1.text");
    }
    let survey = format!("/o/riverside/c/{id}");
    let mut visitor = app.visitor();
    let _ = visitor.get(&survey).await;
    let refused = visitor.post(&survey, &[("q1", "more\0time")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of("main").contains("“q1” contains a NUL byte"), "{}", refused.text);

    for text in ["More time to listen", "Kinder letters"] {
        respond_by_api(&app, id, json!({"q1": {"text": text}})).await;
    }
    assert_eq!(stored_answers(&app, id).await, 2, "only the good answers were stored");
}

#[tokio::test]
async fn a_nul_byte_in_an_address_is_not_found_and_in_a_query_is_a_bad_request() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let page = visitor.get("/o/river%00side").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text_of("h1").contains("Page not found"));

    let api = Api::new(&app, None);
    let missing = api.get("/api/v1/orgs/river%00side").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.headers["content-type"], "application/problem+json");

    let query = visitor.get("/o/riverside/values?lang=c%00y").await;
    assert_eq!(query.status, StatusCode::BAD_REQUEST);
    assert!(query.text_of("main").contains("control character (U+0000)"), "{}", query.text);
    let api_query = api.get("/api/v1/orgs/riverside/framework?lang=%07").await;
    assert_eq!(api_query.status, StatusCode::BAD_REQUEST);
    assert_eq!(api_query.headers["content-type"], "application/problem+json");

    assert_eq!(visitor.get("/o/riverside").await.status, StatusCode::OK, "the real page is still there");
}
