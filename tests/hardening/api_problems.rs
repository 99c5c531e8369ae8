//! Everything under `/api/` answers errors as problem documents, and the
//! OpenAPI document says so.

use reqwest::StatusCode;

use crate::common::{Api, Page, TestApp, make_token};

fn assert_problem(page: &Page, status: StatusCode) -> serde_json::Value {
    assert_eq!(page.status, status, "{}", page.text);
    assert_eq!(page.headers["content-type"], "application/problem+json", "{}", page.text);
    let problem = page.json();
    assert_eq!(problem["status"], status.as_u16());
    problem
}

#[tokio::test]
async fn a_path_parameter_that_is_not_a_number_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let api = Api::new(&app, None);
    let problem = assert_problem(&api.get("/api/v1/consultations/not-a-number").await, StatusCode::BAD_REQUEST);
    assert!(problem["detail"].as_str().unwrap().starts_with("A part of the address is not what was expected"));
    assert_problem(&api.get("/api/v1/orgs/riverside/framework/versions/first").await, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_query_parameter_that_cannot_be_read_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let api = Api::new(&app, Some(make_token(&mut owner).await));
    let problem =
        assert_problem(&api.get("/api/v1/orgs/riverside/audit?before=yesterday").await, StatusCode::BAD_REQUEST);
    assert!(problem["detail"].as_str().unwrap().starts_with("The query string is not what was expected"));
}

#[tokio::test]
async fn an_unknown_api_address_or_method_is_a_problem_too() {
    let app = TestApp::spawn().await;
    let api = Api::new(&app, None);
    assert_problem(&api.get("/api/v2/orgs").await, StatusCode::NOT_FOUND);
    assert_problem(&api.get("/api/v1/nothing-here").await, StatusCode::NOT_FOUND);
    let deleted = api.send(reqwest::Method::DELETE, "/api/v1/orgs", &serde_json::json!({})).await;
    assert_problem(&deleted, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(deleted.headers["allow"], "GET,HEAD");
}

#[tokio::test]
async fn the_openapi_document_describes_every_error_as_a_problem_with_the_statuses_that_happen() {
    let app = TestApp::spawn().await;
    let doc = Api::new(&app, None).get("/api/v1/openapi.json").await.json();
    let mut errors = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    errors += 1;
                    let types: Vec<&String> = response["content"].as_object().unwrap().keys().collect();
                    assert_eq!(types, ["application/problem+json"], "{method} {path} {status}");
                }
            }
        }
    }
    assert!(errors > 40, "{errors} error answers described");
    let update = &doc["paths"]["/api/v1/orgs/{slug}"]["patch"]["responses"];
    for status in ["400", "401", "403", "404", "415", "422"] {
        assert!(update.get(status).is_some(), "PATCH /api/v1/orgs/{{slug}} lacks {status}");
    }
    let audit = &doc["paths"]["/api/v1/orgs/{slug}/audit"]["get"]["responses"];
    for status in ["400", "401", "403", "404"] {
        assert!(audit.get(status).is_some(), "GET audit lacks {status}");
    }
}

#[tokio::test]
async fn comparing_with_the_smallest_version_number_is_not_found_rather_than_a_server_error() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    assert_eq!(editor.post("/o/riverside/values/edit/start", &[]).await.status, StatusCode::SEE_OTHER);
    let page = editor.get("/o/riverside/values/edit").await;
    let revision = page.attr("input[name=revision]", "value").unwrap();
    let published =
        editor.post("/o/riverside/values/edit/publish", &[("revision", &revision), ("note", "First")]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
    let api = Api::new(&app, None);
    let page = api.get(&format!("/api/v1/orgs/riverside/framework/compare?to={}", i64::MIN)).await;
    assert_problem(&page, StatusCode::NOT_FOUND);
}
