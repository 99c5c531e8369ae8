//! Many residents sending at once: every item is stored, each under its own
//! reference, the numbers run on without a gap, and every one reaches the
//! inbox — through the API and the form alike, each answered only once its
//! item is committed. Runs on the backend `ETHOS_TEST_BACKEND` names.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::feedback::send;
use common::{Api, TestApp, make_token};
use reqwest::{Method, StatusCode};
use serde_json::json;

const FEEDBACK: &str = "/api/v1/orgs/riverside/feedback";

/// A server whose per-address limit lets one test stand in for many people.
async fn spawn() -> TestApp {
    TestApp::spawn_with(|c| {
        c.feedback_min_fill = Duration::ZERO;
        c.responses_per_address = 100_000;
    })
    .await
}

/// The number in a reference like `FB-2026-00042`.
fn number(reference: &str) -> i64 {
    reference.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{reference}"))
}

#[tokio::test]
async fn two_hundred_senders_at_once_get_distinct_references_in_one_run_and_all_reach_the_inbox() {
    let app = spawn().await;
    let mut sends = Vec::new();
    for i in 0..180 {
        let api = Api::new(&app, None);
        let body = json!({ "kind": "idea", "body": format!("Idea number {i} from the crowd") });
        sends.push(tokio::spawn(async move { api.send(Method::POST, FEEDBACK, &body).await }));
    }
    for i in 0..20 {
        let mut visitor = app.visitor();
        sends.push(tokio::spawn(async move {
            let body = format!("Feedback number {i} by the form");
            send(&mut visitor, &[("kind", "feedback"), ("body", &body)]).await
        }));
    }
    let mut references = BTreeSet::new();
    let mut status_links = Vec::new();
    for sent in futures_util::future::join_all(sends).await {
        let sent = sent.unwrap();
        if sent.status == StatusCode::CREATED {
            references.insert(sent.json()["reference"].as_str().unwrap().to_owned());
        } else {
            assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
            status_links.push(sent.location());
        }
    }
    // The form's senders read their reference on their status page.
    let visitor = app.visitor();
    for link in &status_links {
        let page = visitor.get(link).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let reference = page.text.split("FB-").nth(1).map(|r| format!("FB-{}", &r[..10])).expect("a reference");
        references.insert(reference);
    }
    assert_eq!(references.len(), 200, "every sender has a reference of their own");
    let numbers: Vec<i64> = references.iter().map(|r| number(r)).collect();
    let (low, high) = (numbers.iter().min().unwrap(), numbers.iter().max().unwrap());
    assert_eq!(high - low + 1, 200, "the numbers run on without a gap: {numbers:?}");

    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(&app, Some(make_token(&mut editor).await));
    let mut listed = BTreeSet::new();
    let mut path = format!("{FEEDBACK}?limit=100");
    loop {
        let page = api.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let json = page.json();
        for item in json["items"].as_array().unwrap() {
            listed.insert(item["reference"].as_str().unwrap().to_owned());
        }
        match json["next_before"].as_i64() {
            Some(before) => path = format!("{FEEDBACK}?limit=100&before={before}"),
            None => break,
        }
    }
    assert!(references.is_subset(&listed), "every item sent is in the inbox");
}
