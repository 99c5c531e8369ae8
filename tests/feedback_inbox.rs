//! Listening, triage: the organisation's editors move items through their
//! states, assign them, note them and see what is overdue; other
//! organisations' editors, staff and the public are kept out, and a status
//! link shows its own item only. Runs on the backend `ETHOS_TEST_BACKEND` names.

mod common;

use common::TestApp;
use common::feedback::{item_id, send, send_ok, spawn};
use reqwest::StatusCode;

#[tokio::test]
async fn an_editor_moves_an_item_through_its_states_and_the_status_link_shows_it() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let body = "The ramp at the health centre is too steep for my chair.";
    let link = send_ok(&mut resident, &[("kind", "feedback"), ("body", body)]).await;
    let id = item_id(&app, body).await;
    let item = format!("/o/riverside/feedback/inbox/{id}");
    let mut editor = app.signed_in("editor@riverside.example").await;

    // A step too far is refused with the error summary.
    let jump = editor.post(&format!("{item}/state"), &[("state", "closed")]).await;
    assert_eq!(jump.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(jump.text_of(".error-summary").contains("Choose what happens next"));

    let reply = "We have asked the estates team to add a handrail and a gentler slope by March.";
    for (to, text, shown) in [
        ("acknowledged", "", "Acknowledged"),
        ("with_service", "", "With the service"),
        ("responded", reply, "Responded"),
        ("closed", "", "Closed"),
    ] {
        let moved = editor.post(&format!("{item}/state"), &[("state", to), ("text", text)]).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{to}: {}", moved.text);
        assert_eq!(editor.get(&item).await.text_of(".lede .feedback-state"), shown);
        assert_eq!(resident.get(&link).await.text_of(".feedback-state"), shown);
    }
    assert!(resident.get(&link).await.text_of(".reply").contains("gentler slope"));

    // Assignment and notes, kept with who and when; every change audited.
    let members: Vec<String> = editor.get(&item).await.texts("#person option");
    assert!(members.contains(&"Aisha Rahman".to_owned()), "{members:?}");
    let aisha: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'staff@riverside.example'").fetch_one(pool).await.unwrap());
    let assigned = editor.post(&format!("{item}/assign"), &[("person", &aisha.to_string())]).await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER);
    let noted = editor.post(&format!("{item}/notes"), &[("note", "Estates ticket raised.")]).await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER);
    let page = editor.get(&item).await;
    assert!(page.text_of(".note").contains("Estates ticket raised.") && page.text_of(".note").contains("Dylan Price"));
    assert!(!resident.get(&link).await.text.contains("Estates ticket"), "notes stay internal");
    let closed = editor.get("/o/riverside/feedback/inbox?state=closed").await;
    assert!(closed.text_of(".inbox-line").contains("Aisha Rahman"), "{}", closed.text_of(".inbox-line"));

    let owner = app.signed_in("owner@riverside.example").await;
    let audit = owner.get("/o/riverside/audit").await.text_of("main");
    for said in ["New → Acknowledged", "Responded → Closed", "assigned to Aisha Rahman", "added an internal note"] {
        assert!(audit.contains(said), "{said}: {audit}");
    }
}

#[tokio::test]
async fn not_for_us_needs_a_signpost_that_the_sender_reads() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let body = "My bins were not collected this week.";
    let link = send_ok(&mut resident, &[("kind", "feedback"), ("body", body)]).await;
    let item = format!("/o/riverside/feedback/inbox/{}", item_id(&app, body).await);
    let mut editor = app.signed_in("editor@riverside.example").await;
    let bare = editor.post(&format!("{item}/state"), &[("state", "not_for_us"), ("text", " ")]).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bare.text_of(".error-summary").contains("Say who can help"));
    let signposted = "Bin collections are run by the borough council: ring their waste line.";
    let moved = editor.post(&format!("{item}/state"), &[("state", "not_for_us"), ("text", signposted)]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let status = resident.get(&link).await;
    assert_eq!(status.text_of(".feedback-state"), "Not for us");
    assert!(status.text_of(".signpost").contains("borough council"));
}

#[tokio::test]
async fn the_inbox_counts_and_filters_overdue_items() {
    let app = spawn().await;
    let mut resident = app.visitor();
    send_ok(&mut resident, &[("kind", "feedback"), ("body", "Late one.")]).await;
    send_ok(&mut resident, &[("kind", "idea"), ("body", "On time one.")]).await;
    let late = item_id(&app, "Late one.").await;
    ethos::on_db!(&app.db, pool => sqlx::query("UPDATE feedback SET acknowledge_by = '2026-01-05' WHERE id = $1").bind(late).execute(pool).await.map(|_| ()).unwrap());

    let editor = app.signed_in("editor@riverside.example").await;
    let inbox = editor.get("/o/riverside/feedback/inbox").await;
    assert_eq!(inbox.text_of(".count[data-state=overdue]"), "1");
    assert_eq!(inbox.text_of(".count[data-state=new]"), "2");
    let overdue = editor.get("/o/riverside/feedback/inbox?overdue=1").await;
    assert_eq!(overdue.texts(".inbox-line").len(), 1);
    assert!(overdue.text_of(".inbox-line").contains("Late one."));
    let ideas = editor.get("/o/riverside/feedback/inbox?kind=idea").await;
    assert_eq!(ideas.texts(".inbox-line").len(), 1);
    assert!(ideas.text_of(".inbox-line").contains("On time one."));
}

