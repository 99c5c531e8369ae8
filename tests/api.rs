//! The JSON API: public lists, authenticated writes, problem documents and
//! the OpenAPI description.

mod common;

use common::{Api, TestApp, make_token};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn the_public_list_names_every_organisation_with_its_kind() {
    let app = TestApp::spawn().await;
    let page = Api::new(&app, None).get("/api/v1/orgs").await;
    assert_eq!(page.status, StatusCode::OK);
    let orgs = page.json();
    let kinds: Vec<(String, String)> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["slug"].as_str().unwrap().to_owned(), o["kind"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("values-network".to_owned(), "national".to_owned()),
            ("northgate".to_owned(), "trust".to_owned()),
            ("river-north".to_owned(), "partnership".to_owned()),
            ("riverside".to_owned(), "trust".to_owned()),
        ]
    );
    let partnership = Api::new(&app, None).get("/api/v1/orgs/river-north").await.json();
    let members: Vec<&str> =
        partnership["members"].as_array().unwrap().iter().map(|m| m["slug"].as_str().unwrap()).collect();
    assert_eq!(members, vec!["northgate", "riverside"]);
    assert_eq!(partnership["part_of"][0]["slug"], "values-network");
}

#[tokio::test]
async fn errors_are_problem_documents_with_the_right_status() {
    let app = TestApp::spawn().await;
    let api = Api::new(&app, None);
    let page = api.get("/api/v1/orgs/no-such-trust").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.headers["content-type"], "application/problem+json");
    assert_eq!(page.json()["title"], "Not Found");
    assert_eq!(page.json()["status"], 404);
    assert_eq!(api.get("/api/v1/nothing-here").await.json()["status"], 404);

    let mut owner = app.signed_in("owner@riverside.example").await;
    let client = reqwest::Client::new();
    let token = make_token(&mut owner).await;
    let url = format!("{}/api/v1/orgs/riverside", app.url);
    let malformed = client
        .patch(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = malformed.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().starts_with("The body is not valid JSON"));

    let wrong_type = client.patch(&url).bearer_auth(&token).body("name=x").send().await.unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let huge = "x".repeat(3 * 1024 * 1024);
    let too_big = client.patch(&url).bearer_auth(&token).json(&json!({ "summary": huge })).send().await.unwrap();
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let api = Api::new(&app, Some(token));
    let invalid = api.send(Method::PATCH, "/api/v1/orgs/riverside", &json!({ "name": "  " })).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.json()["errors"][0]["field"], "name");
    assert_eq!(invalid.json()["errors"][0]["message"], "Enter the organisation's name");
    // A change is named fields: an array is refused, though its items could
    // be read in the fields' order.
    let array = api.send(Method::PATCH, "/api/v1/orgs/riverside", &json!([null, null])).await;
    assert_eq!(array.status, StatusCode::BAD_REQUEST);
    assert!(array.json()["detail"].as_str().unwrap().starts_with("The JSON does not have the expected fields"));
    let wrong = api.send(Method::PATCH, "/api/v1/orgs/riverside", &json!({ "name": 5 })).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json()["detail"], "Send a JSON object whose name and summary, if given, are text.");
    // Nothing was changed by any of them.
    assert_eq!(api.get("/api/v1/orgs/riverside").await.json()["name"], "Riverside Community Health NHS Trust");
}

#[tokio::test]
async fn an_owner_renames_the_organisation_and_invites_through_the_api() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let api = Api::new(&app, Some(make_token(&mut owner).await));
    let page = api.send(Method::PATCH, "/api/v1/orgs/riverside", &json!({ "summary": "Care close to home." })).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.json()["summary"], "Care close to home.");
    assert_eq!(app.visitor().get("/o/riverside").await.text_of(".lede"), "Care close to home.");

    let page = api
        .send(
            Method::POST,
            "/api/v1/orgs/riverside/invitations",
            &json!({ "email": "physio@riverside.example", "role": "staff" }),
        )
        .await;
    assert_eq!(page.status, StatusCode::CREATED);
    assert_eq!(page.json()["emailed"], false, "mail is not set up here: the link is for the owner to pass on");
    let url = page.json()["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&format!("{}/invitations/", app.url)));
    let invite = app.visitor().get(url.trim_start_matches(&app.url)).await;
    assert_eq!(invite.text_of("h1"), "Join Riverside Community Health NHS Trust");

    let again = api
        .send(
            Method::POST,
            "/api/v1/orgs/riverside/invitations",
            &json!({ "email": "staff@riverside.example", "role": "staff" }),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);

    let people = api.get("/api/v1/orgs/riverside/people").await.json();
    assert_eq!(people.as_array().unwrap().len(), 4);
    let audit = api.get("/api/v1/orgs/riverside/audit").await.json();
    assert_eq!(audit[0]["summary"], "Invited physio@riverside.example as Staff");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = TestApp::spawn().await;
    let doc = Api::new(&app, None).get("/api/v1/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/orgs",
        "/api/v1/orgs/{slug}",
        "/api/v1/me",
        "/api/v1/orgs/{slug}/people",
        "/api/v1/orgs/{slug}/invitations",
        "/api/v1/orgs/{slug}/audit",
    ] {
        assert!(paths.contains_key(path), "{path} is missing from the OpenAPI document");
    }
    assert_eq!(doc["components"]["securitySchemes"]["token"]["scheme"], "bearer");
    assert_eq!(doc["components"]["schemas"]["OrgKind"]["enum"], json!(["trust", "partnership", "national"]));
}
