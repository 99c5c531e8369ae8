//! Listening in public, ideas: an editor publishes an idea in words they
//! write (never while those words hold personal data), answers it openly and
//! can take it off; anyone supports it with one click, once per browser, and
//! may take that back; a closed idea keeps its answer and takes no more
//! support. Only the organisation's editors publish, and only ideas. Runs on
//! the backend `ETHOS_TEST_BACKEND` names.

mod common;

use common::feedback::{item_id, send_ok, spawn};
use common::{TestApp, Visitor};
use reqwest::StatusCode;

const IDEAS: &str = "/o/riverside/ideas";
const SENT: &str = "A bench by the bus stop outside the clinic: write to me at sam.jones@example.com about it.";

/// A resident sends an idea; the path of its inbox page.
async fn an_idea(app: &TestApp, body: &str) -> (i64, String) {
    let mut resident = app.visitor();
    send_ok(&mut resident, &[("kind", "idea"), ("body", body)]).await;
    let id = item_id(app, body).await;
    (id, format!("/o/riverside/feedback/inbox/{id}"))
}

async fn publish(editor: &mut Visitor, item: &str, title: &str, summary: &str) -> common::Page {
    editor.post(&format!("{item}/publish"), &[("title", title), ("summary", summary)]).await
}

async fn support(visitor: &mut Visitor, id: i64, choice: &str) -> common::Page {
    visitor.post(&format!("{IDEAS}/{id}/support"), &[("choice", choice)]).await
}

async fn audit_lines(app: &TestApp) -> Vec<String> {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT summary FROM audit_events WHERE action = 'feedback.public' ORDER BY id")
        .fetch_all(pool).await.unwrap())
}

