//! The strategy's two PDFs over HTTP: the Board performance report puts
//! what needs the Board's attention first (an objective off track, one
//! gone stale, a measure showing concern and set to fail its target) and is
//! for the organisation's board members and editors only; the strategy
//! summary is for everyone; a period that cannot be read is a 400 page
//! saying why.

mod common;

use common::pdf::pdf_text;
use common::{Api, Page, TestApp, make_token};
use reqwest::StatusCode;

/// Monthly values from April 2024 to March 2026: steady, then a last month
/// far above the rest.
fn delays() -> String {
    let mut yaml = String::new();
    for i in 0..24 {
        let (year, month) = (2024 + (i + 3) / 12, (i + 3) % 12 + 1);
        let value = if i == 23 {
            40
        } else if i % 2 == 0 {
            19
        } else {
            21
        };
        yaml += &format!("  - period: {year}-{month:02}\n    value: {value}.0\n    note: ''\n");
    }
    yaml
}

/// Westmoor's made-up strategy: one objective off track with a red
/// update, one with no update at all, and two measures, of which one (bed
/// days lost, lower is better) jumped in its last month and cannot meet
/// its target of 10.
fn strategy_file() -> String {
    format!(
        "\
schema: ethos/strategy/v1
organisation: riverside
title: Care nearer home
first_year: 2025-26
last_year: 2026-27
summary: Two aims for two years.
document_url: ''
aims:
- key: home
  title: Care closer to home
  description: Fewer journeys to hospital for care that can be given nearby.
  priorities:
  - key: feet
    title: Foot care in every town
    description: ''
- key: work
  title: A good place to work
  description: ''
  priorities: []
years:
  2025-26:
  - key: clinics
    title: Open a foot-care clinic in every town
    description: ''
    aim: home
    priority: feet
    lead: Head of Podiatry
    committee: ''
    due: 2026-03-31
    weight: 1.0
    status: off_track
    cadence: quarterly
    carried_from: ''
    updates:
    - period: 2026-Q1
      rag: red
      confidence: low
      narrative: Two of the three clinic rooms are not ready after the builder stopped work.
      evidence: []
      when: 2026-03-20T12:00:00Z
  - key: posts
    title: Fill nursing posts within eight weeks
    description: ''
    aim: work
    priority: ''
    lead: Director of Nursing
    committee: ''
    due: ''
    weight: 1.0
    status: on_track
    cadence: quarterly
    carried_from: ''
    updates: []
measures:
- key: bed-days-lost
  name: Bed days lost to delayed discharge
  definition: ''
  unit: count
  direction: lower
  frequency: monthly
  baseline_points: null
  source: ''
  quality_note: ''
  rebases: []
  targets:
  - from: 2024-04
    value: 10.0
  values:
{}- key: hub-visits
  name: Visits to the health hub
  definition: ''
  unit: count
  direction: higher
  frequency: quarterly
  baseline_points: null
  source: ''
  quality_note: ''
  rebases: []
  targets: []
  aims:
  - home
  values:
  - period: 2025-Q2
    value: 310.0
    note: ''
",
        delays()
    )
}

/// Imports and publishes the strategy; the objective with no update was set
/// long ago, so it is stale whatever day the test runs.
async fn publish_strategy(app: &TestApp) {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(app, Some(make_token(&mut editor).await));
    let made = api
        .client
        .post(format!("{}/api/v1/orgs/riverside/strategy/file", app.url))
        .bearer_auth(api.token.as_deref().unwrap())
        .header("content-type", "application/yaml")
        .body(strategy_file())
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), StatusCode::CREATED, "{}", made.text().await.unwrap());
    let id: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT MAX(id) FROM strategies").fetch_one(pool).await.unwrap());
    let published = editor.post(&format!("/o/riverside/strategy/edit/{id}/publish"), &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
    ethos::on_db!(&app.db, pool => sqlx::query("UPDATE strategy_objectives SET created_at = 0 WHERE title = $1")
        .bind("Fill nursing posts within eight weeks").execute(pool).await.map(|_| ()).unwrap());
}

fn at(text: &str, what: &str) -> usize {
    text.find(what).unwrap_or_else(|| panic!("{what} is not in the report: {text}"))
}

