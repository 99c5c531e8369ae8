//! Listening through the JSON API: the organisation's editors list, read
//! and move items on with a token, by the inbox's own rules (seen on the
//! inbox page and the sender's status link); anyone sends feedback without
//! one, limited per address; outsiders are refused on every route; and a
//! reply reaches a sender who left an email address through a real SMTP
//! server. Runs on the backend `ETHOS_TEST_BACKEND` names.

mod common;

use std::time::Duration;

use common::feedback::spawn;
use common::smtp::SmtpServer;
use common::{Api, Page, TestApp, make_token};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const FEEDBACK: &str = "/api/v1/orgs/riverside/feedback";

async fn token_of(app: &TestApp, email: &str) -> Api {
    let mut visitor = app.signed_in(email).await;
    Api::new(app, Some(make_token(&mut visitor).await))
}

/// Sends `body` through the public API and returns (reference, status path).
async fn submit(app: &TestApp, body: Value) -> (String, String) {
    let sent = Api::new(app, None).send(Method::POST, FEEDBACK, &body).await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
    let json = sent.json();
    let url = json["status_url"].as_str().unwrap();
    let path = &url[url.find("/o/").expect("a status link under /o/")..];
    (json["reference"].as_str().unwrap().to_owned(), path.to_owned())
}

fn fields_named(page: &Page) -> Vec<String> {
    page.json()["errors"]
        .as_array()
        .map_or(Vec::new(), |e| e.iter().map(|f| f["field"].as_str().unwrap_or_default().to_owned()).collect())
}

async fn move_to(api: &Api, reference: &str, body: Value) -> Page {
    api.send(Method::POST, &format!("{FEEDBACK}/{reference}/state"), &body).await
}

#[tokio::test]
async fn an_editor_lists_with_a_filter_and_pages_through_newest_first() {
    let app = spawn().await;
    let (first, _) = submit(&app, json!({ "kind": "idea", "body": "A walking group from the library." })).await;
    submit(&app, json!({ "kind": "compliment", "body": "The pharmacist was patient." })).await;
    let (third, _) = submit(&app, json!({ "kind": "idea", "body": "Benches along the canal path." })).await;
    let api = token_of(&app, "editor@riverside.example").await;

    let ideas = api.get(&format!("{FEEDBACK}?kind=idea&limit=1")).await;
    assert_eq!(ideas.status, StatusCode::OK, "{}", ideas.text);
    let page = ideas.json();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["reference"], third.as_str(), "newest first");
    assert_eq!(page["items"][0]["state"], "new");
    assert_eq!(page["items"][0]["has_contact"], false);
    assert!(page["items"][0].get("body").is_none() && page["items"][0].get("contact").is_none());
    let before = page["next_before"].as_i64().expect("another page follows");
    let next = api.get(&format!("{FEEDBACK}?kind=idea&limit=1&before={before}")).await.json();
    assert_eq!(next["items"][0]["reference"], first.as_str());
    assert!(next["next_before"].is_null(), "{next}");

    let all = api.get(FEEDBACK).await.json();
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let bad = api.get(&format!("{FEEDBACK}?state=lost&limit=500")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert_eq!(fields_named(&bad), ["state", "limit"]);
}

