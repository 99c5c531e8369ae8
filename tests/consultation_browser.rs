//! The survey in a real browser: a respondent who uses only the keyboard
//! marks three words to keep and two to remove, with JavaScript and
//! without; the survey and results pages pass the accessibility audit.

mod browser_support;
mod common;

use browser_support::{BrowserOptions, assert_accessible, find, find_xpath, press, screenshot, with_browser};
use common::consultations::{Settings, add_questions, create_consultation, publish, respond_by_api};
use common::{Api, TestApp};
use fantoccini::Client;
use fantoccini::key::Key;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// An open consultation with one keep/remove question and a group question.
async fn open_consultation(app: &TestApp) -> i64 {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let settings = Settings { closes_in_hours: 24, visibility: "public_while_open", ..Settings::open("Words to keep") };
    let id = create_consultation(&mut editor, &settings).await;
    let words = [
        ("kind", "words"),
        ("prompt", "Keep or remove each word"),
        ("source", "pasted"),
        ("text", "Kind, open, brave, honest and fair – together."),
    ];
    add_questions(&mut editor, id, &[&words, &[("kind", "group"), ("prompt", "Who are you?")]]).await;
    publish(&mut editor, id).await;
    id
}

async fn active_name(c: &Client) -> String {
    let v = c
        .execute(
            "return document.activeElement ? (document.activeElement.name || document.activeElement.tagName) : '';",
            vec![],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

/// Tabs until the element named `name` has focus.
async fn tab_to(c: &Client, name: &str) {
    for _ in 0..40 {
        if active_name(c).await == name {
            return;
        }
        press(c, Key::Tab).await;
    }
    panic!("Tab never reached {name}; focus is on {}", active_name(c).await);
}

/// Marks words 0–2 keep and 3–4 remove with the keyboard, and sends.
async fn answer_with_keyboard(c: &Client, app: &TestApp, id: i64) {
    c.goto(&format!("{}/o/riverside/c/{id}", app.url)).await.unwrap();
    find(c, "form.survey").await;
    tab_to(c, "q1-w0").await;
    for word in 0..5 {
        assert_eq!(active_name(c).await, format!("q1-w{word}"), "one Tab stop per word");
        press(c, Key::Right).await;
        if word >= 3 {
            press(c, Key::Right).await;
        }
        press(c, Key::Tab).await;
    }
}

async fn submit_with_keyboard(c: &Client) {
    for _ in 0..20 {
        let tag = c
            .execute("return document.activeElement.tagName + ':' + (document.activeElement.type || '');", vec![])
            .await
            .unwrap();
        if tag == "BUTTON:submit" {
            press(c, Key::Enter).await;
            find_xpath(c, "//*[contains(., 'your response is saved')]").await;
            return;
        }
        press(c, Key::Tab).await;
    }
    panic!("Tab never reached the send button");
}

async fn word_figures(app: &TestApp, id: i64) -> Vec<(String, u64, u64)> {
    let results = Api::new(app, None).get(&format!("/api/v1/consultations/{id}/results")).await.json();
    results["questions"][0]["figures"]["words"]["value"]
        .as_array()
        .map(|words| {
            words
                .iter()
                .map(|w| {
                    (w["text"].as_str().unwrap().to_owned(), w["keep"].as_u64().unwrap(), w["remove"].as_u64().unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn stored_marks(app: &TestApp, id: i64) -> Vec<String> {
    let sql = "SELECT a.answer FROM consultation_answers a JOIN consultation_responses r ON r.id = a.response_id \
               WHERE r.consultation_id = $1 AND a.question_key = 'q1'";
    ethos::on_db!(&app.db, pool => sqlx::query_scalar::<_, String>(sql).bind(id).fetch_all(pool).await.unwrap())
}

#[tokio::test]
async fn a_keyboard_respondent_keeps_three_words_and_removes_two_with_javascript() {
    let app = TestApp::spawn().await;
    let id = open_consultation(&app).await;
    with_browser(BrowserOptions::default(), |c| async move {
        c.goto(&format!("{}/o/riverside/c/{id}", app.url)).await.unwrap();
        assert_accessible(&c, "survey").await;
        answer_with_keyboard(&c, &app, id).await;
        let counts = find(&c, "[data-word-counts]").await.text().await.unwrap();
        assert_eq!(counts, "3 kept, 2 removed");
        // Progress survives a reload before sending.
        c.refresh().await.unwrap();
        find(&c, "form.survey").await;
        let kept = c
            .execute("return document.querySelectorAll('.word__input[value=keep]:checked').length;", vec![])
            .await
            .unwrap();
        assert_eq!(kept, Value::from(3), "the marks are kept on reload");
        assert_eq!(find(&c, "[data-word-counts]").await.text().await.unwrap(), "3 kept, 2 removed");
        submit_with_keyboard(&c).await;
        assert_eq!(
            stored_marks(&app, id).await,
            [r#"{"marks":{"0":"keep","1":"keep","2":"keep","3":"remove","4":"remove"}}"#]
        );
        c.goto(&format!("{}/o/riverside/c/{id}/results", app.url)).await.unwrap();
        find(&c, "h1").await;
        assert_accessible(&c, "results").await;
    })
    .await;
}

#[tokio::test]
async fn a_keyboard_respondent_does_the_same_with_javascript_off() {
    let app = TestApp::spawn().await;
    let id = open_consultation(&app).await;
    let app_ref = &app;
    with_browser(BrowserOptions::without_javascript(), |c| async move {
        let app = app_ref;
        answer_with_keyboard(&c, app, id).await;
        let ran = c.execute("return document.documentElement.classList.contains('js');", vec![]).await.unwrap();
        assert_eq!(ran, Value::Bool(false), "the page's script did not run");
        submit_with_keyboard(&c).await;
        let kept = c
            .execute("return document.querySelectorAll('.word__input[value=keep]:checked').length;", vec![])
            .await
            .unwrap();
        assert_eq!(kept, Value::from(3), "the saved answer is shown again");
        let counter = find(&c, "[data-word-counts]").await;
        assert!(
            !counter.is_displayed().await.unwrap(),
            "without the script no count is shown, rather than a stale one"
        );
        assert_eq!(stored_marks(app, id).await.len(), 1);
    })
    .await;
    // Five figures pass the threshold only with five respondents; one is suppressed.
    assert!(word_figures(&app, id).await.is_empty());
}

#[tokio::test]
async fn the_survey_and_results_fit_a_phone_and_pass_the_audit_there() {
    let app = TestApp::spawn().await;
    let id = open_consultation(&app).await;
    // Enough responses that the results show every figure, chart and colour.
    for i in 0..8 {
        let mark = ["keep", "remove"][i % 2];
        let answers = json!({"q1": {"marks": {"0": "keep", "1": mark, "2": "remove"}}, "q2": {"choices": [i % 3]}});
        respond_by_api(&app, id, answers).await;
    }
    with_browser(BrowserOptions::phone(), |c| async move {
        for path in [format!("/o/riverside/c/{id}"), format!("/o/riverside/c/{id}/results")] {
            c.goto(&format!("{}{path}", app.url)).await.unwrap();
            find(&c, "h1").await;
            if path.ends_with("results") {
                find(&c, ".heatmap .heat--6").await;
                find(&c, ".chart svg").await;
            }
            assert_accessible(&c, &path).await;
            let overflow = c
                .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
                .await
                .unwrap();
            assert_eq!(overflow, Value::from(0), "{path} scrolls sideways on a phone");
        }
        // With the script, every word is itself a target of at least 24 px square.
        c.goto(&format!("{}/o/riverside/c/{id}", app.url)).await.unwrap();
        find(&c, ".word__text").await;
        let smallest = c
            .execute(
                "return Array.from(document.querySelectorAll('.word__text')).map(function (e) { \
                 var r = e.getBoundingClientRect(); return Math.min(r.width, r.height); }) \
                 .reduce(function (a, b) { return Math.min(a, b); }, 1e9);",
                vec![],
            )
            .await
            .unwrap();
        assert!(smallest.as_f64().unwrap() >= 24.0, "the smallest word is {smallest} px");
    })
    .await;
}

#[tokio::test]
async fn the_editors_pages_pass_the_audit() {
    let app = TestApp::spawn().await;
    let id = open_consultation(&app).await;
    with_browser(BrowserOptions::default(), |c| async move {
        c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(common::DEMO_PASSWORD).await.unwrap();
        find(&c, "#password").await.send_keys("\u{E007}").await.unwrap();
        find_xpath(&c, "//a[contains(., 'your account')]").await;
        for path in [
            "/o/riverside/consultations".to_owned(),
            format!("/o/riverside/consultations/{id}"),
            format!("/o/riverside/c/{id}/plan"),
            format!("/o/riverside/c/{id}/you-said-we-did"),
            format!("/o/riverside/consultations/{id}/questions/q1"),
        ] {
            c.goto(&format!("{}{path}", app.url)).await.unwrap();
            find(&c, "h1").await;
            assert_accessible(&c, &path).await;
        }
        // The question's edit page with a refused change on it: one word
        // cannot be joined into a phrase.
        find(&c, "label[for=w0]").await.click().await.unwrap();
        find(&c, "button[value=join]").await.click().await.unwrap();
        find(&c, "#words-error").await;
        assert_accessible(&c, "the question's edit page with an error").await;
        screenshot(&c, "question-edit").await;
    })
    .await;
}

#[tokio::test]
async fn the_themes_page_and_the_tagging_controls_pass_the_audit() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let settings =
        Settings { closes_in_hours: 24, audiences: "Staff\nVisitor", ..Settings::open("What should change") };
    let id = create_consultation(&mut editor, &settings).await;
    add_questions(&mut editor, id, &[&[("kind", "text"), ("prompt", "Tell us more")]]).await;
    publish(&mut editor, id).await;
    for text in ["Shorter waits at reception", "Waits at reception are long", "Friendly reception staff", "Clear signs"]
    {
        respond_by_api(&app, id, json!({"q1": {"text": text}})).await;
    }
    let page = editor.get(&format!("/o/riverside/c/{id}/themes")).await;
    let phrase = page.attr("input[name=phrase]", "value").expect("a suggestion");
    let promoted = editor
        .post(&format!("/o/riverside/consultations/{id}/themes/promote"), &[("question", "q1"), ("phrase", &phrase)])
        .await;
    assert_eq!(promoted.status, StatusCode::SEE_OTHER, "{}", promoted.text);
    with_browser(BrowserOptions::default(), |c| async move {
        c.goto(&format!("{}/sign-in", app.url)).await.unwrap();
        find(&c, "#email").await.send_keys("editor@riverside.example").await.unwrap();
        find(&c, "#password").await.send_keys(common::DEMO_PASSWORD).await.unwrap();
        find(&c, "#password").await.send_keys("\u{E007}").await.unwrap();
        find_xpath(&c, "//a[contains(., 'your account')]").await;
        for (path, marker) in [
            (format!("/o/riverside/c/{id}/themes"), ".theme__name"),
            (format!("/o/riverside/c/{id}/results"), "select[name=theme]"),
        ] {
            c.goto(&format!("{}{path}", app.url)).await.unwrap();
            find(&c, marker).await;
            assert_accessible(&c, &path).await;
        }
    })
    .await;
}