#[tokio::test]
async fn the_organisations_lists_are_offered_and_checked() {
    let app = spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let saved = editor
        .post(
            "/o/riverside/feedback/settings/lists",
            &[("services", "District nursing\nPodiatry\n"), ("neighbourhoods", "Riverside East\nRiverside West")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    // The clock is the owner's to set.
    let clock =
        editor.post("/o/riverside/feedback/settings/clock", &[("acknowledge_days", "1"), ("respond_days", "5")]).await;
    assert_eq!(clock.status, StatusCode::FORBIDDEN);

    let mut resident = app.visitor();
    let form = resident.get("/o/riverside/feedback").await;
    assert_eq!(form.texts("#service option"), ["Not one service, or not sure", "District nursing", "Podiatry"]);
    let wrong = send(&mut resident, &[("kind", "feedback"), ("body", "Hello"), ("service", "Dentistry")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text_of(".error-summary").contains("Choose a service or area from the list"));
    send_ok(&mut resident, &[("kind", "feedback"), ("body", "Quick visit."), ("service", "Podiatry")]).await;
    let podiatry = editor.get("/o/riverside/feedback/inbox?service=Podiatry").await;
    assert_eq!(podiatry.texts(".inbox-line").len(), 1);
}

#[tokio::test]
async fn only_the_organisations_editors_reach_its_inbox_and_a_status_link_shows_only_its_item() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let mine = send_ok(&mut resident, &[("kind", "feedback"), ("body", "Mine.")]).await;
    send_ok(&mut resident, &[("kind", "feedback"), ("body", "Someone else's.")]).await;
    let id = item_id(&app, "Mine.").await;
    let item = format!("/o/riverside/feedback/inbox/{id}");

    let gets = ["/o/riverside/feedback/inbox".to_owned(), item.clone(), "/o/riverside/feedback/settings".to_owned()];
    let posts = [
        (format!("{item}/state"), vec![("state", "acknowledged")]),
        (format!("{item}/assign"), vec![("person", "")]),
        (format!("{item}/notes"), vec![("note", "Not mine to write.")]),
        ("/o/riverside/feedback/settings/lists".to_owned(), vec![("services", "Taken over")]),
        ("/o/riverside/feedback/settings/clock".to_owned(), vec![("acknowledge_days", "9"), ("respond_days", "9")]),
    ];
    for email in ["editor@northgate.example", "staff@riverside.example"] {
        let mut outsider = app.signed_in(email).await;
        for path in &gets {
            assert_eq!(outsider.get(path).await.status, StatusCode::FORBIDDEN, "{email} GET {path}");
        }
        for (path, fields) in &posts {
            assert_eq!(outsider.post(path, fields).await.status, StatusCode::FORBIDDEN, "{email} POST {path}");
        }
    }
    let mut anonymous = app.visitor();
    for path in &gets {
        let page = anonymous.get(path).await;
        assert!(page.location().starts_with("/sign-in"), "anonymous GET {path}: {}", page.status);
    }
    for (path, fields) in &posts {
        let page = anonymous.post(path, fields).await;
        assert!(page.location().starts_with("/sign-in"), "anonymous POST {path}: {}", page.status);
    }
    // Nothing changed.
    let state: String = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT state FROM feedback WHERE id = $1").bind(id).fetch_one(pool).await.unwrap());
    assert_eq!(state, "new");

    // The status link shows its own item only, and only under its organisation.
    let page = resident.get(&mine).await;
    assert!(page.text_of(".reference").ends_with("-00001"));
    assert!(!page.text.contains("Someone else"));
    let token = mine.rsplit('/').next().unwrap().split('?').next().unwrap();
    assert_eq!(resident.get(&format!("/o/northgate/feedback/status/{token}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(resident.get("/o/riverside/feedback/status/not-a-real-token").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_partnership_has_feedback_in_every_state_and_some_overdue() {
    let app = TestApp::spawn_with_demo().await;
    let editor = app.signed_in("editor@riverside.example").await;
    let inbox = editor.get("/o/river-north/feedback/inbox").await;
    assert_eq!(inbox.status, StatusCode::OK);
    for state in ["new", "acknowledged", "with_service", "responded", "closed", "not_for_us"] {
        let n: i64 = inbox.text_of(&format!(".count[data-state={state}]")).parse().unwrap();
        assert!(n >= 1, "{state}: {n}");
    }
    assert_eq!(inbox.text_of(".count[data-state=overdue]"), "2");
    assert_eq!(inbox.texts(".inbox-line .personal-data").len(), 1);
    let form = app.visitor().get("/o/river-north/feedback").await;
    assert!(form.texts("#neighbourhood option").contains(&"Riverbank".to_owned()));
}
