//! The public pages, caching, settings, logos, operations endpoints and the
//! protections every response carries.

mod common;

use common::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn the_home_page_lists_organisations_by_kind() {
    let app = TestApp::spawn().await;
    let page = app.visitor().get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("main h2"), vec!["National bodies", "Partnerships", "Trusts and care providers"]);
    assert_eq!(page.texts("h1").len(), 1, "one h1 per page");
    assert_eq!(page.text_of(".skip-link"), "Skip to main content");
}

#[tokio::test]
async fn an_organisation_page_shows_who_it_groups_and_belongs_to() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let page = visitor.get("/o/river-north").await;
    assert_eq!(page.text_of(".caption"), "Partnership");
    assert_eq!(page.texts("main h2"), vec!["Member organisations", "Part of"]);
    assert_eq!(
        page.texts(".list li"),
        vec![
            "Northgate Mental Health NHS Foundation Trust",
            "Riverside Community Health NHS Trust",
            "National Values Network"
        ]
    );
    let page = visitor.get("/o/values-network").await;
    assert_eq!(page.text_of("h2"), "Organisations taking part in our campaigns");
    assert_eq!(page.texts(".list li").len(), 3);
}

#[tokio::test]
async fn an_unknown_organisation_is_a_clear_404() {
    let app = TestApp::spawn().await;
    let page = app.visitor().get("/o/no-such-trust").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(page.text_of("h1"), "Page not found");
    assert_eq!(app.visitor().get("/nowhere").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_public_page_revalidates_with_its_etag_and_shows_changes_at_once() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let page = visitor.get("/o/riverside").await;
    let etag = page.headers["etag"].to_str().unwrap().to_owned();
    assert_eq!(page.headers["cache-control"], "public, no-cache");
    let again =
        visitor.client.get(format!("{}/o/riverside", app.url)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    let mut owner = app.signed_in("owner@riverside.example").await;
    let saved = owner
        .post(
            "/o/riverside/settings",
            &[
                ("name", "Riverside Community Health NHS Trust"),
                ("summary", "Nurses and therapists at home."),
                ("revision", "1"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let changed =
        visitor.client.get(format!("{}/o/riverside", app.url)).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert!(changed.text().await.unwrap().contains("Nurses and therapists at home."));
}

#[tokio::test]
async fn two_owners_saving_the_same_settings_lose_nothing() {
    let app = TestApp::spawn().await;
    let mut first = app.signed_in("owner@riverside.example").await;
    let mut second = app.signed_in("owner@riverside.example").await;
    let form = first.get("/o/riverside/settings").await;
    let revision = form.attr("input[name=revision]", "value").unwrap();
    let saved = first
        .post(
            "/o/riverside/settings",
            &[("name", "Riverside Health"), ("summary", "First edit"), ("revision", &revision)],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let clash = second
        .post(
            "/o/riverside/settings",
            &[("name", "Riverside Care"), ("summary", "Second edit"), ("revision", &revision)],
        )
        .await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    assert!(clash.text_of(".error-summary").contains("Someone else saved these settings"));
    assert_eq!(clash.attr("#name", "value").as_deref(), Some("Riverside Health"));
    assert!(clash.text_of(".unsaved").contains("Second edit"));
}

#[tokio::test]
async fn html_typed_into_a_field_is_shown_as_text() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let saved = owner
        .post(
            "/o/riverside/settings",
            &[("name", "Riverside <script>alert(1)</script>"), ("summary", "<b>bold</b>"), ("revision", "1")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = app.visitor().get("/o/riverside").await;
    assert_eq!(page.text_of("h1"), "Riverside <script>alert(1)</script>");
    assert!(!page.text.contains("<script>alert"));
    assert!(!page.has("main b"));
}

#[tokio::test]
async fn a_partnership_owner_chooses_its_members_and_a_logo() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@river-north.example").await;
    let settings = owner.get("/o/river-north/settings").await;
    let boxes = settings.texts(".checkbox__label");
    assert_eq!(boxes, vec!["Northgate Mental Health NHS Foundation Trust", "Riverside Community Health NHS Trust"]);
    let northgate = settings.attr("input[name=org][id^=org-]", "value").unwrap();
    let saved = owner.post("/o/river-north/settings/links", &[("org", &northgate)]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = app.visitor().get("/o/river-north").await;
    assert_eq!(page.texts("h2 + .list li")[0], "Northgate Mental Health NHS Foundation Trust");
    assert_eq!(page.texts(".list li").len(), 2);

    let token = owner.csrf().await;
    let png = b"\x89PNG\r\n\x1a\n0000".to_vec();
    let upload = |bytes: Vec<u8>| {
        let form =
            reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(bytes).file_name("logo.png"));
        owner.client.post(format!("{}/o/river-north/settings/logo?csrf_token={token}", app.url)).multipart(form).send()
    };
    let refused = upload(b"<svg onload='alert(1)'></svg>".to_vec()).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(refused.text().await.unwrap().contains("The logo must be a PNG, JPEG or WebP image."));
    assert_eq!(upload(png.clone()).await.unwrap().status(), StatusCode::SEE_OTHER);
    let logo = app.visitor().client.get(format!("{}/o/river-north/logo", app.url)).send().await.unwrap();
    assert_eq!(logo.headers()["content-type"], "image/png");
    assert_eq!(logo.bytes().await.unwrap().to_vec(), png);
    let page = app.visitor().get("/o/river-north").await;
    assert_eq!(page.attr(".site-header__logo", "src").as_deref(), Some("/o/river-north/logo"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    // The second "/o/riverside" is answered from the public page cache.
    for path in ["/", "/o/riverside", "/o/riverside", "/sign-in", "/nowhere", "/api/v1/orgs"] {
        let page = app.visitor().get(path).await;
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(page.headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(page.headers["referrer-policy"], "same-origin", "{path}");
    }
    let page = app.visitor().get("/sign-in").await;
    let cookie = page.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(!page.text.contains("<script>"), "no inline script");
}

#[tokio::test]
async fn an_oversized_or_malformed_form_is_refused_clearly() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let huge = "x".repeat(3 * 1024 * 1024);
    let page = owner.post("/o/riverside/settings", &[("name", &huge)]).await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(page.text_of("h1"), "Too much sent at once");
    let long = "y".repeat(1500);
    let page =
        owner.post("/o/riverside/settings", &[("name", "Riverside"), ("summary", &long), ("revision", "1")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.text_of(".error-summary a"), "The summary must be 1,000 characters or fewer");
    assert_eq!(page.text_of("#summary"), long, "what was typed is kept");
    let page = owner.post("/o/riverside/settings", &[("name", "Riverside"), ("revision", "not a number")]).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.visitor().get("/o/riverside").await.text_of("h1"), "Riverside Community Health NHS Trust");
}

#[tokio::test]
async fn health_readiness_and_metrics_answer_for_operators() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    assert_eq!(visitor.get("/healthz").await.text, "ok\n");
    let ready = visitor.get("/readyz").await;
    assert_eq!((ready.status, ready.text.as_str()), (StatusCode::OK, "ready\n"));
    // The first view renders the page; the second is answered from the public
    // page cache before routing, so it is counted apart.
    visitor.get("/o/riverside").await;
    visitor.get("/o/riverside").await;
    let metrics = visitor.get("/metrics").await;
    assert!(metrics.text.contains("# TYPE ethos_http_requests counter"));
    assert!(
        metrics.text.contains(r#"ethos_http_requests_total{method="GET",route="/o/{slug}",status="200"} 1"#),
        "{}",
        metrics.text
    );
    assert!(metrics.text.contains("ethos_http_request_duration_seconds_bucket"));
    assert!(metrics.text.contains("ethos_public_cache_hits_total 1\n"), "{}", metrics.text);
}
