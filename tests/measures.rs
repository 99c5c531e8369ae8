//! Outcome measures: editors describe a measure and send its values through
//! the API or the pages; anyone reads its SPC chart, its icons and its
//! points; nobody from another organisation changes anything.

mod common;

use common::{Api, Page, TestApp, Visitor, make_token};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const MEASURE: &str = "/api/v1/orgs/riverside/measures/home-visits";

/// Twenty months from January 2024 alternating 10 and 12, except August
/// 2024 at 30: far outside the limits of the others.
fn one_point_out() -> Vec<(String, f64)> {
    (0..20)
        .map(|i| {
            let period = format!("{}-{:02}", 2024 + i / 12, i % 12 + 1);
            let value = if i == 7 {
                30.0
            } else if i % 2 == 0 {
                10.0
            } else {
                12.0
            };
            (period, value)
        })
        .collect()
}

fn values_json(series: &[(String, f64)]) -> Value {
    json!({ "values": series.iter().map(|(p, v)| json!({ "period": p, "value": v, "note": null })).collect::<Vec<_>>() })
}

fn home_visits() -> Value {
    json!({
        "name": "Home visits within two hours",
        "unit": "count",
        "direction": "higher",
        "frequency": "monthly",
        "baseline_points": null,
        "rebases": [],
        "targets": [{ "from": "2024-01", "value": 5.0 }],
        "definition": "Urgent community response visits that began within two hours of referral.",
        "source": "Community care record, monthly extract",
        "quality_note": "Visits recorded late may be missing from the latest month."
    })
}

async fn editor_api(app: &TestApp, email: &str) -> Api {
    let mut editor = app.signed_in(email).await;
    Api::new(app, Some(make_token(&mut editor).await))
}

async fn put_csv(api: &Api, path: &str, csv: String) -> Page {
    let request = api
        .client
        .put(format!("{}{path}", api.base))
        .bearer_auth(api.token.as_deref().unwrap())
        .header("content-type", "text/csv")
        .body(csv);
    let response = request.send().await.unwrap();
    Page { status: response.status(), headers: response.headers().clone(), text: response.text().await.unwrap() }
}

async fn upload(visitor: &mut Visitor, path: &str, csv: &str) -> Page {
    let token = visitor.csrf().await;
    let part =
        reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("values.csv").mime_str("text/csv").unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    let url = format!("{}{path}?csrf_token={token}", visitor.base);
    let response = visitor.client.post(url).multipart(form).send().await.unwrap();
    Page { status: response.status(), headers: response.headers().clone(), text: response.text().await.unwrap() }
}

/// Makes Riverside's home-visits measure with the one-point-out series.
async fn riverside_measure(app: &TestApp) -> Api {
    let api = editor_api(app, "editor@riverside.example").await;
    assert_eq!(api.send(Method::PUT, MEASURE, &home_visits()).await.status, StatusCode::CREATED);
    let stored = api.send(Method::PUT, &format!("{MEASURE}/values"), &values_json(&one_point_out())).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.text);
    api
}

#[tokio::test]
async fn an_editor_puts_a_measure_and_its_values_and_anyone_reads_which_point_is_special() {
    let app = TestApp::spawn().await;
    let api = riverside_measure(&app).await;

    let again = api.send(Method::PUT, MEASURE, &home_visits()).await;
    assert_eq!(again.status, StatusCode::OK, "putting the same measure again replaces it");

    let spc = Api::new(&app, None).get(&format!("{MEASURE}/spc")).await;
    assert_eq!(spc.status, StatusCode::OK, "{}", spc.text);
    let spc = spc.json();
    assert_eq!(spc["segments"].as_array().unwrap().len(), 1);
    let segment = &spc["segments"][0];
    assert_eq!(segment["from"], "2024-01");
    assert!(segment["upper_limit"].as_f64().unwrap() < 30.0, "{segment}");
    assert!(segment["lower_limit"].as_f64().unwrap() > 5.0, "{segment}");
    let points = spc["points"].as_array().unwrap();
    assert_eq!(points.len(), 20);
    let special: Vec<(&str, &str)> = points
        .iter()
        .filter(|p| !p["special_cause"].is_null())
        .map(|p| (p["period"].as_str().unwrap(), p["special_cause"].as_str().unwrap()))
        .collect();
    assert_eq!(special, [("2024-08", "improvement")]);
    assert_eq!(spc["variation"], "common_cause");
    assert_eq!(spc["assurance"], "pass", "both limits lie above the target of 5");

    let list = Api::new(&app, None).get("/api/v1/orgs/riverside/measures").await.json();
    assert_eq!(list, json!([{ "key": "home-visits", "name": "Home visits within two hours" }]));
    let audit = editor_api(&app, "owner@riverside.example").await.get("/api/v1/orgs/riverside/audit").await.json();
    assert_eq!(audit[0]["summary"], "Changed the outcome measure “Home visits within two hours” (home-visits)",);
    assert_eq!(
        audit[1]["summary"],
        "Replaced the values of the outcome measure “Home visits within two hours” (home-visits) with 20 values"
    );
}

