//! Every page ends with an accessibility statement, a privacy notice and,
//! when an organisation gives them, its contact details: its own links when
//! its owners set them, Ethos's statement and notice when not.

mod common;

use common::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn pages_point_to_ethos_statement_and_notice_until_an_organisation_sets_its_own() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    let page = visitor.get("/o/riverside").await;
    assert_eq!(page.attr("footer a[href='/accessibility']", "href").as_deref(), Some("/accessibility"));
    assert!(page.texts("footer a").contains(&"Privacy notice".to_owned()), "{:?}", page.texts("footer a"));
    assert!(!page.text_of("footer").contains("Email"), "no contact until one is given");

    let statement = visitor.get("/accessibility").await;
    assert_eq!(statement.status, StatusCode::OK);
    assert_eq!(statement.text_of("h1"), "Accessibility statement");
    assert!(statement.text_of("main").contains("WCAG"));
    let notice = visitor.get("/privacy").await;
    assert_eq!(notice.text_of("h1"), "Privacy notice");
    assert!(notice.text_of("main").contains("IP address"));
}

#[tokio::test]
async fn an_owner_sets_the_links_and_every_page_of_the_organisation_shows_them() {
    let app = TestApp::spawn().await;
    let visitor = app.visitor();
    // A cached copy of the public page exists before the change.
    assert_eq!(visitor.get("/o/riverside").await.status, StatusCode::OK);

    let mut owner = app.signed_in("owner@riverside.example").await;
    let saved = owner
        .post(
            "/o/riverside/settings/footer",
            &[
                ("accessibility_url", " https://riverside.example.nhs.uk/accessibility "),
                ("privacy_url", "https://riverside.example.nhs.uk/privacy"),
                ("contact_email", "values@riverside.example.nhs.uk"),
                ("contact_phone", "0300 555 0101"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);

    for path in ["/o/riverside", "/o/riverside/values/request"] {
        let page = visitor.get(path).await;
        let links = page.texts("footer a");
        assert!(
            page.has("footer a[href='https://riverside.example.nhs.uk/accessibility']"),
            "{path}: the trust's statement, trimmed: {links:?}"
        );
        assert!(page.has("footer a[href='https://riverside.example.nhs.uk/privacy']"), "{path}");
        assert!(page.has("footer a[href='mailto:values@riverside.example.nhs.uk']"), "{path}");
        assert!(page.has("footer a[href='tel:03005550101']"), "{path}: {links:?}");
        assert!(page.text_of("footer").contains("Phone Riverside Community Health NHS Trust: 0300 555 0101"));
    }
    // Another trust's pages keep Ethos's own.
    let other = visitor.get("/o/northgate").await;
    assert!(other.has("footer a[href='/accessibility']"));
    assert!(!other.text.contains("riverside.example.nhs.uk"));

    let audit = owner.get("/o/riverside/audit").await;
    assert!(audit.text_of("main").contains("Changed the accessibility, privacy and contact links"));
}

#[tokio::test]
async fn a_bad_link_is_refused_with_its_reason_and_the_saved_links_stay() {
    let app = TestApp::spawn().await;
    let mut owner = app.signed_in("owner@riverside.example").await;
    let good = [("accessibility_url", "https://riverside.example.nhs.uk/a"), ("contact_phone", "0300 555 0101")];
    assert_eq!(owner.post("/o/riverside/settings/footer", &good).await.status, StatusCode::SEE_OTHER);

    let bad = owner
        .post(
            "/o/riverside/settings/footer",
            &[
                ("accessibility_url", "javascript:alert(1)"),
                ("contact_email", "not an address"),
                ("contact_phone", "ring us"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let summary = bad.texts(".error-summary a");
    assert_eq!(summary.len(), 3, "{summary:?}");
    assert!(summary[0].contains("starting with https://"), "{summary:?}");
    assert_eq!(bad.attr("#accessibility_url", "value").as_deref(), Some("javascript:alert(1)"), "what was typed stays");
    assert!(!bad.has("footer a[href^='javascript']"), "never offered as a link");

    let page = app.visitor().get("/o/riverside").await;
    assert!(page.has("footer a[href='https://riverside.example.nhs.uk/a']"), "the saved link stays");
    assert!(page.has("footer a[href='tel:03005550101']"));
}

#[tokio::test]
async fn only_owners_change_the_links() {
    let app = TestApp::spawn().await;
    for who in ["editor@riverside.example", "staff@riverside.example"] {
        let mut person = app.signed_in(who).await;
        assert_eq!(person.get("/o/riverside/settings/footer").await.status, StatusCode::FORBIDDEN, "{who}");
        let page = person.post("/o/riverside/settings/footer", &[("accessibility_url", "https://spy.example/")]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{who}");
    }
    let anonymous = app.visitor().get("/o/riverside/settings/footer").await;
    assert!(anonymous.location().starts_with("/sign-in"), "{}", anonymous.status);
    assert!(!app.visitor().get("/o/riverside").await.text.contains("spy.example"));
}
