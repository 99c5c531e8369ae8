//! The measures' pages in a real browser on a phone, each passing the axe
//! audit — the list, a measure's page with its chart and links, its edit
//! form, a refused CSV import and the delete page — and used by keyboard
//! alone: a value added, the measure linked to an aim, a CSV file imported.
//! The shared objective's pages (the member's and the partnership's) pass
//! the audit too.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, press, screenshot, text_of, with_browser};
use common::{DEMO_PASSWORD, TestApp};
use fantoccini::Client;
use fantoccini::Locator;
use fantoccini::key::Key;

/// Presses Tab until the focus is on an element matching `css`.
async fn tab_to(c: &Client, css: &str) {
    for _ in 0..60 {
        let script = format!("return document.activeElement.matches({})", serde_json::to_string(css).unwrap());
        if c.execute(&script, vec![]).await.unwrap() == serde_json::Value::Bool(true) {
            return;
        }
        press(c, Key::Tab).await;
    }
    panic!("Tab never reached {css}");
}

async fn focus(c: &Client, css: &str) {
    let element = find(c, css).await;
    c.execute("arguments[0].focus()", vec![serde_json::to_value(&element).unwrap()]).await.unwrap();
}

/// Types text into the focused element, key by key.
async fn type_text(c: &Client, text: &str) {
    let active = c.active_element().await.unwrap();
    active.send_keys(text).await.unwrap();
}

#[tokio::test]
async fn the_measures_pages_pass_the_audit_on_a_phone_and_are_used_by_keyboard() {
    let app = TestApp::spawn_with_demo().await;
    let aim: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM strategy_aims WHERE title = $1").bind("Carers treated as partners").fetch_one(pool).await.unwrap());
    let csv = std::env::temp_dir().join(format!("ethos-measures-{}.csv", std::process::id()));
    std::fs::write(&csv, "period,value,note\n2023-04,41\n2023-04,42\n").unwrap();
    let csv_path = csv.to_string_lossy().into_owned();
    let measure = "/o/river-north/measures/urgent-response-calls";

    with_browser(BrowserOptions::phone(), |c| async move {
        c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();

        c.goto(&format!("{}/o/river-north/measures", app.url)).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, "Outcome measures");
        assert_accessible(&c, "measures list").await;

        c.goto(&format!("{}/o/river-north/measures/home-within-a-day", app.url)).await.unwrap();
        assert!(text_of(&c, ".measure-links").await.contains("Home from hospital without delay"));
        assert_accessible(&c, "measure page with its links").await;

        // Keyboard only: one value added with the form on the measure's page.
        c.goto(&format!("{}{measure}", app.url)).await.unwrap();
        focus(&c, "#period").await;
        type_text(&c, "2030-01").await;
        press(&c, Key::Tab).await;
        type_text(&c, "17").await;
        tab_to(&c, "form[action$='/values'] button[type=submit]").await;
        press(&c, Key::Enter).await;
        c.wait().for_element(Locator::Css(".notice")).await.unwrap();
        assert_eq!(text_of(&c, ".notice").await, "The value for Jan 2030 has been saved.");

        // A bad file is refused whole, naming its row; the page passes the audit.
        find(&c, "#file").await.send_keys(&csv_path).await.unwrap();
        focus(&c, "#file").await;
        tab_to(&c, "form[enctype='multipart/form-data'] button[type=submit]").await;
        press(&c, Key::Enter).await;
        c.wait().for_element(Locator::Css(".error-summary")).await.unwrap();
        assert!(text_of(&c, ".error-summary").await.contains("Row 3"), "{}", text_of(&c, ".error-summary").await);
        assert_accessible(&c, "measure page with a refused CSV file").await;

        // Keyboard only: the edit form, the measure linked to an aim.
        c.goto(&format!("{}{measure}/edit", app.url)).await.unwrap();
        assert_accessible(&c, "measure edit form").await;
        screenshot(&c, "measure-edit-phone").await;
        focus(&c, &format!("#link-aim-{aim}")).await;
        press(&c, Key::Space).await;
        tab_to(&c, "main form button[type=submit]").await;
        press(&c, Key::Enter).await;
        c.wait().for_element(Locator::Css(".notice")).await.unwrap();
        assert_eq!(text_of(&c, ".notice").await, "The measure has been changed.");
        assert!(text_of(&c, ".measure-links").await.contains("Carers treated as partners"));

        // A refused edit shows its summary and passes the audit.
        c.goto(&format!("{}{measure}/edit", app.url)).await.unwrap();
        find(&c, "#name").await.clear().await.unwrap();
        focus(&c, "#name").await;
        tab_to(&c, "main form button[type=submit]").await;
        press(&c, Key::Enter).await;
        c.wait().for_element(Locator::Css(".error-summary")).await.unwrap();
        assert_accessible(&c, "measure edit form with an error").await;

        c.goto(&format!("{}{measure}/delete", app.url)).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, "Delete “Calls to the urgent community response line”?");
        assert_accessible(&c, "delete page").await;

        // The shared objective: the member's page (with its report form) and the partnership's.
        c.goto(&format!("{}/o/riverside/strategy/shared", app.url)).await.unwrap();
        assert_accessible(&c, "objectives shared with a member").await;
        find(&c, ".shared-objectives tbody a").await.click().await.unwrap();
        c.wait().for_element(Locator::Css("#reports")).await.unwrap();
        assert_accessible(&c, "a shared objective from the member's side").await;
        find(&c, "p.lede a").await.click().await.unwrap();
        c.wait().for_element(Locator::Css(".member-reports")).await.unwrap();
        assert_accessible(&c, "the partnership's objective with its members' reports").await;
        screenshot(&c, "shared-objective-phone").await;
    })
    .await;
    std::fs::remove_file(&csv).ok();
}