#[tokio::test]
async fn an_editor_reads_an_item_and_moves_it_on_as_the_inbox_page_and_status_link_show() {
    let app = spawn().await;
    let body = json!({ "kind": "feedback", "body": "The lift at the clinic has been broken for a month.",
        "contact": "07700 900123", "consent_to_contact": true });
    let (reference, status) = submit(&app, body).await;
    let api = token_of(&app, "editor@riverside.example").await;

    let listed = api.get(FEEDBACK).await.json();
    assert_eq!(listed["items"][0]["has_contact"], true);
    assert!(!listed.to_string().contains("07700"), "the list never carries contact details");
    let item = api.get(&format!("{FEEDBACK}/{reference}")).await;
    assert_eq!(item.status, StatusCode::OK, "{}", item.text);
    assert_eq!(item.json()["contact"], "07700 900123");
    assert!(item.json()["body"].as_str().unwrap().contains("broken for a month"));
    assert_eq!(api.get(&format!("{FEEDBACK}/FB-1999-00001")).await.status, StatusCode::NOT_FOUND);

    // Bad input is named; a move the states do not allow is a conflict.
    let lost = move_to(&api, &reference, json!({ "state": "lost" })).await;
    assert_eq!(lost.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields_named(&lost), ["state"]);
    let jump = move_to(&api, &reference, json!({ "state": "closed" })).await;
    assert_eq!(jump.status, StatusCode::CONFLICT, "{}", jump.text);
    assert!(jump.json()["detail"].as_str().unwrap().contains("cannot move to “Closed”"));

    assert_eq!(move_to(&api, &reference, json!({ "state": "acknowledged" })).await.status, StatusCode::OK);
    let reply = "An engineer repairs the lift on Tuesday; until then the ground-floor room is used.";
    let answered = move_to(&api, &reference, json!({ "state": "responded", "reply": reply })).await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.text);
    assert_eq!(answered.json()["state"], "responded");
    assert_eq!(answered.json()["reply_emailed_at"], Value::Null);

    let editor = app.signed_in("editor@riverside.example").await;
    let id: i64 =
        ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM feedback").fetch_one(pool).await.unwrap());
    let page = editor.get(&format!("/o/riverside/feedback/inbox/{id}")).await;
    assert_eq!(page.text_of(".lede .feedback-state"), "Responded");
    assert!(page.text_of(".reply-mail").contains("not sent by email"), "{}", page.text_of(".reply-mail"));
    let seen = app.visitor().get(&status).await;
    assert_eq!(seen.text_of(".feedback-state"), "Responded");
    assert!(seen.text_of(".reply").contains("ground-floor room"));

    // A signpost is needed to turn one away, and named when missing.
    let (other, _) = submit(&app, json!({ "kind": "feedback", "body": "Potholes on my street." })).await;
    let bare = move_to(&api, &other, json!({ "state": "not_for_us", "signpost": " " })).await;
    assert_eq!(bare.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields_named(&bare), ["signpost"]);

    let owner = app.signed_in("owner@riverside.example").await;
    let audit = owner.get("/o/riverside/audit").await.text_of("main");
    assert!(audit.contains(&format!("{reference}: Acknowledged → Responded")), "{audit}");
}

