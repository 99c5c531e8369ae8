//! Thank-you notes in a real browser on a phone: the form, its error
//! summary, the wall with its counts and chart, the recipient's page and
//! an editor's removal page pass the axe audit.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, press, screenshot, text_of, wait, with_browser};
use common::{DEMO_PASSWORD, TestApp};
use fantoccini::Locator;
use fantoccini::key::Key;

#[tokio::test]
async fn the_thanks_pages_pass_the_audit_on_a_phone() {
    let app = TestApp::spawn_with_demo().await;
    let url = app.url.clone();

    with_browser(BrowserOptions::phone(), |c| async move {
        c.goto(&format!("{url}/sign-in")).await.unwrap();
        find(&c, "#email").await.send_keys("staff@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();

        c.goto(&format!("{url}/o/riverside/thanks/new")).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, "Thank a colleague or a team");
        assert_accessible(&c, "thanks form").await;

        find(&c, "form.thanks-form button[type=submit]").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css(".error-summary")).await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Choose the value they lived"));
        assert_accessible(&c, "thanks form with errors").await;

        // A phone's select opens its own picker; the value is set as choosing it would.
        c.execute("document.getElementById('to').value = 'team-1'", vec![]).await.unwrap();
        find(&c, "#body").await.send_keys("The new sensory room is a joy to work in.").await.unwrap();
        // By keyboard, as the feedback form is used: Space chooses each.
        for choice in ["#value-belonging", "#on_wall"] {
            let input = find(&c, choice).await;
            c.execute("arguments[0].focus()", vec![serde_json::to_value(&input).unwrap()]).await.unwrap();
            press(&c, Key::Space).await;
        }
        let send = find(&c, "form.thanks-form button[type=submit]").await;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&send).unwrap()]).await.unwrap();
        press(&c, Key::Enter).await;
        wait(&c).for_element(Locator::Css(".notice")).await.unwrap();
        assert!(text_of(&c, ".notice").await.contains("It is on the team wall"));
        assert!(text_of(&c, ".thanks-wall").await.contains("The new sensory room"));
        assert_accessible(&c, "thanks wall").await;
        screenshot(&c, "thanks-wall-phone").await;

        c.goto(&format!("{url}/o/riverside/thanks/mine")).await.unwrap();
        assert_accessible(&c, "notes to you").await;

        // An editor's way to remove a note, with its reason.
        c.delete_all_cookies().await.unwrap();
        c.goto(&format!("{url}/sign-in")).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();
        c.goto(&format!("{url}/o/riverside/thanks")).await.unwrap();
        find(&c, ".thanks-wall a[href$='/remove']").await.click().await.unwrap();
        wait(&c).for_element(Locator::Css("#reason")).await.unwrap();
        assert_accessible(&c, "removing a note").await;
    })
    .await;
}
