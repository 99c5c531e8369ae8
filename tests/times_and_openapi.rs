//! Times in the organisation's time zone (summer and winter, pages and
//! PDFs, the owners' setting), and the OpenAPI document checked against
//! the API's real answers.

mod common;

use common::consultations::{Settings, add_questions, create_consultation, publish};
use common::{TestApp, Visitor};
use reqwest::StatusCode;
use serde_json::json;

/// One schema of the API's OpenAPI document, compiled (JSON Schema
/// 2020-12, as OpenAPI 3.1 uses), its `$ref`s resolved within the document.
struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

fn schema_of(doc: &serde_json::Value, name: &str) -> Schema {
    const DOC: &str = "http://ethos.test/api/v1/openapi.json";
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(boon::Draft::V2020_12);
    compiler.add_resource(DOC, doc.clone()).unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler
        .compile(&format!("{DOC}#/components/schemas/{name}"), &mut schemas)
        .unwrap_or_else(|e| panic!("{name} is not a usable schema: {e}"));
    Schema { schemas, index }
}

/// What is wrong with `instance` by the schema (nothing: empty).
fn problems(schema: &Schema, instance: &serde_json::Value) -> Vec<String> {
    match schema.schemas.validate(instance, schema.index) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!("{e:#}")],
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_answer_shape_the_api_really_takes_and_gives() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("Shapes")).await;
    add_questions(
        &mut editor,
        id,
        &[
            &[("kind", "words"), ("prompt", "Keep or remove"), ("source", "pasted"), ("text", "We listen and act")],
            &[("kind", "one"), ("prompt", "Does it fit?"), ("options", "Yes\nNo"), ("other", "yes")],
            &[("kind", "values"), ("prompt", "Which matter?"), ("options", "Kind\nOpen\nBrave"), ("ranked", "yes")],
            &[("kind", "text"), ("prompt", "Anything else?")],
            &[("kind", "group"), ("prompt", "Who are you?")],
        ],
    )
    .await;
    publish(&mut editor, id).await;
    let api = common::Api::new(&app, None);
    let doc = api.get("/api/v1/openapi.json").await.json();

    let answer = &doc["components"]["schemas"]["Answer"]["properties"];
    for field in ["marks", "choices", "other", "picks", "text"] {
        assert!(answer[field]["type"].is_string(), "{field} has a type: {}", answer[field]);
        assert!(answer[field]["description"].is_string(), "{field} is explained: {}", answer[field]);
    }
    let answers = &doc["components"]["schemas"]["ResponseBody"]["properties"]["answers"];
    assert_eq!(answers["additionalProperties"]["$ref"], "#/components/schemas/Answer", "{answers}");

    let request = schema_of(&doc, "ResponseBody");
    let saved = schema_of(&doc, "Saved");
    let bodies = [
        json!({"answers": {"q1": {"marks": {"0": "keep", "3": "remove"}}, "q2": {"choices": [0]}}}),
        json!({"answers": {"q2": {"choices": [2], "other": "Partly"}, "q3": {"picks": [2, 0]}}}),
        json!({"answers": {"q4": {"text": "More time to listen"}, "q5": {"choices": [1]}}}),
    ];
    for body in &bodies {
        assert_eq!(problems(&request, body), Vec::<String>::new(), "{body}");
        let sent = api.send(reqwest::Method::POST, &format!("/api/v1/consultations/{id}/responses"), body).await;
        assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
        assert_eq!(problems(&saved, &sent.json()), Vec::<String>::new(), "{}", sent.text);
    }
    let shown = api.get(&format!("/api/v1/consultations/{id}")).await;
    assert_eq!(problems(&schema_of(&doc, "ConsultationBody"), &shown.json()), Vec::<String>::new(), "{}", shown.text);

    // What the API refuses, the document refuses too.
    for wrong in [
        json!({"answers": {"q1": {"marks": {"0": "maybe"}}}}),
        json!({"answers": {"q1": {"marks": {"first": "keep"}}}}),
        json!({"answers": {"q2": {"choices": "Yes"}}}),
        json!({"answers": {"q4": {"comment": "not a field"}}}),
    ] {
        assert!(!problems(&request, &wrong).is_empty(), "the document takes {wrong}");
        let sent = api.send(reqwest::Method::POST, &format!("/api/v1/consultations/{id}/responses"), &wrong).await;
        assert!(sent.status.is_client_error(), "{wrong}: {}", sent.status);
    }
}

