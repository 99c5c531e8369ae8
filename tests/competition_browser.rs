//! The demo's creative competition in a real browser on a phone: its public
//! page and the national campaign page with the winners and the gallery, a
//! published picture's own page, the editors' page that ranks and awards,
//! and a judge's list — each passes the axe audit.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, screenshot, text_of, with_browser};
use common::{DEMO_PASSWORD, TestApp};
use fantoccini::Locator;

const NATIONAL: &str = "/o/values-network/campaigns/values-week-2027";

#[tokio::test]
async fn the_demo_competition_passes_the_audit_on_a_phone() {
    let app = TestApp::spawn_with_demo().await;
    let url = app.url.clone();

    with_browser(BrowserOptions::phone(), |c| async move {
        c.goto(&format!("{url}{NATIONAL}/competition")).await.unwrap();
        assert_eq!(text_of(&c, ".competition-stage").await, "Winners announced");
        assert!(text_of(&c, ".competition-gallery").await.contains("Hands on the tea trolley"));
        assert_accessible(&c, "competition page").await;
        screenshot(&c, "competition-phone").await;

        c.find(Locator::XPath("//a[contains(., 'Hands on the tea trolley')]")).await.unwrap().click().await.unwrap();
        c.wait().for_element(Locator::Css(".entry-image")).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, "Hands on the tea trolley");
        assert_accessible(&c, "a published picture's page").await;

        for (email, path, what) in [
            ("editor@values-network.example", "/competition/manage", "the editors' competition page"),
            ("board@values-network.example", "/competition/judge", "a judge's list"),
        ] {
            c.delete_all_cookies().await.unwrap();
            c.goto(&format!("{url}/sign-in")).await.unwrap();
            find(&c, "#email").await.send_keys(email).await.unwrap();
            find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
            find(&c, "main button[type=submit]").await.click().await.unwrap();
            c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();
            c.goto(&format!("{url}{NATIONAL}{path}")).await.unwrap();
            assert_accessible(&c, what).await;
            if path.ends_with("manage") {
                // Each judge's scores, opened.
                find(&c, ".judge-scores summary").await.click().await.unwrap();
                assert!(text_of(&c, ".judge-scores table").await.contains("Weighted"));
                assert_accessible(&c, "each judge's scores").await;
                screenshot(&c, "competition-judge-scores-phone").await;
            }
        }
    })
    .await;
}
