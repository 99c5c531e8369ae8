//! A measure linked to the aims and objectives it shows progress on (from
//! its form and through the API), read on the measure's page and under the
//! aim on the strategy page; the measure's edit and delete pages; and
//! nobody from another organisation — nor its board or staff — changing
//! any of it.

mod common;

use common::{Api, TestApp, Visitor, make_token};
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn id_of(app: &TestApp, sql: &str, text: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar(sql).bind(text).fetch_one(pool).await.unwrap())
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap())
}

/// A published strategy of `slug` with one aim and one objective for
/// 2025-26, made by `editor`; returns (aim id, objective id).
async fn strategy(app: &TestApp, editor: &mut Visitor, slug: &str, aim: &str, objective: &str) -> (i64, i64) {
    let made = editor
        .post(
            &format!("/o/{slug}/strategy/edit"),
            &[("title", "Two good years"), ("first-year", "2025-26"), ("last-year", "2026-27")],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    let edit = made.location();
    editor.post(&format!("{edit}/aims"), &[("aim-title", aim)]).await;
    let aim_id = id_of(app, "SELECT id FROM strategy_aims WHERE title = $1", aim).await;
    let f = |n: &str| format!("objective-{n}-{aim_id}");
    let added = editor
        .post(
            &format!("{edit}/aims/{aim_id}/objectives"),
            &[(&*f("title"), objective), (&*f("year"), "2025-26"), (&*f("status"), "on_track")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    editor.post(&format!("{edit}/publish"), &[]).await;
    (aim_id, id_of(app, "SELECT id FROM strategy_objectives WHERE title = $1", objective).await)
}

const FIELDS: [(&str, &str); 4] =
    [("name", "Home visits"), ("unit", "count"), ("direction", "higher"), ("frequency", "monthly")];

/// Riverside's measure `home-visits` with two values.
async fn measure(editor: &mut Visitor) {
    let mut fields = FIELDS.to_vec();
    fields.push(("key", "home-visits"));
    let made = editor.post("/o/riverside/measures", &fields).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    for (period, value) in [("2025-04", "10"), ("2025-05", "12")] {
        let set =
            editor.post("/o/riverside/measures/home-visits/values", &[("period", period), ("value", value)]).await;
        assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text);
    }
}

#[tokio::test]
async fn an_editor_links_a_measure_to_an_aim_and_an_objective_and_readers_see_it_under_the_aim() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let (aim, objective) = strategy(&app, &mut editor, "riverside", "Care close to home", "Visit at home").await;
    measure(&mut editor).await;
    let mut other = FIELDS.to_vec();
    other.extend([("key", "falls"), ("name", "Falls")]);
    editor.post("/o/riverside/measures", &other).await;

    let form = editor.get("/o/riverside/measures/home-visits/edit").await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.attr("#name", "value").as_deref(), Some("Home visits"), "the form is filled in");
    assert!(form.has(&format!("input#link-aim-{aim}[name=aim]")));
    assert!(form.has(&format!("input#link-objective-{objective}[name=objective]")));

    let (aim_text, objective_text) = (aim.to_string(), objective.to_string());
    let mut fields = FIELDS.to_vec();
    fields.extend([("name", "Home visits within two hours"), ("aim", &*aim_text), ("objective", &*objective_text)]);
    let saved = editor.post("/o/riverside/measures/home-visits/edit", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.location(), "/o/riverside/measures/home-visits");

    let reader = app.visitor();
    let page = reader.get("/o/riverside/measures/home-visits").await;
    assert_eq!(page.text_of("h1"), "Home visits within two hours");
    let links = page.texts(".measure-links li");
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links[0].starts_with("Aim 1: Care close to home"), "{links:?}");
    assert!(links[1].starts_with("Visit at home"), "{links:?}");
    assert!(page.has(&format!("a[href='/o/riverside/strategy/objectives/{objective}']")));
    assert!(!page.has("a[href$='/edit']"), "no edit link for a reader");

    let objective_page = reader.get(&format!("/o/riverside/strategy/objectives/{objective}")).await;
    assert_eq!(objective_page.texts(".objective-measures a"), ["Home visits within two hours"]);

    let strategy = reader.get("/o/riverside/strategy?year=2025-26").await;
    assert_eq!(strategy.texts(".aim-measures a"), ["Home visits within two hours"]);
    let general = strategy.texts("#measures-heading + p + ul a");
    assert_eq!(general, ["Falls"], "the measure under the aim is not listed again");
    assert_eq!(strategy.text_of("#measures-heading"), "Other outcome measures");

    // The values are kept through the edit.
    let values = Api::new(&app, None).get("/api/v1/orgs/riverside/measures/home-visits/values").await.json();
    assert_eq!(values["values"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_link_to_another_organisations_aim_is_refused_and_nothing_of_the_form_is_saved() {
    let app = TestApp::spawn().await;
    let mut northgate = app.signed_in("owner@northgate.example").await;
    let (their_aim, their_objective) =
        strategy(&app, &mut northgate, "northgate", "Their aim", "Their objective").await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    measure(&mut editor).await;

    for (field, id) in [("aim", their_aim), ("objective", their_objective)] {
        let id = id.to_string();
        let mut fields = FIELDS.to_vec();
        fields.extend([("name", "Renamed"), (field, &*id)]);
        let refused = editor.post("/o/riverside/measures/home-visits/edit", &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(refused.text_of(".error-summary").contains("a measure is linked only to its own organisation"));
        assert_eq!(refused.attr("#name", "value").as_deref(), Some("Renamed"), "what was typed is kept");
    }
    let not_a_number = [FIELDS.to_vec(), vec![("aim", "x")]].concat();
    let refused = editor.post("/o/riverside/measures/home-visits/edit", &not_a_number).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    let api = Api::new(&app, None);
    assert_eq!(api.get("/api/v1/orgs/riverside/measures/home-visits").await.json()["name"], "Home visits");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM measure_aims").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM measure_objectives").await, 0);

    // Through the API too: refused, with the field named, and nothing saved.
    let token = Api::new(&app, Some(make_token(&mut editor).await));
    let body = json!({"name": "Renamed", "unit": "count", "direction": "higher", "frequency": "monthly",
        "aims": [their_aim]});
    let put = token.send(Method::PUT, "/api/v1/orgs/riverside/measures/home-visits", &body).await;
    assert_eq!(put.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", put.text);
    assert!(put.text.contains("\"aims\""), "{}", put.text);
    assert_eq!(api.get("/api/v1/orgs/riverside/measures/home-visits").await.json()["name"], "Home visits");
}

#[tokio::test]
async fn the_api_sets_links_when_sent_and_keeps_them_when_left_out() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let (aim, objective) = strategy(&app, &mut editor, "riverside", "Care close to home", "Visit at home").await;
    let api = Api::new(&app, Some(make_token(&mut editor).await));
    let path = "/api/v1/orgs/riverside/measures/falls";
    let mut body = json!({"name": "Falls", "unit": "count", "direction": "lower", "frequency": "monthly",
        "aims": [aim, aim], "objectives": [objective]});
    let made = api.send(Method::PUT, path, &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.json()["aims"], json!([aim]), "repeats are stored once");
    assert_eq!(made.json()["objectives"], json!([objective]));

    body.as_object_mut().unwrap().remove("aims");
    body.as_object_mut().unwrap().remove("objectives");
    body["name"] = json!("Falls with harm");
    let kept = api.send(Method::PUT, path, &body).await;
    assert_eq!(kept.status, StatusCode::OK);
    assert_eq!((kept.json()["aims"].clone(), kept.json()["objectives"].clone()), (json!([aim]), json!([objective])));

    body["aims"] = json!([]);
    let cleared = api.send(Method::PUT, path, &body).await;
    assert_eq!(cleared.json()["aims"], json!([]));
    assert_eq!(cleared.json()["objectives"], json!([objective]), "only what was sent is replaced");
    assert_eq!(Api::new(&app, None).get(path).await.json()["objectives"], json!([objective]));

    // The OpenAPI document says both: optional in the body, always in the answer.
    let doc = Api::new(&app, None).get("/api/v1/openapi.json").await.json();
    let schemas = &doc["components"]["schemas"];
    for field in ["aims", "objectives"] {
        assert!(schemas["MeasureInput"]["properties"][field].is_object(), "{field}");
        let required = schemas["MeasureInput"]["required"].as_array().unwrap();
        assert!(!required.iter().any(|r| r == field), "{field} is optional");
        assert!(schemas["MeasureBody"]["required"].as_array().unwrap().iter().any(|r| r == field), "{field}");
    }
}

#[tokio::test]
async fn an_editor_changes_a_measure_but_not_the_frequency_of_one_with_values() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    measure(&mut editor).await;
    let page = editor.get("/o/riverside/measures/home-visits").await;
    assert!(page.has("a[href='/o/riverside/measures/home-visits/edit']"));
    assert!(page.has("a[href='/o/riverside/measures/home-visits/delete']"));

    let fields = [("name", "Home visits"), ("unit", "count"), ("direction", "higher"), ("frequency", "quarterly")];
    let refused = editor.post("/o/riverside/measures/home-visits/edit", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of(".error-summary").contains("its frequency stays monthly"), "{}", refused.text);
    let fields = [("name", ""), ("unit", "count"), ("direction", "sideways"), ("frequency", "monthly")];
    let refused = editor.post("/o/riverside/measures/home-visits/edit", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = refused.text_of(".error-summary");
    assert!(summary.contains("Enter the measure's name") && summary.contains("Say which way is better"), "{summary}");

    let api = Api::new(&app, None);
    let stored = api.get("/api/v1/orgs/riverside/measures/home-visits").await.json();
    assert_eq!((stored["name"].clone(), stored["frequency"].clone()), (json!("Home visits"), json!("monthly")));
    assert_eq!(api.get("/api/v1/orgs/riverside/measures/home-visits/values").await.json()["values"][1]["value"], 12.0);

    let fields = [
        ("name", "Visits"),
        ("unit", "count"),
        ("direction", "lower"),
        ("frequency", "monthly"),
        ("targets", "2025-04 11"),
    ];
    let saved = editor.post("/o/riverside/measures/home-visits/edit", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let stored = api.get("/api/v1/orgs/riverside/measures/home-visits").await.json();
    assert_eq!((stored["name"].clone(), stored["direction"].clone()), (json!("Visits"), json!("lower")));
    assert_eq!(stored["targets"], json!([{"from": "2025-04", "value": 11.0}]));
}

#[tokio::test]
async fn deleting_a_measure_asks_first_then_removes_it_with_its_values_and_is_audited() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let (aim, _) = strategy(&app, &mut editor, "riverside", "Care close to home", "Visit at home").await;
    measure(&mut editor).await;
    let aim_text = aim.to_string();
    let linked = [FIELDS.to_vec(), vec![("aim", &*aim_text)]].concat();
    editor.post("/o/riverside/measures/home-visits/edit", &linked).await;

    let ask = editor.get("/o/riverside/measures/home-visits/delete").await;
    assert_eq!(ask.status, StatusCode::OK);
    assert_eq!(ask.text_of("h1"), "Delete “Home visits”?");
    assert!(ask.text.contains("all 2 of its values"));
    assert!(
        ask.has("form[action='/o/riverside/measures/home-visits/delete'] button"),
        "a plain form: no script needed"
    );

    let deleted = editor.post("/o/riverside/measures/home-visits/delete", &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.text);
    assert_eq!(deleted.location(), "/o/riverside/measures");
    let list = editor.follow(&deleted).await;
    assert!(list.text.contains("“Home visits” and its values have been deleted"));
    assert_eq!(app.visitor().get("/o/riverside/measures/home-visits").await.status, StatusCode::NOT_FOUND);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM outcome_measure_values").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM measure_aims").await, 0);
    let audited = count(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'measure.delete'").await;
    assert_eq!(audited, 1);
    let again = editor.post("/o/riverside/measures/home-visits/delete", &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn board_staff_and_another_organisations_editor_are_refused_on_every_new_route() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    measure(&mut editor).await;
    let fields = [FIELDS.to_vec(), vec![("name", "Spied")]].concat();
    for email in ["board@riverside.example", "staff@riverside.example", "owner@northgate.example"] {
        let mut person = app.signed_in(email).await;
        for path in ["/o/riverside/measures/home-visits/edit", "/o/riverside/measures/home-visits/delete"] {
            assert_eq!(person.get(path).await.status, StatusCode::FORBIDDEN, "{email} GET {path}");
            assert_eq!(person.post(path, &fields).await.status, StatusCode::FORBIDDEN, "{email} POST {path}");
        }
        // By its own address the measure is not there at all.
        let own = person.post("/o/northgate/measures/home-visits/delete", &[]).await;
        assert!(matches!(own.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN), "{email}");
    }
    let anonymous = app.visitor();
    let page = anonymous.get("/o/riverside/measures/home-visits/edit").await;
    assert!(page.status.is_redirection() || page.status == StatusCode::UNAUTHORIZED, "{}", page.status);
    let stored = Api::new(&app, None).get("/api/v1/orgs/riverside/measures/home-visits").await.json();
    assert_eq!(stored["name"], "Home visits", "nothing changed");
}
