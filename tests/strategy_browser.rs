//! The strategy's pages in a real browser on a phone: the editors' list and
//! edit pages and the public page pass the axe audit, and an objective's
//! status is changed with the keyboard alone; an objective's page, with
//! its line-of-sight form open, passes too and the form is used by keyboard.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, press, screenshot, text_of, with_browser};
use common::{DEMO_PASSWORD, TestApp};
use fantoccini::Locator;
use fantoccini::key::Key;

#[tokio::test]
async fn the_strategy_pages_pass_the_audit_on_a_phone_and_a_status_changes_by_keyboard() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let made = editor
        .post(
            "/o/riverside/strategy/edit",
            &[("title", "Healthier together"), ("first-year", "2026-27"), ("last-year", "2027-28")],
        )
        .await;
    let edit = made.location();
    editor.post(&format!("{edit}/aims"), &[("aim-title", "Care closer to home")]).await;
    let aim: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM strategy_aims").fetch_one(pool).await.unwrap());
    let f = |n: &str| format!("objective-{n}-{aim}");
    editor
        .post(
            &format!("{edit}/aims/{aim}/objectives"),
            &[(&*f("title"), "Open two community hubs"), (&*f("year"), "2026-27"), (&*f("lead"), "Chief Nurse")],
        )
        .await;
    editor.post(&format!("{edit}/publish"), &[]).await;
    let objective: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM strategy_objectives").fetch_one(pool).await.unwrap());

    with_browser(BrowserOptions::phone(), |c| async move {
        c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();

        c.goto(&format!("{}/o/riverside/strategy/edit", app.url)).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, "Strategies");
        assert_accessible(&c, "strategies list").await;

        c.goto(&format!("{}{edit}", app.url)).await.unwrap();
        assert_accessible(&c, "strategy edit page").await;
        screenshot(&c, "strategy-edit-phone").await;

        // Keyboard only: focus the objective's status, choose "On track"
        // with the arrow key, Tab to its button and press Enter.
        let select = find(&c, &format!("#status-{objective}")).await;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&select).unwrap()]).await.unwrap();
        press(&c, Key::Down).await;
        press(&c, Key::Tab).await;
        press(&c, Key::Enter).await;
        c.wait().for_element(Locator::Css(".notice")).await.unwrap();
        assert_eq!(text_of(&c, ".notice").await, "Status saved.");

        c.goto(&format!("{}/o/riverside/strategy?year=2026-27", app.url)).await.unwrap();
        assert_eq!(text_of(&c, ".rollup").await, "In 2026-27, across every aim: On track (100%)");
        assert_accessible(&c, "public strategy page").await;
        screenshot(&c, "strategy-public-phone").await;
    })
    .await;
}

#[tokio::test]
async fn an_objectives_page_with_its_line_of_sight_form_passes_the_audit_and_is_used_by_keyboard() {
    let app = TestApp::spawn_with_demo().await;
    let title = "Run a weekly drop-in for parents of children with additional needs";
    let objective: i64 = ethos::on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM strategy_objectives WHERE title = $1").bind(title).fetch_one(pool).await.unwrap());
    let path = format!("/o/riverside/strategy/objectives/{objective}");

    with_browser(BrowserOptions::phone(), |c| async move {
        c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        find(&c, "main button[type=submit]").await.click().await.unwrap();
        c.wait().for_element(Locator::XPath("//h1[contains(., 'home')]")).await.unwrap();

        c.goto(&format!("{}{path}", app.url)).await.unwrap();
        assert_eq!(text_of(&c, "h1").await, title);
        assert_eq!(text_of(&c, ".stale").await, "Stale: no recent update");

        // Keyboard only: open the form from its summary, tick "Safety"
        // with the space bar, Tab on to the save button and press Enter.
        let summary = find(&c, ".line-of-sight summary").await;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&summary).unwrap()]).await.unwrap();
        press(&c, Key::Enter).await;
        assert_accessible(&c, "objective page with its line-of-sight form open").await;
        screenshot(&c, "strategy-objective-phone").await;
        let safety = find(&c, "#link-value-safety").await;
        c.execute("arguments[0].focus()", vec![serde_json::to_value(&safety).unwrap()]).await.unwrap();
        press(&c, Key::Space).await;
        for _ in 0..20 {
            let on_button = c
                .execute("return document.activeElement.matches('.line-of-sight button[type=submit]')", vec![])
                .await
                .unwrap();
            if on_button == serde_json::Value::Bool(true) {
                break;
            }
            press(&c, Key::Tab).await;
        }
        press(&c, Key::Enter).await;
        c.wait().for_element(Locator::Css(".notice")).await.unwrap();
        assert_eq!(
            text_of(&c, ".notice").await,
            "The values and consultation actions this objective answers are saved."
        );
        let values = c.find_all(Locator::Css(".linked-values li")).await.unwrap();
        let mut names = Vec::new();
        for v in values {
            names.push(v.text().await.unwrap());
        }
        assert_eq!(names, ["Kindness", "Safety"]);
        assert_accessible(&c, "objective page after saving").await;
    })
    .await;
}
