//! A partnership shares an objective with its member organisations; each
//! member's editors report their own progress on it from the member's
//! strategy pages; the partnership's objective page rolls the latest
//! reports up. An organisation that is not a member neither sees nor
//! reports, and a member's editor changes nothing of the partnership's.

mod common;

use common::{TestApp, Visitor};
use reqwest::StatusCode;

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
