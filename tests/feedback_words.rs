//! Words in the text (`q`) on the inbox page and in the API: found in any
//! case, anywhere in a word, as the words were typed; characters that mean
//! something to a search engine or to `LIKE` are only characters; and a
//! search that finds nothing says so. Runs on the backend
//! `ETHOS_TEST_BACKEND` names (SQLite looks words up in its FTS5 index,
//! PostgreSQL in its trigram index).

mod common;

use common::feedback::spawn;
use common::{Api, TestApp, make_token};
use reqwest::{Method, StatusCode};
use serde_json::json;

const FEEDBACK: &str = "/api/v1/orgs/riverside/feedback";
const INBOX: &str = "/o/riverside/feedback/inbox";

const LOOP: &str = "The hearing loop at reception was switched off";
const PARKING: &str = "Parking at the clinic is hard after nine";
const ODD: &str = r#"A "quoted" 50% off_the price * AND NEAR(x) it's ^here -now"#;

async fn sent(app: &TestApp) {
    for body in [LOOP, PARKING, ODD] {
        let page = Api::new(app, None).send(Method::POST, FEEDBACK, &json!({ "kind": "feedback", "body": body })).await;
        assert_eq!(page.status, StatusCode::CREATED, "{}", page.text);
    }
}

/// `q` as it goes in a query string.
fn encoded(q: &str) -> String {
    q.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn words_are_found_in_any_case_and_anywhere_in_a_word_on_the_page_and_in_the_api() {
    let app = spawn().await;
    sent(&app).await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(&app, Some(make_token(&mut editor).await));

    for (q, found) in [
        ("HEARING", vec![LOOP]),
        ("hearing loop", vec![LOOP]),
        ("ring lo", vec![LOOP]),
        ("at", vec![PARKING, LOOP]),
        ("pArKiNg", vec![PARKING]),
        ("no such words", vec![]),
    ] {
        let listed = api.get(&format!("{FEEDBACK}?q={}", encoded(q))).await;
        assert_eq!(listed.status, StatusCode::OK, "{q}: {}", listed.text);
        let items = listed.json()["items"].as_array().unwrap().len();
        assert_eq!(items, found.len(), "{q} in the API");

        let page = editor.get(&format!("{INBOX}?q={}", encoded(q))).await;
        assert_eq!(page.status, StatusCode::OK, "{q}: {}", page.text);
        let lines = page.texts(".inbox-line");
        assert_eq!(lines.len(), found.len(), "{q} on the page: {lines:?}");
        for (line, body) in lines.iter().zip(&found) {
            assert!(line.contains(&body[..20]), "{q}: {line} should show {body}");
        }
        if found.is_empty() {
            assert!(page.text_of(".inbox-empty").contains("Nothing matches"), "{q}");
        }
    }
}

#[tokio::test]
async fn search_syntax_and_wildcards_are_taken_literally_and_never_fail() {
    let app = spawn().await;
    sent(&app).await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(&app, Some(make_token(&mut editor).await));

    let odd_only = [
        "\"",
        "\"quoted\"",
        "*",
        "%",
        "_",
        "'",
        "it's",
        "AND",
        "and near(",
        "NEAR(x)",
        "50%",
        "off_the",
        "^here",
        "-now",
        "e *",
        "\"quoted\" 50",
    ];
    let nowhere = ["a OR b", "hear*", "\"hearing\" AND \"loop\"", "NEAR(hearing loop)", "%%", "o_f", "50%_", "'; --"];
    for (q, expected) in odd_only.iter().map(|q| (q, 1)).chain(nowhere.iter().map(|q| (q, 0))) {
        let listed = api.get(&format!("{FEEDBACK}?q={}", encoded(q))).await;
        assert_eq!(listed.status, StatusCode::OK, "{q}: {}", listed.text);
        let items = listed.json()["items"].as_array().unwrap().clone();
        assert_eq!(items.len(), expected, "{q} in the API: {items:?}");

        let page = editor.get(&format!("{INBOX}?q={}", encoded(q))).await;
        assert_eq!(page.status, StatusCode::OK, "{q}: {}", page.text);
        let lines = page.texts(".inbox-line");
        assert_eq!(lines.len(), expected, "{q} on the page: {lines:?}");
        if expected == 1 {
            assert!(lines[0].contains("quoted"), "{q}: {lines:?}");
        }
        assert_eq!(page.attr("#q", "value").as_deref(), Some(*q), "what was typed is shown again");
    }
}
