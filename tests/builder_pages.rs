//! The question builder's text source (the pasted-text box only when it is
//! chosen) and the question shown before it is added, and pages that use
//! no id twice.

mod common;

use common::consultations::{Settings, add_questions, create_consultation, publish, respond_by_api};
use common::{TestApp, Visitor};
use reqwest::StatusCode;
use serde_json::json;

/// An editor's open consultation with a free-text question (q1).
async fn with_a_text_question(editor: &mut Visitor, title: &str) -> i64 {
    let id = create_consultation(editor, &Settings::open(title)).await;
    add_questions(editor, id, &[&[("kind", "text"), ("prompt", "What should we do better?")]]).await;
    id
}

#[tokio::test]
async fn the_pasted_text_box_is_folded_away_unless_a_pasted_text_is_chosen() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = with_a_text_question(&mut editor, "Sources").await;

    let page = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    assert_eq!(page.attr("#source option[selected]", "value"), None, "the published values come first");
    assert!(page.has("details[data-source=pasted] #text"), "the box sits in a folded section");
    assert!(!page.has("details[data-source=pasted][open]"), "folded while the values are the text");

    // Choosing a pasted text and forgetting the text opens it, with the error.
    let refused = editor
        .post(
            &format!("/o/riverside/consultations/{id}/questions"),
            &[("kind", "words"), ("prompt", "Keep or remove"), ("source", "pasted"), ("text", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.has("details[data-source=pasted][open] #text[aria-invalid=true]"), "{}", refused.text);
}

#[tokio::test]
async fn an_editor_sees_the_text_that_will_be_asked_about_before_adding_the_question() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = with_a_text_question(&mut editor, "Preview").await;
    let path = format!("/o/riverside/consultations/{id}/questions");

    let pasted = editor
        .post(
            &path,
            &[
                ("kind", "words"),
                ("prompt", "Keep or remove"),
                ("source", "pasted"),
                ("text", "We listen and we act"),
                ("fillers", "and"),
                ("preview", "yes"),
            ],
        )
        .await;
    assert_eq!(pasted.status, StatusCode::OK, "{}", pasted.text);
    assert_eq!(pasted.text_of("#preview .preview__prompt"), "Keep or remove");
    assert_eq!(pasted.attr("#prompt", "value").as_deref(), Some("Keep or remove"), "the form stays filled");
    assert_eq!(pasted.texts("#preview .preview__word"), ["We", "listen", "and (not asked about)", "we", "act"]);
    assert_eq!(pasted.texts("#preview .preview__word--filler"), ["and (not asked about)"]);

    let manage = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    assert_eq!(manage.texts(".question-list__item strong"), ["What should we do better?"], "nothing was added");
}

/// Every `id` on the page, each once; the ids used more than once.
fn duplicate_ids(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut seen = std::collections::HashSet::new();
    let mut twice = Vec::new();
    for element in doc.select(&scraper::Selector::parse("[id]").unwrap()) {
        let id = element.value().attr("id").unwrap_or_default().to_owned();
        if !seen.insert(id.clone()) {
            twice.push(id);
        }
    }
    twice
}

#[tokio::test]
async fn no_page_of_a_consultation_uses_an_id_twice() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("Ids")).await;
    add_questions(
        &mut editor,
        id,
        &[
            &[("kind", "words"), ("prompt", "Keep or remove"), ("source", "pasted"), ("text", "We listen and act")],
            &[("kind", "text"), ("prompt", "Anything else?")],
            &[("kind", "group"), ("prompt", "Who are you?")],
        ],
    )
    .await;
    publish(&mut editor, id).await;
    respond_by_api(&app, id, json!({"q1": {"marks": {"1": "keep"}}, "q2": {"text": "More time to listen"}})).await;
    respond_by_api(&app, id, json!({"q2": {"text": "more time to listen please"}})).await;

    let owner = app.signed_in("owner@riverside.example").await;
    let pages = [
        format!("/o/riverside/consultations/{id}"),
        format!("/o/riverside/consultations/{id}/questions/q1"),
        format!("/o/riverside/c/{id}"),
        format!("/o/riverside/c/{id}/results"),
        format!("/o/riverside/c/{id}/themes"),
        format!("/o/riverside/c/{id}/plan"),
        format!("/o/riverside/c/{id}/you-said-we-did"),
        "/o/riverside/consultations".to_owned(),
        "/o/riverside/settings".to_owned(),
        "/o/riverside/audit".to_owned(),
    ];
    for path in pages {
        let page = owner.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(duplicate_ids(&page.text), Vec::<String>::new(), "ids used twice on {path}");
    }
}
