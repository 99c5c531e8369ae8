//! Every answer carries the security headers, including those given before
//! any handler runs and those from the public page cache.

use reqwest::StatusCode;

use crate::common::{Page, TestApp};

fn assert_security_headers(page: &Page, what: &str) {
    for header in ["content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy"] {
        assert!(page.headers.contains_key(header), "{what} lacks {header}: {:?}", page.headers);
    }
    assert!(page.headers["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn a_form_refused_for_its_missing_token_still_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let refused = visitor.post_raw("/sign-in", &[("email", "owner@riverside.example"), ("password", "x")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_security_headers(&refused, "the CSRF refusal");
}

#[tokio::test]
async fn a_body_too_large_and_an_unknown_page_carry_the_security_headers() {
    let app = TestApp::spawn_with(|c| c.body_limit = 1024).await;
    let visitor = app.visitor();
    let big = "x".repeat(4096);
    let refused = visitor.post_raw("/sign-in", &[("email", big.as_str())]).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_security_headers(&refused, "the 413");
    let missing = visitor.get("/no/such/page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_security_headers(&missing, "the 404");
}

#[tokio::test]
async fn a_page_answered_from_the_public_cache_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let first = app.visitor().get("/o/riverside").await;
    assert_eq!(first.status, StatusCode::OK);
    let cached = app.visitor().get("/o/riverside").await;
    assert_eq!(cached.status, StatusCode::OK);
    assert_security_headers(&cached, "the cached page");
    let metrics = app.visitor().get("/metrics").await.text;
    assert!(metrics.contains("ethos_public_cache_hits_total 1"), "the second visit came from the cache: {metrics}");
}
