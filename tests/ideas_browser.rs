//! Listening in public in a real browser on a phone: the partnership's ideas
//! page, one idea's page (supported with the keyboard alone, then taken
//! back) and its "You said, we did" page pass the axe audit; an editor's
//! item page with its public forms passes too.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, press, screenshot, text_of, wait, with_browser};
use common::{DEMO_PASSWORD, TestApp};
use fantoccini::Locator;
use fantoccini::key::Key;

#[tokio::test]
async fn the_public_listening_pages_pass_the_audit_on_a_phone() {
    let app = TestApp::spawn_with_demo().await;
    let url = app.url.clone();

    with_browser(BrowserOptions::phone(), |c| async move {
        c.goto(&format!("{url}/o/river-north/ideas")).await.unwrap();
        assert!(text_of(&c, "h1").await.starts_with("Ideas for"));
        assert_accessible(&c, "ideas page").await;
        c.goto(&format!("{url}/o/river-north/ideas?order=support")).await.unwrap();
        assert_accessible(&c, "ideas, most supported first").await;

        // The open idea's page: supported by keyboard, then taken back.
        c.find(Locator::LinkText("A winter walking group from the library")).await.unwrap().click().await.unwrap();
        wait(&c).for_element(Locator::Css("h1.idea-title")).await.unwrap();
        let before = text_of(&c, ".idea-count").await;
        let button = find(&c, ".idea-support button").await;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&button).unwrap()]).await.unwrap();
        press(&c, Key::Enter).await;
        wait(&c).for_element(Locator::Css(".poll-chosen")).await.unwrap();
        assert_ne!(text_of(&c, ".idea-count").await, before);
        assert_accessible(&c, "an idea, supported").await;
        screenshot(&c, "idea-supported-phone").await;
        find(&c, ".idea-support button").await.click().await.unwrap();
        wait(&c)
            .for_element(Locator::XPath("//button[starts-with(normalize-space(.), 'Support this idea')]"))
            .await
            .unwrap();
        assert_eq!(text_of(&c, ".idea-count").await, before);

        c.goto(&format!("{url}/o/river-north/you-said-we-did")).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, "You said, we did");
        assert_accessible(&c, "you said, we did").await;
        screenshot(&c, "you-said-we-did-phone").await;
        c.goto(&format!("{url}/o/riverside/you-said-we-did")).await.unwrap();
        assert_accessible(&c, "you said, we did with consultation actions").await;

        // An editor's item page with the public forms, and its error summary.
        c.goto(&format!("{url}/sign-in")).await.unwrap();
        find(&c, "#email").await.send_keys("owner@river-north.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();
        c.goto(&format!("{url}/o/river-north/feedback/inbox?kind=idea&state=closed")).await.unwrap();
        find(&c, ".inbox-line a").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css("#in-public")).await.unwrap();
        assert_accessible(&c, "an idea's inbox page with its public forms").await;
        c.execute("document.getElementById('title').value = ''", vec![]).await.unwrap();
        find(&c, "form[action$='/publish'] button").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css(".error-summary")).await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Write the title"));
        assert_accessible(&c, "public forms with an error").await;
    })
    .await;
}
