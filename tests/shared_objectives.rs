//! A partnership shares an objective with its member organisations; each
//! member's editors report their own progress on it from the member's
//! strategy pages; the partnership's objective page rolls the latest
//! reports up. An organisation that is not a member neither sees nor
//! reports, and a member's editor changes nothing of the partnership's.

mod common;

use common::pdf::pdf_text;
use common::{Api, TestApp, Visitor, make_token};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

async fn id_of(app: &TestApp, sql: &str, text: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar(sql).bind(text).fetch_one(pool).await.unwrap())
}

async fn reports(app: &TestApp) -> i64 {
    let sql = "SELECT COUNT(*) FROM member_objective_updates";
    ethos::on_db!(&app.db, pool => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap())
}

/// A person who is `role` of `org` only, with the demo's password.
async fn person(app: &TestApp, email: &str, org: &str, role: &str) -> Visitor {
    ethos::on_db!(&app.db, pool => {
        sqlx::query("INSERT INTO people (email, name, password_hash, created_at) \
                     SELECT $1, 'Ada Lovell', password_hash, created_at FROM people WHERE email = 'staff@riverside.example'")
            .bind(email).execute(pool).await.unwrap();
        sqlx::query("INSERT INTO memberships (org_id, person_id, role, created_at) \
                     SELECT o.id, p.id, $3, 0 FROM organisations o, people p WHERE o.slug = $2 AND p.email = $1")
            .bind(email).bind(org).bind(role).execute(pool).await.unwrap();
    });
    app.signed_in(email).await
}

/// River North's published strategy with one objective; returns
/// (strategy edit path, objective id).
async fn partnership_objective(app: &TestApp, owner: &mut Visitor) -> (String, i64) {
    let made = owner
        .post(
            "/o/river-north/strategy/edit",
            &[("title", "Joined up"), ("first-year", "2025-26"), ("last-year", "2026-27")],
        )
        .await;
    let edit = made.location();
    owner.post(&format!("{edit}/aims"), &[("aim-title", "One team around each person")]).await;
    let aim = id_of(app, "SELECT id FROM strategy_aims WHERE title = $1", "One team around each person").await;
    let f = |n: &str| format!("objective-{n}-{aim}");
    let added = owner
        .post(
            &format!("{edit}/aims/{aim}/objectives"),
            &[(&*f("title"), "Share one care plan"), (&*f("year"), "2025-26"), (&*f("status"), "on_track")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    owner.post(&format!("{edit}/publish"), &[]).await;
    (edit, id_of(app, "SELECT id FROM strategy_objectives WHERE title = $1", "Share one care plan").await)
}

fn report<'a>(rag: &'a str, narrative: &'a str) -> [(&'a str, &'a str); 4] {
    [("period", "2025-Q3"), ("rag", rag), ("confidence", "medium"), ("narrative", narrative)]
}

#[tokio::test]
async fn members_report_on_a_shared_objective_and_the_partnership_rolls_their_reports_up() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@river-north.example").await;
    let (_, id) = partnership_objective(&app, &mut owner).await;
    let page = format!("/o/river-north/strategy/objectives/{id}");
    let mut riverside = person(&app, "lead@riverside.example", "riverside", "editor").await;
    let member_page = format!("/o/riverside/strategy/shared/{id}");
    assert_eq!(riverside.get(&member_page).await.status, StatusCode::NOT_FOUND, "not shared yet");

    let shared = owner.post(&format!("{page}/share"), &[("shared", "yes")]).await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER, "{}", shared.text);
    let before = app.visitor().get(&page).await;
    assert_eq!(
        before.texts(".member-reports tbody th"),
        ["Northgate Mental Health NHS Foundation Trust", "Riverside Community Health NHS Trust"]
    );
    assert!(before.text_of(".member-reports").contains("No report yet"));
    assert_eq!(before.text_of(".member-progress .rollup .status"), "Not started");

    // The member finds it from its own strategy pages.
    let list = riverside.get("/o/riverside/strategy/shared").await;
    assert_eq!(list.texts(".shared-objectives tbody td:first-child a"), ["Share one care plan"]);
    assert!(riverside.get("/o/riverside/strategy").await.has("a[href='/o/riverside/strategy/shared']"));

    // A bad report is refused with what was wrong, and nothing is stored.
    let bad = riverside.post(&format!("{member_page}/updates"), &report("blue", "")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = bad.text_of(".error-summary");
    assert!(summary.contains("Choose green, amber or red") && summary.contains("Say what happened"), "{summary}");
    assert_eq!(reports(&app).await, 0);

    let sent = riverside.post(&format!("{member_page}/updates"), &report("green", "Plans shared on two wards")).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let mine = riverside.follow(&sent).await;
    assert!(mine.text_of(".update-list").contains("Plans shared on two wards"));
    let mut northgate = app.signed_in("editor@northgate.example").await;
    let sent = northgate
        .post(&format!("/o/northgate/strategy/shared/{id}/updates"), &report("red", "The record system is late"))
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);

    let after = app.visitor().get(&page).await;
    let rows = after.texts(".member-reports tbody tr");
    assert!(rows[0].contains("Red: serious concern") && rows[0].contains("2025-Q3"), "{rows:?}");
    assert!(rows[1].contains("Green: on course"), "{rows:?}");
    // (1 + 0) / 2 = 50%: at risk, by the rule for aims.
    assert_eq!(after.text_of(".member-progress .rollup .status"), "At risk (50%)");
    assert!(after.text_of(".member-progress details").contains("Each member organisation's latest report counts once"));
    assert!(after.text_of("#updates + p").contains("No progress"), "members' reports are not the partnership's own");

    // Unsharing keeps the reports but takes the objective off the members' pages.
    owner.post(&format!("{page}/share"), &[("shared", "no")]).await;
    assert_eq!(riverside.get(&member_page).await.status, StatusCode::NOT_FOUND);
    assert_eq!(reports(&app).await, 2);
}

