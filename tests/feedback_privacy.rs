//! What an owner controls about the personal data feedback carries: how
//! long contact details are kept, erasing one person's details when they
//! ask (the log keeps that it happened, never the details), and an export
//! of the inbox with nothing in it that names anyone. Runs on the backend
//! named by `ETHOS_TEST_BACKEND`.

mod common;

use common::feedback::{contact_of, item_id, send_ok, spawn};
use ethos::listen::retention::{MONTH, sweep};
use ethos::storage::now;
use reqwest::StatusCode;

const SETTINGS: &str = "/o/riverside/feedback/settings";

async fn audit_lines(app: &common::TestApp, action: &str) -> Vec<String> {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT summary FROM audit_events WHERE action = $1 ORDER BY id")
        .bind(action).fetch_all(pool).await.unwrap())
}

#[tokio::test]
async fn an_owner_shortens_how_long_contact_details_are_kept_and_the_form_and_the_sweep_follow() {
    let app = spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let form = app.visitor().get("/o/riverside/feedback").await;
    assert!(
        form.text_of("#contact-notice").contains("12 months after we close"),
        "{}",
        form.text_of("#contact-notice")
    );

    for bad in ["0", "six", "121", ""] {
        let page = owner.post(&format!("{SETTINGS}/retention"), &[("retention_months", bad)]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert!(
            page.text_of(".error-summary").contains("whole number from 1 to 120"),
            "{bad:?}: {}",
            page.text_of(".error-summary")
        );
        assert_eq!(page.attr("#retention_months", "value").as_deref(), Some(bad), "what was typed stays");
    }
    let saved = owner.post(&format!("{SETTINGS}/retention"), &[("retention_months", "6")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let page = owner.follow(&saved).await;
    assert!(page.text_of(".notice").contains("deleted 6 months after an item closes"), "{}", page.text_of(".notice"));
    let form = app.visitor().get("/o/riverside/feedback").await;
    assert!(form.text_of("#contact-notice").contains("6 months after we close"), "{}", form.text_of("#contact-notice"));

    let mut resident = app.visitor();
    let body = "Please ring me about the hearing loop.";
    send_ok(&mut resident, &[("kind", "feedback"), ("body", body), ("reply", "yes"), ("contact", "07700 900456")])
        .await;
    let id = item_id(&app, body).await;
    let closed = now() - 7 * MONTH;
    ethos::on_db!(&app.db, pool => sqlx::query("UPDATE feedback SET state = 'closed', closed_at = $1 WHERE id = $2")
        .bind(closed).bind(id).execute(pool).await.map(|_| ()).unwrap());
    assert_eq!(sweep(&app.db, now()).await.unwrap(), 1, "seven months is past the owner's six");
    assert_eq!(contact_of(&app, id).await, None);
}

#[tokio::test]
async fn an_owner_erases_one_persons_details_however_they_were_written_and_the_log_keeps_only_that_it_happened() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let theirs = ["The lift was out of order again.", "Thank you for fixing the lift."];
    let written = ["07700 900123", "+44 7700-900123"];
    for (body, contact) in theirs.iter().zip(written) {
        send_ok(&mut resident, &[("kind", "feedback"), ("body", body), ("reply", "yes"), ("contact", contact)]).await;
    }
    let other = "The car park signs are confusing.";
    send_ok(&mut resident, &[("kind", "feedback"), ("body", other), ("reply", "yes"), ("contact", "Lee@Example.org")])
        .await;

    let mut owner = app.signed_in("owner@riverside.example").await;
    for (typed, message) in
        [("", "Enter the email address or phone number"), ("not a contact", "like name@example.com")]
    {
        let page = owner.post(&format!("{SETTINGS}/erase"), &[("erase_contact", typed)]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.text_of(".error-summary").contains(message), "{typed:?}: {}", page.text_of(".error-summary"));
    }

    let done = owner.post(&format!("{SETTINGS}/erase"), &[("erase_contact", "+447700900123")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let page = owner.follow(&done).await;
    assert!(page.text_of(".notice").contains("from 2 feedback items"), "{}", page.text_of(".notice"));
    for body in theirs {
        assert_eq!(contact_of(&app, item_id(&app, body).await).await, None, "{body}");
    }
    assert_eq!(contact_of(&app, item_id(&app, other).await).await.as_deref(), Some("Lee@Example.org"));

    // Another person's email, in other capitals; then someone nobody holds.
    owner.post(&format!("{SETTINGS}/erase"), &[("erase_contact", "lee@example.ORG")]).await;
    assert_eq!(contact_of(&app, item_id(&app, other).await).await, None);
    let none = owner.post(&format!("{SETTINGS}/erase"), &[("erase_contact", "nobody@example.org")]).await;
    assert!(owner.follow(&none).await.text_of(".notice").contains("nothing to delete"));

    let lines = audit_lines(&app, "feedback.contact_erased").await;
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].contains("from 2 feedback items"), "{lines:?}");
    assert!(lines[2].contains("no feedback item held them"), "{lines:?}");
    for line in &lines {
        assert!(!line.contains("7700") && !line.contains('@'), "the log never holds the details: {line}");
    }
}

#[tokio::test]
async fn only_an_owner_of_the_organisation_changes_retention_or_erases() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let body = "Kept safe from outsiders.";
    send_ok(&mut resident, &[("kind", "feedback"), ("body", body), ("reply", "yes"), ("contact", "kim@example.org")])
        .await;
    let id = item_id(&app, body).await;
    let posts = [
        (format!("{SETTINGS}/retention"), ("retention_months", "1")),
        (format!("{SETTINGS}/erase"), ("erase_contact", "kim@example.org")),
    ];
    for email in ["editor@riverside.example", "owner@northgate.example", "staff@riverside.example"] {
        let mut someone = app.signed_in(email).await;
        for (path, field) in &posts {
            assert_eq!(someone.post(path, &[*field]).await.status, StatusCode::FORBIDDEN, "{email} POST {path}");
        }
    }
    assert_eq!(contact_of(&app, id).await.as_deref(), Some("kim@example.org"));
    let editor = app.signed_in("editor@riverside.example").await;
    let page = editor.get(SETTINGS).await;
    assert!(!page.has("#erase_contact"), "editors are not offered the erase form");
    assert!(page.text.contains("An owner of"), "{}", page.text);
}

#[tokio::test]
async fn the_inbox_csv_leaves_out_contact_details_and_takes_personal_data_out_of_the_text() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let body = "Write to me at jo.bloggs@example.org or ring 07700 900789; my number is 943 476 5919.";
    send_ok(&mut resident, &[("kind", "idea"), ("body", body), ("reply", "yes"), ("contact", "jo.bloggs@example.org")])
        .await;
    send_ok(&mut resident, &[("kind", "compliment"), ("body", "=HYPERLINK(\"x\") thanks to the night team")]).await;

    let editor = app.signed_in("editor@riverside.example").await;
    let csv = editor.get("/o/riverside/feedback/inbox.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(csv.headers["content-disposition"].to_str().unwrap().contains("riverside-feedback.csv"));
    let text = csv.text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "reference,kind,service,neighbourhood,state,received_at,acknowledge_by,respond_by,acknowledged_at,responded_at,closed_at,text,published_reply"
    );
    assert!(text.contains("-00001,idea,"), "{text}");
    assert!(
        text.contains("Write to me at [email removed] or ring [number removed]; my number is [number removed]."),
        "{text}"
    );
    assert!(!text.contains("bloggs") && !text.contains("900789") && !text.contains("5919"), "{text}");
    assert!(text.contains("'=HYPERLINK"), "a formula is never live: {text}");

    for email in ["editor@northgate.example", "staff@riverside.example", "board@riverside.example"] {
        let someone = app.signed_in(email).await;
        assert_eq!(someone.get("/o/riverside/feedback/inbox.csv").await.status, StatusCode::FORBIDDEN, "{email}");
    }
    let anonymous = app.visitor().get("/o/riverside/feedback/inbox.csv").await;
    assert!(anonymous.location().starts_with("/sign-in"), "{}", anonymous.status);
}
