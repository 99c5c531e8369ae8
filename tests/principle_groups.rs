//! Principles are edited as groups, each with its own heading field, not
//! by typing a marker in front of a line.

mod common;

use common::TestApp;
use reqwest::StatusCode;

#[tokio::test]
async fn an_editor_writes_principles_in_named_groups_and_the_public_page_shows_them() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    editor.post("/o/riverside/values/edit/start", &[]).await;
    let edit = editor.get("/o/riverside/values/edit").await;
    assert!(!edit.text.contains("##"), "no marker syntax is asked for");
    let legends = edit.texts("form[action$='/edit/principles'] legend");
    assert_eq!(legends.last().map(String::as_str), Some("Add a group"), "{legends:?}");
    let revision = edit.attr("form[action$='/edit/principles'] input[name=revision]", "value").unwrap();

    let saved = editor
        .post(
            "/o/riverside/values/edit/principles",
            &[
                ("revision", &revision),
                ("heading-0", "How we decide"),
                ("items-0", "Listen before we choose\nDecide with the people affected\n"),
                ("heading-1", ""),
                ("items-1", "Say what we learned"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);

    let edit = editor.get("/o/riverside/values/edit").await;
    assert_eq!(edit.attr("#heading-0", "value").as_deref(), Some("How we decide"));
    assert_eq!(edit.text_of("#items-0"), "Listen before we choose Decide with the people affected");
    assert_eq!(edit.text_of("#items-1"), "Say what we learned");
    assert_eq!(edit.attr("#heading-2", "value").as_deref(), Some(""), "a third, empty group to add");
    assert_eq!(
        edit.texts("form[action$='/edit/principles'] legend"),
        ["Group 1: How we decide", "Group 2", "Add a group"]
    );

    let draft = editor.get("/o/riverside/values/draft").await;
    let section = draft.text_of("section[aria-labelledby=principles-heading]");
    assert!(section.contains("How we decide"), "{section}");
    assert!(section.contains("Say what we learned"), "{section}");

    // Clearing the first group removes it; the second stays.
    let revision = edit.attr("form[action$='/edit/principles'] input[name=revision]", "value").unwrap();
    let cleared = editor
        .post(
            "/o/riverside/values/edit/principles",
            &[
                ("revision", &revision),
                ("heading-0", " "),
                ("items-0", ""),
                ("heading-1", ""),
                ("items-1", "Say what we learned"),
            ],
        )
        .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER);
    let draft = editor.get("/o/riverside/values/draft").await;
    assert!(!draft.text.contains("How we decide"));
    assert!(draft.text_of("section[aria-labelledby=principles-heading]").contains("Say what we learned"));
}

#[tokio::test]
async fn a_heading_too_long_is_refused_beside_its_own_field_and_what_was_typed_stays() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    editor.post("/o/riverside/values/edit/start", &[]).await;
    let edit = editor.get("/o/riverside/values/edit").await;
    let revision = edit.attr("form[action$='/edit/principles'] input[name=revision]", "value").unwrap();
    let long = "a".repeat(700);
    let page = editor
        .post(
            "/o/riverside/values/edit/principles",
            &[
                ("revision", &revision),
                ("heading-0", ""),
                ("items-0", "Fine"),
                ("heading-1", &long),
                ("items-1", "Also fine"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.attr(".error-summary a", "href").as_deref(), Some("#heading-1"));
    assert!(page.text_of(".error-summary").contains("700 characters"));
    assert_eq!(page.attr("#heading-1", "value").as_deref(), Some(long.as_str()), "the long heading is kept to fix");
    assert_eq!(page.text_of("#items-0"), "Fine");
}

#[tokio::test]
async fn saving_over_someone_elses_newer_principles_shows_both() {
    let app = TestApp::spawn().await;
    let mut first = app.signed_in("editor@riverside.example").await;
    let mut second = app.signed_in("owner@riverside.example").await;
    first.post("/o/riverside/values/edit/start", &[]).await;
    let edit = first.get("/o/riverside/values/edit").await;
    let revision = edit.attr("form[action$='/edit/principles'] input[name=revision]", "value").unwrap();
    let ok = second
        .post("/o/riverside/values/edit/principles", &[("revision", &revision), ("items-0", "Theirs first")])
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let late =
        first.post("/o/riverside/values/edit/principles", &[("revision", &revision), ("items-0", "Mine second")]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert!(late.text.contains("Theirs first") && late.text.contains("Mine second"));
}
