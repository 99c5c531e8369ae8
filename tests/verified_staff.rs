//! Verified staff over HTTP: members of the organisation who sign in before
//! answering are counted as verified staff; nobody else is, and one person
//! cannot cast two verified responses.

mod common;

use common::consultations::{Settings, add_questions, create_consultation, publish};
use common::{Api, TestApp, Visitor};
use ethos::on_db;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// An open consultation of Riverside with public results: q1 marks words of
/// "Be kind, be fair and be bold." (Be(0) kind(1) be(2) fair(3) and(4) be(5)
/// bold(6)); q2 asks the group (Staff = 0, Patient or service user = 1).
async fn open_survey(editor: &mut Visitor) -> i64 {
    let settings = Settings {
        purpose: Some("Checking our words before a refresh."),
        visibility: "public_while_open",
        ..Settings::open("Which words still fit?")
    };
    let id = create_consultation(editor, &settings).await;
    let questions: [&[(&str, &str)]; 2] = [
        &[
            ("kind", "words"),
            ("prompt", "Keep or drop each word"),
            ("source", "pasted"),
            ("text", "Be kind, be fair and be bold."),
        ],
        &[("kind", "group"), ("prompt", "Which group are you in?"), ("required", "yes")],
    ];
    add_questions(editor, id, &questions).await;
    publish(editor, id).await;
    id
}

async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).bind(id).fetch_one(pool).await.unwrap())
}

async fn verified(app: &TestApp, id: i64) -> i64 {
    count(app, "SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1 AND verified_staff = 1", id)
        .await
}

async fn total(app: &TestApp, id: i64) -> i64 {
    count(app, "SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1", id).await
}

/// Sends the survey form: keep "kind", and say "Patient" as the group.
async fn answer(visitor: &mut Visitor, id: i64) -> common::Page {
    visitor.post(&format!("/o/riverside/c/{id}"), &[("q1-w1", "keep"), ("q2", "1")]).await
}

#[tokio::test]
async fn a_signed_in_member_is_verified_staff_and_anonymous_people_and_outsiders_are_not() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = open_survey(&mut editor).await;
    let survey = format!("/o/riverside/c/{id}");

    // Anonymous: invited to sign in, coming back here afterwards.
    let mut anonymous = app.visitor();
    let page = anonymous.get(&survey).await;
    assert!(
        page.text_of(".verified-line").contains("Sign in so your answer counts as verified staff"),
        "{}",
        page.text
    );
    assert_eq!(page.attr(".verified-line a", "href").as_deref(), Some(format!("/sign-in?next={survey}").as_str()));
    assert!(page.has("input[name=q2]"), "anonymous people choose their own group");
    assert_eq!(answer(&mut anonymous, id).await.status, StatusCode::SEE_OTHER);

    // A member of Riverside: told, and the group is answered for them.
    let mut staff = app.signed_in("staff@riverside.example").await;
    let page = staff.get(&survey).await;
    assert!(page.text_of(".verified-line").contains("your answer counts as verified staff"), "{}", page.text);
    assert!(!page.has("input[name=q2]"), "the group question cannot be changed by a verified member");
    assert!(page.text_of(".verified-group").contains("Staff"), "{}", page.text);
    // Even when the form says otherwise, the group is "Staff".
    let sent = answer(&mut staff, id).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let back = staff.follow(&sent).await;
    assert!(back.text_of(".notice").contains("your response is saved"), "{}", back.text);
    assert!(back.text_of(".verified-line").contains("counts as verified staff"));

    // A member of another organisation answers anonymously, and is told so.
    let mut outsider = app.signed_in("staff@northgate.example").await;
    let page = outsider.get(&survey).await;
    assert!(page.text_of(".verified-line").contains("not as a member of"), "{}", page.text);
    assert!(page.has("input[name=q2]"));
    assert_eq!(answer(&mut outsider, id).await.status, StatusCode::SEE_OTHER);

    assert_eq!(total(&app, id).await, 3);
    assert_eq!(verified(&app, id).await, 1);
    let staff_group = count(
        &app,
        "SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1 AND verified_staff = 1 AND respondent_group = 'Staff'",
        id,
    )
    .await;
    assert_eq!(staff_group, 1, "the verified response is in the Staff group");
    // The response carries a flag only: no column names the person.
    let columns: Vec<String> = match &app.db {
        ethos::storage::Db::Sqlite(pool) => sqlx::query_scalar("SELECT name FROM pragma_table_info('consultation_responses')").fetch_all(pool).await.unwrap(),
        ethos::storage::Db::Postgres(pool) => sqlx::query_scalar("SELECT column_name::text FROM information_schema.columns WHERE table_name = 'consultation_responses' AND table_schema = current_schema()").fetch_all(pool).await.unwrap(),
    };
    assert!(!columns.iter().any(|c| c.contains("person") || c.contains("email")), "{columns:?}");

    // Through the API: anonymous posts are never verified, a member's token may be.
    let path = format!("/api/v1/consultations/{id}/responses");
    let body = json!({"answers": {"q2": {"choices": [0]}}, "verified_staff": true});
    let refused = Api::new(&app, None).send(Method::POST, &path, &body).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{}", refused.text);
    let plain = Api::new(&app, None).send(Method::POST, &path, &json!({"answers": {"q2": {"choices": [0]}}})).await;
    assert_eq!(plain.status, StatusCode::CREATED);
    assert_eq!(plain.json()["verified_staff"], false);
    let mut board = app.signed_in("board@riverside.example").await;
    let token = common::make_token(&mut board).await;
    let saved = Api::new(&app, Some(token)).send(Method::POST, &path, &body).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert_eq!(saved.json()["verified_staff"], true);
    let outsider_token = common::make_token(&mut outsider).await;
    let not_member = Api::new(&app, Some(outsider_token)).send(Method::POST, &path, &body).await;
    assert_eq!(not_member.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", not_member.text);
    assert!(not_member.text.contains("Only members of the organisation"), "{}", not_member.text);
    assert_eq!(verified(&app, id).await, 2);
    assert_eq!(total(&app, id).await, 5);
    let doc = Api::new(&app, None).get("/api/v1/openapi.json").await.json();
    let body = &doc["components"]["schemas"]["ResponseBody"]["properties"];
    assert!(body.get("verified_staff").is_some(), "the OpenAPI document describes verified_staff: {body}");
}

