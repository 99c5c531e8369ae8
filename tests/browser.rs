//! Ethos in a real browser: headless Chromium through ChromeDriver.
//!
//! Every page is audited with axe-core against WCAG 2.2 A and AA, at a
//! desktop and at a phone width; sign-in is done through the real form, with
//! and without JavaScript; the keyboard reaches the skip link first.
//! Each test opens one browser session and does many checks in it: the
//! machines that run these have two cores.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, find_xpath, press, screenshot, text_of, with_browser};
use common::{DEMO_PASSWORD, TestApp};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::Value;

/// The demo organisations: (slug, name).
const ORGS: [(&str, &str); 4] = [
    ("values-network", "National Values Network"),
    ("riverside", "Riverside Community Health NHS Trust"),
    ("northgate", "Northgate Mental Health NHS Foundation Trust"),
    ("river-north", "Riverside and Northgate Care Partnership"),
];

const RIVERSIDE: &str = "Riverside Community Health NHS Trust";

async fn goto(c: &Client, app: &TestApp, path: &str) {
    c.goto(&format!("{}{path}", app.url)).await.unwrap_or_else(|e| panic!("open {path}: {e}"));
}

async fn wait_for_path(c: &Client, app: &TestApp, path: &str) {
    let url = url::Url::parse(&format!("{}{path}", app.url)).unwrap();
    if let Err(e) = browser_support::wait(c).for_url(&url).await {
        let now = c.current_url().await.map(|u| u.to_string()).unwrap_or_default();
        panic!("expected to arrive at {path}, but the browser is at {now}: {e}");
    }
}

async fn h1(c: &Client) -> String {
    text_of(c, "h1").await
}

/// Whether assets/app.js ran on this page: it marks <html> with class "js".
async fn scripts_ran(c: &Client) -> bool {
    c.execute("return document.documentElement.classList.contains('js');", vec![]).await.unwrap() == Value::Bool(true)
}

/// Evaluates a JavaScript expression in the page (WebDriver's own scripts
/// run even when the page's scripts are off).
async fn js(c: &Client, expression: &str) -> Value {
    c.execute(&format!("return {expression};"), vec![]).await.unwrap_or_else(|e| panic!("evaluate {expression}: {e}"))
}

/// What every page must do: pass the audit and fit the window without
/// sideways scrolling (WCAG 1.4.10 Reflow), then optionally be photographed.
async fn check_page(c: &Client, name: &str) {
    assert_accessible(c, name).await;
    let overflow = js(c, "document.documentElement.scrollWidth - document.documentElement.clientWidth").await;
    assert!(
        overflow.as_i64().unwrap_or(0) <= 0,
        "{name} is {overflow}px wider than the window, so it scrolls sideways"
    );
    screenshot(c, name).await;
}

/// The text of the flash message containing `needle`, once the page
/// showing it has loaded.
async fn notice_with(c: &Client, needle: &str) -> String {
    let xpath = format!("//main//div[contains(@class, 'notice')][contains(., '{needle}')]");
    find_xpath(c, &xpath).await.text().await.unwrap()
}

/// The address in a flash message, made relative to the site.
fn link_in(notice: &str, app: &TestApp) -> String {
    let start = notice.find(&app.url).unwrap_or_else(|| panic!("no link to {} in {notice:?}", app.url));
    let link = notice[start..].split_whitespace().next().unwrap();
    link[app.url.len()..].to_owned()
}

async fn click_button(c: &Client, label: &str) {
    let xpath = format!("//main//button[normalize-space(.) = '{label}']");
    find_xpath(c, &xpath).await.click().await.unwrap_or_else(|e| panic!("click {label}: {e}"));
}

async fn type_into(c: &Client, css: &str, text: &str) {
    let field = find(c, css).await;
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap_or_else(|e| panic!("type into {css}: {e}"));
}

/// Signs in through the form as a user would.
async fn sign_in_with_form(c: &Client, app: &TestApp, email: &str) {
    goto(c, app, "/sign-in").await;
    type_into(c, "#email", email).await;
    type_into(c, "#password", DEMO_PASSWORD).await;
    click_button(c, "Sign in").await;
}

