//! Listening, first slice: a resident sends feedback or an idea without an
//! account and follows it with a private link; the organisation's editors
//! triage it in their inbox; other organisations' editors and the public
//! are kept out. Runs on the backend `ETHOS_TEST_BACKEND` names.

mod common;

use std::time::Duration;

use common::binary::Server;
use common::{TestApp, TestDatabase, Visitor};
use reqwest::StatusCode;

/// A server whose form takes any fill time (the minimum has its own test).
async fn spawn() -> TestApp {
    TestApp::spawn_with(|c| c.feedback_min_fill = Duration::ZERO).await
}

/// Opens Riverside's form and sends it with `fields`, as a browser would.
async fn send(visitor: &mut Visitor, fields: &[(&str, &str)]) -> common::Page {
    let form = visitor.get("/o/riverside/feedback").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text);
    let started = form.attr("input[name=started]", "value").expect("the form carries its time");
    let mut all = fields.to_vec();
    all.push(("started", &started));
    visitor.post("/o/riverside/feedback", &all).await
}

/// Sends feedback and returns its status link.
async fn send_ok(visitor: &mut Visitor, fields: &[(&str, &str)]) -> String {
    let sent = send(visitor, fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    sent.location()
}

async fn stored(app: &TestApp) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM feedback").fetch_one(pool).await.unwrap())
}

async fn item_id(app: &TestApp, body: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM feedback WHERE body = $1").bind(body).fetch_one(pool).await.unwrap())
}

async fn contact_of(app: &TestApp, id: i64) -> Option<String> {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT contact FROM feedback WHERE id = $1").bind(id).fetch_one(pool).await.unwrap())
}

const WAIT: &str = "The wait in the walk-in centre was long, but the nurse explained every step.";

#[tokio::test]
async fn a_resident_sends_feedback_without_contact_and_gets_a_reference() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let form = resident.get("/o/riverside").await;
    assert!(form.has("footer a[href='/o/riverside/feedback']"), "the public page links the form");

    let link = send_ok(&mut resident, &[("kind", "feedback"), ("body", WAIT)]).await;
    assert!(link.starts_with("/o/riverside/feedback/status/"), "{link}");
    let status = resident.get(&link).await;
    assert_eq!(status.status, StatusCode::OK);
    assert!(status.text_of("h1").contains("Thank you"), "{}", status.text_of("h1"));
    let reference = status.text_of(".notice .reference");
    assert!(reference.starts_with("FB-20") && reference.ends_with("-00001"), "{reference}");
    assert_eq!(status.text_of(".feedback-state"), "New");
    assert!(status.text_of("main").contains("None kept"));
    assert_eq!(status.headers["referrer-policy"], "no-referrer");

    // The next one takes the next number; nothing of the sender is stored.
    let next = send_ok(&mut resident, &[("kind", "idea"), ("body", "Open the garden to visitors.")]).await;
    assert!(resident.get(&next).await.text_of(".notice .reference").ends_with("-00002"));
    assert_eq!(contact_of(&app, item_id(&app, WAIT).await).await, None);
}

#[tokio::test]
async fn the_honeypot_or_a_too_fast_send_is_refused_with_a_message_and_nothing_stored() {
    let app = spawn().await;
    let mut script = app.visitor();
    let caught =
        send(&mut script, &[("kind", "idea"), ("body", "Buy cheap things"), ("website", "http://spam.example")]).await;
    assert_eq!(caught.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        caught.text_of(".error-summary").contains("looked like an automated message"),
        "{}",
        caught.text_of(".error-summary")
    );
    assert_eq!(caught.text_of("textarea#body"), "Buy cheap things", "what was typed is kept");
    assert_eq!(stored(&app).await, 0);

    // With the real minimum, sending the moment the page opens is too fast.
    let app = TestApp::spawn().await;
    let mut hasty = app.visitor();
    let refused = send(&mut hasty, &[("kind", "idea"), ("body", "A bench by the bus stop")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of(".error-summary").contains("sent too quickly"), "{}", refused.text_of(".error-summary"));
    assert_eq!(refused.text_of("textarea#body"), "A bench by the bus stop");
    // A form without its signed time is refused too.
    let forged = hasty.post("/o/riverside/feedback", &[("kind", "idea"), ("body", "x"), ("started", "1.00")]).await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored(&app).await, 0);
}