#[tokio::test]
async fn an_idea_is_published_only_in_the_editors_own_words_and_never_with_personal_data() {
    let app = spawn().await;
    let (_, item) = an_idea(&app, SENT).await;
    let mut editor = app.signed_in("editor@riverside.example").await;

    // The sender's words were flagged, so the summary starts empty.
    let page = editor.get(&item).await;
    assert!(page.text_of("#in-public + .hint").contains("write the public words afresh"));
    assert_eq!(page.text_of("#summary"), "");

    let leaky = publish(&mut editor, &item, "A bench by the bus stop", SENT).await;
    assert_eq!(leaky.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        leaky.text_of(".error-summary").contains("The summary holds an email address"),
        "{}",
        leaky.text_of(".error-summary")
    );
    assert_eq!(leaky.attr("#title", "value").as_deref(), Some("A bench by the bus stop"), "what was typed stays");
    let empty = publish(&mut editor, &item, " ", " ").await;
    assert!(empty.text_of(".error-summary").contains("Write the title"));
    assert!(app.visitor().get(IDEAS).await.text_of(".ideas-empty").contains("No ideas are published yet"));

    let summary = "A bench at the bus stop outside the clinic, for people who cannot stand for long.";
    let published = publish(&mut editor, &item, "A bench by the bus stop", summary).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
    let ideas = app.visitor().get(IDEAS).await;
    assert_eq!(ideas.text_of(".idea-title"), "A bench by the bus stop");
    assert_eq!(ideas.text_of(".idea-summary"), summary);
    assert_eq!(ideas.text_of(".idea-count"), "0 supporters");
    assert!(!ideas.text.contains("sam.jones") && !ideas.text.contains("write to me"), "never the sender's words");
    assert_eq!(ideas.headers.get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));
    let api = app.visitor().get("/api/v1/orgs/riverside/ideas").await.json();
    assert_eq!(api["ideas"][0]["title"], "A bench by the bus stop");
    assert_eq!(api["ideas"][0]["supporters"], 0);
    assert!(!api.to_string().contains("sam.jones"));
    let doc = app.visitor().get("/api/v1/openapi.json").await.json();
    assert!(doc["paths"]["/api/v1/orgs/{slug}/ideas"]["get"].is_object(), "the ideas are in the OpenAPI document");

    // Answered openly, changed later; taken off, then back.
    let answered = editor.post(&format!("{item}/answer"), &[("answer", "Ring 07700 900123 to talk about it.")]).await;
    assert!(answered.text_of(".error-summary").contains("The answer holds a phone number"));
    editor.post(&format!("{item}/answer"), &[("answer", "We have asked the council for a bench.")]).await;
    editor.post(&format!("{item}/answer"), &[("answer", "The council will put a bench there in April.")]).await;
    let ideas = app.visitor().get(IDEAS).await;
    assert!(ideas.text_of(".idea-answer").contains("in April"), "{}", ideas.text_of("main"));
    assert!(!ideas.text.contains("asked the council"));
    let off = editor.post(&format!("{item}/unpublish"), &[]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert!(app.visitor().get(IDEAS).await.has(".ideas-empty"));
    let id = item.rsplit('/').next().unwrap();
    assert_eq!(app.visitor().get(&format!("{IDEAS}/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.visitor().get("/api/v1/orgs/riverside/ideas").await.json()["ideas"].as_array().unwrap().len(), 0);
    publish(&mut editor, &item, "A bench by the bus stop", summary).await;
    assert_eq!(app.visitor().get(&format!("{IDEAS}/{id}")).await.text_of("h1"), "A bench by the bus stop");

    let audit = audit_lines(&app).await;
    for said in ["idea published", "public answer written", "taken off the ideas page"] {
        assert!(audit.iter().any(|l| l.contains(said)), "{said}: {audit:?}");
    }
    assert!(audit.iter().all(|l| !l.contains("bench")), "the audit names the reference, not the words");
}

#[tokio::test]
async fn support_counts_once_per_browser_and_can_be_taken_back() {
    let app = spawn().await;
    let (id, item) = an_idea(&app, "Evening clinics for people who work days.").await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    publish(&mut editor, &item, "Evening clinics", "Clinics open into the evening for people who work in the day.")
        .await;
    let one = format!("{IDEAS}/{id}");

    let mut first = app.visitor();
    let supported = support(&mut first, id, "").await;
    assert_eq!(supported.status, StatusCode::SEE_OTHER);
    let cookie = supported.headers.get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert!(
        cookie.starts_with("ethos_ideas=") && cookie.contains("Path=/o/riverside/ideas") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    support(&mut first, id, "").await;
    let page = first.get(&one).await;
    assert_eq!(page.text_of(".idea-count"), "1 supporter", "twice from one browser counts once");
    assert!(page.text_of(".idea-support").contains("You support this idea"));
    assert_eq!(page.headers.get("cache-control").and_then(|v| v.to_str().ok()), Some("no-store"));

    let mut second = app.visitor();
    support(&mut second, id, "").await;
    assert_eq!(second.get(&one).await.text_of(".idea-count"), "2 supporters");
    let most = second.get(&format!("{IDEAS}?order=support")).await;
    assert_eq!(most.text_of(".ideas-order strong"), "most supported first");

    let back = support(&mut first, id, "take-back").await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let page = first.get(&one).await;
    assert_eq!(page.text_of(".idea-count"), "1 supporter");
    assert!(page.text_of(".idea-support button").starts_with("Support this idea"));
    assert!(second.get(&one).await.text_of(".idea-support").contains("You support this idea"));
    let stored: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM idea_supports").fetch_one(pool).await.unwrap());
    assert_eq!(stored, 1);

    // An idea that is not published takes no support.
    let (hidden, _) = an_idea(&app, "Never published.").await;
    assert_eq!(support(&mut second, hidden, "").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_closed_idea_shows_its_answer_and_takes_no_more_support() {
    let app = spawn().await;
    let (id, item) = an_idea(&app, "Water fountains in the waiting rooms.").await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    publish(&mut editor, &item, "Water in the waiting rooms", "Free drinking water wherever people wait.").await;
    let mut resident = app.visitor();
    support(&mut resident, id, "").await;
    editor.post(&format!("{item}/answer"), &[("answer", "Every waiting room now has a water fountain.")]).await;
    for to in ["acknowledged", "with_service", "responded", "closed"] {
        let moved = editor.post(&format!("{item}/state"), &[("state", to), ("text", "")]).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER, "{to}");
    }
    let page = resident.get(&format!("{IDEAS}/{id}")).await;
    assert!(page.text_of(".idea-closed").contains("takes no more support"));
    assert!(page.text_of(".idea-answer").contains("water fountain"));
    assert_eq!(page.text_of(".idea-count"), "1 supporter");
    assert!(!page.has(".idea-support form"));

    let refused = support(&mut app.visitor(), id, "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.text_of("main").contains("is closed"), "{}", refused.text_of("main"));
    assert_eq!(support(&mut resident, id, "take-back").await.status, StatusCode::CONFLICT);
    assert_eq!(resident.get(&format!("{IDEAS}/{id}")).await.text_of(".idea-count"), "1 supporter");
}

#[tokio::test]
async fn only_the_organisations_editors_publish_and_only_ideas() {
    let app = spawn().await;
    let (id, item) = an_idea(&app, "Longer opening at the pharmacy.").await;
    let posts = [
        (format!("{item}/publish"), vec![("title", "Taken over"), ("summary", "Taken over")]),
        (format!("{item}/unpublish"), vec![]),
        (format!("{item}/answer"), vec![("answer", "Taken over")]),
        (format!("{item}/you-said"), vec![("shown", "yes"), ("you_said", "Taken over"), ("we_did", "Taken over")]),
    ];
    for email in ["editor@northgate.example", "staff@riverside.example"] {
        let mut outsider = app.signed_in(email).await;
        for (path, fields) in &posts {
            assert_eq!(outsider.post(path, fields).await.status, StatusCode::FORBIDDEN, "{email} POST {path}");
        }
    }
    let mut anonymous = app.visitor();
    for (path, fields) in &posts {
        let page = anonymous.post(path, fields).await;
        assert!(page.location().starts_with("/sign-in"), "anonymous POST {path}: {}", page.status);
    }
    // Another organisation's editor, on their own organisation's address for this item.
    let mut northgate = app.signed_in("editor@northgate.example").await;
    let theirs = format!("/o/northgate/feedback/inbox/{id}/publish");
    assert_eq!(northgate.post(&theirs, &[("title", "T"), ("summary", "S")]).await.status, StatusCode::NOT_FOUND);
    let rows: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM feedback_public").fetch_one(pool).await.unwrap());
    assert_eq!(rows, 0, "nothing was written");
    assert!(app.visitor().get(IDEAS).await.has(".ideas-empty"));

    // Feedback is not an idea.
    let mut resident = app.visitor();
    send_ok(&mut resident, &[("kind", "feedback"), ("body", "The lift was broken.")]).await;
    let feedback = format!("/o/riverside/feedback/inbox/{}", item_id(&app, "The lift was broken.").await);
    let mut editor = app.signed_in("editor@riverside.example").await;
    assert!(!editor.get(&feedback).await.has("#publish"), "no publish form on feedback");
    let refused = publish(&mut editor, &feedback, "The lift", "It was broken.").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.text_of("main").contains("only ideas are published"), "{}", refused.text_of("main"));
    assert!(app.visitor().get(IDEAS).await.has(".ideas-empty"));
}

#[tokio::test]
async fn the_demo_partnership_has_published_ideas_with_support_and_answers() {
    let app = TestApp::spawn_with_demo().await;
    let ideas = app.visitor().get("/o/river-north/ideas?order=support").await;
    assert_eq!(ideas.status, StatusCode::OK);
    let counts = ideas.texts(".idea-count");
    assert_eq!(counts, ["12 supporters", "7 supporters"]);
    assert_eq!(ideas.texts(".idea-answer").len(), 2);
    assert_eq!(ideas.texts(".idea-closed").len(), 1);
    assert!(ideas.has("footer a[href='/o/river-north/you-said-we-did']"));
}
