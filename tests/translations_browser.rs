//! Translated values pages and the translation editor in a real browser:
//! the Welsh and Arabic public pages and the editor pass the axe audit, the
//! Arabic page runs right to left, and the language switcher works.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, screenshot, text_of, with_browser};
use common::{Api, DEMO_PASSWORD, TestApp};
use fantoccini::{Client, Locator};
use reqwest::StatusCode;
use serde_json::json;

async fn publish_with_translations(app: &TestApp) {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(app, Some(common::make_token(&mut editor).await));
    let content = json!({
        "vision": {"statement": "Healthy families along the whole valley."},
        "mission": "We visit people at home and in local clinics.",
        "values": [
            {"key": "warmth", "name": "Warmth", "promise": "People feel welcome.",
             "commitments": ["learn each person's name"], "behaviours": ["smile and say hello"]}
        ],
        "translations": {
            "cy": {"vision": {"statement": "Teuluoedd iach ar hyd y cwm i gyd."},
                   "mission": "Rydym yn ymweld â phobl gartref ac mewn clinigau lleol.",
                   "values": {"warmth": {"name": "Cynhesrwydd", "promise": "Mae pobl yn teimlo bod croeso iddynt.",
                                         "commitments": ["dysgu enw pob person"], "behaviours": ["gwenu a dweud helo"]}}},
            "ar": {"values": {"warmth": {"name": "الدفء", "promise": "يشعر الناس بالترحيب."}}}
        }
    });
    let draft =
        api.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": content})).await;
    let revision = draft.json()["revision"].as_i64().unwrap();
    let published = api
        .send(
            reqwest::Method::POST,
            "/api/v1/orgs/riverside/framework/draft/publish",
            &json!({"revision": revision, "note": "First"}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
}

async fn goto(c: &Client, app: &TestApp, path: &str) {
    c.goto(&format!("{}{path}", app.url)).await.unwrap_or_else(|e| panic!("open {path}: {e}"));
}

async fn attr(c: &Client, css: &str, name: &str) -> Option<String> {
    find(c, css).await.attr(name).await.unwrap()
}

async fn fits_the_window(c: &Client, what: &str) {
    let overflow = c
        .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
        .await
        .unwrap();
    assert!(overflow.as_i64().unwrap_or(0) <= 0, "{what} scrolls sideways by {overflow}px");
}

#[tokio::test]
async fn translated_pages_and_the_editor_fit_a_phone() {
    let app = TestApp::spawn().await;
    publish_with_translations(&app).await;
    with_browser(BrowserOptions::phone(), |c| async move {
        for (path, what, shot) in [
            ("/o/riverside/values?lang=ar", "Arabic page", "values-ar-phone"),
            ("/o/riverside/values?lang=cy", "Welsh page", "values-cy-phone"),
        ] {
            goto(&c, &app, path).await;
            fits_the_window(&c, what).await;
            assert_accessible(&c, what).await;
            screenshot(&c, shot).await;
        }
        goto(&c, &app, "/sign-in").await;
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        c.find(Locator::XPath("//main//button[normalize-space(.) = 'Sign in']")).await.unwrap().click().await.unwrap();
        browser_support::wait(&c).for_element(Locator::Css(".site-header__account a")).await.unwrap();
        goto(&c, &app, "/o/riverside/values/edit/translations/ar").await;
        fits_the_window(&c, "the Arabic translation page").await;
        assert_accessible(&c, "the Arabic translation page on a phone").await;
        screenshot(&c, "translation-ar-phone").await;
    })
    .await;
}

#[tokio::test]
async fn welsh_and_arabic_pages_and_the_translation_editor_pass_the_audit() {
    let app = TestApp::spawn().await;
    publish_with_translations(&app).await;
    with_browser(BrowserOptions::default(), |c| async move {
        goto(&c, &app, "/o/riverside/values").await;
        // The switcher is a list of links: follow the Welsh one.
        c.find(Locator::Css(".language-switcher a[hreflang=cy]")).await.unwrap().click().await.unwrap();
        browser_support::wait(&c).for_element(Locator::Css("html[lang=cy]")).await.unwrap();
        assert_eq!(text_of(&c, ".value__name").await, "Cynhesrwydd");
        assert_accessible(&c, "values in Welsh").await;
        screenshot(&c, "values-cy").await;

        goto(&c, &app, "/o/riverside/values?lang=ar").await;
        assert_eq!(attr(&c, "html", "dir").await.as_deref(), Some("rtl"));
        assert_eq!(text_of(&c, ".value__name").await, "الدفء");
        // Right to left: the value's name starts at the right of its box.
        let direction = c
            .execute("return getComputedStyle(document.querySelector('.value__name')).direction;", vec![])
            .await
            .unwrap();
        assert_eq!(direction, json!("rtl"));
        assert_eq!(attr(&c, "#mission-heading + .statement .fallback", "lang").await.as_deref(), Some("en-GB"));
        assert_accessible(&c, "values in Arabic").await;
        fits_the_window(&c, "the Arabic page").await;
        screenshot(&c, "values-ar").await;

        goto(&c, &app, "/sign-in").await;
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(DEMO_PASSWORD).await.unwrap();
        c.find(Locator::XPath("//main//button[normalize-space(.) = 'Sign in']")).await.unwrap().click().await.unwrap();
        browser_support::wait(&c).for_element(Locator::Css(".site-header__account a")).await.unwrap();
        goto(&c, &app, "/o/riverside/values/edit/translations").await;
        assert_accessible(&c, "translations list").await;
        goto(&c, &app, "/o/riverside/values/edit").await;
        c.find(Locator::XPath("//main//button[normalize-space(.) = 'Start a refresh']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        browser_support::wait(&c).for_element(Locator::Css("#statements")).await.unwrap();
        goto(&c, &app, "/o/riverside/values/edit/translations/ar").await;
        assert_eq!(attr(&c, "#v-warmth-name", "dir").await.as_deref(), Some("rtl"));
        assert_accessible(&c, "Arabic translation form").await;
        let field = find(&c, "#v-warmth-c-0").await;
        field.send_keys("نتعلم اسم كل شخص").await.unwrap();
        c.find(Locator::XPath("//main//button[normalize-space(.) = 'Save the Arabic translation']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        browser_support::wait(&c).for_element(Locator::Css(".notice")).await.unwrap();
        assert!(text_of(&c, ".notice").await.contains("Saved the Arabic translation"));
        assert_eq!(attr(&c, "#v-warmth-c-0", "value").await.as_deref(), Some("نتعلم اسم كل شخص"));
        assert_accessible(&c, "Arabic translation form after saving").await;
        screenshot(&c, "translation-ar").await;
    })
    .await;
}