/// Visits every page, signed out and then signed in as an owner, checking
/// what a user sees and auditing each with [`check_page`].
async fn tour(c: &Client, app: &TestApp) {
    goto(c, app, "/").await;
    assert_eq!(h1(c).await, "Organisations using Ethos");
    assert!(scripts_ran(c).await, "assets/app.js should have run (it adds class js to <html>)");
    check_page(c, "home").await;

    // The sign-in page, then its errors when sent empty.
    goto(c, app, "/sign-in").await;
    assert_eq!(h1(c).await, "Sign in");
    check_page(c, "sign-in").await;
    click_button(c, "Sign in").await;
    let summary = find(c, ".error-summary").await;
    assert!(c.title().await.unwrap().starts_with("Error: "), "the title says there is an error");
    let summary_text = summary.text().await.unwrap();
    assert!(summary_text.contains("There is a problem"), "{summary_text}");
    assert!(summary_text.contains("Enter your email address"), "{summary_text}");
    assert!(summary_text.contains("Enter your password"), "{summary_text}");
    // assets/app.js moves focus to the summary so that it is read out.
    find(c, ".error-summary:focus").await;
    check_page(c, "sign-in-errors").await;

    // Signing in through the form lands on the organisation's members' home.
    sign_in_with_form(c, app, "owner@riverside.example").await;
    wait_for_path(c, app, "/o/riverside/home").await;
    assert_eq!(h1(c).await, "Members' home");
    assert_eq!(text_of(c, ".tag").await, "Your role here: Owner");
    check_page(c, "members-home").await;

    for (slug, name) in ORGS {
        goto(c, app, &format!("/o/{slug}")).await;
        assert_eq!(h1(c).await, name);
        check_page(c, &format!("org-{slug}")).await;
    }

    goto(c, app, "/account").await;
    assert_eq!(h1(c).await, "Your account");
    assert!(text_of(c, ".lede").await.contains("owner@riverside.example"));
    check_page(c, "account").await;

    for (path, heading, name) in
        [("/o/riverside/people", "People", "people"), ("/o/riverside/settings", "Settings", "settings")]
    {
        goto(c, app, path).await;
        assert_eq!(h1(c).await, heading);
        let current = text_of(c, ".subnav a[aria-current=page]").await;
        assert_eq!(current.to_lowercase(), heading.to_lowercase(), "the subnav marks the current page");
        check_page(c, name).await;
    }

    goto(c, app, "/o/no-such-organisation").await;
    assert_eq!(h1(c).await, "Page not found");
    check_page(c, "not-found").await;

    // The invitation form: first sent without an address, then filled in.
    goto(c, app, "/o/riverside/people").await;
    click_button(c, "Make an invitation link").await;
    let summary = find(c, ".error-summary").await.text().await.unwrap();
    assert!(summary.contains("Enter the email address of the person to invite"), "{summary}");
    check_page(c, "people-errors").await;
    type_into(c, "#email", "new.nurse@riverside.example").await;
    find(c, "label[for=role-editor]").await.click().await.unwrap();
    assert!(find(c, "#role-editor").await.is_selected().await.unwrap(), "clicking the label chooses Editor");
    click_button(c, "Make an invitation link").await;
    let notice = notice_with(c, "Invitation made").await;
    check_page(c, "people-invited").await;
    assert_eq!(text_of(c, "main table:nth-of-type(2) tbody td").await, "new.nurse@riverside.example");

    let invitation = link_in(&notice, app);
    assert!(invitation.starts_with("/invitations/"), "{invitation}");
    goto(c, app, &invitation).await;
    assert_eq!(h1(c).await, format!("Join {RIVERSIDE}"));
    assert!(text_of(c, ".lede").await.contains("Editor"));
    check_page(c, "invitation").await;
    click_button(c, "Make my account and join").await;
    let summary = find(c, ".error-summary").await.text().await.unwrap();
    assert!(summary.contains("There is a problem"), "{summary}");
    check_page(c, "invitation-errors").await;

    // A password reset link for a member.
    goto(c, app, "/o/riverside/people").await;
    let reset = "//main//button[contains(., 'Reset link') and contains(., 'for Aisha Rahman')]";
    find_xpath(c, reset).await.click().await.unwrap();
    let notice = notice_with(c, "/reset/").await;
    assert!(notice.contains("staff@riverside.example"), "{notice}");
    let reset = link_in(&notice, app);
    goto(c, app, &reset).await;
    assert_eq!(h1(c).await, "Choose a new password");
    assert!(text_of(c, "main p").await.contains("staff@riverside.example"));
    check_page(c, "reset").await;

    // A change of role, then the audit log that records it and the rest.
    goto(c, app, "/o/riverside/people").await;
    let role_of_aisha = "//select[@id = //label[normalize-space(.) = 'Role of Aisha Rahman']/@for]";
    find_xpath(c, role_of_aisha).await.select_by_label("Editor").await.unwrap();
    find_xpath(c, "//main//button[contains(., 'role of Aisha Rahman')]").await.click().await.unwrap();
    notice_with(c, "Aisha Rahman is now Editor").await;
    goto(c, app, "/o/riverside/audit").await;
    assert_eq!(h1(c).await, "Audit log");
    assert_eq!(text_of(c, ".subnav a[aria-current=page]").await, "Audit log");
    let newest = find(c, "main tbody tr").await.text().await.unwrap();
    assert!(newest.contains("Changed the role of staff@riverside.example"), "{newest}");
    assert!(newest.contains("Staff") && newest.contains("Editor"), "{newest}");
    check_page(c, "audit").await;
}