#[tokio::test]
async fn a_measure_that_does_not_hold_together_is_refused_naming_each_field() {
    let app = TestApp::spawn().await;
    let api = editor_api(&app, "editor@riverside.example").await;
    let mut body = home_visits();
    body["rebases"] = json!(["2024-06", "2024-Q3"]);
    body["baseline_points"] = json!(6);
    let refused = api.send(Method::PUT, MEASURE, &body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.headers["content-type"], "application/problem+json");
    let errors = refused.json()["errors"].clone();
    assert_eq!(errors[0]["field"], "baseline_points");
    assert_eq!(errors[1]["field"], "rebases[1]");
    assert_eq!(
        errors[1]["message"],
        "Rebase 2: 2024-Q3 is a quarter, but this measure is monthly: write a month as 2024-04"
    );
    let bad_key = api.send(Method::PUT, "/api/v1/orgs/riverside/measures/Home%20Visits", &home_visits()).await;
    assert_eq!(bad_key.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_key.json()["errors"][0]["field"], "key");
    assert_eq!(Api::new(&app, None).get(MEASURE).await.status, StatusCode::NOT_FOUND, "nothing was made");
}

#[tokio::test]
async fn a_csv_with_faults_names_each_row_and_column_and_leaves_the_old_values_as_they_were() {
    let app = TestApp::spawn().await;
    let api = riverside_measure(&app).await;
    let before = Api::new(&app, None).get(&format!("{MEASURE}/spc")).await.json();

    let csv = "period,value,note\n2025-01,11,\n2025-Q1,12,\n2025-03,many,\n2025-01,13,late\n".to_owned();
    let refused = put_csv(&api, &format!("{MEASURE}/values"), csv).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    let messages: Vec<String> = refused.json()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        messages,
        [
            "Row 3, column period: 2025-Q1 is a quarter, but this measure is monthly: write a month as 2024-04",
            "Row 4, column value: “many” is not a number",
            "Row 5, column period: 2025-01 is given twice (first at row 2, column period): a measure has one value \
             per period",
        ]
    );
    let unknown = put_csv(&api, &format!("{MEASURE}/values"), "period,value,colour\n2025-01,1,red\n".to_owned()).await;
    assert_eq!(
        unknown.json()["errors"][0]["message"],
        "Row 1, column 3: unknown column “colour”: the columns are period, value and note"
    );
    assert_eq!(Api::new(&app, None).get(&format!("{MEASURE}/spc")).await.json(), before, "nothing was imported");

    let good = put_csv(&api, &format!("{MEASURE}/values"), "period,value\n2025-01,11\n2025-02,12\n".to_owned()).await;
    assert_eq!(good.status, StatusCode::OK, "{}", good.text);
    assert_eq!(good.json()["points"].as_array().unwrap().len(), 2, "the file replaced every value");
}

#[tokio::test]
async fn a_hundred_thousand_values_are_imported_whole_and_analysed() {
    let app = TestApp::spawn().await;
    let api = editor_api(&app, "editor@riverside.example").await;
    assert_eq!(api.send(Method::PUT, MEASURE, &home_visits()).await.status, StatusCode::CREATED);
    let mut csv = String::from("period,value,note\n");
    for i in 0..100_000u32 {
        csv.push_str(&format!("{:04}-{:02},{},\n", 1000 + i / 12, i % 12 + 1, i % 17));
    }
    // How long it takes is measured by scripts/bench-strategy.sh, not here:
    // a timed test fails on a busy machine, not on slow code.
    let stored = put_csv(&api, &format!("{MEASURE}/values"), csv).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", &stored.text[..stored.text.len().min(500)]);
    let points = stored.json()["points"].as_array().unwrap().clone();
    assert_eq!(points.len(), 100_000);
    assert_eq!(points[0]["period"], "1000-01");
    assert_eq!(points[99_999]["period"], "9333-04");
}