#[tokio::test]
async fn a_non_member_cannot_see_or_report_and_a_members_editor_cannot_change_the_partnerships_objective() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@river-north.example").await;
    let (edit, id) = partnership_objective(&app, &mut owner).await;
    owner.post(&format!("/o/river-north/strategy/objectives/{id}/share"), &[("shared", "yes")]).await;

    // The national body groups the partnership but is not one of its members.
    let mut outsider = app.signed_in("editor@values-network.example").await;
    assert_eq!(outsider.get(&format!("/o/values-network/strategy/shared/{id}")).await.status, StatusCode::NOT_FOUND);
    assert!(outsider.get("/o/values-network/strategy/shared").await.text.contains("No partnership shares"));
    let sent = outsider.post(&format!("/o/values-network/strategy/shared/{id}/updates"), &report("green", "x")).await;
    assert_eq!(sent.status, StatusCode::NOT_FOUND);
    let sent = outsider.post(&format!("/o/riverside/strategy/shared/{id}/updates"), &report("green", "x")).await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN, "nor for a member it does not belong to");

    // A member's own editor reports for the member only.
    let mut member = person(&app, "lead@riverside.example", "riverside", "editor").await;
    let page = format!("/o/river-north/strategy/objectives/{id}");
    let share = member.post(&format!("{page}/share"), &[("shared", "no")]).await;
    assert_eq!(share.status, StatusCode::FORBIDDEN);
    let update = member.post(&format!("{page}/updates"), &report("green", "x")).await;
    assert_eq!(update.status, StatusCode::FORBIDDEN);
    let status = member.post(&format!("{edit}/objectives/{id}/status"), &[("status", "done")]).await;
    assert_eq!(status.status, StatusCode::FORBIDDEN);
    let seen = member.get(&page).await;
    assert!(!seen.has(&format!("form[action='{page}/share']")), "no share switch for a member's editor");

    // Board and staff of a member read but do not report.
    let mut board = app.signed_in("board@riverside.example").await;
    let read = board.get(&format!("/o/riverside/strategy/shared/{id}")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(!read.has("form[action$='/updates']"));
    let sent = board.post(&format!("/o/riverside/strategy/shared/{id}/updates"), &report("green", "x")).await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);

    // Only a partnership shares; a bad answer is refused.
    let mut trust = app.signed_in("owner@riverside.example").await;
    let refused = trust.post(&format!("/o/riverside/strategy/objectives/{id}/share"), &[("shared", "yes")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let refused = owner.post(&format!("{page}/share"), &[("shared", "maybe")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reports(&app).await, 0);
    let still: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM shared_objectives").fetch_one(pool).await.unwrap());
    assert_eq!(still, 1, "still shared");
}

#[tokio::test]
async fn the_demo_shows_measures_under_the_partnerships_aims_and_a_shared_objective_with_both_trusts_reports() {
    let app = TestApp::spawn_with_demo().await;
    let reader = app.visitor();
    let page = reader.get("/o/river-north/strategy").await;
    assert_eq!(page.status, StatusCode::OK);
    let under_aims = page.texts(".aim-measures a");
    assert_eq!(under_aims.len(), 5, "five measures, each under one aim: {under_aims:?}");
    assert_eq!(page.texts("#measures-heading + p + ul a"), ["Calls to the urgent community response line"]);
    let marked = page.texts(".objective-shared");
    assert_eq!(marked.len(), 1, "the one shared objective is marked in the table: {marked:?}");
    assert!(marked[0].starts_with("Shared with member organisations"), "{marked:?}");
    assert!(marked[0].contains("their reports: "), "{marked:?}");
    assert!(!marked[0].ends_with("Not started"), "both trusts have reported: {marked:?}");

    let measure = reader.get("/o/river-north/measures/home-within-a-day").await;
    assert!(measure.text_of(".measure-links").contains("Home from hospital without delay"));

    let shared = id_of(
        &app,
        "SELECT objective_id FROM shared_objectives s JOIN strategy_objectives o ON o.id = s.objective_id \
         WHERE o.title LIKE $1",
        "Start one joint discharge plan%",
    )
    .await;
    let objective = reader.get(&format!("/o/river-north/strategy/objectives/{shared}")).await;
    let rows = objective.texts(".member-reports tbody tr");
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| !r.contains("No report yet")), "{rows:?}");
    for member in ["riverside", "northgate"] {
        let list = reader.get(&format!("/o/{member}/strategy/shared")).await;
        assert_eq!(list.texts(".shared-objectives tbody td:first-child a").len(), 1, "{member}");
    }
}

