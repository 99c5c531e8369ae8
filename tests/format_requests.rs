//! Requests for the values in another format: editors and owners hear of
//! each by email, through the outbox, and delete the requester's contact
//! details once the request is dealt with.

mod common;

use std::time::Duration;

use common::smtp::SmtpServer;
use common::{TestApp, Visitor};
use reqwest::StatusCode;

const INBOX: &str = "/o/riverside/values/requests";

async fn ask_for(app: &TestApp, fields: &[(&str, &str)]) {
    let sent = app.visitor().post("/o/riverside/values/request", fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
}

/// The number of audit entries naming `text`, as the owner's audit page lists them.
async fn audit_rows(owner: &Visitor, text: &str) -> Vec<String> {
    owner.get("/o/riverside/audit").await.texts("tbody tr").into_iter().filter(|r| r.contains(text)).collect()
}

#[tokio::test]
async fn each_editor_and_owner_is_emailed_a_new_request_naming_its_format() {
    let mut smtp = SmtpServer::start().await;
    let settings = smtp.settings();
    let app = TestApp::spawn_with(|c| c.mail = Some(settings)).await;
    ask_for(&app, &[("format", "language"), ("language", "Tigrinya"), ("contact", "flat 2, Mill Lane")]).await;

    let mut arrived = smtp.messages(2).await;
    arrived.sort_by_key(|m| m.to());
    let to: Vec<String> = arrived.iter().map(|m| m.to()).collect();
    assert_eq!(to, ["editor@riverside.example", "owner@riverside.example"], "staff and Board are not told");
    let mail = &arrived[0];
    assert_eq!(mail.subject(), "A request for the values in Another language (Tigrinya)");
    assert!(
        mail.text().starts_with("Hello Dylan Price,") || mail.text().contains("Hello Dylan Price,"),
        "{}",
        mail.text()
    );
    assert!(mail.text().contains("in another format: Another language (Tigrinya)."), "{}", mail.text());
    assert!(!mail.text().contains("Mill Lane"), "the contact details stay behind sign-in");
    assert_eq!(mail.link(&app.url, "/values/requests"), INBOX);
    assert!(smtp.messages_within(Duration::from_millis(1500)).await.is_empty(), "one message each, no more");

    // The owners' outbox lists both.
    let owner = app.signed_in("owner@riverside.example").await;
    let outbox = owner.get("/o/riverside/mail").await;
    let rows = outbox.texts("tbody tr");
    assert_eq!(rows.iter().filter(|r| r.contains("A request for the values in")).count(), 2, "{rows:?}");
}

#[tokio::test]
async fn without_mail_set_up_a_request_still_lands_in_the_inbox_and_nothing_is_queued() {
    let app = TestApp::spawn().await;
    ask_for(&app, &[("format", "easy-read"), ("contact", "07700 900456")]).await;
    let editor = app.signed_in("editor@riverside.example").await;
    assert!(editor.get(INBOX).await.text_of("tbody tr").contains("Easy read"));
    let queued: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM mail_outbox").fetch_one(pool).await.unwrap());
    assert_eq!(queued, 0, "as with invitations, nothing is queued when mail is not set up");
}

#[tokio::test]
async fn an_editor_deletes_the_contact_details_of_a_request_once_it_is_dealt_with() {
    let app = TestApp::spawn().await;
    ask_for(&app, &[("format", "audio"), ("contact", "k.ahmed@example.org"), ("details", "For my father")]).await;
    let mut editor = app.signed_in("editor@riverside.example").await;

    // While new, there is no button, and a forged press is refused.
    let inbox = editor.get(INBOX).await;
    assert!(!inbox.text_of("tbody").contains("Delete contact details"));
    let id = inbox.attr("tbody form", "action").unwrap().rsplit('/').next().unwrap().to_owned();
    let delete = format!("{INBOX}/{id}/delete-contact");
    assert_eq!(editor.post(&delete, &[]).await.status, StatusCode::CONFLICT);

    editor.post(&format!("{INBOX}/{id}"), &[("status", "sent")]).await;
    let inbox = editor.get(INBOX).await;
    assert_eq!(inbox.attr(".request-contact form", "action"), Some(delete.clone()));

    // Someone of another organisation cannot delete them.
    let mut outsider = app.signed_in("editor@northgate.example").await;
    assert_eq!(outsider.post(&delete, &[]).await.status, StatusCode::FORBIDDEN);

    let deleted = editor.post(&delete, &[]).await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    let inbox = editor.follow(&deleted).await;
    assert_eq!(inbox.text_of(".notice"), format!("The contact details of request {id} are deleted."));
    let row = inbox.text_of("tbody tr");
    assert!(row.contains("Contact details deleted"), "{row}");
    assert!(row.contains("Audio") && row.contains("For my father"), "the request stays: {row}");
    assert!(!inbox.text.contains("k.ahmed@example.org"), "the contact is gone from the page");
    let stored: String = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT contact FROM format_requests").fetch_one(pool).await.unwrap());
    assert_eq!(stored, "", "and from the database");

    // The audit log says who, without the contact itself.
    let owner = app.signed_in("owner@riverside.example").await;
    let rows = audit_rows(&owner, "Deleted the contact details").await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("Dylan Price") && rows[0].contains(&format!("format request {id}")), "{rows:?}");
    let log = owner.get("/o/riverside/audit").await;
    assert!(!log.text.contains("k.ahmed@example.org"), "the audit log never holds the contact");
}
