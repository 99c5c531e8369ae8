//! Listening, sending: a resident sends feedback, an idea or a compliment
//! without an account and follows it with a private link; scripts, bad
//! forms and contact details without consent are turned away. Runs on the
//! backend `ETHOS_TEST_BACKEND` names (the inbox: tests/feedback_inbox.rs).

mod common;

use std::time::Duration;

use common::binary::Server;
use common::feedback::{WAIT, contact_of, item_id, send, send_ok, spawn, stored};
use common::{TestApp, TestDatabase, Visitor};
use reqwest::StatusCode;

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