#[tokio::test]
async fn every_page_passes_the_audit_and_the_keyboard_reaches_the_skip_link_first() {
    let app = TestApp::spawn().await;
    with_browser(BrowserOptions::default(), |c| async move {
        // The first Tab stop is the skip link, shown when focused; it
        // moves focus to the main content.
        goto(&c, &app, "/").await;
        press(&c, Key::Tab).await;
        let focused = c.active_element().await.unwrap();
        assert_eq!(focused.text().await.unwrap(), "Skip to main content");
        assert!(focused.is_displayed().await.unwrap());
        let (x, y, _, _) = focused.rectangle().await.unwrap();
        assert!(x >= 0.0 && y >= 0.0, "the focused skip link is on screen, at ({x}, {y})");
        screenshot(&c, "skip-link").await;
        press(&c, Key::Enter).await;
        wait_for_path(&c, &app, "/#main").await;
        find(&c, "main#main:focus").await;
        screenshot(&c, "skipped-to-main").await;

        tour(&c, &app).await;
    })
    .await;
}

#[tokio::test]
async fn every_page_passes_the_audit_and_fits_a_phone() {
    let app = TestApp::spawn().await;
    with_browser(BrowserOptions::phone(), |c| async move {
        goto(&c, &app, "/").await;
        assert_eq!(js(&c, "window.innerWidth").await, 375, "the window is phone-sized");
        tour(&c, &app).await;
    })
    .await;
}

#[tokio::test]
async fn signing_in_works_without_javascript() {
    let app = TestApp::spawn().await;
    with_browser(BrowserOptions::without_javascript(), |c| async move {
        goto(&c, &app, "/sign-in").await;
        assert_eq!(h1(&c).await, "Sign in");
        assert!(!scripts_ran(&c).await, "JavaScript should be off in this browser");

        // Sent empty: the error summary links to each field at fault.
        click_button(&c, "Sign in").await;
        let summary = find(&c, ".error-summary").await;
        let links = summary.find_all(Locator::Css("a")).await.unwrap();
        let mut found = Vec::new();
        for link in links {
            found.push((link.text().await.unwrap(), link.attr("href").await.unwrap().unwrap_or_default()));
        }
        assert_eq!(
            found,
            [
                ("Enter your email address".to_owned(), "#email".to_owned()),
                ("Enter your password".to_owned(), "#password".to_owned()),
            ]
        );
        for (_, href) in &found {
            let field = find(&c, href).await;
            assert_eq!(field.tag_name().await.unwrap(), "input");
            assert_eq!(field.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
        }
        assert!(!scripts_ran(&c).await);

        // Then filled in: signed in, on the organisation's members' home.
        type_into(&c, "#email", "owner@riverside.example").await;
        type_into(&c, "#password", DEMO_PASSWORD).await;
        click_button(&c, "Sign in").await;
        wait_for_path(&c, &app, "/o/riverside/home").await;
        assert_eq!(h1(&c).await, "Members' home");
        assert!(!scripts_ran(&c).await);

        // Signing out is a form too.
        find_xpath(&c, "//header//button[normalize-space(.) = 'Sign out']").await.click().await.unwrap();
        wait_for_path(&c, &app, "/").await;
        assert_eq!(text_of(&c, ".site-header__account a").await, "Sign in");
    })
    .await;
}
