//! Error pages know who is looking: someone signed in sees their name and
//! the sign-out button there, as on every other page; a visitor sees "Sign in".

mod common;

use common::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn a_signed_in_person_meets_a_missing_page_and_a_refusal_still_signed_in() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in("owner@riverside.example").await;

    let missing = owner.get("/o/no-such-trust").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.text_of("h1"), "Page not found");
    assert_eq!(missing.text_of(".site-header__account a"), "Grace Okafor – your account");
    assert_eq!(missing.text_of(".site-header__account button"), "Sign out");
    let token = missing.attr(".site-header__account input[name=csrf_token]", "value").unwrap_or_default();
    assert!(!token.is_empty(), "the sign-out form carries its token");

    // An unknown address (the router's fallback) too.
    let unknown = owner.get("/nowhere/at/all").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.text_of(".site-header__account a"), "Grace Okafor – your account");

    let outsider = app.signed_in("editor@northgate.example").await;
    let refused = outsider.get("/o/riverside/home").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.text_of("h1"), "You cannot do that");
    assert_eq!(refused.text_of(".site-header__account a"), "Ffion Jones – your account");
    assert!(refused.text_of(".lede").contains("You do not have permission"));
}

#[tokio::test]
async fn a_visitor_meets_the_same_page_with_a_sign_in_link() {
    let app = TestApp::spawn().await;
    let missing = app.visitor().get("/o/no-such-trust").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.text_of("h1"), "Page not found");
    assert_eq!(missing.text_of(".site-header__account a"), "Sign in");
}
