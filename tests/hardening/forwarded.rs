//! Behind a trusted proxy, rate limits count the address the proxy added
//! to `X-Forwarded-For`, not an entry the client wrote in front of it.

use reqwest::StatusCode;
use serde_json::json;

use crate::common::TestApp;
use crate::common::consultations::{Settings, add_questions, create_consultation, publish};

/// A client that invents a new first `X-Forwarded-For` entry for each
/// request, behind one proxy that appends the real address.
fn spoofed_header(attempt: usize) -> String {
    format!("10.9.{}.{}, 198.51.100.23", attempt / 250, attempt % 250 + 1)
}

#[tokio::test]
async fn sign_in_attempts_are_limited_even_when_the_client_invents_its_first_forwarded_address() {
    let app = TestApp::spawn_with(|c| {
        c.trust_proxy = true;
        c.sign_in_per_address = 3;
        c.sign_in_per_account = 1000;
    })
    .await;
    let mut visitor = app.visitor();
    let token = visitor.csrf().await;
    let mut statuses = Vec::new();
    for attempt in 0..6 {
        let sent = visitor
            .client
            .post(format!("{}/sign-in", app.url))
            .header("x-forwarded-for", spoofed_header(attempt))
            .form(&[("email", "board@riverside.example"), ("password", "not the password"), ("csrf_token", &token)])
            .send()
            .await
            .unwrap();
        statuses.push(sent.status());
    }
    assert_eq!(&statuses[..3], &[StatusCode::UNAUTHORIZED; 3]);
    assert_eq!(&statuses[3..], &[StatusCode::TOO_MANY_REQUESTS; 3]);
}

#[tokio::test]
async fn responses_are_limited_even_when_the_client_invents_its_first_forwarded_address() {
    let app = TestApp::spawn_with(|c| {
        c.trust_proxy = true;
        c.responses_per_address = 2;
    })
    .await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("Does this fit?")).await;
    add_questions(&mut editor, id, &[&[("kind", "one"), ("prompt", "Do the values fit?"), ("options", "Yes\nNo")]])
        .await;
    publish(&mut editor, id).await;

    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for attempt in 0..5 {
        let sent = client
            .post(format!("{}/api/v1/consultations/{id}/responses", app.url))
            .header("x-forwarded-for", spoofed_header(attempt))
            .json(&json!({"answers": {"q1": {"choices": [0]}}}))
            .send()
            .await
            .unwrap();
        statuses.push(sent.status());
    }
    assert_eq!(&statuses[..2], &[StatusCode::CREATED; 2]);
    assert_eq!(&statuses[2..], &[StatusCode::TOO_MANY_REQUESTS; 3]);
}

#[tokio::test]
async fn two_trusted_proxies_count_the_address_second_from_the_right() {
    let app = TestApp::spawn_with(|c| {
        c.trust_proxy = true;
        c.trust_proxy_hops = 2;
        c.sign_in_per_address = 2;
    })
    .await;
    let mut visitor = app.visitor();
    let token = visitor.csrf().await;
    let attempt = |client_address: &'static str, inner_proxy: &'static str| {
        let request = visitor
            .client
            .post(format!("{}/sign-in", app.url))
            .header("x-forwarded-for", format!("6.6.6.6, {client_address}, {inner_proxy}"))
            .form(&[("email", "nobody@riverside.example"), ("password", "not the password"), ("csrf_token", &token)]);
        async move { request.send().await.unwrap().status() }
    };
    // The same client through different inner proxy addresses is one client.
    assert_eq!(attempt("198.51.100.23", "10.0.0.1").await, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt("198.51.100.23", "10.0.0.2").await, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt("198.51.100.23", "10.0.0.3").await, StatusCode::TOO_MANY_REQUESTS);
    // Another client behind the same proxies is not held back.
    assert_eq!(attempt("198.51.100.99", "10.0.0.1").await, StatusCode::UNAUTHORIZED);
}