#[tokio::test]
async fn another_organisations_editor_is_refused_on_every_route_that_changes_a_measure() {
    let app = TestApp::spawn().await;
    riverside_measure(&app).await;
    let before = Api::new(&app, None).get(&format!("{MEASURE}/spc")).await.json();

    let intruder = editor_api(&app, "editor@northgate.example").await;
    let put = intruder.send(Method::PUT, MEASURE, &home_visits()).await;
    assert_eq!(put.status, StatusCode::FORBIDDEN);
    let new_one = intruder.send(Method::PUT, "/api/v1/orgs/riverside/measures/spy", &home_visits()).await;
    assert_eq!(new_one.status, StatusCode::FORBIDDEN);
    let values = intruder.send(Method::PUT, &format!("{MEASURE}/values"), &values_json(&[])).await;
    assert_eq!(values.status, StatusCode::FORBIDDEN);
    let csv = put_csv(&intruder, &format!("{MEASURE}/values"), "period,value\n2024-01,1\n".to_owned()).await;
    assert_eq!(csv.status, StatusCode::FORBIDDEN);
    let anonymous = Api::new(&app, None).send(Method::PUT, MEASURE, &home_visits()).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let mut visitor = app.signed_in("editor@northgate.example").await;
    assert_eq!(visitor.get("/o/riverside/measures/new").await.status, StatusCode::FORBIDDEN);
    let fields =
        [("key", "spy"), ("name", "Spy"), ("unit", "count"), ("direction", "higher"), ("frequency", "monthly")];
    assert_eq!(visitor.post("/o/riverside/measures", &fields).await.status, StatusCode::FORBIDDEN);
    let one = visitor.post("/o/riverside/measures/home-visits/values", &[("period", "2024-01"), ("value", "99")]).await;
    assert_eq!(one.status, StatusCode::FORBIDDEN);
    let file = upload(&mut visitor, "/o/riverside/measures/home-visits/values/csv", "period,value\n2024-01,1\n").await;
    assert_eq!(file.status, StatusCode::FORBIDDEN);
    let page = visitor.get("/o/riverside/measures/home-visits").await;
    assert!(!page.has("form[action$='/values']"), "no editing forms are shown to another organisation's editor");

    assert_eq!(Api::new(&app, None).get(&format!("{MEASURE}/spc")).await.json(), before, "nothing changed");
    assert_eq!(Api::new(&app, None).get("/api/v1/orgs/riverside/measures").await.json().as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn anyone_reads_the_chart_its_meaning_and_the_points_as_a_table() {
    let app = TestApp::spawn().await;
    riverside_measure(&app).await;
    let anonymous = app.visitor();

    let list = anonymous.get("/o/riverside/measures").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.text_of(".measure-list a"), "Home visits within two hours");
    assert!(!list.has("a[href='/o/riverside/measures/new']"));

    let page = anonymous.get("/o/riverside/measures/home-visits").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("h1"), "Home visits within two hours");
    assert_eq!(page.text_of("svg.spc-chart title"), "Home visits within two hours");
    assert!(page.text_of(".spc-summary").contains("Common cause variation: no significant change"));
    assert!(page.text_of(".spc-summary").contains("The system is expected to consistently pass the target"));
    assert!(page.text.contains("Higher is better"));
    let rows = page.texts(".measure-points tbody tr");
    assert_eq!(rows.len(), 20);
    assert_eq!(rows[0], "Jan 2024 10 Common cause");
    assert_eq!(rows[7], "Aug 2024 30 Special cause: improvement – outside the process limits");
    assert!(page.text.contains("Community care record, monthly extract"));
    assert!(page.text.contains("Visits recorded late may be missing from the latest month."));
    assert!(!page.has(".measure-note"), "twenty points are enough for limits");
    assert!(!page.has("form"), "anonymous visitors see no editing forms: {}", page.texts("form").join(" | "));
}

