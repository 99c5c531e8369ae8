//! Mail through the outbox, read from a real SMTP server on a random port:
//! what arrives (headers, text and HTML, links that work), what owners see
//! of it, and what happens when the mail server is down or refuses.

mod common;

use std::time::Duration;

use common::consultations::{Settings as Consultation, add_questions, create_consultation, publish};
use common::smtp::SmtpServer;
use common::{DEMO_PASSWORD, TestApp};
use ethos::mail::Mail;
use reqwest::StatusCode;

async fn app_mailing_to(smtp: &SmtpServer) -> TestApp {
    let settings = smtp.settings();
    TestApp::spawn_with(|c| c.mail = Some(settings)).await
}

/// Reads a page until `done` says what it shows is there (the sender works
/// in the background); fails after ten seconds.
async fn page_showing(visitor: &common::Visitor, path: &str, done: impl Fn(&common::Page) -> bool) -> common::Page {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let page = visitor.get(path).await;
        if done(&page) || tokio::time::Instant::now() > deadline {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_invitation_made_through_the_api_says_it_is_emailed_and_is() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let api = common::Api::new(&app, Some(common::make_token(&mut owner).await));
    let made = api
        .send(
            reqwest::Method::POST,
            "/api/v1/orgs/riverside/invitations",
            &serde_json::json!({ "email": "ward.clerk@riverside.example", "role": "staff" }),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    assert_eq!(made.json()["emailed"], true);
    let mail = smtp.message_to("ward.clerk@riverside.example").await;
    assert_eq!(mail.subject(), "Join Riverside Community Health NHS Trust on Ethos");
    let link = mail.link(&app.url, "/invitations/");
    assert_eq!(made.json()["url"], format!("{}{link}", app.url), "the answer's link is the one emailed");

    let body = serde_json::json!({ "email": "porter@riverside.example", "role": "staff", "language": "klingon" });
    let refused = api.send(reqwest::Method::POST, "/api/v1/orgs/riverside/invitations", &body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.text.contains("Choose English or Cymraeg (Welsh)"), "{}", refused.text);
    let body = serde_json::json!({ "email": "porter@riverside.example", "role": "staff", "language": "cy" });
    assert_eq!(
        api.send(reqwest::Method::POST, "/api/v1/orgs/riverside/invitations", &body).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        smtp.message_to("porter@riverside.example").await.subject(),
        "Ymunwch â Riverside Community Health NHS Trust ar Ethos"
    );
}

#[tokio::test]
async fn an_invitation_arrives_by_email_and_its_link_joins_the_organisation() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let made =
        owner.post("/o/riverside/invitations", &[("email", "Nurse.Lee@riverside.example"), ("role", "editor")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let people = owner.follow(&made).await;
    assert_eq!(
        people.text_of(".notice"),
        "Invitation made and emailed to nurse.lee@riverside.example. Its link works once, for 72 hours."
    );
    assert!(!people.has(".notice a"), "the link goes by email, not through the owner");

    let mail = smtp.message_to("nurse.lee@riverside.example").await;
    assert_eq!(mail.subject(), "Join Riverside Community Health NHS Trust on Ethos");
    assert_eq!(mail.header("From").as_deref(), Some("Ethos <ethos@ethos.example>"));
    assert!(mail.message_id().ends_with("@ethos.example>"), "{}", mail.message_id());
    assert_eq!(mail.header("Auto-Submitted").as_deref(), Some("auto-generated"));
    assert_eq!(mail.header("List-Unsubscribe"), None, "an invitation is not a reminder");
    assert!(mail.text().starts_with("Riverside Community Health NHS Trust, through Ethos"), "{}", mail.text());
    assert!(mail.text().contains("as Editor"));
    assert!(mail.html().contains("Accept the invitation"));
    assert!(!mail.html().contains("<img"), "no tracking pixels");

    let link = mail.link(&app.url, "/invitations/");
    assert!(mail.html().contains(&format!("href=\"{}{link}\"", app.url)), "the HTML has the same link");
    let mut invitee = app.visitor();
    assert_eq!(invitee.get(&link).await.text_of("h1"), "Join Riverside Community Health NHS Trust");
    let password = "lamp by the window";
    let joined = invitee.post(&link, &[("name", "Lee Park"), ("password", password), ("confirm", password)]).await;
    assert_eq!(joined.location(), "/o/riverside");

    let outbox = page_showing(&owner, "/o/riverside/mail", |p| p.text_of(".mail-state").starts_with("Sent")).await;
    assert!(outbox.text_of(".lede").contains("0 waiting, 1 sent, 0 failed"), "{}", outbox.text_of(".lede"));
    let row = outbox.text_of("tbody tr");
    assert!(row.contains("nurse.lee@riverside.example") && row.contains("Join Riverside"), "{row}");
    assert!(row.contains("250 2.0.0 Ok: queued as"), "the server's answer is shown: {row}");
    assert!(!outbox.text.contains(&link), "the outbox never shows a message's link");
}

#[tokio::test]
async fn a_reset_link_is_emailed_to_the_person_and_sets_a_new_password() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let staff: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'staff@riverside.example'").fetch_one(pool).await.unwrap());
    let made = owner.post(&format!("/o/riverside/people/{staff}/reset-link"), &[]).await;
    let people = owner.follow(&made).await;
    assert!(
        people.text_of(".notice").contains("has been emailed to staff@riverside.example"),
        "{}",
        people.text_of(".notice")
    );

    let mail = smtp.message_to("staff@riverside.example").await;
    assert_eq!(mail.subject(), "Choose a new Ethos password");
    assert!(mail.text().contains("An owner of Riverside Community Health NHS Trust made a link"));
    let link = mail.link(&app.url, "/reset/");
    let mut person = app.visitor();
    let done = person.post(&link, &[("password", "rain on the roof"), ("confirm", "rain on the roof")]).await;
    assert_eq!(done.location(), "/sign-in");
    assert_eq!(person.sign_in("staff@riverside.example", "rain on the roof").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_person_who_chose_welsh_gets_their_reset_letter_in_welsh() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let mut staff = app.signed_in("staff@riverside.example").await;
    let account = staff.get("/account").await;
    assert_eq!(account.attr("#mail-language-en", "checked").as_deref(), Some(""), "English until chosen");
    let saved = staff.post("/account/mail", &[("reminders", "on"), ("language", "cy")]).await;
    assert_eq!(saved.location(), "/account#mail");
    let account = staff.follow(&saved).await;
    assert_eq!(account.attr("#mail-language-cy", "checked").as_deref(), Some(""));
    let refused = staff.post("/account/mail", &[("reminders", "on"), ("language", "xx")]).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.text.contains("Choose English or Cymraeg (Welsh)"), "{}", refused.text);

    let mut owner = app.signed_in("owner@riverside.example").await;
    let staff_id: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM people WHERE email = 'staff@riverside.example'").fetch_one(pool).await.unwrap());
    owner.post(&format!("/o/riverside/people/{staff_id}/reset-link"), &[]).await;
    let mail = smtp.message_to("staff@riverside.example").await;
    assert_eq!(mail.subject(), "Dewiswch gyfrinair Ethos newydd");
    assert!(mail.text().starts_with("Riverside Community Health NHS Trust, drwy Ethos"), "{}", mail.text());
    assert!(mail.text().contains("Mae’r ddolen yn gweithio unwaith, am 24 awr."), "{}", mail.text());
    assert!(mail.html().contains(r#"<html lang="cy">"#), "{}", mail.html());
    assert!(mail.html().contains("Dewis cyfrinair newydd"));
    // The link in a Welsh letter works as any other.
    let link = mail.link(&app.url, "/reset/");
    assert_eq!(app.visitor().get(&link).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_invitation_written_in_welsh_makes_an_account_whose_letters_stay_welsh() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let wrong = owner
        .post("/o/riverside/invitations", &[("email", "eira@riverside.example"), ("role", "staff"), ("language", "fr")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.text_of("#language-error"), "Error: Choose English or Cymraeg (Welsh) for the invitation email");
    assert_eq!(
        wrong.attr("input[name=email]", "value").as_deref(),
        Some("eira@riverside.example"),
        "nothing typed is lost"
    );

    owner
        .post("/o/riverside/invitations", &[("email", "eira@riverside.example"), ("role", "staff"), ("language", "cy")])
        .await;
    let mail = smtp.message_to("eira@riverside.example").await;
    assert_eq!(mail.subject(), "Ymunwch â Riverside Community Health NHS Trust ar Ethos");
    assert!(mail.text().contains("fel aelod o staff."), "{}", mail.text());
    assert!(mail.html().contains("Derbyn y gwahoddiad"));

    let link = mail.link(&app.url, "/invitations/");
    let mut eira = app.visitor();
    let password = "kettle on the hob";
    let joined = eira.post(&link, &[("name", "Eira Hughes"), ("password", password), ("confirm", password)]).await;
    assert_eq!(joined.location(), "/o/riverside");
    let account = eira.get("/account").await;
    assert_eq!(account.attr("#mail-language-cy", "checked").as_deref(), Some(""), "the account keeps the language");
}

#[tokio::test]
async fn without_mail_set_up_the_pages_say_so_and_show_the_link_to_pass_on() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let made =
        owner.post("/o/riverside/invitations", &[("email", "porter@riverside.example"), ("role", "staff")]).await;
    let people = owner.follow(&made).await;
    assert!(people.text_of(".notice").contains("Mail is not set up on this server"), "{}", people.text_of(".notice"));
    assert!(people.attr(".notice a", "href").unwrap().contains("/invitations/"));
    let outbox = owner.get("/o/riverside/mail").await;
    assert!(outbox.text_of(".notice").contains("Mail is not set up on this server"));
    assert!(outbox.text_of("main").contains("No email has been sent"));
    let account = owner.get("/account").await;
    assert!(account.text_of("main").contains("Mail is not set up on this server"));
}

#[tokio::test]
async fn no_message_is_lost_while_the_mail_server_is_down() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    smtp.stop().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let invitees = ["a.one@riverside.example", "b.two@riverside.example", "c.three@riverside.example"];
    for email in invitees {
        let made = owner.post("/o/riverside/invitations", &[("email", email), ("role", "staff")]).await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
    }
    let outbox = page_showing(&owner, "/o/riverside/mail", |p| {
        p.texts(".mail-state").iter().filter(|s| s.starts_with("Waiting to try again")).count() == 3
    })
    .await;
    assert_eq!(outbox.texts(".mail-state").iter().filter(|s| s.starts_with("Waiting to try again")).count(), 3);
    assert!(outbox.text_of("tbody tr").to_lowercase().contains("connection"), "{}", outbox.text_of("tbody tr"));

    smtp.resume().await;
    let mut arrived: Vec<String> = smtp.messages(3).await.iter().map(|m| m.to()).collect();
    arrived.sort();
    assert_eq!(arrived, invitees);
    // Each once: nothing more comes.
    assert!(smtp.messages_within(Duration::from_millis(2500)).await.is_empty());
    let outbox = owner.get("/o/riverside/mail").await;
    assert!(outbox.text_of(".lede").contains("0 waiting, 3 sent, 0 failed"), "{}", outbox.text_of(".lede"));
}

#[tokio::test]
async fn an_address_the_server_refuses_is_marked_failed_with_its_answer() {
    let mut smtp = SmtpServer::start().await;
    smtp.refuse("gone@riverside.example").await;
    let app = app_mailing_to(&smtp).await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    owner.post("/o/riverside/invitations", &[("email", "gone@riverside.example"), ("role", "staff")]).await;
    let outbox = page_showing(&owner, "/o/riverside/mail", |p| p.text_of(".mail-state").starts_with("Failed")).await;
    assert_eq!(outbox.text_of(".mail-state"), "Failed after 1 attempt");
    assert!(outbox.text_of("tbody tr").contains("550"), "{}", outbox.text_of("tbody tr"));
    let metrics = app.visitor().get("/metrics").await.text;
    assert!(metrics.contains("ethos_mail_failed_total 1"), "{metrics}");
    assert!(metrics.contains("ethos_mail_queued 0"), "{metrics}");
}

#[tokio::test]
async fn metrics_count_what_waits_and_what_went() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    smtp.hold().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    owner.post("/o/riverside/invitations", &[("email", "first@riverside.example"), ("role", "staff")]).await;
    smtp.holding().await;
    // The gauges are read from the outbox when scraped; wait for the row.
    let metrics = page_showing(&app.visitor(), "/metrics", |p| p.text.contains("ethos_mail_queued 1")).await.text;
    assert!(metrics.contains("ethos_mail_queued 1"), "{metrics}");
    assert!(metrics.contains("ethos_mail_sent_total 0"), "{metrics}");
    smtp.release().await;
    smtp.message_to("first@riverside.example").await;
    // The counter moves when the server accepts the message and the outbox
    // row is marked sent just after, so a scrape may fall between the two.
    let metrics = page_showing(&app.visitor(), "/metrics", |p| {
        p.text.contains("ethos_mail_sent_total 1") && p.text.contains("ethos_mail_queued 0")
    })
    .await
    .text;
    assert!(metrics.contains("ethos_mail_sent_total 1"), "{metrics}");
    assert!(metrics.contains("ethos_mail_queued 0"), "{metrics}");
}

#[tokio::test]
async fn only_an_organisations_owners_see_its_outbox() {
    let smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let editor = app.signed_in("editor@riverside.example").await;
    assert_eq!(editor.get("/o/riverside/mail").await.status, StatusCode::FORBIDDEN);
    let other_owner = app.signed_in("owner@northgate.example").await;
    assert_eq!(other_owner.get("/o/riverside/mail").await.status, StatusCode::FORBIDDEN);
    let anonymous = app.visitor().get("/o/riverside/mail").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    let owner = app.signed_in("owner@riverside.example").await;
    assert_eq!(owner.get("/o/riverside/mail").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_person_who_asked_is_told_of_a_sign_in_from_a_new_browser_once() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let mut staff = app.signed_in("staff@riverside.example").await;
    let saved = staff.post("/account/mail", &[("new_device", "on"), ("reminders", "on")]).await;
    assert_eq!(saved.location(), "/account#mail");
    let account = staff.follow(&saved).await;
    assert_eq!(account.attr("#mail-new-device", "checked").as_deref(), Some(""));

    // The browser that turned it on is known; a second one is new.
    let mut phone = app.visitor();
    assert_eq!(phone.sign_in("staff@riverside.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
    let mail = smtp.message_to("staff@riverside.example").await;
    assert_eq!(mail.subject(), "New sign-in to your Ethos account");
    assert!(mail.text().contains("from a browser it had not seen before"), "{}", mail.text());
    assert!(mail.link(&app.url, "/account").ends_with("/account"));

    // The same browser again, and the first one again: no more messages.
    phone.post("/sign-out", &[]).await;
    assert_eq!(phone.sign_in("staff@riverside.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
    assert_eq!(staff.sign_in("staff@riverside.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
    // Someone who did not ask gets none.
    app.signed_in("board@riverside.example").await;
    assert!(smtp.messages_within(Duration::from_millis(2500)).await.is_empty());
    let audit: Vec<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT after FROM audit_events WHERE action = 'mail.preferences'").fetch_all(pool).await.unwrap());
    assert_eq!(audit, vec!["new-device alerts: on; reminders: on; language: English".to_owned()]);
}

#[tokio::test]
async fn editors_are_reminded_once_of_a_consultation_closing_soon_and_can_stop_in_one_click() {
    let mut smtp = SmtpServer::start().await;
    let app = app_mailing_to(&smtp).await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Consultation::open("Which words stay")).await;
    add_questions(&mut editor, id, &[&[("kind", "text"), ("prompt", "Tell us more")]]).await;
    publish(&mut editor, id).await;

    // The sender looks every ten minutes; a tick is called here.
    let mail = Mail::new(&app.db, Some(smtp.settings()), &app.url).await.unwrap();
    assert_eq!(ethos::mail::reminders::queue_closing_soon(&app.db, &mail).await.unwrap(), 2);
    assert_eq!(ethos::mail::reminders::queue_closing_soon(&app.db, &mail).await.unwrap(), 0, "sent once");
    let reminders = smtp.messages(2).await;
    let mut reminded: Vec<String> = reminders.iter().map(|m| m.to()).collect();
    reminded.sort();
    assert_eq!(reminded, ["editor@riverside.example", "owner@riverside.example"]);
    let to_editor = reminders.iter().find(|m| m.to() == "editor@riverside.example").unwrap();
    assert!(to_editor.subject().starts_with("“Which words stay” closes on"), "{}", to_editor.subject());
    assert!(to_editor.text().contains("No one has answered yet."), "{}", to_editor.text());
    let unsubscribe = to_editor.header("List-Unsubscribe").expect("a reminder can be stopped");
    assert_eq!(to_editor.header("List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
    let unsubscribe = unsubscribe.trim_start_matches('<').trim_end_matches('>').to_owned();
    assert!(unsubscribe.starts_with(&format!("{}/mail/reminders/off/", app.url)), "{unsubscribe}");
    assert!(to_editor.text().contains(&unsubscribe), "the text carries the same link");
    let consultation = to_editor.link(&app.url, "/consultations/");
    assert_eq!(editor.get(&consultation).await.status, StatusCode::OK);

    // A forged link changes nothing; the real one works in one click, as a
    // mail client posts it: no cookie, no form token.
    let client = reqwest::Client::new();
    let forged = unsubscribe.replace("/off/", "/off/1");
    let answer = client.post(&forged).form(&[("List-Unsubscribe", "One-Click")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
    let answer = client.post(&unsubscribe).form(&[("List-Unsubscribe", "One-Click")]).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let page = common::Page { status: StatusCode::OK, headers: Default::default(), text: answer.text().await.unwrap() };
    assert_eq!(page.text_of("h1"), "Reminders are off");
    let account = editor.get("/account").await;
    assert_eq!(account.attr("#mail-reminders", "checked"), None);

    // The next consultation closing reminds the owner alone.
    let id = create_consultation(&mut editor, &Consultation::open("Which words go")).await;
    add_questions(&mut editor, id, &[&[("kind", "text"), ("prompt", "Tell us more")]]).await;
    publish(&mut editor, id).await;
    assert_eq!(ethos::mail::reminders::queue_closing_soon(&app.db, &mail).await.unwrap(), 1);
    assert_eq!(smtp.next_message().await.to(), "owner@riverside.example");
}
