//! Contact details are deleted when the form said they would be: some
//! months (12 unless the owner changed it) after the item closed, and the
//! audit log says how many went, never what they were. Runs on the backend
//! named by `ETHOS_TEST_BACKEND`.

mod common;

use common::feedback::{contact_of, item_id, send_ok, spawn};
use ethos::listen::retention::{MONTH, sweep};
use ethos::storage::now;

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
