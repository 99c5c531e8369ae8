//! The pages changed for the builder's text source, the plan, themes,
//! the draft from the findings and the time zone, in a real browser: the
//! pasted-text box shows only when it is the text chosen (with JavaScript
//! and without), and every one of those pages passes the accessibility
//! audit, errors and confirmations included.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, find_xpath, screenshot, with_browser};
use common::TestApp;
use common::consultations::{Settings, add_questions, create_consultation, publish, respond_by_api};
use fantoccini::Client;
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn sign_in(c: &Client, app: &TestApp, email: &str) {
    c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
    find(c, "#email").await.send_keys(email).await.unwrap();
    find(c, "#password").await.send_keys(common::DEMO_PASSWORD).await.unwrap();
    find(c, "#password").await.send_keys("\u{E007}").await.unwrap();
    find_xpath(c, "//a[contains(., 'your account')]").await;
}

/// Whether the element matching `css` is shown (not hidden, and not
/// inside a closed details element).
async fn shown(c: &Client, css: &str) -> bool {
    let v = c
        .execute("var e = document.querySelector(arguments[0]); return !!e && e.checkVisibility() && e.getClientRects().length > 0;", vec![json!(css)])
        .await
        .unwrap();
    v == Value::Bool(true)
}

async fn choose_source(c: &Client, value: &str) {
    find(c, &format!("#source option[value={value}]")).await.click().await.unwrap();
}

#[tokio::test]
async fn the_pasted_text_box_follows_the_chosen_text_with_javascript() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("Sources")).await;
    with_browser(BrowserOptions::default(), |c| async move {
        sign_in(&c, &app, "editor@riverside.example").await;
        c.goto(&format!("{}/o/riverside/consultations/{id}", app.url)).await.unwrap();
        find(&c, "#kind option[value=words]").await.click().await.unwrap();
        choose_source(&c, "values").await;
        assert!(!shown(&c, "details[data-source=pasted]").await, "no box for the published values");
        choose_source(&c, "pasted").await;
        assert!(shown(&c, "#text").await, "the box, open, for a pasted text");
        find(&c, "#prompt").await.send_keys("Keep or remove").await.unwrap();
        find(&c, "#text").await.send_keys("We listen and we act").await.unwrap();
        find(&c, "#fillers").await.send_keys("and").await.unwrap();
        find(&c, "button[name=preview]").await.click().await.unwrap();
        find(&c, "#preview").await;
        assert_accessible(&c, "the builder with a question shown before it is added").await;
        screenshot(&c, "builder-preview").await;
    })
    .await;
}

#[tokio::test]
async fn without_javascript_the_pasted_text_box_is_folded_until_opened() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("Sources")).await;
    with_browser(BrowserOptions::without_javascript(), |c| async move {
        sign_in(&c, &app, "editor@riverside.example").await;
        c.goto(&format!("{}/o/riverside/consultations/{id}", app.url)).await.unwrap();
        find(&c, "#source").await;
        assert!(shown(&c, "details[data-source=pasted] summary").await, "its heading can be opened");
        assert!(!shown(&c, "#text").await, "the box itself is folded away");
        find(&c, "details[data-source=pasted] summary").await.click().await.unwrap();
        assert!(shown(&c, "#text").await);
    })
    .await;
}

#[tokio::test]
async fn the_plan_themes_draft_and_settings_pages_pass_the_audit_with_their_new_parts() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("After the survey")).await;
    add_questions(
        &mut editor,
        id,
        &[
            &[
                ("kind", "words"),
                ("prompt", "Keep or remove"),
                ("source", "pasted"),
                ("text", "Treated warmly and on time"),
            ],
            &[("kind", "text"), ("prompt", "What should change?")],
            &[("kind", "suggest"), ("prompt", "A missing word?")],
        ],
    )
    .await;
    publish(&mut editor, id).await;
    let texts = ["Less jargon", "jargon again", "Plain words", "plain words please", "plain words and no jargon"];
    for text in texts {
        let answers =
            json!({"q1": {"marks": {"1": "remove", "2": "remove"}}, "q2": {"text": text}, "q3": {"text": "Honesty"}});
        respond_by_api(&app, id, answers).await;
    }
    let promote = format!("/o/riverside/consultations/{id}/themes/promote");
    for phrase in ["jargon", "plain words"] {
        assert_eq!(
            editor.post(&promote, &[("question", "q2"), ("phrase", phrase)]).await.status,
            StatusCode::SEE_OTHER
        );
    }
    with_browser(BrowserOptions::default(), |c| async move {
        sign_in(&c, &app, "editor@riverside.example").await;
        // The plan with an action sent without a title.
        c.goto(&format!("{}/o/riverside/c/{id}/plan", app.url)).await.unwrap();
        find(&c, ".draft-later").await;
        find(&c, "#action-owner").await.send_keys("Head of nursing").await.unwrap();
        find(&c, "#add-action + form button[type=submit]").await.click().await.unwrap();
        find(&c, ".error-summary").await;
        assert_accessible(&c, "the plan with an action missing its title").await;

        // Merging asks first; the merged theme can be taken out again.
        c.goto(&format!("{}/o/riverside/c/{id}/themes", app.url)).await.unwrap();
        find(&c, "form[action$='/merge'] button[type=submit]").await.click().await.unwrap();
        find(&c, "button[name=confirm]").await;
        assert_accessible(&c, "the question before merging two themes").await;
        find(&c, "button[name=confirm]").await.click().await.unwrap();
        find(&c, ".merged").await;
        assert_accessible(&c, "the themes page with a merged theme").await;
        screenshot(&c, "themes-merged").await;

        // Closed: a draft from the findings, shown beside the values.
        let closed = editor.post(&format!("/o/riverside/consultations/{id}/close"), &[]).await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER);
        c.goto(&format!("{}/o/riverside/c/{id}/plan", app.url)).await.unwrap();
        find(&c, "form[action$='/new-draft'] button").await.click().await.unwrap();
        find(&c, "#findings").await;
        assert_accessible(&c, "the values draft with the consultation's findings").await;
        screenshot(&c, "draft-findings").await;
    })
    .await;
}

#[tokio::test]
async fn the_time_zone_setting_passes_the_audit_with_an_error() {
    let app = TestApp::spawn().await;
    with_browser(BrowserOptions::default(), |c| async move {
        sign_in(&c, &app, "owner@riverside.example").await;
        c.goto(&format!("{}/o/riverside/settings", app.url)).await.unwrap();
        let field = find(&c, "#time_zone").await;
        assert_eq!(field.prop("value").await.unwrap().as_deref(), Some("Europe/London"));
        field.clear().await.unwrap();
        field.send_keys("Somewhere/Else").await.unwrap();
        find(&c, "form[action$='/time-zone'] button").await.click().await.unwrap();
        find(&c, ".error-summary").await;
        assert_accessible(&c, "the settings page with a time zone refused").await;
    })
    .await;
}
