//! An objective carried into the next year (and the refusals), its line of
//! sight to the organisation's values and consultation actions read both
//! ways, another organisation's editor refused on every new route, and the
//! demo's strategy as a reader meets it.

mod common;

use common::{TestApp, Visitor};
use ethos::strategy::measures::financial_year::FinancialYear;
use reqwest::StatusCode;

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await.unwrap())
}

async fn id_of(app: &TestApp, sql: &str, text: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar(sql).bind(text).fetch_one(pool).await.unwrap())
}

/// A published Riverside strategy for 2025-26 and 2026-27 with one aim and
/// one 2025-26 objective; returns (edit path, objective id).
async fn strategy_with_an_objective(app: &TestApp, editor: &mut Visitor) -> (String, i64) {
    let made = editor
        .post(
            "/o/riverside/strategy/edit",
            &[("title", "Two good years"), ("first-year", "2025-26"), ("last-year", "2026-27")],
        )
        .await;
    let edit = made.location();
    editor.post(&format!("{edit}/aims"), &[("aim-title", "Care close to home")]).await;
    let aim = id_of(app, "SELECT id FROM strategy_aims WHERE title = $1", "Care close to home").await;
    editor
        .post(&format!("{edit}/aims/{aim}/priorities"), &[(&*format!("priority-title-{aim}"), "Fewer admissions")])
        .await;
    let priority = id_of(app, "SELECT id FROM strategy_priorities WHERE title = $1", "Fewer admissions").await;
    let f = |n: &str| format!("objective-{n}-{aim}");
    let added = editor
        .post(
            &format!("{edit}/aims/{aim}/objectives"),
            &[
                (&*f("title"), "Visit every frail patient at home each month"),
                (&*f("year"), "2025-26"),
                (&*f("priority"), &priority.to_string()),
                (&*f("lead"), "Head of Community Nursing"),
                (&*f("committee"), "Quality Committee"),
                (&*f("due"), "2026-03-31"),
                (&*f("weight"), "2.5"),
                (&*f("status"), "at_risk"),
                (&*f("cadence"), "monthly"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    editor.post(&format!("{edit}/publish"), &[]).await;
    let objective = id_of(
        app,
        "SELECT id FROM strategy_objectives WHERE title = $1",
        "Visit every frail patient at home each month",
    )
    .await;
    (edit, objective)
}

#[tokio::test]
async fn an_editor_carries_an_objective_into_the_next_year_and_both_pages_show_the_line() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let (_, old) = strategy_with_an_objective(&app, &mut editor).await;
    let old_page = format!("/o/riverside/strategy/objectives/{old}");
    let reported = editor
        .post(
            &format!("{old_page}/updates"),
            &[("period", "2026-02"), ("rag", "amber"), ("confidence", "low"), ("narrative", "Half the list seen.")],
        )
        .await;
    assert_eq!(reported.status, StatusCode::SEE_OTHER, "{}", reported.text);

    let carried = editor.post(&format!("{old_page}/carry"), &[]).await;
    assert_eq!(carried.status, StatusCode::SEE_OTHER, "{}", carried.text);
    let new = id_of(
        &app,
        "SELECT id FROM strategy_objectives WHERE year = 2026 AND title = $1",
        "Visit every frail patient at home each month",
    )
    .await;
    assert_eq!(carried.location(), format!("/o/riverside/strategy/objectives/{new}"));
    let page = editor.follow(&carried).await;
    assert_eq!(
        page.text_of(".notice"),
        "“Visit every frail patient at home each month” is carried forward into 2026-27; the 2025-26 objective is marked carried forward."
    );

    // The new objective keeps what it was and names the old one.
    type Kept = (i64, Option<i64>, String, String, f64, String, Option<i64>, String, String);
    let kept: Kept = ethos::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT aim_id, priority_id, lead, committee, weight, cadence, carried_from, status, due_on FROM strategy_objectives WHERE id = $1")
        .bind(new).fetch_one(pool).await.unwrap());
    let before: Kept = ethos::on_db!(&app.db, pool => sqlx::query_as(
        "SELECT aim_id, priority_id, lead, committee, weight, cadence, carried_from, status, due_on FROM strategy_objectives WHERE id = $1")
        .bind(old).fetch_one(pool).await.unwrap());
    assert_eq!(
        (kept.0, kept.1, &kept.2, &kept.3, kept.4, &kept.5),
        (before.0, before.1, &before.2, &before.3, 2.5, &"monthly".to_owned())
    );
    assert_eq!(kept.6, Some(old));
    assert_eq!(kept.7, "not_started");
    assert_eq!(kept.8, "2027-03-31", "due a year later");
    assert_eq!(before.7, "carried_forward");

    // The reader sees the line both ways, earlier years with their updates.
    let reader = app.visitor();
    let new_page = reader.get(&format!("/o/riverside/strategy/objectives/{new}")).await;
    assert_eq!(new_page.text_of("#descent"), "Earlier years");
    assert_eq!(new_page.attr(".earlier h3 a", "href"), Some(old_page.clone()));
    assert!(new_page.text_of(".earlier").contains("(2025-26)"), "{}", new_page.text_of(".earlier"));
    assert!(new_page.text_of(".earlier .update").contains("Half the list seen."));
    let old_read = reader.get(&old_page).await;
    assert_eq!(old_read.text_of(".lede"), "Carried forward");
    assert_eq!(
        old_read.text_of(".carried-into"),
        "Carried forward into 2026-27: Visit every frail patient at home each month"
    );
    assert_eq!(old_read.attr(".carried-into a", "href"), Some(format!("/o/riverside/strategy/objectives/{new}")));
    let strategy = reader.get("/o/riverside/strategy?year=2026-27").await;
    assert!(strategy.text_of(".aim tbody").contains("Carried forward from the year before"));

    // Refused: carried already, and past the strategy's last year.
    let again = editor.post(&format!("{old_page}/carry"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text.contains("has already been carried forward into 2026-27."), "{}", again.text);
    let too_far = editor.post(&format!("/o/riverside/strategy/objectives/{new}/carry"), &[]).await;
    assert_eq!(too_far.status, StatusCode::CONFLICT);
    assert!(
        too_far.text.contains("2027-28 is outside the strategy “Two good years”, which runs from 2025-26 to 2026-27"),
        "{}",
        too_far.text
    );
    let editor_view = editor.get(&format!("/o/riverside/strategy/objectives/{new}")).await;
    assert!(editor_view.text_of(".carry-refused").contains("2027-28 is outside the strategy"));
    let count = scalar(&app, "SELECT COUNT(*) FROM strategy_objectives WHERE carried_from = $1 OR id = $1", old).await;
    assert_eq!(count, 2, "one carry only");
    let audit: Vec<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT summary FROM audit_events WHERE action = 'strategy.objective_carry'").fetch_all(pool).await.unwrap());
    assert_eq!(
        audit,
        ["Carried the objective “Visit every frail patient at home each month” forward from 2025-26 into 2026-27"]
    );
}

/// A Northgate consultation with one action, made directly; its action id.
async fn northgate_action(app: &TestApp) -> i64 {
    ethos::on_db!(&app.db, pool => {
        let c: i64 = sqlx::query_scalar(
            "INSERT INTO consultations (org_id, title, opens_at, closes_at, visibility, audiences, questions, created_at, updated_at) \
             SELECT id, 'Northgate asks', 0, 1, 'editors_board', '[]', '[]', 0, 0 FROM organisations WHERE slug = 'northgate' RETURNING id")
            .fetch_one(pool).await.unwrap();
        sqlx::query_scalar("INSERT INTO consultation_actions (consultation_id, title, status, created_at, updated_at) \
                            VALUES ($1, 'Northgate only', 'on_track', 0, 0) RETURNING id")
            .bind(c).fetch_one(pool).await.unwrap()
    })
}

#[tokio::test]
async fn an_objective_names_values_and_actions_and_each_page_links_back() {
    let app = TestApp::spawn_with_demo().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let title = "Halve the urgent response calls that end in an ambulance";
    let objective = id_of(&app, "SELECT id FROM strategy_objectives WHERE title = $1", title).await;
    let action = id_of(
        &app,
        "SELECT id FROM consultation_actions WHERE title = $1",
        "Give teams a say in how their shifts are planned",
    )
    .await;
    let consultation = scalar(&app, "SELECT consultation_id FROM consultation_actions WHERE id = $1", action).await;
    let path = format!("/o/riverside/strategy/objectives/{objective}");

    let form = editor.get(&path).await;
    assert_eq!(form.attr("#link-value-safety", "checked").as_deref(), Some(""), "the demo links it to safety");
    let saved = editor
        .post(
            &format!("{path}/links"),
            &[("value", "kindness"), ("value", "belonging"), ("action", &action.to_string())],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.location(), format!("{path}#line-of-sight"));

    let reader = app.visitor();
    let page = reader.get(&path).await;
    assert_eq!(page.texts(".linked-values li"), ["Belonging", "Kindness"].map(String::from));
    assert_eq!(page.attr(".linked-values a", "href").as_deref(), Some("/o/riverside/values#value-belonging"));
    assert_eq!(
        page.text_of(".linked-actions li"),
        format!(
            "Give teams a say in how their shifts are planned (from “{}”)",
            consultation_title(&app, consultation).await
        )
    );
    assert!(!page.has("form[action$='/links']"), "readers see no form");

    let values = reader.get("/o/riverside/values").await;
    assert!(
        values.text_of("#value-kindness .value-objectives").contains(title),
        "{}",
        values.text_of("#value-kindness")
    );
    assert!(!values.text_of("#value-safety").contains(title), "the safety link was replaced");
    assert_eq!(
        values.attr(&format!("#value-kindness .value-objectives a[href='{path}']"), "href").as_deref(),
        Some(path.as_str())
    );
    let plan = editor.get(&format!("/o/riverside/c/{consultation}/plan")).await;
    let beside = plan.texts(".action-objectives");
    assert!(beside.iter().any(|t| t.contains(title)), "{beside:?}");
    let strategy = reader.get("/o/riverside/strategy").await;
    let row = strategy.texts(".aim tbody tr").into_iter().find(|r| r.contains(title)).unwrap();
    assert!(row.contains("Values: Belonging, Kindness"), "{row}");
    assert!(row.contains("Answers: Give teams a say in how their shifts are planned"), "{row}");

    // Another organisation's action, or a value the framework lacks: refused, nothing changed.
    let other = northgate_action(&app).await;
    let refused = editor.post(&format!("{path}/links"), &[("value", "safety"), ("action", &other.to_string())]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("is not one of this organisation"), "{}", refused.text);
    let unknown = editor.post(&format!("{path}/links"), &[("value", "courage")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text.contains("“courage” is not a value of Riverside Community Health NHS Trust"));
    let keys: Vec<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT value_key FROM objective_values WHERE objective_id = $1 ORDER BY value_key").bind(objective).fetch_all(pool).await.unwrap());
    assert_eq!(keys, ["belonging", "kindness"]);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM objective_actions WHERE objective_id = $1", objective).await, 1);
    let audited = scalar(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action = 'strategy.objective_links' AND org_id = $1",
        riverside_id(&app).await,
    )
    .await;
    assert_eq!(audited, 1);

    // Northgate's editor: refused on both new routes, by address and by id.
    let mut outsider = app.signed_in("editor@northgate.example").await;
    for route in ["links", "carry"] {
        let here = outsider.post(&format!("{path}/{route}"), &[("value", "kindness")]).await;
        assert_eq!(here.status, StatusCode::FORBIDDEN, "{route}");
        let own = outsider
            .post(&format!("/o/northgate/strategy/objectives/{objective}/{route}"), &[("value", "kindness")])
            .await;
        assert_eq!(own.status, StatusCode::NOT_FOUND, "{route}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM objective_values WHERE objective_id = $1", objective).await, 2);
    let status: String = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT status FROM strategy_objectives WHERE id = $1").bind(objective).fetch_one(pool).await.unwrap());
    assert_eq!(status, "on_track", "not carried");
}

async fn consultation_title(app: &TestApp, id: i64) -> String {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT title FROM consultations WHERE id = $1").bind(id).fetch_one(pool).await.unwrap())
}

async fn riverside_id(app: &TestApp) -> i64 {
    id_of(app, "SELECT id FROM organisations WHERE slug = $1", "riverside").await
}

#[tokio::test]
async fn the_demo_trust_shows_a_strategy_with_carried_withdrawn_and_stale_objectives() {
    let app = TestApp::spawn_with_demo().await;
    let reader = app.visitor();
    let today =
        jiff::Timestamp::from_second(ethos::storage::now()).unwrap().to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    let this_year = FinancialYear::containing(today);
    let last_year = FinancialYear::starting(this_year.start_year() - 1);

    let page = reader.get("/o/riverside/strategy").await;
    assert_eq!(page.text_of("h1"), "Closer to home, fairer for all");
    assert_eq!(page.texts(".aim h2").len(), 4);
    assert_eq!(page.text_of(".year-switcher strong"), this_year.to_string());
    let rows = page.texts(".aim tbody tr");
    assert_eq!(rows.iter().filter(|r| r.contains("Stale")).count(), 1, "{rows:?}");
    assert!(rows.iter().filter(|r| r.contains("Carried forward from the year before")).count() >= 2, "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("Values: ")), "{rows:?}");

    let earlier = reader.get(&format!("/o/riverside/strategy?year={last_year}")).await;
    let rows = earlier.texts(".aim tbody tr");
    assert_eq!(rows.iter().filter(|r| r.contains("Withdrawn")).count(), 1, "{rows:?}");
    assert!(rows.iter().filter(|r| r.ends_with("Carried forward")).count() >= 2, "{rows:?}");

    let carried = id_of(
        &app,
        "SELECT id FROM strategy_objectives WHERE carried_from IS NOT NULL AND title LIKE $1",
        "Bring waits%",
    )
    .await;
    let objective = reader.get(&format!("/o/riverside/strategy/objectives/{carried}")).await;
    assert!(objective.texts(".earlier .update").len() >= 3, "last year's quarterly updates show");
    assert!(objective.texts(".update").len() >= 5);

    let values = reader.get("/o/riverside/values").await;
    assert!(!values.texts("#value-belonging .value-objectives li").is_empty());
    let measures = reader.get("/o/river-north/measures").await;
    assert_eq!(measures.status, StatusCode::OK);
    for key in [
        "home-within-a-day",
        "readmissions-30-days",
        "falls-with-harm",
        "wait-first-visit",
        "urgent-response-calls",
        "carers-listened-to",
    ] {
        assert!(measures.has(&format!("a[href='/o/river-north/measures/{key}']")), "{key}");
    }
}