#[tokio::test]
async fn one_person_in_two_browsers_cannot_make_two_verified_responses() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = open_survey(&mut editor).await;
    let survey = format!("/o/riverside/c/{id}");

    let mut first = app.signed_in("staff@riverside.example").await;
    assert_eq!(answer(&mut first, id).await.status, StatusCode::SEE_OTHER);
    // The same browser may change its answer; still one verified response.
    let changed = first.post(&survey, &[("q1-w3", "remove")]).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text);
    assert_eq!((total(&app, id).await, verified(&app, id).await), (1, 1));
    let page = first.get(&survey).await;
    assert!(page.has("input[name=q1-w3][value=remove][checked]"), "the changed answer is shown: {}", page.text);

    // A second browser of the same person is told the first answer counts.
    let mut second = app.signed_in("staff@riverside.example").await;
    let page = second.get(&survey).await;
    assert!(page.text_of(".notice").contains("already answered as verified staff in another browser"), "{}", page.text);
    assert!(!page.has("form.survey"), "no form to fill in again");
    let refused = answer(&mut second, id).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text);
    assert!(refused.text.contains("That earlier answer is the one that counts"), "{}", refused.text);
    assert_eq!((total(&app, id).await, verified(&app, id).await), (1, 1));

    // Nor through the API with the same person's token.
    let token = common::make_token(&mut second).await;
    let body = json!({"answers": {"q2": {"choices": [0]}}, "verified_staff": true});
    let api =
        Api::new(&app, Some(token)).send(Method::POST, &format!("/api/v1/consultations/{id}/responses"), &body).await;
    assert_eq!(api.status, StatusCode::CONFLICT, "{}", api.text);
    assert_eq!((total(&app, id).await, verified(&app, id).await), (1, 1));

    // Someone else at the first browser (a shared computer) does not see or
    // change the verified answer: theirs is a new response.
    let mut shared = Visitor::with_client(&app.url, first.client.clone());
    let out = shared.post("/sign-out", &[]).await;
    assert!(out.status.is_redirection(), "{}", out.text);
    let page = shared.get(&survey).await;
    assert!(!page.has("input[name=q1-w3][value=remove][checked]"), "{}", page.text);
    assert!(page.text.contains("starts a new, separate response"), "{}", page.text);
    assert_eq!(answer(&mut shared, id).await.status, StatusCode::SEE_OTHER);
    assert_eq!((total(&app, id).await, verified(&app, id).await), (2, 1));
}

