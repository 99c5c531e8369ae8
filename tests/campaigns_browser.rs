//! Campaign pages in a real browser: the demo's postponed values week, on
//! a taking-part organisation's page and the national one, and the event
//! form with its error summary, the ideas catalogue, the page to leave, the national returns
//! dashboard, a return sent back and the template letter's form, and a
//! pledge found again in the browser that sent it, pass the axe audit on a
//! phone.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, screenshot, text_of, wait, with_browser};
use std::time::Duration;

use common::{DEMO_PASSWORD, TestApp};
use fantoccini::Locator;

#[tokio::test]
async fn the_demo_campaign_pages_and_event_form_pass_the_audit_on_a_phone() {
    let app = TestApp::spawn_with_demo().await;
    let url = app.url.clone();

    with_browser(BrowserOptions::phone(), |c| async move {
        c.goto(&format!("{url}/o/riverside/campaigns/values-week-2027")).await.unwrap();
        assert!(text_of(&c, ".postponement").await.contains("was due to run 28 June – 4 July 2027"));
        assert!(text_of(&c, ".post-text").await.contains("Riverside Community Health NHS Trust"));
        assert!(text_of(&c, ".letter").await.contains("Riverside Community Health NHS Trust takes part in"));
        assert_accessible(&c, "local campaign page").await;
        screenshot(&c, "campaign-local-phone").await;

        c.goto(&format!("{url}/o/values-network/campaigns/values-week-2027")).await.unwrap();
        assert_accessible(&c, "national campaign page").await;

        c.goto(&format!("{url}/sign-in")).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();

        c.goto(&format!("{url}/o/riverside/campaigns/values-week-2027/events/new")).await.unwrap();
        assert_accessible(&c, "event form").await;
        find(&c, "#title").await.clear().await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css(".error-summary")).await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Enter the event's title"));
        assert_accessible(&c, "event form with errors").await;

        c.goto(&format!("{url}/o/riverside/campaigns/values-week-2027/ideas")).await.unwrap();
        assert!(text_of(&c, ".own-ideas").await.contains("Values walk round the new wing"));
        assert_accessible(&c, "ideas catalogue").await;
        find(&c, ".idea-form button[type=submit]").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css(".error-summary")).await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Enter the idea's title"));
        assert_accessible(&c, "ideas catalogue with errors").await;
        screenshot(&c, "campaign-ideas-phone").await;

        c.goto(&format!("{url}/o/riverside/campaigns/values-week-2027/leave")).await.unwrap();
        assert!(text_of(&c, "h1").await.contains("Leave Values Week 2027"));
        assert_accessible(&c, "leave confirmation").await;
    })
    .await;
}

#[tokio::test]
async fn the_returns_dashboard_and_a_return_sent_back_pass_the_audit_on_a_phone() {
    let app = TestApp::spawn_with_demo().await;
    let url = app.url.clone();

    with_browser(BrowserOptions::phone(), |c| async move {
        for (email, path, what, shot) in [
            (
                "editor@values-network.example",
                "/o/values-network/campaigns/values-week-2027/returns",
                "returns dashboard",
                "campaign-returns-phone",
            ),
            (
                "editor@northgate.example",
                "/o/northgate/campaigns/values-week-2027/return",
                "a return sent back",
                "campaign-return-phone",
            ),
            (
                "editor@values-network.example",
                "/o/values-network/campaigns/values-week-2027/letter",
                "the template letter's form",
                "campaign-letter-phone",
            ),
        ] {
            c.delete_all_cookies().await.unwrap();
            c.goto(&format!("{url}/sign-in")).await.unwrap();
            find(&c, "#email").await.send_keys(email).await.unwrap();
            find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
            find(&c, "main button[type=submit]").await.click().await.unwrap();
            c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();
            c.goto(&format!("{url}{path}")).await.unwrap();
            let h1 = text_of(&c, "h1").await;
            assert!(h1.contains("eturn") || h1.contains("letter"), "{what}");
            assert_accessible(&c, what).await;
            screenshot(&c, shot).await;
        }
    })
    .await;
}

#[tokio::test]
async fn a_pledge_sent_from_a_phone_is_found_again_there_and_marked_done() {
    let app = TestApp::spawn_with_demo_and(|c| c.feedback_min_fill = Duration::ZERO).await;
    let url = app.url.clone();

    with_browser(BrowserOptions::phone(), |c| async move {
        let pledges = format!("{url}/o/riverside/campaigns/values-week-2027/pledges");
        c.goto(&format!("{pledges}/new")).await.unwrap();
        find(&c, "label[for=value]").await.click().await.unwrap();
        find(&c, "#body").await.send_keys("I will learn how to say hello in sign language.").await.unwrap();
        find(&c, "main form button[type=submit]").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css(".pledge-sent")).await.unwrap();

        find(&c, ".your-pledges-link").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css(".your-pledge")).await.unwrap();
        assert_eq!(text_of(&c, ".your-pledge .pledge-text").await, "I will learn how to say hello in sign language.");
        assert_accessible(&c, "your pledges").await;
        find(&c, ".your-pledge button[type=submit]").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css(".your-pledge .pledge-done")).await.unwrap();
        assert!(text_of(&c, ".notice").await.contains("Your pledge is marked done."));
        assert_accessible(&c, "your pledges, one done").await;
        screenshot(&c, "campaign-your-pledges-phone").await;
    })
    .await;
}
