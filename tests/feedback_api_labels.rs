//! Tags and links through the API: an editor's token puts the
//! organisation's tags on an item (reusing one in any case) and takes them
//! off, and sets the values and objectives it concerns, by the item page's
//! own rules — what the inbox then filters by, and what the audit log
//! records. Another organisation's objectives and values no one published
//! are refused naming the field; staff and strangers are refused. Runs on
//! the backend `ETHOS_TEST_BACKEND` names.

mod common;

use std::time::Duration;

use common::campaigns::schema_problems;
use common::{Api, TestApp, make_token};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const FEEDBACK: &str = "/api/v1/orgs/riverside/feedback";

async fn spawn() -> TestApp {
    TestApp::spawn_with_demo_and(|c| c.feedback_min_fill = Duration::ZERO).await
}

async fn token_of(app: &TestApp, email: &str) -> Api {
    let mut visitor = app.signed_in(email).await;
    Api::new(app, Some(make_token(&mut visitor).await))
}

async fn sent(app: &TestApp, body: &str) -> String {
    let page = Api::new(app, None).send(Method::POST, FEEDBACK, &json!({ "kind": "feedback", "body": body })).await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.text);
    page.json()["reference"].as_str().unwrap().to_owned()
}

fn field_of(problem: &Value) -> &str {
    problem["errors"][0]["field"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn an_editor_tags_an_item_through_the_api_and_the_inbox_filters_by_the_tag() {
    let app = spawn().await;
    let reference = sent(&app, "The car park barrier was stuck again.").await;
    sent(&app, "The waiting room was cold.").await;
    let api = token_of(&app, "editor@riverside.example").await;
    let tags = format!("{FEEDBACK}/{reference}/tags");

    let tagged = api.send(Method::POST, &tags, &json!({ "tag": "  Car   parking " })).await;
    assert_eq!(tagged.status, StatusCode::OK, "{}", tagged.text);
    assert_eq!(tagged.json()["tags"], json!(["Car parking"]));
    assert_eq!(schema_problems(&app, "FeedbackItem", &tagged.json()).await, Vec::<String>::new());
    let again = api.send(Method::POST, &tags, &json!({ "tag": "car PARKING" })).await.json();
    assert_eq!(again["tags"], json!(["Car parking"]), "the existing tag, once");

    let filtered = api.get(&format!("{FEEDBACK}?tag=CAR+PARKING")).await.json();
    let listed: Vec<&str> =
        filtered["items"].as_array().unwrap().iter().map(|i| i["reference"].as_str().unwrap()).collect();
    assert_eq!(listed, [reference.as_str()]);

    let empty = api.send(Method::POST, &tags, &json!({ "tag": "   " })).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text);
    assert_eq!(field_of(&empty.json()), "tag");

    let off = api.send(Method::DELETE, &format!("{tags}/car%20Parking"), &json!({})).await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.text);
    assert_eq!(off.json()["tags"], json!([]));
    let gone = api.send(Method::DELETE, &format!("{tags}/car%20Parking"), &json!({})).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "not on the item any more");
    let unknown = api.send(Method::POST, &format!("{FEEDBACK}/FB-2026-99999/tags"), &json!({ "tag": "x" })).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let audit = app.signed_in("owner@riverside.example").await.get("/o/riverside/audit").await.text_of("main");
    assert!(audit.contains(&format!("{reference}: tagged “Car parking”")), "{audit}");
    assert!(audit.contains(&format!("{reference}: took off the tag “Car parking”")), "{audit}");
}

#[tokio::test]
async fn an_editor_links_values_and_objectives_through_the_api_and_an_unknown_one_changes_nothing() {
    let app = spawn().await;
    let reference = sent(&app, "The night nurse sat with my father for an hour.").await;
    let title = "Halve the urgent response calls that end in an ambulance";
    let objective: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT id FROM strategy_objectives WHERE title = $1").bind(title).fetch_one(pool).await.unwrap());
    let api = token_of(&app, "editor@riverside.example").await;
    let links = format!("{FEEDBACK}/{reference}/links");

    let linked = api.send(Method::PUT, &links, &json!({ "values": ["kindness"], "objectives": [objective] })).await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.text);
    let item = linked.json();
    assert_eq!(item["values"], json!(["kindness"]));
    assert_eq!(item["objectives"][0]["id"], objective);
    assert_eq!(item["objectives"][0]["title"], title);
    assert_eq!(schema_problems(&app, "FeedbackItem", &item).await, Vec::<String>::new());
    let by_value = api.get(&format!("{FEEDBACK}?value=kindness")).await.json();
    assert_eq!(by_value["items"][0]["reference"], reference.as_str());

    let hope = api.send(Method::PUT, &links, &json!({ "values": ["hope"] })).await;
    assert_eq!(hope.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", hope.text);
    assert_eq!(field_of(&hope.json()), "values");
    let theirs: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT MAX(o.id) + 1000 FROM strategy_objectives o").fetch_one(pool).await.unwrap());
    let foreign = api.send(Method::PUT, &links, &json!({ "values": [], "objectives": [theirs] })).await;
    assert_eq!(foreign.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", foreign.text);
    assert_eq!(field_of(&foreign.json()), "objectives");
    let kept = api.get(&format!("{FEEDBACK}/{reference}")).await.json();
    assert_eq!(kept["values"], json!(["kindness"]), "nothing changed: {kept}");
    assert_eq!(kept["objectives"][0]["id"], objective);

    let cleared = api.send(Method::PUT, &links, &json!({})).await.json();
    assert_eq!((cleared["values"].clone(), cleared["objectives"].clone()), (json!([]), json!([])));
    let audit = app.signed_in("owner@riverside.example").await.get("/o/riverside/audit").await.text_of("main");
    assert!(audit.contains(&format!("{reference}: linked to 1 values and 1 objectives")), "{audit}");
}

#[tokio::test]
async fn staff_strangers_and_other_organisations_cannot_tag_or_link() {
    let app = spawn().await;
    let reference = sent(&app, "The lift was broken.").await;
    let tags = format!("{FEEDBACK}/{reference}/tags");
    let links = format!("{FEEDBACK}/{reference}/links");
    let nobody = Api::new(&app, None);
    assert_eq!(nobody.send(Method::POST, &tags, &json!({ "tag": "Lifts" })).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(nobody.send(Method::PUT, &links, &json!({})).await.status, StatusCode::UNAUTHORIZED);
    for email in ["staff@riverside.example", "editor@northgate.example"] {
        let api = token_of(&app, email).await;
        assert_eq!(api.send(Method::POST, &tags, &json!({ "tag": "Lifts" })).await.status, StatusCode::FORBIDDEN);
        assert_eq!(api.send(Method::DELETE, &format!("{tags}/Lifts"), &json!({})).await.status, StatusCode::FORBIDDEN);
        assert_eq!(api.send(Method::PUT, &links, &json!({})).await.status, StatusCode::FORBIDDEN);
    }
    let editor = token_of(&app, "editor@riverside.example").await;
    assert_eq!(editor.get(&format!("{FEEDBACK}/{reference}")).await.json()["tags"], json!([]));
}
