//! The members' home, `/o/{slug}/home`: where people of an organisation
//! land after signing in, and what each role sees there.

mod common;

use common::consultations::{Settings, add_questions, create_consultation, publish};
use common::{DEMO_PASSWORD, TestApp, Visitor};
use reqwest::StatusCode;

const HOME: &str = "/o/riverside/home";

/// Someone outside the organisation asks for the values in `format`.
async fn ask_for(app: &TestApp, format: &str, contact: &str) {
    let sent = app.visitor().post("/o/riverside/values/request", &[("format", format), ("contact", contact)]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
}

async fn revision(editor: &Visitor) -> String {
    editor.get("/o/riverside/values/edit").await.attr("input[name=revision]", "value").expect("the draft's revision")
}

#[tokio::test]
async fn an_editor_signs_in_and_lands_on_the_members_home_where_nothing_needs_doing_yet() {
    let app = TestApp::spawn().await;
    let mut editor = app.visitor();
    let signed_in = editor.sign_in("editor@riverside.example", DEMO_PASSWORD).await;
    assert_eq!(signed_in.location(), HOME);
    let home = editor.follow(&signed_in).await;
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.text_of("h1"), "Members' home");
    assert_eq!(home.text_of(".tag"), "Your role here: Editor");
    assert_eq!(home.headers.get("cache-control").unwrap(), "no-store");
    assert!(home.text_of(".todo-empty").starts_with("Nothing needs doing."), "{}", home.text_of("main"));
    assert!(home.text_of("#values-draft").contains("No draft is open."));
    assert_eq!(home.text_of("#format-requests p"), "No requests are waiting.");
    assert!(home.text_of("#consultations").contains("No consultation is open"));

    // The public page points members to their home; visitors see no such link.
    let public = editor.get("/o/riverside").await;
    assert_eq!(public.attr(".members-home-link", "href").as_deref(), Some(HOME));
    assert!(!app.visitor().get("/o/riverside").await.has(".members-home-link"));
}

#[tokio::test]
async fn a_new_draft_shows_who_changed_it_last_with_links_to_carry_on() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    assert_eq!(editor.post("/o/riverside/values/edit/start", &[]).await.status, StatusCode::SEE_OTHER);
    let rev = revision(&editor).await;
    let saved = editor
        .post(
            "/o/riverside/values/edit/statements",
            &[("revision", &rev), ("vision", "Every street a healthy street."), ("mission", ""), ("motto", "")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);

    let home = editor.get(HOME).await;
    let draft = home.text_of("#values-draft");
    assert!(draft.contains("A draft of the values is open. Last changed by Dylan Price on"), "{draft}");
    let links = home.texts("#values-draft a");
    assert_eq!(links, ["Continue the draft", "Publish it"]);
    assert_eq!(home.attr("#values-draft a", "href").as_deref(), Some("/o/riverside/values/edit"));

    // A staff member reads the same draft, with nothing to act on.
    let staff = app.signed_in("staff@riverside.example").await;
    let home = staff.get(HOME).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.text_of("#values-draft").contains("Last changed by Dylan Price"));
    assert_eq!(home.texts("#values-draft a"), ["Read the draft"]);
    assert_eq!(staff.get("/o/riverside/values/draft").await.status, StatusCode::OK, "the link leads somewhere");
    assert!(!home.has("#todo-title"), "staff are not given a list of things to do");
    assert!(!home.has("#format-requests"), "requests carry contact details, for editors only");
}

#[tokio::test]
async fn waiting_requests_show_with_their_count_and_the_newest_first() {
    let app = TestApp::spawn().await;
    ask_for(&app, "braille", "a reader at the library").await;
    ask_for(&app, "large-print", "01632 960 001").await;

    let mut editor = app.signed_in("editor@riverside.example").await;
    let home = editor.get(HOME).await;
    assert_eq!(home.text_of(".request-count"), "2 requests are waiting.");
    let listed = home.texts("#format-requests li");
    assert!(listed[0].starts_with("Large print, received") && listed[1].starts_with("Braille"), "{listed:?}");
    assert!(!home.text_of("main").contains("01632 960 001"), "the home shows no one's contact details");
    assert_eq!(home.attr("#format-requests p:last-child a", "href").as_deref(), Some("/o/riverside/values/requests"));
    assert_eq!(home.texts(".todo li"), ["2 requests for the values in another format or language are waiting"]);
    assert_eq!(home.attr(".todo a", "href").as_deref(), Some("/o/riverside/values/requests"));

    // Marked sent, a request no longer waits.
    let inbox = editor.get("/o/riverside/values/requests").await;
    let action = inbox.attr("tbody form", "action").unwrap();
    editor.post(&action, &[("status", "sent")]).await;
    assert_eq!(editor.get(HOME).await.text_of(".request-count"), "1 request is waiting.");
}

#[tokio::test]
async fn consultations_show_as_open_or_being_prepared_and_one_closing_this_week_is_to_do() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let open = create_consultation(&mut editor, &Settings::open("How we welcome new starters")).await;
    add_questions(&mut editor, open, &[&[("kind", "text"), ("prompt", "What helped in your first week?")]]).await;
    publish(&mut editor, open).await;
    let later = Settings { closes_in_hours: 24 * 30, ..Settings::open("Our travel between clinics") };
    let later = create_consultation(&mut editor, &later).await;
    add_questions(&mut editor, later, &[&[("kind", "text"), ("prompt", "What slows your journeys?")]]).await;
    publish(&mut editor, later).await;
    create_consultation(&mut editor, &Settings::open("Quiet rooms for families")).await;

    let home = editor.get(HOME).await;
    let running = home.texts("#consultations h3 + ul li");
    assert!(running[0].starts_with("How we welcome new starters"), "{running:?}");
    assert!(running[0].contains("0 responses, closes"), "{running:?}");
    assert!(home.text_of("#consultations").contains("Being prepared Quiet rooms for families"));
    let todo = home.texts(".todo li");
    assert_eq!(todo.len(), 1, "only the one closing within a week: {todo:?}");
    assert!(todo[0].starts_with("“How we welcome new starters” closes on"), "{todo:?}");
    assert_eq!(home.attr(".todo a", "href"), Some(format!("/o/riverside/consultations/{open}")));

    // Board members see the consultations too, but no list of things to do.
    let board = app.signed_in("board@riverside.example").await;
    let home = board.get(HOME).await;
    assert!(home.text_of("#consultations").contains("How we welcome new starters"));
    assert!(!home.has(".todo"));
}

#[tokio::test]
async fn only_members_see_the_home_and_anonymous_visitors_are_asked_to_sign_in() {
    let app = TestApp::spawn().await;
    ask_for(&app, "audio", "someone@example.org").await;

    let anonymous = app.visitor().get(HOME).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.location(), "/sign-in?next=%2Fo%2Friverside%2Fhome");

    let outsider = app.signed_in("editor@northgate.example").await;
    let refused = outsider.get(HOME).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.text.contains("waiting"), "nothing of Riverside's shows");
    // Their own home shows nothing of Riverside's request.
    let own = outsider.get("/o/northgate/home").await;
    assert_eq!(own.text_of("#format-requests p"), "No requests are waiting.");

    assert_eq!(outsider.get("/o/no-such-trust/home").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_owner_finds_the_home_in_the_owners_menu() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in("owner@riverside.example").await;
    let home = owner.get(HOME).await;
    assert_eq!(home.text_of(".subnav a[aria-current=page]"), "Members' home");
    assert_eq!(owner.get("/o/riverside/people").await.attr(".subnav a", "href").as_deref(), Some(HOME));
}
