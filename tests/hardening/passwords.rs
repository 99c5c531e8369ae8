//! New passwords that are common, repetitive or sequential are refused
//! with a clear message; API tokens outlive a password change (the account
//! page says so), and owners can stop a member's tokens.

use reqwest::StatusCode;

use crate::common::{Api, DEMO_PASSWORD, TestApp, make_token};

const STRONG: &str = "pebble orchard lantern";

#[tokio::test]
async fn repetitive_sequential_and_common_passwords_are_refused_with_a_clear_message() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@northgate.example").await;
    for weak in ["aaaaaaaaaaaa", "12345678901234", "password1234"] {
        let page = editor
            .post("/account/password", &[("current", DEMO_PASSWORD), ("password", weak), ("confirm", weak)])
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{weak} was accepted");
        let message = page.text_of(".error-summary a");
        assert!(message.starts_with("Choose a password that is harder to guess"), "{weak}: {message}");
        assert!(message.contains("avoid common passwords, repeated or sequential characters"), "{message}");
    }
    let mut fresh = app.visitor();
    assert_eq!(fresh.sign_in("editor@northgate.example", DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn a_token_keeps_working_after_a_password_change_and_the_account_page_says_so() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@northgate.example").await;
    let api = Api::new(&app, Some(make_token(&mut editor).await));
    let account = editor.get("/account").await;
    assert!(account.text_of("#password-and-tokens").contains("your API tokens keep working"));

    let changed = editor
        .post("/account/password", &[("current", DEMO_PASSWORD), ("password", STRONG), ("confirm", STRONG)])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text);
    let page = editor.follow(&changed).await;
    assert!(page.text_of(".notice").contains("your API tokens still work until you revoke them"));
    assert_eq!(api.get("/api/v1/me").await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_owner_revokes_every_token_of_a_member_and_the_audit_log_records_it() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let first = Api::new(&app, Some(make_token(&mut editor).await));
    let second = Api::new(&app, Some(make_token(&mut editor).await));
    let mut owner = app.signed_in("owner@riverside.example").await;
    let people = owner.get("/o/riverside/people").await;
    let buttons = people.texts("form[action$='/revoke-tokens'] button");
    assert_eq!(buttons, vec!["Revoke 2 API tokens of Dylan Price".to_owned()]);
    let action = people.attr("form[action$='/revoke-tokens']", "action").unwrap();

    // An owner of another organisation cannot.
    let mut outsider = app.signed_in("owner@northgate.example").await;
    assert_eq!(outsider.post(&action, &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(first.get("/api/v1/me").await.status, StatusCode::OK);

    let done = owner.post(&action, &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    assert!(owner.follow(&done).await.text_of(".notice").starts_with("Revoked 2 API tokens of"));
    assert_eq!(first.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(second.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    assert!(!owner.get("/o/riverside/people").await.has("form[action$='/revoke-tokens']"));

    let audit = owner.get("/o/riverside/audit").await;
    let entries = audit.texts("tbody tr");
    assert!(entries[0].contains("Revoked every API token of editor@riverside.example"), "{entries:?}");
}