#[tokio::test]
async fn an_editor_adds_a_measure_sets_a_value_and_imports_a_file_through_the_pages() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let list = editor.get("/o/riverside/measures").await;
    assert!(list.has("a[href='/o/riverside/measures/new']"));
    assert_eq!(editor.get("/o/riverside/measures/new").await.status, StatusCode::OK);

    let refused = editor
        .post(
            "/o/riverside/measures",
            &[("key", "falls"), ("name", ""), ("unit", "per_1000"), ("frequency", "monthly")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.texts(".error-summary li"),
        ["Enter the measure's name", "Say which way is better: higher, lower or neither"]
    );

    let made = editor
        .post(
            "/o/riverside/measures",
            &[
                ("key", "falls"),
                ("name", "Inpatient falls per 1,000 bed days"),
                ("unit", "per_1000"),
                ("direction", "lower"),
                ("frequency", "monthly"),
                ("targets", "2024-01 4"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    assert_eq!(made.location(), "/o/riverside/measures/falls");
    let page = editor.follow(&made).await;
    assert_eq!(page.text_of(".measure-empty"), "There are no values for this measure yet.");

    let set = editor.post("/o/riverside/measures/falls/values", &[("period", "2024-01"), ("value", "5.5")]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let page = editor.follow(&set).await;
    assert_eq!(page.texts(".measure-points tbody tr"), ["Jan 2024 5.5 per 1,000 Common cause"]);
    assert!(page.text_of(".measure-note").contains("Process limits need at least 12 points"));

    let wrong = editor.post("/o/riverside/measures/falls/values", &[("period", "2024-Q1"), ("value", "x")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.texts(".error-summary li"),
        ["2024-Q1 is a quarter, but this measure is monthly: write a month as 2024-04", "“x” is not a number"]
    );

    let bad_file = "period,value\n2024-02,4\n2024-03,four\n";
    let refused = upload(&mut editor, "/o/riverside/measures/falls/values/csv", bad_file).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.texts(".error-summary li"), ["Row 3, column value: “four” is not a number"]);
    assert_eq!(refused.texts(".measure-points tbody tr").len(), 1, "the old value is still the only one");

    let file = "period,value,note\n2024-02,4,\n2024-03,3.5,estimated\n";
    let imported = upload(&mut editor, "/o/riverside/measures/falls/values/csv", file).await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.text);
    let page = editor.follow(&imported).await;
    assert_eq!(page.text_of(".notice"), "2 values were imported; they replace the earlier ones.");
    assert_eq!(
        page.texts(".measure-points tbody tr"),
        ["Feb 2024 4 per 1,000 Common cause", "Mar 2024 3.5 per 1,000 Common cause estimated"]
    );
    // The public copy shows the change at once.
    assert_eq!(app.visitor().get("/o/riverside/measures/falls").await.texts(".measure-points tbody tr").len(), 2);
}

#[tokio::test]
async fn the_demo_partnership_shows_a_measure_recalculated_when_its_discharge_hub_opened() {
    let app = TestApp::spawn_with_demo().await;
    let page = app.visitor().get("/o/river-north/measures/home-within-a-day").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("h1"), "Patients home within a day of being ready");
    assert_eq!(page.texts(".measure-points tbody tr").len(), 30);
    assert_eq!(page.texts("svg.spc-chart g.spc-segment").len(), 2, "the limits start again in October 2024");
    assert!(!page.has(".measure-note"), "each segment has at least 12 points");
    assert!(page.text_of(".spc-summary").contains("The system is expected to consistently fail the target"));
    assert_eq!(page.texts(".measure-points tbody tr")[0], "Apr 2023 61.8% Common cause");
    assert!(page.text.contains("80% from Apr 2024"));
}

#[tokio::test]
async fn the_openapi_document_describes_the_measures_routes() {
    let app = TestApp::spawn().await;
    let doc = Api::new(&app, None).get("/api/v1/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/orgs/{slug}/measures",
        "/api/v1/orgs/{slug}/measures/{key}",
        "/api/v1/orgs/{slug}/measures/{key}/values",
        "/api/v1/orgs/{slug}/measures/{key}/spc",
    ] {
        assert!(paths.contains_key(path), "{path} is missing from the OpenAPI document");
    }
    let put = &doc["paths"]["/api/v1/orgs/{slug}/measures/{key}/values"]["put"];
    let types: Vec<&String> = put["requestBody"]["content"].as_object().unwrap().keys().collect();
    assert_eq!(types, ["application/json", "text/csv"]);
    let wrong_method = Api::new(&app, None).send(Method::POST, "/api/v1/orgs/riverside/measures", &json!({})).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(wrong_method.headers["content-type"], "application/problem+json");
    for status in ["401", "403", "404", "422"] {
        assert!(put["responses"].get(status).is_some(), "PUT values lacks {status}");
    }
}
