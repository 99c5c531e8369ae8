//! Destructive buttons ask "are you sure?" even when JavaScript is off: the
//! form arrives unconfirmed and Ethos answers with a page that asks, and
//! only the answer on that page does the deed.

mod common;

use common::{Page, TestApp, Visitor};
use reqwest::StatusCode;
use scraper::Selector;

/// The hidden and named fields of the first form matching `selector`, as a
/// browser without JavaScript would send them (the submit button included).
fn form_fields(page: &Page, selector: &str) -> (String, Vec<(String, String)>) {
    let html = page.html();
    let form = html
        .select(&Selector::parse(selector).unwrap())
        .next()
        .unwrap_or_else(|| panic!("no form {selector} on the page: {}", page.text));
    let action = form.value().attr("action").unwrap().to_owned();
    let fields = form
        .select(&Selector::parse("input[name], button[name]").unwrap())
        .map(|e| (e.value().attr("name").unwrap().to_owned(), e.value().attr("value").unwrap_or("").to_owned()))
        .collect();
    (action, fields)
}

async fn submit(visitor: &Visitor, action: &str, fields: &[(String, String)]) -> Page {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    visitor.post_raw(action, &pairs).await
}

#[tokio::test]
async fn removing_a_person_without_javascript_asks_first_and_only_the_answer_removes() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in("owner@riverside.example").await;
    let people = owner.get("/o/riverside/people").await;
    let staff = people.texts("tbody tr").into_iter().find(|row| row.contains("staff@riverside.example"));
    assert!(staff.is_some(), "the staff member is listed first: {:?}", people.texts("tbody tr"));

    // The row's Remove form, sent as a browser without scripts sends it.
    let html = people.html();
    let row = html
        .select(&Selector::parse("tbody tr").unwrap())
        .find(|r| r.text().collect::<String>().contains("staff@riverside.example"))
        .unwrap();
    let remove = row
        .select(&Selector::parse("form[action$='/remove']").unwrap())
        .next()
        .expect("the staff member has a Remove button")
        .value()
        .attr("action")
        .unwrap()
        .to_owned();
    let (action, fields) = form_fields(&people, &format!("form[action='{remove}']"));

    let asked = submit(&owner, &action, &fields).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    assert_eq!(asked.text_of("h1"), "Are you sure?");
    assert!(asked.text_of(".lede").starts_with("Remove "), "the question names what goes: {}", asked.text_of(".lede"));
    assert!(asked.text_of("main button").starts_with("Yes, remove"), "{}", asked.text_of("main button"));
    assert_eq!(
        asked.attr("main a[href]", "href").as_deref(),
        Some("/o/riverside"),
        "no referrer: back to the organisation"
    );
    let still = owner.get("/o/riverside/people").await;
    assert!(still.text.contains("staff@riverside.example"), "asking removed nobody");

    // Saying yes on that page removes them.
    let (action, fields) = form_fields(&asked, "main form");
    assert!(fields.iter().any(|(k, v)| k == "asked" && v == "yes"));
    let done = submit(&owner, &action, &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let after = owner.get("/o/riverside/people").await;
    assert!(!after.text.contains("staff@riverside.example"), "the answer removed them");
}

#[tokio::test]
async fn discarding_a_draft_without_javascript_asks_and_going_back_keeps_it() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let started = editor.post("/o/riverside/values/edit/start", &[]).await;
    assert!(started.status.is_redirection(), "{}", started.text);
    let edit = editor.get("/o/riverside/values/edit").await;
    let button = edit.text_of("form[action$='/values/edit/discard'] button");
    assert_eq!(button, "Discard the draft");
    assert!(edit.has("form[action$='/values/edit/discard'] button.button--warning"), "styled as a warning");

    let (action, fields) = form_fields(&edit, "form[action$='/values/edit/discard']");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let asked = editor
        .client
        .post(format!("{}{action}", editor.base))
        .header("referer", format!("{}/o/riverside/values/edit", app.url))
        .form(&pairs)
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::OK);
    let asked = Page { status: asked.status(), headers: asked.headers().clone(), text: asked.text().await.unwrap() };
    assert!(asked.text_of(".lede").contains("Discard the whole draft?"), "{}", asked.text_of("main"));
    assert_eq!(asked.attr("main a[href]", "href").as_deref(), Some("/o/riverside/values/edit"), "back where they were");
    let still = editor.get("/o/riverside/values/edit").await;
    assert!(still.has("form[action$='/values/edit/discard']"), "the draft is still there");
}

#[tokio::test]
async fn a_form_posted_straight_with_its_answer_or_without_a_question_is_not_asked() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    editor.post("/o/riverside/values/edit/start", &[]).await;
    let page = editor
        .post("/o/riverside/values/edit/discard", &[("ask_first", "Discard the whole draft?"), ("asked", "yes")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.text);
    let edit = editor.get("/o/riverside/values/edit").await;
    assert!(!edit.has("form[action$='/values/edit/discard']"), "the draft is gone");
}
