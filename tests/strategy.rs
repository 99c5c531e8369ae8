//! A strategy written through the editor's pages and read on the public
//! page: aims, priorities, a year's objectives with their status and the
//! roll-up, drafts kept from readers, an earlier strategy kept readable, and
//! another organisation's editors refused on every route.

mod common;

use common::{TestApp, Visitor};
use reqwest::StatusCode;

/// Starts a draft strategy for Riverside and returns its edit page's path.
async fn start(editor: &mut Visitor, title: &str, first: &str, last: &str) -> String {
    let made = editor
        .post(
            "/o/riverside/strategy/edit",
            &[("title", title), ("first-year", first), ("last-year", last), ("summary", "Where we are going.")],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    made.location()
}

fn id_in(path: &str) -> i64 {
    path.rsplit('/').next().unwrap().parse().unwrap()
}

async fn aim_ids(app: &TestApp, strategy: i64) -> Vec<i64> {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM strategy_aims WHERE strategy_id = $1 ORDER BY position").bind(strategy).fetch_all(pool).await.unwrap())
}

async fn objective_id(app: &TestApp, title: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM strategy_objectives WHERE title = $1").bind(title).fetch_one(pool).await.unwrap())
}

#[tokio::test]
async fn an_editor_writes_a_strategy_and_everyone_reads_it_once_published() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let edit = start(&mut editor, "Healthier together 2025 to 2028", "2025-26", "2027-28").await;
    let id = id_in(&edit);

    let added = editor.post(&format!("{edit}/aims"), &[("aim-title", "Care closer to home")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let aim = aim_ids(&app, id).await[0];
    editor
        .post(
            &format!("{edit}/aims/{aim}/priorities"),
            &[(&*format!("priority-title-{aim}"), "Fewer trips to hospital")],
        )
        .await;
    let priority: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM strategy_priorities WHERE aim_id = $1").bind(aim).fetch_one(pool).await.unwrap());
    for (title, status, weight) in
        [("Open two community hubs", "on_track", "1"), ("Cut waits for district nurses", "off_track", "1")]
    {
        let f = |n: &str| format!("objective-{n}-{aim}");
        let made = editor
            .post(
                &format!("{edit}/aims/{aim}/objectives"),
                &[
                    (&*f("title"), title),
                    (&*f("year"), "2026-27"),
                    (&*f("priority"), &priority.to_string()),
                    (&*f("lead"), "Director of Community Services"),
                    (&*f("due"), "2027-03-31"),
                    (&*f("weight"), weight),
                    (&*f("status"), status),
                ],
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    }

    // Readers see nothing of a draft; the editor previews it.
    let anonymous = app.visitor();
    let before = anonymous.get("/o/riverside/strategy").await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.text_of(".lede").contains("has not published a strategy"), "{}", before.text_of(".lede"));
    assert_eq!(anonymous.get(&format!("/o/riverside/strategy/{id}")).await.status, StatusCode::NOT_FOUND);
    let preview = editor.get(&format!("/o/riverside/strategy/{id}?year=2026-27")).await;
    assert!(preview.text_of(".notice--important").contains("Draft – not published"));

    let published = editor.post(&format!("{edit}/publish"), &[]).await;
    assert_eq!(published.location(), "/o/riverside/strategy");

    let page = anonymous.get("/o/riverside/strategy?year=2026-27").await;
    assert_eq!(page.text_of("h1"), "Healthier together 2025 to 2028");
    assert_eq!(page.text_of(".aim h2"), "Aim 1: Care closer to home");
    assert_eq!(page.texts(".aim ol li"), vec!["Fewer trips to hospital"]);
    let rows = page.texts(".aim tbody tr");
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].contains("Open two community hubs") && rows[0].contains("Priority: Fewer trips to hospital"),
        "{rows:?}"
    );
    assert!(rows[0].contains("On track") && rows[1].contains("Off track"), "{rows:?}");
    // One on track, one off track, equal weights: 50 % → at risk, shown in words.
    assert_eq!(page.text_of(".rollup"), "In 2026-27, across every aim: At risk (50%)");
    assert!(page.text_of(".details").contains("at risk counts half"), "the rule is on the page");
    // Another year of the strategy has its own (empty) list.
    let other_year = anonymous.get("/o/riverside/strategy?year=2025-26").await;
    assert!(other_year.text_of(".aim").contains("No objectives for 2025-26."));
    let outside = anonymous.get("/o/riverside/strategy?year=2030-31").await;
    assert_eq!(outside.status, StatusCode::BAD_REQUEST);
    assert!(outside.text.contains("2030-31 is outside this strategy, which runs from 2025-26 to 2027-28."));
}

