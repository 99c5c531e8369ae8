//! The strategy file and the strategy API: a file imported from the command
//! line or through the API becomes a new draft (measures created or
//! replaced), exports byte for byte, and is refused whole with its line and
//! column when anything is wrong; the published strategy, its objectives and
//! their updates read as JSON; a measure's values come out as the CSV the
//! import takes; another organisation's token is refused on every route.

mod common;

use std::process::Stdio;

use common::{Api, Page, TestApp, TestDatabase, make_token};
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ethos");

/// A strategy file as `ethos strategy export` writes it.
const FILE: &str = "\
schema: ethos/strategy/v1
organisation: riverside
title: 'Riverside: well at home'
first_year: 2026-27
last_year: 2027-28
summary: Two aims, reviewed every quarter.
document_url: ''
aims:
- key: fewer-admissions
  title: Fewer admissions
  description: Help people stay out of hospital
  priorities:
  - key: frailty
    title: Frailty
    description: ''
- key: good-work
  title: Good work
  description: ''
  priorities: []
years:
  2026-27:
  - key: frailty-clinics
    title: Frailty clinics
    description: ''
    aim: fewer-admissions
    priority: frailty
    lead: Clinical Director
    committee: ''
    due: 2027-03-31
    weight: 1.0
    status: on_track
    cadence: quarterly
    carried_from: ''
    updates:
    - period: 2026-Q2
      rag: green
      confidence: high
      narrative: Two clinics open
      evidence: []
      when: 2026-07-10T12:00:00Z
  2027-28:
  - key: frailty-clinics
    title: Frailty clinics
    description: ''
    aim: fewer-admissions
    priority: ''
    lead: ''
    committee: ''
    due: ''
    weight: 1.0
    status: not_started
    cadence: monthly
    carried_from: frailty-clinics
    updates: []
measures:
- key: readmissions
  name: Readmissions within 30 days
  definition: ''
  unit: percent
  direction: lower
  frequency: quarterly
  baseline_points: null
  source: ''
  quality_note: ''
  rebases: []
  targets:
  - from: 2026-Q1
    value: 8.0
  values:
  - period: 2026-Q1
    value: 9.5
    note: ''
  - period: 2026-Q2
    value: 8.75
    note: Winter ward closed
";

/// Runs `ethos ARGS` on database `db` with `stdin`; whether it succeeded,
/// and what it printed on standard output and standard error.
async fn run(db: &str, args: &[&str], stdin: Option<&[u8]>) -> (bool, String, String) {
    let mut child = Command::new(BIN)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).await.unwrap();
    }
    drop(input);
    let out = child.wait_with_output().await.unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[tokio::test]
