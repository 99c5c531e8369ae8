//! Public pages describe themselves for search results and for the preview
//! a shared link gets (meta description and Open Graph); pages nobody
//! shares (an account, a form behind sign-in) carry no preview.

mod common;

use common::TestApp;
use reqwest::StatusCode;

fn preview(page: &common::Page) -> (Option<String>, Option<String>, Option<String>, Option<String>) {
    (
        page.attr("meta[name=description]", "content"),
        page.attr("meta[property='og:title']", "content"),
        page.attr("meta[property='og:url']", "content"),
        page.attr("meta[property='og:description']", "content"),
    )
}

#[tokio::test]
async fn the_organisation_its_values_and_its_consultation_each_describe_themselves_for_a_shared_link() {
    let app = TestApp::spawn_with_demo().await;
    let visitor = app.visitor();

    let home = visitor.get("/o/riverside").await;
    assert_eq!(home.status, StatusCode::OK);
    let (description, title, url, og_description) = preview(&home);
    let description = description.expect("the organisation page has a description");
    assert!(!description.is_empty() && description.chars().count() <= 201, "{description}");
    assert_eq!(og_description.as_deref(), Some(description.as_str()));
    assert_eq!(title.as_deref(), Some("Riverside Community Health NHS Trust"));
    assert_eq!(url, Some(format!("{}/o/riverside", app.url)));

    let values = visitor.get("/o/riverside/values").await;
    assert_eq!(values.status, StatusCode::OK);
    let (description, title, url, _) = preview(&values);
    let description = description.expect("the values page has a description");
    assert!(!description.contains('\n') && !description.is_empty(), "{description:?}");
    assert!(title.unwrap_or_default().ends_with("Riverside Community Health NHS Trust"));
    assert_eq!(url, Some(format!("{}/o/riverside/values", app.url)));
    // The cached copy served to the next visitor says the same.
    assert_eq!(preview(&visitor.get("/o/riverside/values").await).2, Some(format!("{}/o/riverside/values", app.url)));

    let org = ethos::orgs::model::by_slug(&app.db, "riverside").await.unwrap().unwrap();
    let id = ethos::consultations::store::list(&app.db, org.id).await.unwrap()[0].id;
    let survey = visitor.get(&format!("/o/riverside/c/{id}")).await;
    assert_eq!(survey.status, StatusCode::OK);
    let (description, _, url, _) = preview(&survey);
    assert!(description.is_some_and(|d| !d.is_empty()), "the consultation says what it is for");
    assert_eq!(url, Some(format!("{}/o/riverside/c/{id}", app.url)));
}

#[tokio::test]
async fn a_page_behind_sign_in_has_no_link_preview() {
    let app = TestApp::spawn_with_demo().await;
    let owner = app.signed_in("owner@riverside.example").await;
    let account = owner.get("/account").await;
    assert_eq!(account.status, StatusCode::OK);
    assert_eq!(preview(&account), (None, None, None, None));
}