#[tokio::test]
async fn the_board_reads_the_exceptions_before_the_aims_in_its_performance_report() {
    let app = TestApp::spawn().await;
    publish_strategy(&app).await;
    let board = app.signed_in("board@riverside.example").await;

    // The strategy page offers the report as a form that works without script.
    let page = board.get("/o/riverside/strategy").await;
    assert!(page.has("form[method='get'][action='/o/riverside/strategy/report.pdf'] select[name='quarter']"));

    let url = format!("{}/o/riverside/strategy/report.pdf?year=2025-26&quarter=whole", app.url);
    let text = pdf_text(&board.client, &url).await;
    assert!(text.contains("Boardperformancereport"), "{text}");
    assert!(text.contains("Carenearerhome(2025-26to2026-27)"), "{text}");
    let exceptions = at(&text, "Exceptions");
    let off_track = at(&text, "Objectivesofftrack");
    let stale = at(&text, "(stale)");
    let failing = at(&text, "Measuresthatwillconsistentlyfailtheirtarget");
    let aims = at(&text, "Aimsandobjectives");
    assert!(exceptions < off_track && off_track < stale && stale < failing && failing < aims, "{text}");
    let clinics = at(&text, "Openafoot-careclinicineverytown");
    assert!(off_track < clinics && clinics < stale, "the off-track objective is named first: {text}");
    let posts = at(&text, "Fillnursingpostswithineightweeks");
    assert!(stale < posts && posts < aims, "the objective without an update is stale: {text}");
    let concern = at(&text, "Measuresshowingspecial-causeconcern");
    let lost = at(&text, "Beddayslosttodelayeddischarge");
    assert!(concern < lost && lost < failing, "the jump shows as a concern: {text}");
    assert!(text[failing..aims].contains("Beddayslosttodelayeddischarge"), "and it will fail its target");
    assert!(!text[..aims].contains("Visitstothehealthhub"), "a measure with no signal is not an exception");

    // After the exceptions: the aims with each objective's latest update, then every measure.
    let narrative = at(&text, "Twoofthethreeclinicroomsarenotready");
    assert!(narrative > aims, "{text}");
    assert!(text[aims..].contains("LatestRAG:Red:seriousconcern(2026-Q1)"), "{text}");
    assert!(text[aims..].contains("Lead:HeadofPodiatry·Due:31March2026"), "{text}");
    assert!(text[narrative..].contains("Visitstothehealthhub"), "{text}");
    // The measure linked to the first aim is named under it, before the second aim.
    let under = at(&text, "Measuresofthisaim:Visitstothehealthhub(chartsunderOutcomemeasures).");
    assert!(narrative < under && under < at(&text, "2.Agoodplacetowork"), "{text}");

    // A quarter before the red update: the update is not shown yet.
    let q3 =
        pdf_text(&board.client, &format!("{}/o/riverside/strategy/report.pdf?year=2025-26&quarter=3", app.url)).await;
    assert!(q3.contains("2025-26,quarter3(OctobertoDecember2025)"), "{q3}");
    assert!(!q3.contains("Twoofthethreeclinicrooms"), "{q3}");
}

#[tokio::test]
async fn only_the_organisations_board_and_editors_get_the_board_report_but_anyone_gets_the_summary() {
    let app = TestApp::spawn().await;
    publish_strategy(&app).await;
    let report = "/o/riverside/strategy/report.pdf?year=2025-26";

    let anonymous = app.visitor();
    let refused = anonymous.get(report).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "signed out: sent to sign in");
    assert!(refused.location().starts_with("/sign-in"), "{}", refused.location());
    for outsider in ["editor@northgate.example", "board@northgate.example", "staff@riverside.example"] {
        let page = app.signed_in(outsider).await.get(report).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{outsider}");
    }
    for insider in ["editor@riverside.example", "owner@riverside.example"] {
        assert_eq!(app.signed_in(insider).await.get(report).await.status, StatusCode::OK, "{insider}");
    }
    let staff = app.signed_in("staff@riverside.example").await.get("/o/riverside/strategy").await;
    assert!(!staff.has("form[action='/o/riverside/strategy/report.pdf']"), "staff are not offered it");

    // The summary is public, linked from the strategy page.
    let page = anonymous.get("/o/riverside/strategy").await;
    assert!(page.has("a[href^='/o/riverside/strategy/summary.pdf']"), "{}", page.text);
    let client = reqwest::Client::new();
    let summary = pdf_text(&client, &format!("{}/o/riverside/strategy/summary.pdf?year=2025-26", app.url)).await;
    assert!(summary.contains("Carenearerhome"), "{summary}");
    assert!(summary.contains("1.Careclosertohome") && summary.contains("Footcareineverytown"), "{summary}");
    assert!(summary.contains("Offtrack1") && summary.contains("Ontrack1"), "objectives counted by status: {summary}");
    assert!(!summary.contains("Openafoot-careclinic"), "the page counts objectives, it does not list them");
    let long = pdf_text(&client, &format!("{}/o/riverside/strategy/summary.pdf?year=2025-26&long=1", app.url)).await;
    assert!(long.contains("Openafoot-careclinicineverytown—Offtrack(lead:HeadofPodiatry)"), "{long}");
    assert!(long.contains("Beddayslosttodelayeddischarge"), "{long}");
}

#[tokio::test]
async fn a_period_that_cannot_be_read_or_is_outside_the_strategy_is_refused_saying_why() {
    let app = TestApp::spawn().await;
    let board = app.signed_in("board@riverside.example").await;
    let none = board.get("/o/riverside/strategy/report.pdf").await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "nothing published yet");
    assert!(none.text.contains("has no published strategy yet"), "the board is told why: {}", none.text);
    publish_strategy(&app).await;

    let expect_400 = |page: Page, words: &str| {
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.text);
        assert!(page.text.contains(words), "{words}: {}", page.text);
    };
    expect_400(board.get("/o/riverside/strategy/report.pdf?year=2025").await, "write it as 2021-22");
    expect_400(board.get("/o/riverside/strategy/report.pdf?year=2025-26&quarter=5").await, "is not a quarter");
    expect_400(board.get("/o/riverside/strategy/report.pdf?year=2030-31").await, "2030-31 is outside the strategy");
    expect_400(app.visitor().get("/o/riverside/strategy/summary.pdf?year=2019-20").await, "outside the strategy");
}
