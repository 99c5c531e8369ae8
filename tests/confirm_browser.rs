//! "Are you sure?" before a destructive action, in a real browser: a dialog
//! with JavaScript (saying no keeps everything), a page of its own without
//! (which passes the accessibility audit at desktop and phone widths; the
//! flow without scripts is in `confirm_without_js.rs`); and the pages for
//! the footer links and principle groups pass the audit too.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, find_xpath, screenshot, text_of, with_browser};
use common::TestApp;
use fantoccini::Client;

async fn sign_in(c: &Client, app: &TestApp, email: &str) {
    c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
    find(c, "#email").await.send_keys(email).await.unwrap();
    find(c, "#password").await.send_keys(common::DEMO_PASSWORD).await.unwrap();
    find(c, "#password").await.send_keys("\u{E007}").await.unwrap();
    find_xpath(c, "//a[contains(., 'your account')]").await;
}

async fn has_draft(app: &TestApp) -> bool {
    let editor = app.signed_in("editor@riverside.example").await;
    editor.get("/o/riverside/values/edit").await.has("form[action$='/values/edit/discard']")
}

#[tokio::test]
async fn with_javascript_a_dialog_asks_and_no_keeps_the_draft() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    editor.post("/o/riverside/values/edit/start", &[]).await;
    with_browser(BrowserOptions::default(), |c| async move {
        sign_in(&c, &app, "editor@riverside.example").await;
        c.goto(&format!("{}/o/riverside/values/edit", app.url)).await.unwrap();
        find(&c, "form[action$='/values/edit/discard'] button").await.click().await.unwrap();
        let question = c.get_alert_text().await.expect("a dialog asks");
        assert_eq!(question, "Discard the whole draft? The published version stays as it is.");
        c.dismiss_alert().await.unwrap();
        assert!(has_draft(&app).await, "saying no keeps the draft");

        find(&c, "form[action$='/values/edit/discard'] button").await.click().await.unwrap();
        c.accept_alert().await.unwrap();
        find(&c, "form[action$='/values/edit/start']").await;
        assert!(!has_draft(&app).await, "saying yes discards it, with no second question");
    })
    .await;
}

/// The confirmation page, reached in a session with scripts on (axe needs
/// them) by submitting the form without its submit event, as a browser
/// without scripts would.
#[tokio::test]
async fn the_confirmation_page_passes_the_audit_at_desktop_and_phone_widths() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    editor.post("/o/riverside/values/edit/start", &[]).await;
    for options in [BrowserOptions::default(), BrowserOptions::phone()] {
        let app = &app;
        with_browser(options, |c| async move {
            sign_in(&c, app, "editor@riverside.example").await;
            c.goto(&format!("{}/o/riverside/values/edit", app.url)).await.unwrap();
            find(&c, "form[action$='/values/edit/discard']").await;
            c.execute("document.querySelector(\"form[action$='/values/edit/discard']\").submit();", vec![])
                .await
                .unwrap();
            find_xpath(&c, "//h1[.='Are you sure?']").await;
            assert_accessible(&c, "the confirmation page").await;
            assert!(has_draft(app).await, "nothing is discarded by asking");
        })
        .await;
    }
}

#[tokio::test]
async fn the_footer_links_and_principle_groups_pass_the_audit() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    editor.post("/o/riverside/values/edit/start", &[]).await;
    with_browser(BrowserOptions::phone(), |c| async move {
        sign_in(&c, &app, "owner@riverside.example").await;
        c.goto(&format!("{}/o/riverside/settings/footer", app.url)).await.unwrap();
        find(&c, "#accessibility_url").await.send_keys("not a web address").await.unwrap();
        find(&c, "main form button[type=submit]").await.click().await.unwrap();
        find(&c, ".error-summary").await;
        assert_accessible(&c, "footer links with an error").await;
        screenshot(&c, "footer-links-error").await;

        c.goto(&format!("{}/o/riverside/values/edit#principles", app.url)).await.unwrap();
        find(&c, "#heading-0").await.send_keys("How we decide").await.unwrap();
        find(&c, "#items-0").await.send_keys("Listen first\nDecide together").await.unwrap();
        find(&c, "form[action$='/edit/principles'] button[type=submit]").await.click().await.unwrap();
        find(&c, "#heading-1").await;
        assert_eq!(text_of(&c, "form[action$='/edit/principles'] legend").await, "Group 1: How we decide");
        assert_accessible(&c, "principle groups").await;

        c.goto(&format!("{}/accessibility", app.url)).await.unwrap();
        assert_accessible(&c, "Ethos's accessibility statement").await;
        c.goto(&format!("{}/privacy", app.url)).await.unwrap();
        assert_accessible(&c, "Ethos's privacy notice").await;
    })
    .await;
}