async fn the_command_line_imports_a_file_as_a_draft_and_exports_it_byte_for_byte() {
    let database = TestDatabase::new().await;
    let db = &database.url;
    let (ok, _, err) =
        run(db, &["org", "create", "--slug", "riverside", "--name", "Riverside Health", "--kind", "trust"], None).await;
    assert!(ok, "{err}");
    let (ok, _, err) = run(db, &["strategy", "export", "--org", "riverside"], None).await;
    assert!(!ok);
    assert!(err.contains("riverside has not published a strategy yet"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    std::fs::write(&path, FILE).unwrap();
    let path = path.to_str().unwrap();
    let (ok, out, err) = run(db, &["strategy", "import", "--org", "riverside", path], None).await;
    assert!(ok, "{err}");
    assert!(out.contains("Opened the draft strategy “Riverside: well at home”"), "{out}");
    assert!(out.contains("with 2 aims and 2 objectives"), "{out}");
    assert!(out.contains("Measures created or replaced, with their values: readmissions."), "{out}");

    let (ok, out, err) = run(db, &["strategy", "export", "--org", "riverside", "--draft"], None).await;
    assert!(ok, "{err}");
    assert_eq!(out, FILE);

    // A second import opens a second draft and replaces the measure's values.
    let changed = FILE.replace("value: 8.75", "value: 7.25");
    let (ok, _, err) = run(db, &["strategy", "import", "--org", "riverside", "-"], Some(changed.as_bytes())).await;
    assert!(ok, "{err}");
    let (ok, out, _) = run(db, &["strategy", "export", "--org", "riverside", "--draft"], None).await;
    assert!(ok);
    assert_eq!(out, changed);
    let (ok, first, _) = run(db, &["strategy", "export", "--org", "riverside", "--id", "1"], None).await;
    assert!(ok);
    assert_eq!(first, changed, "the measures are the organisation's: both drafts show the new values");
    let (ok, _, err) = run(db, &["strategy", "export", "--org", "riverside", "--id", "99"], None).await;
    assert!(!ok);
    assert!(err.contains("riverside has no strategy with the id 99"), "{err}");
}

#[tokio::test]
async fn a_file_with_a_problem_is_refused_with_its_line_and_column_and_nothing_is_stored() {
    let database = TestDatabase::new().await;
    let db = &database.url;
    let (ok, _, err) =
        run(db, &["org", "create", "--slug", "hillside", "--name", "Hillside Hospice", "--kind", "trust"], None).await;
    assert!(ok, "{err}");
    let import = ["strategy", "import", "--org", "hillside", "-"];
    for (text, expected) in [
        (
            FILE.replace("status: on_track", "status: sideways"),
            "line 31, column 5, years.2026-27[0].status: “sideways” is not a status",
        ),
        (
            FILE.replace("  2027-28:\n", "  2031-32:\n"),
            "line 41, column 3, years.2031-32: 2031-32 is outside the strategy, which runs from 2026-27 to 2027-28",
        ),
        (
            FILE.replace("  - period: 2026-Q2\n    value", "  - period: 2026-05\n    value"),
            "line 73, column 5, measures[0].values[1].period: 2026-05 is a month, but this measure is quarterly",
        ),
        (
            FILE.replace("value: 9.5", "value: plenty"),
            "line 71, column 12, measures[0].values[0].value: expected a number",
        ),
        (
            FILE.replace("    aim: fewer-admissions\n    priority: ''", "    aim: nowhere\n    priority: ''"),
            "line 45, column 5, years.2027-28[0].aim: There is no aim with the key “nowhere”",
        ),
    ] {
        let (ok, out, err) = run(db, &import, Some(text.as_bytes())).await;
        assert!(!ok, "{out}");
        assert!(err.contains("standard input was not imported; nothing was changed."), "{err}");
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    let (ok, _, err) = run(db, &["strategy", "export", "--org", "hillside", "--draft"], None).await;
    assert!(!ok);
    assert!(err.contains("hillside has no draft strategy"), "{err}");
}

async fn editor_api(app: &TestApp, email: &str) -> Api {
    let mut editor = app.signed_in(email).await;
    Api::new(app, Some(make_token(&mut editor).await))
}

/// Sends `body` with `content_type` to `path` with the API's token.
async fn send_text(api: &Api, method: Method, path: &str, content_type: &str, body: &str) -> Page {
    let mut request = api.client.request(method, format!("{}{path}", api.base)).header("content-type", content_type);
    if let Some(token) = &api.token {
        request = request.bearer_auth(token);
    }
    let response = request.body(body.to_owned()).send().await.unwrap();
    Page { status: response.status(), headers: response.headers().clone(), text: response.text().await.unwrap() }
}

const FILE_PATH: &str = "/api/v1/orgs/riverside/strategy/file";

#[tokio::test]
async fn through_the_api_an_editor_imports_and_exports_the_file_and_everyone_reads_the_published_strategy() {
    let app = TestApp::spawn().await;
    let api = editor_api(&app, "editor@riverside.example").await;
    let made = send_text(&api, Method::POST, FILE_PATH, "application/yaml", FILE).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let id = made.json()["id"].as_i64().unwrap();
    assert_eq!(made.json()["edit_url"], format!("/o/riverside/strategy/edit/{id}"));
    assert_eq!(made.json()["measures"], json!(["readmissions"]));

    let exported = api.get(&format!("{FILE_PATH}?draft=true")).await;
    assert_eq!(exported.status, StatusCode::OK);
    assert!(exported.headers["content-type"].to_str().unwrap().starts_with("application/yaml"));
    assert_eq!(exported.text, FILE);

    // A wrong file: 422 with the line and column, nothing stored.
    let wrong =
        send_text(&api, Method::POST, FILE_PATH, "application/yaml", &FILE.replace("rag: green", "rag: teal")).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.headers["content-type"], "application/problem+json");
    let error = &wrong.json()["errors"][0];
    assert_eq!(error["field"], "years.2026-27[0].updates[0].rag");
    assert_eq!(error["message"], "line 36, column 7, years.2026-27[0].updates[0].rag: Choose green, amber or red");
    let strategies: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM strategies").fetch_one(pool).await.unwrap());
    assert_eq!(strategies, 1);
    let audit: Vec<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT summary FROM audit_events WHERE action = 'strategy.import'").fetch_all(pool).await.unwrap());
    assert_eq!(
        audit,
        ["Imported the strategy “Riverside: well at home” (2026-27 to 2027-28) as a draft from the API: 2 aims, \
          2 objectives; measures created or replaced: readmissions"]
    );

    // Nothing is published yet: 404 for everyone, the draft for its editors only.
    let anonymous = Api::new(&app, None);
    let none = anonymous.get("/api/v1/orgs/riverside/strategy").await;
    assert_eq!(none.status, StatusCode::NOT_FOUND);
    assert_eq!(none.json()["detail"], "Riverside Community Health NHS Trust has not published a strategy yet.");
    assert_eq!(anonymous.get(&format!("/api/v1/orgs/riverside/strategy/{id}")).await.status, StatusCode::NOT_FOUND);
    let draft = api.get(&format!("/api/v1/orgs/riverside/strategy/{id}")).await;
    assert_eq!(draft.json()["status"], "draft");

    let mut editor = app.signed_in("editor@riverside.example").await;
    let published = editor.post(&format!("/o/riverside/strategy/edit/{id}/publish"), &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
    let strategy = anonymous.get("/api/v1/orgs/riverside/strategy").await.json();
    assert_eq!(strategy["title"], "Riverside: well at home");
    assert_eq!(strategy["aims"][0]["priorities"][0]["title"], "Frailty");
    let year = &strategy["years"][0];
    assert_eq!(year["year"], "2026-27");
    assert_eq!(year["rollup"]["status"], "on_track");
    assert_eq!(year["rollup"]["score"], 1.0);
    let objective = &year["objectives"][0];
    assert_eq!(objective["title"], "Frailty clinics");
    assert_eq!(objective["latest_update"], json!({"period": "2026-Q2", "rag": "green"}));
    assert!(objective["stale"].is_boolean());
    let carried = &strategy["years"][1]["objectives"][0];
    assert_eq!(carried["carried_from"], objective["id"]);

    // One objective with its updates; a new update through the API.
    let path = format!("/api/v1/orgs/riverside/strategy/objectives/{}", objective["id"]);
    let detail = anonymous.get(&path).await.json();
    assert_eq!(detail["updates"][0]["narrative"], "Two clinics open");
    let bad = api
        .send(
            Method::POST,
            &format!("{path}/updates"),
            &json!({"period": "2026-11", "rag": "green", "confidence": "high", "narrative": ""}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<String> =
        bad.json()["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect();
    assert_eq!(fields, ["period", "narrative"]);
    let added = api
        .send(
            Method::POST,
            &format!("{path}/updates"),
            &json!({"period": "2026-Q3", "rag": "amber", "confidence": "medium", "narrative": "Third clinic delayed",
                    "evidence": ["https://example.org/minutes"]}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.json()["updates"][0]["period"], "2026-Q3");
    assert_eq!(added.json()["updates"][0]["by"], "Dylan Price");
}

#[tokio::test]
async fn a_measures_values_come_out_as_the_csv_the_import_takes() {
    let app = TestApp::spawn().await;
    let api = editor_api(&app, "editor@riverside.example").await;
    assert_eq!(send_text(&api, Method::POST, FILE_PATH, "application/yaml", FILE).await.status, StatusCode::CREATED);
    let values = "/api/v1/orgs/riverside/measures/readmissions/values";
    let anonymous = Api::new(&app, None);
    let as_json = anonymous.get(values).await.json();
    assert_eq!(as_json["values"][1], json!({"period": "2026-Q2", "value": 8.75, "note": "Winter ward closed"}));
    let csv = anonymous.client.get(format!("{}{values}", app.url)).header("accept", "text/csv").send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert_eq!(
        csv,
        "measure,period,value,note\nreadmissions,2026-Q1,9.5,\nreadmissions,2026-Q2,8.75,Winter ward closed\n"
    );
    assert_eq!(anonymous.get(&format!("{values}.csv")).await.text, csv);
    // The same file goes back in unchanged.
    let back = send_text(&api, Method::PUT, values, "text/csv", &csv).await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text);
    let wrong =
        send_text(&api, Method::PUT, values, "text/csv", &csv.replace("readmissions,2026-Q2", "falls,2026-Q2")).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text.contains("Row 3, column measure: “falls” is not this measure, readmissions"), "{}", wrong.text);
}

#[tokio::test]
async fn another_organisations_token_is_refused_on_every_strategy_route() {
    let app = TestApp::spawn().await;
    let api = editor_api(&app, "editor@riverside.example").await;
    let made = send_text(&api, Method::POST, FILE_PATH, "application/yaml", FILE).await;
    let id = made.json()["id"].as_i64().unwrap();
    let objective: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT MIN(id) FROM strategy_objectives").fetch_one(pool).await.unwrap());
    let outsider = editor_api(&app, "editor@northgate.example").await;
    assert_eq!(outsider.get(FILE_PATH).await.status, StatusCode::FORBIDDEN);
    assert_eq!(outsider.get(&format!("{FILE_PATH}?draft=true")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        send_text(&outsider, Method::POST, FILE_PATH, "application/yaml", FILE).await.status,
        StatusCode::FORBIDDEN
    );
    // A draft is not found for them, as for anyone but its editors.
    assert_eq!(outsider.get(&format!("/api/v1/orgs/riverside/strategy/{id}")).await.status, StatusCode::NOT_FOUND);
    let path = format!("/api/v1/orgs/riverside/strategy/objectives/{objective}");
    assert_eq!(outsider.get(&path).await.status, StatusCode::NOT_FOUND);
    let update = json!({"period": "2026-Q3", "rag": "red", "confidence": "low", "narrative": "Not ours"});
    assert_eq!(outsider.send(Method::POST, &format!("{path}/updates"), &update).await.status, StatusCode::FORBIDDEN);
    // Their own organisation's address does not reach Riverside's objective.
    let elsewhere = format!("/api/v1/orgs/northgate/strategy/objectives/{objective}/updates");
    assert_eq!(outsider.send(Method::POST, &elsewhere, &update).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&format!("/api/v1/orgs/northgate/strategy/{id}")).await.status, StatusCode::NOT_FOUND);
    let csv = send_text(
        &outsider,
        Method::PUT,
        "/api/v1/orgs/riverside/measures/readmissions/values",
        "text/csv",
        "period,value\n2026-Q3,1\n",
    )
    .await;
    assert_eq!(csv.status, StatusCode::FORBIDDEN);
    // Without a token: 401 on the editors' routes.
    let anonymous = Api::new(&app, None);
    assert_eq!(anonymous.get(FILE_PATH).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        anonymous.send(Method::POST, &format!("{path}/updates"), &update).await.status,
        StatusCode::UNAUTHORIZED
    );
    let updates: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM objective_updates").fetch_one(pool).await.unwrap());
    assert_eq!(updates, 1, "only the file's own update");
    let strategies: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM strategies").fetch_one(pool).await.unwrap());
    assert_eq!(strategies, 1);
}

#[tokio::test]
async fn the_openapi_document_describes_the_strategy_routes() {
    let app = TestApp::spawn().await;
    let doc = Api::new(&app, None).get("/api/v1/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/orgs/{slug}/strategy",
        "/api/v1/orgs/{slug}/strategy/{id}",
        "/api/v1/orgs/{slug}/strategy/objectives/{id}",
        "/api/v1/orgs/{slug}/strategy/objectives/{id}/updates",
        "/api/v1/orgs/{slug}/strategy/file",
        "/api/v1/orgs/{slug}/measures/{key}/values.csv",
    ] {
        assert!(paths.contains_key(path), "{path} is missing from the OpenAPI document");
    }
    assert!(paths["/api/v1/orgs/{slug}/strategy/file"]["post"]["responses"]["422"].is_object());
    assert!(paths["/api/v1/orgs/{slug}/measures/{key}/values"]["get"].is_object());
}