#[tokio::test]
async fn results_and_exports_show_verified_staff_and_hide_fewer_than_five() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = open_survey(&mut editor).await;
    let results = format!("/o/riverside/c/{id}/results");

    // Four members answer: the verified figure is too small to show.
    for who in ["owner", "editor", "board", "staff"] {
        let mut member = app.signed_in(&format!("{who}@riverside.example")).await;
        assert_eq!(answer(&mut member, id).await.status, StatusCode::SEE_OTHER);
    }
    for _ in 0..3 {
        let mut someone = app.visitor();
        someone.post(&format!("/o/riverside/c/{id}"), &[("q2", "0")]).await;
    }
    let page = app.visitor().get(&results).await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = page.texts("#who-responded tbody tr");
    assert!(rows.iter().any(|r| r.contains("Staff") && r.contains('7') && r.contains("fewer than 5")), "{rows:?}");
    let choices = page.texts("#group option");
    assert!(!choices.iter().any(|o| o.contains("Staff (verified)")), "too few to choose: {choices:?}");
    let filtered = app.visitor().get(&format!("{results}?group=verified_staff")).await;
    assert!(filtered.text_of(".lede").contains("fewer than 5 responses from “Staff (verified)”"), "{}", filtered.text);
    assert!(filtered.text_of("#q1").contains("Fewer than 5 people answered"), "{}", filtered.text);
    let api = Api::new(&app, None).get(&format!("/api/v1/consultations/{id}/results")).await;
    assert_eq!(api.json()["verified_staff"]["status"], "fewer_than", "{}", api.text);

    // Two more verified staff (without demo accounts) make six: now shown.
    let c = ethos::consultations::store::by_id(&app.db, id).await.unwrap().unwrap();
    let mut batch = Vec::new();
    for n in 0..2 {
        let sent = ethos::consultations::answers::Answers(vec![(
            "q2".to_owned(),
            ethos::consultations::model::Answer { choices: vec![0], ..Default::default() },
        )]);
        let mut valid = ethos::consultations::answers::validate(&c, sent).unwrap();
        valid.verified_staff = true;
        batch.push((format!("extra-{n}"), valid));
    }
    ethos::consultations::store::submit_many(&app.db, &c, &batch).await.unwrap();
    // Six of nine staff: the three others would follow, so six is not shown.
    let page = app.visitor().get(&results).await;
    let rows = page.texts("#who-responded tbody tr");
    assert_eq!(rows, ["Staff 9 not shown", "Staff (verified), all groups not shown not shown"]);
    // Two more staff who did not sign in: six of eleven can be shown.
    for _ in 0..2 {
        let mut someone = app.visitor();
        someone.post(&format!("/o/riverside/c/{id}"), &[("q2", "0")]).await;
    }
    let page = app.visitor().get(&results).await;
    let rows = page.texts("#who-responded tbody tr");
    assert!(rows.iter().any(|r| r.contains("Staff") && r.contains("11") && r.contains('6')), "{rows:?}");
    assert!(page.texts("#group option").iter().any(|o| o.contains("Staff (verified) (6)")), "{}", page.text);
    let filtered = app.visitor().get(&format!("{results}?group=verified_staff")).await;
    assert!(filtered.text_of(".lede").starts_with("6 responses from “Staff (verified)”"), "{}", filtered.text);
    let api = Api::new(&app, None).get(&format!("/api/v1/consultations/{id}/results?group=verified_staff")).await;
    assert_eq!(api.json()["verified_staff"]["value"], 6, "{}", api.text);
    assert_eq!(api.json()["respondents"]["value"], 6, "{}", api.text);

    // The CSV of every response says which were verified staff.
    let csv = editor.get(&format!("/o/riverside/c/{id}/responses.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    let mut reader = csv::Reader::from_reader(csv.text.trim_start_matches('\u{feff}').as_bytes());
    let head = reader.headers().unwrap().clone();
    let column = head.iter().position(|h| h == "verified_staff").expect("a verified_staff column");
    let flags: Vec<String> = reader.records().map(|r| r.unwrap()[column].to_owned()).collect();
    assert_eq!(flags.iter().filter(|f| *f == "yes").count(), 6, "{flags:?}");
    assert_eq!(flags.iter().filter(|f| *f == "no").count(), 5, "{flags:?}");
}