/// A PDF's text with the spaces taken out.
async fn pdf_text(visitor: &Visitor, path: &str) -> String {
    let response = visitor.client.get(format!("{}{path}", visitor.base)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let bytes = response.bytes().await.unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn times_are_shown_in_the_organisations_time_zone_with_summer_time() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    // Typed in UK time: 10:00 on 1 June is 09:00 UTC (summer time); half
    // past midnight on 1 July is still 30 June in UTC.
    let made = editor
        .post(
            "/o/riverside/consultations",
            &[
                ("title", "Summer and winter"),
                ("opens_at", "2026-06-01T10:00"),
                ("closes_at", "2026-07-01T00:30"),
                ("visibility", "editors_board"),
                ("audiences", "Staff"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    let id: i64 = made.location().rsplit('/').next().unwrap().parse().unwrap();
    let milestone = editor
        .post(
            &format!("/o/riverside/consultations/{id}/milestones"),
            &[("label", "Board meeting"), ("due_at", "2026-12-01T09:00")],
        )
        .await;
    assert_eq!(milestone.status, StatusCode::SEE_OTHER, "{}", milestone.text);

    let stored: (i64, i64) = ethos::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT opens_at, closes_at FROM consultations WHERE id = $1").bind(id).fetch_one(pool).await.unwrap());
    assert_eq!(stored, (1_780_304_400, 1_782_862_200), "stored in UTC");

    let manage = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    let main = manage.text_of("main");
    assert!(main.contains("Opens 1 Jun 2026, 10:00 BST · closes 1 Jul 2026, 00:30 BST"), "{main}");
    assert!(main.contains("Board meeting – 1 Dec 2026, 09:00 GMT"), "{main}");
    assert_eq!(manage.attr("#opens_at", "value").as_deref(), Some("2026-06-01T10:00"), "the form shows UK time");
    assert!(manage.text_of("#opens_at-hint").contains("UK time"));
    assert!(!main.contains("UTC"), "{main}");

    let poster = pdf_text(&editor, &format!("/o/riverside/c/{id}/poster.pdf")).await;
    assert!(poster.contains("1July2026"), "closes on 1 July in London: {poster}");
    let report = pdf_text(&editor, &format!("/o/riverside/c/{id}/report.pdf")).await;
    assert!(report.contains("1June2026to1July2026"), "{report}");
    assert!(report.contains("1Jun2026,10:00BST"), "{report}");

    let mut owner = app.signed_in("owner@riverside.example").await;
    let audit = owner.get("/o/riverside/audit").await;
    let when = audit.texts("td[data-label=When]");
    assert!(!when.is_empty() && when.iter().all(|w| w.ends_with(" GMT") || w.ends_with(" BST")), "{when:?}");

    // Another zone, chosen by an owner; a made-up one is refused.
    let refused = owner.post("/o/riverside/settings/time-zone", &[("time_zone", "Europe/Atlantis")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.attr("#time_zone", "value").as_deref(), Some("Europe/Atlantis"));
    assert!(refused.text_of(".error-summary").contains("time zone"), "{}", refused.text_of(".error-summary"));
    let saved = owner.post("/o/riverside/settings/time-zone", &[("time_zone", "Asia/Tokyo")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let manage = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    assert!(manage.text_of("main").contains("Opens 1 Jun 2026, 18:00 JST"), "{}", manage.text_of("main"));
    let mut staff = app.signed_in("staff@riverside.example").await;
    let forbidden = staff.post("/o/riverside/settings/time-zone", &[("time_zone", "UTC")]).await;
    assert!(forbidden.status == StatusCode::FORBIDDEN || forbidden.status == StatusCode::NOT_FOUND);
}
