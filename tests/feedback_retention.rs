//! Contact details are deleted when the form said they would be: some
//! months (12 unless the owner changed it) after the item closed, and the
//! audit log says how many went, never what they were. Runs on the backend
//! named by `ETHOS_TEST_BACKEND`.

mod common;

use std::time::Duration;

use common::TestApp;
use common::feedback::{contact_of, item_id, send_ok, spawn};
use common::smtp::SmtpServer;
use ethos::listen::retention::{MONTH, sweep};
use ethos::mail::{MailArgs, Settings};
use ethos::storage::now;
use reqwest::StatusCode;

async fn close(app: &common::TestApp, id: i64, months_ago: i64) {
    let at = now() - months_ago * MONTH;
    ethos::on_db!(&app.db, pool => sqlx::query("UPDATE feedback SET state = 'closed', closed_at = $1 WHERE id = $2")
        .bind(at).bind(id).execute(pool).await.map(|_| ()).unwrap());
}

#[tokio::test]
async fn contact_details_go_when_the_retention_period_after_closing_ends_and_the_log_keeps_only_the_count() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let mut sent = Vec::new();
    for body in ["The ramp at the clinic door is too steep.", "The new bus stop helps.", "Still waiting to hear."] {
        let fields = [("kind", "feedback"), ("body", body), ("reply", "yes"), ("contact", "robin@example.org")];
        send_ok(&mut resident, &fields).await;
        sent.push(item_id(&app, body).await);
    }
    let (old, recent, open) = (sent[0], sent[1], sent[2]);
    close(&app, old, 13).await;
    close(&app, recent, 11).await;

    assert_eq!(sweep(&app.db, now()).await.unwrap(), 1, "one item is past twelve months");
    assert_eq!(contact_of(&app, old).await, None, "closed thirteen months ago: deleted");
    assert_eq!(contact_of(&app, recent).await.as_deref(), Some("robin@example.org"), "eleven months: kept");
    assert_eq!(contact_of(&app, open).await.as_deref(), Some("robin@example.org"), "still open: kept");
    assert_eq!(sweep(&app.db, now()).await.unwrap(), 0, "nothing is deleted twice");

    let lines: Vec<String> = ethos::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT summary FROM audit_events WHERE action = 'feedback.contact_expired'").fetch_all(pool).await.unwrap());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("1 closed feedback item"), "{lines:?}");
    assert!(!lines[0].contains("robin@"), "the log never holds the details: {lines:?}");

    // A year later the recent one goes too.
    assert_eq!(sweep(&app.db, now() + 2 * MONTH).await.unwrap(), 1);
    assert_eq!(contact_of(&app, recent).await, None);
}

/// The addresses the outbox still holds replies to.
async fn letters_to(app: &TestApp) -> Vec<String> {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT to_address FROM mail_outbox WHERE kind = 'feedback_reply' ORDER BY to_address").fetch_all(pool).await.unwrap())
}

#[tokio::test]
async fn a_reply_emailed_to_the_sender_leaves_the_outbox_when_their_address_expires() {
    let mut smtp = SmtpServer::start().await;
    let args = MailArgs {
        smtp_url: Some(smtp.url()),
        mail_from: Some("Ethos <ethos@ethos.example>".to_owned()),
        mail_retry_secs: 1,
        mail_lease_secs: 10,
    };
    let settings = Settings::from_args(&args).unwrap().unwrap();
    let app = TestApp::spawn_with(|c| {
        c.mail = Some(settings);
        c.feedback_min_fill = Duration::ZERO;
    })
    .await;
    let mut resident = app.visitor();
    let mut editor = app.signed_in("editor@riverside.example").await;
    let mut sent = Vec::new();
    for (body, email) in
        [("The lift was out for a week.", "ash@example.org"), ("Please add a bench.", "kit@example.org")]
    {
        send_ok(&mut resident, &[("kind", "feedback"), ("body", body), ("reply", "yes"), ("contact", email)]).await;
        let id = item_id(&app, body).await;
        let item = format!("/o/riverside/feedback/inbox/{id}");
        for step in
            [vec![("state", "acknowledged")], vec![("state", "responded"), ("text", "Thank you: it is in hand.")]]
        {
            let moved = editor.post(&format!("{item}/state"), &step).await;
            assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text);
        }
        assert!(smtp.message_to(email).await.text().contains("it is in hand"));
        sent.push(id);
    }
    assert_eq!(letters_to(&app).await, ["ash@example.org", "kit@example.org"], "both replies are kept after sending");
    close(&app, sent[0], 13).await;
    close(&app, sent[1], 11).await;

    assert_eq!(sweep(&app.db, now()).await.unwrap(), 1);
    assert_eq!(contact_of(&app, sent[0]).await, None);
    assert_eq!(letters_to(&app).await, ["kit@example.org"], "the expired sender's letter went with their address");
    let page = editor.get(&format!("/o/riverside/feedback/inbox/{}", sent[0])).await;
    assert!(page.text.contains("it is in hand"), "the reply itself stays with the item: {}", page.text);
    assert!(page.text_of(".reply-mail").starts_with("Reply sent by email on"), "{}", page.text_of(".reply-mail"));
}