#[tokio::test]
async fn changing_an_objectives_status_changes_the_roll_up_and_is_audited() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let edit = start(&mut editor, "Our plan", "2026-27", "2026-27").await;
    editor.post(&format!("{edit}/aims"), &[("aim-title", "Kind care")]).await;
    let aim = aim_ids(&app, id_in(&edit)).await[0];
    let f = |n: &str| format!("objective-{n}-{aim}");
    editor
        .post(
            &format!("{edit}/aims/{aim}/objectives"),
            &[(&*f("title"), "Every ward trained"), (&*f("year"), "2026-27")],
        )
        .await;
    editor.post(&format!("{edit}/publish"), &[]).await;
    let before = app.visitor().get("/o/riverside/strategy").await;
    assert!(before.text_of(".rollup").ends_with("Not started"), "{}", before.text_of(".rollup"));

    let objective = objective_id(&app, "Every ward trained").await;
    let saved = editor.post(&format!("{edit}/objectives/{objective}/status"), &[("status", "done")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let after = app.visitor().get("/o/riverside/strategy").await;
    assert_eq!(after.text_of(".rollup"), "In 2026-27, across every aim: On track (100%)");
    let refused = editor.post(&format!("{edit}/objectives/{objective}/status"), &[("status", "green")]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);

    let audit: Vec<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT summary FROM audit_events WHERE action LIKE 'strategy.%' ORDER BY id").fetch_all(pool).await.unwrap());
    assert_eq!(audit.last().map(String::as_str), Some("Marked the objective “Every ward trained” done"));
    assert!(audit.iter().any(|a| a.starts_with("Started the strategy “Our plan”")), "{audit:?}");
}

#[tokio::test]
async fn a_form_with_mistakes_comes_back_with_each_named_and_nothing_saved() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let refused = editor
        .post(
            "/o/riverside/strategy/edit",
            &[
                ("title", "Backwards"),
                ("first-year", "2027-28"),
                ("last-year", "2025-26"),
                ("document-url", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.texts(".error-summary li"),
        vec!["The last financial year must be 2027-28 or later", "Enter the document's web address, starting https://",]
    );
    assert_eq!(refused.attr("#title", "value").as_deref(), Some("Backwards"), "what was typed stays");
    let bad_year = editor
        .post("/o/riverside/strategy/edit", &[("title", "x"), ("first-year", "2025-27"), ("last-year", "")])
        .await;
    assert_eq!(
        bad_year.texts(".error-summary li"),
        vec![
            "2025-27 is not a financial year: the second year follows the first, as in 2021-22",
            "Enter the last financial year, like 2025-26",
        ]
    );
    let count: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM strategies").fetch_one(pool).await.unwrap());
    assert_eq!(count, 0);

    let edit = start(&mut editor, "Our plan", "2026-27", "2027-28").await;
    editor.post(&format!("{edit}/aims"), &[("aim-title", "Kind care")]).await;
    let aim = aim_ids(&app, id_in(&edit)).await[0];
    let f = |n: &str| format!("objective-{n}-{aim}");
    let wrong = editor
        .post(
            &format!("{edit}/aims/{aim}/objectives"),
            &[(&*f("title"), "Later"), (&*f("year"), "2029-30"), (&*f("weight"), "lots"), (&*f("due"), "soon")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.texts(".error-summary li"),
        vec![
            "Choose a financial year of this strategy: 2026-27 to 2027-28",
            "Enter the due date as a date, like 2026-03-31",
            "Enter the weight as a number from 0 to 100, like 1 or 2.5",
        ]
    );
    assert_eq!(wrong.attr(&format!("#objective-title-{aim}"), "value").as_deref(), Some("Later"));
    let empty = editor.post(&format!("{edit}/publish"), &[]).await;
    assert_eq!(empty.status, StatusCode::SEE_OTHER, "it has an aim, so it publishes");
}

#[tokio::test]
async fn publishing_a_new_strategy_keeps_the_old_one_readable_and_names_aims_carried_over() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let first = start(&mut editor, "First plan", "2021-22", "2023-24").await;
    editor
        .post(&format!("{first}/aims"), &[("aim-title", "Kind care"), ("aim-description", "Treat everyone well.")])
        .await;
    editor.post(&format!("{first}/aims"), &[("aim-title", "Old buildings")]).await;
    editor.post(&format!("{first}/publish"), &[]).await;
    let second = start(&mut editor, "Second plan", "2024-25", "2026-27").await;
    let empty = editor.post(&format!("{second}/publish"), &[]).await;
    assert_eq!(empty.status, StatusCode::CONFLICT, "no aims yet");
    editor
        .post(&format!("{second}/aims"), &[("aim-title", "Kind care"), ("aim-description", "Treat everyone well.")])
        .await;
    editor.post(&format!("{second}/aims"), &[("aim-title", "Digital first")]).await;
    editor.post(&format!("{second}/publish"), &[]).await;

    let reader = app.visitor();
    let current = reader.get("/o/riverside/strategy").await;
    assert_eq!(current.text_of("h1"), "Second plan");
    let aims = current.texts(".aim");
    assert!(aims[0].contains("Carried over unchanged from “First plan”."), "{aims:?}");
    assert!(!aims[1].contains("Carried over"), "{aims:?}");
    assert!(current.text_of("#others-heading").contains("Earlier strategies"));
    let old = reader.get(&format!("/o/riverside/strategy/{}", id_in(&first))).await;
    assert_eq!(old.status, StatusCode::OK);
    assert!(old.text_of(".notice--important").contains("This strategy has been replaced."));
    assert_eq!(old.text_of("h1"), "First plan");
}

#[tokio::test]
async fn another_organisations_editor_is_refused_on_every_strategy_route() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let edit = start(&mut editor, "Riverside plan", "2026-27", "2027-28").await;
    editor.post(&format!("{edit}/aims"), &[("aim-title", "Kind care")]).await;
    let id = id_in(&edit);
    let aim = aim_ids(&app, id).await[0];
    let f = |n: &str| format!("objective-{n}-{aim}");
    editor.post(&format!("{edit}/aims/{aim}/objectives"), &[(&*f("title"), "Ours"), (&*f("year"), "2026-27")]).await;
    let objective = objective_id(&app, "Ours").await;

    let mut outsider = app.signed_in("editor@northgate.example").await;
    let audit_before: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(pool).await.unwrap());
    for path in ["/o/riverside/strategy/edit".to_owned(), edit.clone()] {
        assert_eq!(outsider.get(&path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(outsider.get(&format!("/o/riverside/strategy/{id}")).await.status, StatusCode::NOT_FOUND, "a draft");
    let writes: Vec<(String, Vec<(String, String)>)> = vec![
        (
            "/o/riverside/strategy/edit".into(),
            vec![
                ("title".into(), "Spy".into()),
                ("first-year".into(), "2026-27".into()),
                ("last-year".into(), "2026-27".into()),
            ],
        ),
        (
            edit.clone(),
            vec![
                ("title".into(), "Taken".into()),
                ("first-year".into(), "2026-27".into()),
                ("last-year".into(), "2026-27".into()),
            ],
        ),
        (format!("{edit}/aims"), vec![("aim-title".into(), "Spy aim".into())]),
        (format!("{edit}/aims/{aim}/priorities"), vec![(format!("priority-title-{aim}"), "Spy".into())]),
        (format!("{edit}/aims/{aim}/objectives"), vec![(f("title"), "Spy".into()), (f("year"), "2026-27".into())]),
        (format!("{edit}/objectives/{objective}/status"), vec![("status".into(), "withdrawn".into())]),
        (format!("{edit}/publish"), vec![]),
        // Northgate's own address with Riverside's ids.
        (format!("/o/northgate/strategy/edit/{id}/aims"), vec![("aim-title".into(), "Spy aim".into())]),
        (
            format!("/o/northgate/strategy/edit/{id}/objectives/{objective}/status"),
            vec![("status".into(), "withdrawn".into())],
        ),
        (format!("/o/northgate/strategy/edit/{id}/publish"), vec![]),
    ];
    for (path, fields) in writes {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let answer = outsider.post(&path, &fields).await;
        assert!(matches!(answer.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{path}: {}", answer.status);
    }
    let audit_after: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM audit_events").fetch_one(pool).await.unwrap());
    assert_eq!(audit_after, audit_before, "nothing changed");
    let status: String = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT status FROM strategy_objectives WHERE id = $1").bind(objective).fetch_one(pool).await.unwrap());
    assert_eq!(status, "not_started");
    // Signed out: sent to sign in.
    let anonymous = app.visitor();
    assert_eq!(anonymous.get("/o/riverside/strategy/edit").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn progress_is_reported_on_an_objectives_page_and_an_objective_without_it_is_flagged_stale() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let edit = start(&mut editor, "Our plan", "2025-26", "2027-28").await;
    editor.post(&format!("{edit}/aims"), &[("aim-title", "Kind care")]).await;
    let aim = aim_ids(&app, id_in(&edit)).await[0];
    let f = |n: &str| format!("objective-{n}-{aim}");
    editor
        .post(
            &format!("{edit}/aims/{aim}/objectives"),
            &[(&*f("title"), "Every ward trained"), (&*f("year"), "2026-27"), (&*f("status"), "on_track")],
        )
        .await;
    let objective = objective_id(&app, "Every ward trained").await;
    let path = format!("/o/riverside/strategy/objectives/{objective}");
    assert_eq!(app.visitor().get(&path).await.status, StatusCode::NOT_FOUND, "its strategy is a draft");
    editor.post(&format!("{edit}/publish"), &[]).await;

    let wrong = editor
        .post(&format!("{path}/updates"), &[("period", "2026-11"), ("narrative", ""), ("evidence", "see the minutes")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        wrong.texts(".error-summary li"),
        vec![
            "2026-11 is a month, but this measure is quarterly: write a quarter as 2024-Q1",
            "Choose green, amber or red",
            "Choose how confident the lead is",
            "Say what happened in the period",
            "“see the minutes” is not a web address: give one link per line, starting https://",
        ]
    );
    assert_eq!(wrong.text_of("#evidence"), "see the minutes", "what was typed stays");

    let saved = editor
        .post(
            &format!("{path}/updates"),
            &[
                ("period", "2026-Q3"),
                ("rag", "amber"),
                ("confidence", "medium"),
                ("narrative", "Six wards of ten trained; two waiting for cover."),
                ("evidence", "https://example.org/board-papers/2026-10"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let page = app.visitor().get(&path).await;
    assert_eq!(page.text_of("h1"), "Every ward trained");
    assert!(page.text_of(".update").contains("Amber: some concern · Medium confidence"), "{}", page.text_of(".update"));
    assert!(page.text_of(".update").contains("Six wards of ten trained"));
    assert_eq!(page.attr(".update a", "href").as_deref(), Some("https://example.org/board-papers/2026-10"));
    assert!(!page.has(".stale"));
    assert!(!page.has("form[action$='/updates']"), "readers see no form");

    // Set long ago, with its only update two quarters back: stale.
    ethos::on_db!(&app.db, pool => {
        sqlx::query("UPDATE strategy_objectives SET created_at = 0 WHERE id = $1").bind(objective).execute(pool).await.unwrap();
        sqlx::query("UPDATE objective_updates SET period = '2020-Q1'").execute(pool).await.unwrap();
    });
    let stale = app.visitor().get(&path).await;
    assert_eq!(stale.text_of(".stale"), "Stale: no recent update");
    let strategy = app.visitor().get("/o/riverside/strategy?year=2026-27").await;
    assert!(strategy.text_of(".aim tbody").contains("Stale"), "{}", strategy.text_of(".aim tbody"));

    let mut outsider = app.signed_in("editor@northgate.example").await;
    let refused = outsider
        .post(
            &format!("{path}/updates"),
            &[("period", "2026-Q4"), ("rag", "red"), ("confidence", "low"), ("narrative", "x")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let elsewhere = outsider
        .post(
            &format!("/o/northgate/strategy/objectives/{objective}/updates"),
            &[("period", "2026-Q4"), ("rag", "red"), ("confidence", "low"), ("narrative", "x")],
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
    let updates: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM objective_updates").fetch_one(pool).await.unwrap());
    assert_eq!(updates, 1);
}

#[tokio::test]
async fn the_strategy_page_lists_the_outcome_measures_with_links_to_their_charts() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = common::Api::new(&app, Some(common::make_token(&mut editor).await));
    let body = serde_json::json!({
        "name": "Falls per 1,000 bed days", "unit": "per_1000", "direction": "lower", "frequency": "monthly",
        "baseline_points": null, "rebases": [], "targets": []
    });
    let made = api.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/measures/falls", &body).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let page = app.visitor().get("/o/riverside/strategy").await;
    assert_eq!(page.text_of("#measures-heading"), "How we are doing: outcome measures");
    assert_eq!(
        page.attr("section a[href='/o/riverside/measures/falls']", "href").as_deref(),
        Some("/o/riverside/measures/falls")
    );
    assert_eq!(page.text_of("section a[href='/o/riverside/measures/falls']"), "Falls per 1,000 bed days");
}

#[tokio::test]
async fn anonymous_readers_get_a_cached_page_that_an_editors_change_replaces_at_once() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let edit = start(&mut editor, "Our plan", "2026-27", "2026-27").await;
    editor.post(&format!("{edit}/aims"), &[("aim-title", "Kind care")]).await;
    let aim = aim_ids(&app, id_in(&edit)).await[0];
    let f = |n: &str| format!("objective-{n}-{aim}");
    editor
        .post(
            &format!("{edit}/aims/{aim}/objectives"),
            &[(&*f("title"), "Every ward trained"), (&*f("year"), "2026-27")],
        )
        .await;
    editor.post(&format!("{edit}/publish"), &[]).await;

    let reader = app.visitor();
    let first = reader.get("/o/riverside/strategy").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.text_of(".rollup").ends_with("Not started"), "{}", first.text_of(".rollup"));
    let etag = first.headers["etag"].to_str().unwrap().to_owned();
    let url = format!("{}/o/riverside/strategy", app.url);
    let unchanged = reader.client.get(&url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);

    let objective = objective_id(&app, "Every ward trained").await;
    let saved = editor.post(&format!("{edit}/objectives/{objective}/status"), &[("status", "done")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let changed = reader.client.get(&url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK, "the browser's copy is out of date");
    let after = reader.get("/o/riverside/strategy").await;
    assert_eq!(after.text_of(".rollup"), "In 2026-27, across every aim: On track (100%)");

    // The editor's own view is never the shared copy.
    let own = editor.get("/o/riverside/strategy").await;
    assert_eq!(own.headers["cache-control"], "no-store");
}