#[tokio::test]
async fn the_api_gives_the_members_reports_and_takes_a_report_only_from_the_members_editors() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@river-north.example").await;
    let (_, id) = partnership_objective(&app, &mut owner).await;
    owner.post(&format!("/o/river-north/strategy/objectives/{id}/share"), &[("shared", "yes")]).await;
    let anyone = Api::new(&app, None);
    let members_path = format!("/api/v1/orgs/river-north/strategy/objectives/{id}/members");
    let before = anyone.get(&members_path).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text);
    let body = before.json();
    assert_eq!(body["shared"], true);
    let names: Vec<&str> = body["members"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Northgate Mental Health NHS Foundation Trust", "Riverside Community Health NHS Trust"]);
    assert_eq!(body["members"][1]["latest"], Value::Null);
    assert_eq!(body["rollup"]["status"], "not_started");

    let mut lead = person(&app, "lead@riverside.example", "riverside", "editor").await;
    let riverside = Api::new(&app, Some(make_token(&mut lead).await));
    let updates = format!("/api/v1/orgs/riverside/strategy/shared/{id}/updates");
    let bad = riverside
        .send(
            Method::POST,
            &updates,
            &json!({"period": "2025-13", "rag": "purple", "confidence": "medium", "narrative": "x"}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    let problem = bad.json();
    let named: Vec<&str> = problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(named.contains(&"period") && named.contains(&"rag"), "{named:?}");
    assert_eq!(reports(&app).await, 0, "a refused report stores nothing");

    let good = json!({"period": "2025-Q3", "rag": "amber", "confidence": "high", "narrative": "Two wards use the shared plan."});
    let made = riverside.send(Method::POST, &updates, &good).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.json()["updates"][0]["narrative"], "Two wards use the shared plan.");
    assert_eq!(made.json()["objective"]["partnership"]["slug"], "river-north");

    // Every other token is refused, and nothing is stored.
    let mut northgate_editor = person(&app, "lead@northgate.example", "northgate", "editor").await;
    let northgate = Api::new(&app, Some(make_token(&mut northgate_editor).await));
    assert_eq!(
        northgate.send(Method::POST, &updates, &good).await.status,
        StatusCode::FORBIDDEN,
        "another member's editor"
    );
    let mut staff = person(&app, "desk@riverside.example", "riverside", "staff").await;
    let staff = Api::new(&app, Some(make_token(&mut staff).await));
    assert_eq!(staff.send(Method::POST, &updates, &good).await.status, StatusCode::FORBIDDEN, "the member's staff");
    assert_eq!(anyone.send(Method::POST, &updates, &good).await.status, StatusCode::UNAUTHORIZED, "no token");
    let mut outsider = person(&app, "lead@values-network.example", "values-network", "editor").await;
    let outsider = Api::new(&app, Some(make_token(&mut outsider).await));
    let own = format!("/api/v1/orgs/values-network/strategy/shared/{id}/updates");
    assert_eq!(outsider.send(Method::POST, &own, &good).await.status, StatusCode::NOT_FOUND, "not a member");
    assert_eq!(
        anyone.get(&format!("/api/v1/orgs/values-network/strategy/shared/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(reports(&app).await, 1);

    let listed = anyone.get("/api/v1/orgs/riverside/strategy/shared").await.json();
    let mine = listed.as_array().unwrap().iter().find(|o| o["id"] == id).expect("the shared objective is listed");
    assert_eq!(mine["latest_update"], json!({"period": "2025-Q3", "rag": "amber"}));
    let after = anyone.get(&members_path).await.json();
    assert_eq!(after["members"][1]["latest"]["rag"], "amber");
    assert_eq!(after["members"][0]["latest"], Value::Null, "Northgate has not reported");
    assert_eq!(after["rollup"]["status"], "at_risk", "{}", after["rollup"]);
    assert_eq!(after["rollup"]["counted"], 1);

    // Not shared any more: the partnership's side says so, the member's finds nothing.
    owner.post(&format!("/o/river-north/strategy/objectives/{id}/share"), &[("shared", "no")]).await;
    let unshared = anyone.get(&members_path).await.json();
    assert_eq!((unshared["shared"].clone(), unshared["members"].as_array().unwrap().len()), (json!(false), 0));
    assert_eq!(anyone.get(&format!("/api/v1/orgs/riverside/strategy/shared/{id}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_partnerships_board_report_gives_each_members_latest_report_as_of_the_period() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@river-north.example").await;
    let (_, id) = partnership_objective(&app, &mut owner).await;
    owner.post(&format!("/o/river-north/strategy/objectives/{id}/share"), &[("shared", "yes")]).await;
    let mut riverside = person(&app, "lead@riverside.example", "riverside", "editor").await;
    let updates = format!("/o/riverside/strategy/shared/{id}/updates");
    for (period, rag, words) in [("2025-Q3", "green", "The first ward started."), ("2026-Q1", "red", "Funding ended.")]
    {
        let sent = riverside
            .post(&updates, &[("period", period), ("rag", rag), ("confidence", "medium"), ("narrative", words)])
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    }
    let report =
        |quarter: &str| format!("{}/o/river-north/strategy/report.pdf?year=2025-26&quarter={quarter}", app.url);

    let december = pdf_text(&owner.client, &report("3")).await;
    assert!(december.contains("Reportsofmemberorganisations:Ontrack(100%)"), "{december}");
    assert!(december.contains("RiversideCommunityHealthNHSTrust:Green:oncourse(2025-Q3)"), "{december}");
    assert!(december.contains("NorthgateMentalHealthNHSFoundationTrust:noreportyet"), "{december}");
    assert!(!december.contains("(2026-Q1)"), "a later report is not shown: {december}");

    let year = pdf_text(&owner.client, &report("whole")).await;
    assert!(year.contains("Reportsofmemberorganisations:Offtrack(0%)"), "{year}");
    assert!(year.contains("RiversideCommunityHealthNHSTrust:Red:seriousconcern(2026-Q1)"), "{year}");
    assert!(year.contains("latestreportcountsonce,bytheruleforaims"), "the rule is printed: {year}");
}
