//! The keep/remove question on a phone, with the script: the text reads as
//! prose, a tap on a word cycles no view → keep → remove, the counter
//! follows, and the demo's values question fits in under one and a half
//! screens; the survey in Welsh and its translation page pass the audit.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, screenshot, text_of, with_browser};
use common::TestApp;
use fantoccini::Client;
use serde_json::Value;

/// A phone 390 CSS pixels wide and 844 high.
fn phone() -> BrowserOptions {
    BrowserOptions { width: 390, height: 844, mobile: true, ..BrowserOptions::default() }
}

async fn demo_consultation(app: &TestApp) -> i64 {
    let org = ethos::orgs::model::by_slug(&app.db, "riverside").await.unwrap().unwrap();
    let list = ethos::consultations::store::list(&app.db, org.id).await.unwrap();
    list[0].id
}

async fn number(c: &Client, script: &str) -> f64 {
    c.execute(script, vec![]).await.unwrap().as_f64().unwrap_or_else(|| panic!("a number from {script}"))
}

/// The mark of the word `at` (the nth markable word) as its checked radio says.
async fn mark_of(c: &Client, at: usize) -> Value {
    c.execute(
        "return document.querySelectorAll('#q2 .word')[arguments[0]].querySelector('input:checked').value;",
        vec![Value::from(at)],
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn on_a_phone_the_values_read_as_prose_and_a_tap_cycles_a_word_through_keep_and_remove() {
    let app = TestApp::spawn_with_demo().await;
    let id = demo_consultation(&app).await;
    let url = format!("{}/o/riverside/c/{id}", app.url);
    with_browser(phone(), |c| async move {
        c.goto(&url).await.unwrap();
        find(&c, "html.js #q2 .word__text").await;
        let height = number(&c, "return document.getElementById('q2').getBoundingClientRect().height;").await;
        let screen = number(&c, "return window.innerHeight;").await;
        assert!(height < 1.5 * screen, "the values question is {height} px high on a {screen} px screen");
        let overflow =
            number(&c, "return document.documentElement.scrollWidth - document.documentElement.clientWidth;").await;
        assert_eq!(overflow, 0.0, "nothing scrolls sideways");

        let word = c.find_all(fantoccini::Locator::Css("#q2 .word__text")).await.unwrap().remove(0);
        word.click().await.unwrap();
        assert_eq!(mark_of(&c, 0).await, "keep");
        assert_eq!(text_of(&c, "#q2 [data-word-counts]").await, "1 kept, 0 removed");
        let symbol = c
            .execute("return getComputedStyle(document.querySelector('#q2 .word__text'), '::after').content;", vec![])
            .await
            .unwrap();
        assert_eq!(symbol, "\" ✓\"", "kept is shown by a symbol, not colour alone");
        let line = c
            .execute("return getComputedStyle(document.querySelector('#q2 .word__text')).textDecorationLine;", vec![])
            .await
            .unwrap();
        assert_eq!(line, "underline");
        word.click().await.unwrap();
        assert_eq!(mark_of(&c, 0).await, "remove");
        assert_eq!(text_of(&c, "#q2 [data-word-counts]").await, "0 kept, 1 removed");
        let line = c
            .execute("return getComputedStyle(document.querySelector('#q2 .word__text')).textDecorationLine;", vec![])
            .await
            .unwrap();
        assert_eq!(line, "line-through");
        let second = c.find_all(fantoccini::Locator::Css("#q2 .word__text")).await.unwrap().remove(1);
        second.click().await.unwrap();
        assert_eq!(text_of(&c, "#q2 [data-word-counts]").await, "1 kept, 1 removed");
        word.click().await.unwrap();
        assert_eq!(mark_of(&c, 0).await, "", "a third tap is no view again");
        word.click().await.unwrap();
        assert_accessible(&c, "the survey on a phone, words marked").await;
        let q2 = find(&c, "#q2").await;
        let png = q2.screenshot().await.unwrap();
        if let Some(dir) = std::env::var_os("ETHOS_SCREENSHOTS") {
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(std::path::Path::new(&dir).join("phone-word-question-390.png"), png);
        }
        screenshot(&c, "phone-survey").await;
    })
    .await;
}

#[tokio::test]
async fn the_survey_in_welsh_and_its_translation_page_pass_the_audit() {
    let app = TestApp::spawn_with_demo().await;
    let id = demo_consultation(&app).await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let form = editor.get(&format!("/o/riverside/consultations/{id}/translations/cy")).await;
    let values = form.text_of("textarea#q2-text");
    let saved = editor
        .post(
            &format!("/o/riverside/consultations/{id}/translations/cy"),
            &[("title", "Ein gwerthoedd: beth ddylen ni ei gadw?"), ("q2-text", &values)],
        )
        .await;
    assert_eq!(saved.status, reqwest::StatusCode::SEE_OTHER, "{}", saved.text);
    with_browser(BrowserOptions::default(), |c| async move {
        c.goto(&format!("{}/o/riverside/c/{id}?lang=cy", app.url)).await.unwrap();
        find(&c, "html[lang=cy] #q2 .word__text").await;
        assert_accessible(&c, "the survey in Welsh").await;
        screenshot(&c, "survey-welsh").await;
        c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(common::DEMO_PASSWORD).await.unwrap();
        find(&c, "#password").await.send_keys("\u{E007}").await.unwrap();
        browser_support::find_xpath(&c, "//a[contains(., 'your account')]").await;
        for path in
            [format!("/o/riverside/consultations/{id}/translations/cy"), format!("/o/riverside/consultations/{id}")]
        {
            c.goto(&format!("{}{path}", app.url)).await.unwrap();
            find(&c, "h1").await;
            assert_accessible(&c, &path).await;
        }
    })
    .await;
}