#[tokio::test]
async fn a_bad_form_shows_the_error_summary_and_keeps_what_was_typed() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let long = "a".repeat(5_001);
    let bad = send(&mut resident, &[("body", ""), ("reply", "yes"), ("contact", "not a way to reach me")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text_of("title").starts_with("Error:"));
    let summary = bad.texts(".error-summary a");
    assert!(summary.iter().any(|s| s.contains("Choose whether this is feedback")), "{summary:?}");
    assert!(summary.iter().any(|s| s.contains("Tell us what happened")), "{summary:?}");
    assert!(summary.iter().any(|s| s.contains("Enter an email address like")), "{summary:?}");
    assert_eq!(bad.attr("input#contact", "value").as_deref(), Some("not a way to reach me"));
    assert!(bad.has("input#reply[checked]"));

    let too_long = send(&mut resident, &[("kind", "compliment"), ("body", &long)]).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.text_of(".error-summary").contains("5000 characters or fewer"));
    assert!(too_long.has("input#kind-compliment[checked]"));
    assert_eq!(stored(&app).await, 0);
}

#[tokio::test]
async fn contact_details_are_kept_only_with_the_box_ticked() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let body = "Please call me about the leaflet.";
    let link = send_ok(&mut resident, &[("kind", "feedback"), ("body", body), ("contact", "sam@example.org")]).await;
    let status = resident.get(&link).await;
    assert!(status.text_of(".dropped").contains("did not keep the contact details"), "{}", status.text);
    assert_eq!(contact_of(&app, item_id(&app, body).await).await, None);

    let ticked = "Please write back about the leaflet.";
    let fields = [("kind", "feedback"), ("body", ticked), ("reply", "yes"), ("contact", "sam@example.org")];
    let link = send_ok(&mut resident, &fields).await;
    assert!(resident.get(&link).await.text_of("main").contains("Kept, so that we can reply"));
    assert_eq!(contact_of(&app, item_id(&app, ticked).await).await.as_deref(), Some("sam@example.org"));
}

#[tokio::test]
async fn text_with_an_nhs_number_is_flagged_for_redaction() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let body = "My appointment letter for 943 476 5919 went to the wrong house.";
    send_ok(&mut resident, &[("kind", "feedback"), ("body", body)]).await;
    send_ok(&mut resident, &[("kind", "compliment"), ("body", "Lovely reception staff.")]).await;

    let editor = app.signed_in("editor@riverside.example").await;
    let inbox = editor.get("/o/riverside/feedback/inbox").await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert_eq!(inbox.texts(".inbox-line").len(), 2);
    assert_eq!(inbox.texts(".inbox-line .personal-data").len(), 1, "only the one with a number is flagged");
    let id = item_id(&app, body).await;
    let item = editor.get(&format!("/o/riverside/feedback/inbox/{id}")).await;
    assert!(item.text_of(".personal-data").contains("an NHS number"), "{}", item.text_of(".personal-data"));
}

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
async fn sends_from_one_address_are_limited() {
    let app = TestApp::spawn_with(|c| {
        c.feedback_min_fill = Duration::ZERO;
        c.responses_per_address = 1;
    })
    .await;
    let mut resident = app.visitor();
    send_ok(&mut resident, &[("kind", "idea"), ("body", "First.")]).await;
    let second = send(&mut resident, &[("kind", "idea"), ("body", "Second.")]).await;
    assert_eq!(second.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(stored(&app).await, 1);
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
async fn a_status_links_token_never_reaches_the_log() {
    let database = TestDatabase::new().await;
    let server = Server::start_logging(&database.url, &["--feedback-min-fill-secs", "0"], "debug").await;
    let client =
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let mut resident = Visitor::with_client(&server.url, client);
    let link = send_ok(&mut resident, &[("kind", "compliment"), ("body", "Thank you to the night staff.")]).await;
    assert_eq!(resident.get(&link).await.status, StatusCode::OK);
    let token = link.rsplit('/').next().unwrap().split('?').next().unwrap();
    assert!(!server.logged("/feedback/status/").is_empty(), "the visit was logged at all");
    assert!(server.logged(token).is_empty(), "the token is in the log: {:?}", server.logged(token));
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