#[tokio::test]
async fn another_organisations_editor_staff_and_no_token_are_refused_on_every_route() {
    let app = spawn().await;
    let (reference, _) = submit(&app, json!({ "kind": "feedback", "body": "Kept in." })).await;
    let routes = [
        (Method::GET, FEEDBACK.to_owned()),
        (Method::GET, format!("{FEEDBACK}/{reference}")),
        (Method::POST, format!("{FEEDBACK}/{reference}/state")),
    ];
    let body = json!({ "state": "acknowledged" });
    for (who, expected) in
        [("editor@northgate.example", StatusCode::FORBIDDEN), ("staff@riverside.example", StatusCode::FORBIDDEN)]
    {
        let api = token_of(&app, who).await;
        for (method, path) in &routes {
            let answer = api.send(method.clone(), path, &body).await;
            assert_eq!(answer.status, expected, "{who} {method} {path}: {}", answer.text);
            assert_eq!(answer.headers["content-type"], "application/problem+json");
        }
    }
    let nobody = Api::new(&app, None);
    for (method, path) in &routes {
        assert_eq!(nobody.send(method.clone(), path, &body).await.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    let editor = token_of(&app, "editor@riverside.example").await;
    assert_eq!(editor.get("/api/v1/orgs/nowhere/feedback").await.status, StatusCode::NOT_FOUND);
    let state: String =
        ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT state FROM feedback").fetch_one(pool).await.unwrap());
    assert_eq!(state, "new", "nothing changed");
}

#[tokio::test]
async fn anyone_sends_feedback_and_follows_it_by_the_link_and_bad_input_is_named() {
    let app = spawn().await;
    let (reference, status) = submit(
        &app,
        json!({ "kind": "compliment", "body": "Thank you to the night nurses.", "contact": "me@example.org" }),
    )
    .await;
    let page = app.visitor().get(&status).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text_of(".reference").contains(&reference));
    let kept: Option<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT contact FROM feedback").fetch_one(pool).await.unwrap());
    assert_eq!(kept, None, "contact details without consent are dropped");

    let api = Api::new(&app, None);
    let bad =
        api.send(Method::POST, FEEDBACK, &json!({ "kind": "rant", "body": "", "consent_to_contact": true })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert_eq!(fields_named(&bad), ["kind", "body", "contact"]);
    assert_eq!(
        api.send(Method::POST, "/api/v1/orgs/nowhere/feedback", &json!({ "kind": "idea", "body": "Lost." }))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn sends_from_one_address_are_limited() {
    let app = TestApp::spawn_with(|c| c.responses_per_address = 1).await;
    submit(&app, json!({ "kind": "idea", "body": "First." })).await;
    let second = Api::new(&app, None).send(Method::POST, FEEDBACK, &json!({ "kind": "idea", "body": "Second." })).await;
    assert_eq!(second.status, StatusCode::TOO_MANY_REQUESTS, "{}", second.text);
}

async fn replies_queued(app: &TestApp) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'feedback_reply'").fetch_one(pool).await.unwrap())
}

#[tokio::test]
async fn a_reply_reaches_a_sender_who_left_an_email_address_and_nobody_else() {
    let mut smtp = SmtpServer::start().await;
    let settings = smtp.settings();
    let app = TestApp::spawn_with(|c| {
        c.mail = Some(settings);
        c.feedback_min_fill = Duration::ZERO;
    })
    .await;
    let api = token_of(&app, "editor@riverside.example").await;

    // Through the API.
    let (reference, _) = submit(
        &app,
        json!({ "kind": "feedback", "body": "No hearing loop at reception.",
        "contact": "sam@example.org", "consent_to_contact": true }),
    )
    .await;
    move_to(&api, &reference, json!({ "state": "acknowledged" })).await;
    let reply = "A hearing loop is fitted at reception from next week.";
    let answered = move_to(&api, &reference, json!({ "state": "responded", "reply": reply })).await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.text);
    assert!(answered.json()["reply_emailed_at"].is_string(), "{}", answered.text);
    let mail = smtp.message_to("sam@example.org").await;
    assert_eq!(mail.subject(), format!("Our reply to you: {reference}"));
    assert!(mail.text().contains(reply), "{}", mail.text());
    assert!(mail.text().contains("Riverside Community Health NHS Trust"));
    let link = mail.link(&app.url, "/feedback/status/");
    let status = app.visitor().get(&link).await;
    assert!(status.text_of(".reference").contains(&reference));
    assert!(status.text_of(".reply").contains("hearing loop"));

    // Through the inbox page, which then says it was sent.
    let (second, _) = submit(
        &app,
        json!({ "kind": "idea", "body": "Large-print leaflets.",
        "contact": "kit@example.org", "consent_to_contact": true }),
    )
    .await;
    move_to(&api, &second, json!({ "state": "acknowledged" })).await;
    let id: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM feedback WHERE body = 'Large-print leaflets.'").fetch_one(pool).await.unwrap());
    let mut editor = app.signed_in("editor@riverside.example").await;
    let item = format!("/o/riverside/feedback/inbox/{id}");
    let moved = editor.post(&format!("{item}/state"), &[("state", "responded"), ("text", "Printed from May.")]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text);
    assert!(smtp.message_to("kit@example.org").await.text().contains("Printed from May."));
    assert!(editor.get(&item).await.text_of(".reply-mail").starts_with("Reply sent by email on"));

    // No contact details: nothing is sent.
    let (third, _) = submit(&app, json!({ "kind": "feedback", "body": "Nobody to write to." })).await;
    move_to(&api, &third, json!({ "state": "acknowledged" })).await;
    let answered = move_to(&api, &third, json!({ "state": "responded", "reply": "Thank you." })).await;
    assert_eq!(answered.json()["reply_emailed_at"], Value::Null);
    assert_eq!(replies_queued(&app).await, 2);

    // Erasing the sender's details on request takes the letter out of the outbox too.
    let mut owner = app.signed_in("owner@riverside.example").await;
    let erased = owner.post("/o/riverside/feedback/settings/erase", &[("erase_contact", "Sam@Example.org")]).await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.text);
    assert_eq!(replies_queued(&app).await, 1);
}
