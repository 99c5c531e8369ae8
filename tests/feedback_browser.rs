//! Listening in a real browser on a phone: the feedback form (in English
//! and in Welsh), its error summary and the status page pass the axe audit
//! and are used with the keyboard alone; the editors' inbox and an item's page pass too, and an
//! item is acknowledged by keyboard.

mod browser_support;
mod common;

use std::time::Duration;

use browser_support::{BrowserOptions, assert_accessible, find, press, screenshot, text_of, wait, with_browser};
use common::{DEMO_PASSWORD, TestApp};
use fantoccini::Locator;
use fantoccini::key::Key;

#[tokio::test]
async fn the_feedback_pages_pass_the_audit_on_a_phone_and_are_used_by_keyboard() {
    // The full demo: Riverside's values are published in Welsh there, so its form is too.
    let app = TestApp::spawn_with_demo_and(|c| c.feedback_min_fill = Duration::ZERO).await;
    let url = app.url.clone();

    with_browser(BrowserOptions::phone(), |c| async move {
        c.goto(&format!("{url}/o/riverside/feedback")).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, "Send Riverside Community Health NHS Trust feedback or an idea");
        assert_accessible(&c, "feedback form").await;

        // Sent empty: the error summary, which passes too.
        let send = find(&c, "main button[type=submit]").await;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&send).unwrap()]).await.unwrap();
        press(&c, Key::Enter).await;
        wait(&c).for_element(Locator::Css(".error-summary")).await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Choose whether this is feedback"));
        assert_accessible(&c, "feedback form with errors").await;

        // Keyboard only: Space chooses the first kind, Tab leaves the radio
        // group for the text, then past the reply box and contact to Send.
        let first = find(&c, "#kind-feedback").await;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&first).unwrap()]).await.unwrap();
        press(&c, Key::Space).await;
        press(&c, Key::Tab).await;
        c.active_element().await.unwrap().send_keys("The physio team fitted me in the same week.").await.unwrap();
        for _ in 0..3 {
            press(&c, Key::Tab).await;
        }
        press(&c, Key::Enter).await;
        wait(&c).for_element(Locator::Css(".reference")).await.unwrap();
        assert!(text_of(&c, ".reference").await.starts_with("FB-"));
        assert_eq!(text_of(&c, ".feedback-state").await, "New");
        assert_accessible(&c, "status page").await;
        screenshot(&c, "feedback-status-phone").await;

        // The form in Welsh passes too, and says what is wrong in Welsh.
        c.goto(&format!("{url}/o/riverside/feedback?lang=cy")).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, "Anfon adborth neu syniad at Riverside Community Health NHS Trust");
        assert_accessible(&c, "feedback form in Welsh").await;
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css(".error-summary")).await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Dewiswch ai adborth, syniad neu ganmoliaeth yw hyn"));
        assert_accessible(&c, "feedback form in Welsh with errors").await;

        c.goto(&format!("{url}/sign-in")).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();

        c.goto(&format!("{url}/o/riverside/feedback/inbox")).await.unwrap();
        assert_accessible(&c, "feedback inbox").await;
        find(&c, ".inbox-line a").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css("#state-choice")).await.unwrap();
        assert_accessible(&c, "feedback item").await;

        // Acknowledge it by keyboard: Space on the first choice, Tab past
        // the reply box to Save, Enter.
        let choice = find(&c, "#state-choice").await;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&choice).unwrap()]).await.unwrap();
        press(&c, Key::Space).await;
        press(&c, Key::Tab).await;
        press(&c, Key::Tab).await;
        press(&c, Key::Enter).await;
        wait(&c).for_element(Locator::Css(".notice")).await.unwrap();
        assert!(text_of(&c, ".notice").await.contains("is now “Acknowledged”"));
        assert_eq!(text_of(&c, ".lede .feedback-state").await, "Acknowledged");

        c.goto(&format!("{url}/o/riverside/feedback/settings")).await.unwrap();
        assert_accessible(&c, "feedback settings").await;
    })
    .await;
}
