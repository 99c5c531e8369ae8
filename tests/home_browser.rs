//! The members' home in a real browser: an editor signs in through the form,
//! lands on it, and it passes the accessibility audit and fits the window,
//! at a desktop and at a phone width, with something in every section.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, find_xpath, screenshot, text_of, with_browser};
use common::consultations::{Settings, add_questions, create_consultation, publish};
use common::{DEMO_PASSWORD, TestApp};
use fantoccini::Client;
use reqwest::StatusCode;

/// A draft, a waiting request and an open consultation, so that no section is empty.
async fn busy_riverside() -> TestApp {
    let app = TestApp::spawn().await;
    let sent = app
        .visitor()
        .post("/o/riverside/values/request", &[("format", "large-print"), ("contact", "the post room, Quay Street")])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let mut editor = app.signed_in("editor@riverside.example").await;
    assert_eq!(editor.post("/o/riverside/values/edit/start", &[]).await.status, StatusCode::SEE_OTHER);
    let id = create_consultation(&mut editor, &Settings::open("Sharing the night shift")).await;
    add_questions(&mut editor, id, &[&[("kind", "text"), ("prompt", "What would make nights easier?")]]).await;
    publish(&mut editor, id).await;
    app
}

async fn signs_in_and_lands_on_the_home(c: &Client, app: &TestApp, what: &str) {
    c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
    find(c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
    find(c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
    find_xpath(c, "//main//button[normalize-space(.) = 'Sign in']").await.click().await.unwrap();
    let home = url::Url::parse(&format!("{}/o/riverside/home", app.url)).unwrap();
    browser_support::wait(c).for_url(&home).await.unwrap_or_else(|e| panic!("not on the members' home: {e}"));
    assert_eq!(text_of(c, "h1").await, "Members' home");
    assert!(text_of(c, ".todo").await.contains("closes on"), "the consultation closing soon is to do");
    assert_eq!(text_of(c, ".request-count").await, "1 request is waiting.");
    assert!(text_of(c, "#values-draft").await.contains("A draft of the values is open"));
    assert_accessible(c, what).await;
    let overflow = c
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
        .await
        .unwrap();
    assert!(overflow.as_i64().unwrap_or(0) <= 0, "{what} is {overflow}px wider than the window");
    screenshot(c, what).await;
}

#[tokio::test]
async fn an_editor_signs_in_to_the_members_home_and_it_passes_the_audit_at_desktop_and_phone_width() {
    let app = busy_riverside().await;
    let app = &app;
    with_browser(BrowserOptions::default(), |c| async move {
        signs_in_and_lands_on_the_home(&c, app, "members-home-desktop").await;
    })
    .await;
    with_browser(BrowserOptions::phone(), |c| async move {
        signs_in_and_lands_on_the_home(&c, app, "members-home-phone").await;
    })
    .await;
}
