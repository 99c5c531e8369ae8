//! A taking-part organisation's campaign page, as anonymous visitors see
//! it, is kept and served again without asking the database: each visitor
//! still gets their own form token and a fresh pledge-form start, a change
//! made through Ethos shows at once, a vote shows to others at once, and
//! anything else within five seconds. Runs on the backend
//! `ETHOS_TEST_BACKEND` names.

mod common;

use std::time::Duration;

use common::campaigns::*;
use common::{Page, TestApp};
use reqwest::StatusCode;

const LOCAL: &str = "/o/riverside/campaigns/values-week-2026";

fn token(page: &Page) -> String {
    page.attr(".pledge-form input[name=csrf_token]", "value").unwrap()
}

#[tokio::test]
async fn every_visitor_gets_their_own_form_token_from_the_kept_page() {
    let app = TestApp::spawn_with(|c| c.feedback_min_fill = Duration::ZERO).await;
    national_with_campaign(&app).await;
    publish_values(&app, "riverside", &["Kindness", "Honesty"]).await;
    join(&app, RIVERSIDE_EDITOR, "riverside").await;

    let mut first = app.visitor();
    let mut second = app.visitor();
    let (a, b) = (first.get(LOCAL).await, second.get(LOCAL).await);
    assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
    assert!(!a.text.contains("ethos-hole") && !b.text.contains("ethos-hole"), "every stand-in is filled");
    assert_ne!(token(&a), token(&b));
    assert_eq!(token(&a), first.csrf().await, "the token is this browser's own");
    assert_eq!(token(&b), second.csrf().await);
    assert_eq!(a.texts(".poll-choice button").len(), 2);

    // The second visitor's pledge, sent with what the kept page gave them, is taken.
    let started = b.attr(".pledge-form input[name=started]", "value").unwrap();
    let sent = second
        .post(
            &format!("{LOCAL}/pledges/new"),
            &[("value", "Honesty"), ("body", "I will own my mistakes."), ("started", &started), ("website", "")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);

    // A vote shows to everyone at once.
    let voted = first.post(&format!("{LOCAL}/poll"), &[("value", "Kindness")]).await;
    assert_eq!(voted.status, StatusCode::SEE_OTHER, "{}", voted.text);
    assert_eq!(app.visitor().get(LOCAL).await.text_of(".poll-count"), "1 person has voted.");

    // A change made behind Ethos's back (another process, say) shows within five seconds.
    ethos::on_db!(&app.db, pool => {
        sqlx::query("UPDATE campaigns SET summary = 'A week for saying thank you.'").execute(pool).await.unwrap();
    });
    tokio::time::sleep(Duration::from_millis(5200)).await;
    assert!(app.visitor().get(LOCAL).await.text.contains("A week for saying thank you."));
}
