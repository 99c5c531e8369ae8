//! Changing a keep/remove question after adding it, on the question's edit
//! page: joining words into a phrase and splitting it, filler words, the
//! number of marks and the text — and what is refused once respondents have
//! marked words.

mod common;

use common::consultations::{self, Settings, add_questions, create_consultation};
use common::{TestApp, Visitor};
use ethos::on_db;
use reqwest::StatusCode;

/// Words: We(0) offer(1) safe(2) and(3) kind(4) care(5) listen(6) well(7)
/// act(8) together(9).
const TEXT: &str = "We offer safe and kind care.\n- listen well\n- act together";

/// A consultation with one keep/remove question (q1) and a group question
/// (q2); returns its id.
async fn make(editor: &mut Visitor, publish: bool) -> i64 {
    let id = create_consultation(editor, &Settings::open("Which words carry us?")).await;
    let words = [("kind", "words"), ("prompt", "Mark the words"), ("source", "pasted"), ("text", TEXT)];
    add_questions(editor, id, &[&words, &[("kind", "group"), ("prompt", "Who are you?")]]).await;
    if publish {
        consultations::publish(editor, id).await;
    }
    id
}

fn edit_url(id: i64) -> String {
    format!("/o/riverside/consultations/{id}/questions/q1")
}

async fn change(editor: &mut Visitor, id: i64, fields: &[(&str, &str)]) -> common::Page {
    editor.post(&format!("{}/words", edit_url(id)), fields).await
}

/// The words a respondent can mark on the survey, in order.
async fn markable(visitor: &Visitor, id: i64) -> Vec<String> {
    let page = visitor.get(&format!("/o/riverside/c/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    page.html()
        .select(&scraper::Selector::parse(".word[role=radiogroup]").unwrap())
        .map(|e| e.value().attr("aria-label").unwrap_or_default().to_owned())
        .collect()
}

async fn stored_question(app: &TestApp, id: i64) -> String {
    let sql = "SELECT questions FROM consultations WHERE id = $1";
    on_db!(&app.db, pool => sqlx::query_scalar::<_, String>(sql).bind(id).fetch_one(pool).await.unwrap())
}

#[tokio::test]
async fn an_editor_joins_two_words_into_a_phrase_splits_it_back_and_makes_a_word_filler() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, false).await;

    let page = editor.get(&edit_url(id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts(".chip").len(), 10, "every word is a chip: {}", page.text);
    assert_eq!(page.text_of("label[for=w4]"), "kind");

    let joined = change(&mut editor, id, &[("action", "join"), ("word", "4"), ("word", "5")]).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.text);
    assert_eq!(
        markable(&editor, id).await,
        ["We", "offer", "safe", "and", "kind care", "listen", "well", "act", "together"]
    );
    let page = editor.get(&edit_url(id)).await;
    assert!(page.text_of("label[for=w4]").starts_with("kind care"), "{}", page.text);
    assert!(!page.has("#w5"), "the phrase is one chip");

    let split = change(&mut editor, id, &[("action", "split"), ("word", "4")]).await;
    assert_eq!(split.status, StatusCode::SEE_OTHER, "{}", split.text);
    assert_eq!(markable(&editor, id).await.len(), 10);

    let filler = change(&mut editor, id, &[("action", "filler"), ("word", "3")]).await;
    assert_eq!(filler.status, StatusCode::SEE_OTHER, "{}", filler.text);
    let survey = editor.get(&format!("/o/riverside/c/{id}")).await;
    assert!(!survey.has("input[name=q1-w3]"), "a filler word is no control on the survey");
    let shown = survey.text_of(".words");
    assert!(shown.split_whitespace().any(|w| w == "and"), "but it is still shown: {shown}");
    let page = editor.get(&edit_url(id)).await;
    assert!(page.text_of("label[for=w3]").contains("(filler)"));

    // Words that are not side by side do not join, and the page says why.
    let refused = change(&mut editor, id, &[("action", "join"), ("word", "2"), ("word", "4")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of("#words-error").contains("next to each other"), "{}", refused.text);
    assert_eq!(refused.attr("#w2", "checked").as_deref(), Some(""), "the choice is kept");

    let marks = change(&mut editor, id, &[("action", "marks"), ("min_marks", "2"), ("max_marks", "4")]).await;
    assert_eq!(marks.status, StatusCode::SEE_OTHER);
    let survey = editor.get(&format!("/o/riverside/c/{id}")).await;
    assert!(survey.text.contains("Mark between 2 and 4 words."), "{}", survey.text);
    let bad = change(&mut editor, id, &[("action", "marks"), ("min_marks", "5"), ("max_marks", "4")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text_of("#max_marks-error").contains("must not be fewer"));

    // With no responses yet, the text itself can change.
    let text = change(&mut editor, id, &[("action", "text"), ("text", "Honest and fair")]).await;
    assert_eq!(text.status, StatusCode::SEE_OTHER);
    assert_eq!(markable(&editor, id).await, ["Honest", "fair"], "the filler setting stays");

    // Every change is in the audit log, which the owner reads.
    let audit = app.signed_in("owner@riverside.example").await.get("/o/riverside/audit").await;
    for what in ["Joined “kind care” into one phrase", "Split “kind care” back into words", "Made “and” filler"]
    {
        assert!(audit.text.contains(what), "{what} in {}", audit.text);
    }
    assert!(audit.text.contains("Set the marks of “Mark the words” to 2 to 4"));
    assert!(audit.text.contains("Changed the text of “Mark the words”"));
}

#[tokio::test]
async fn once_words_are_marked_a_change_that_would_lose_marks_is_refused_and_nothing_changes() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, true).await;
    let mut respondent = app.visitor();
    let sent =
        respondent.post(&format!("/o/riverside/c/{id}"), &[("q1-w4", "keep"), ("q1-w5", "remove"), ("q2", "0")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let before = stored_question(&app, id).await;

    let page = editor.get(&edit_url(id)).await;
    assert!(page.text_of("label[for=w4]").contains("1 mark"), "{}", page.text);

    let joined = change(&mut editor, id, &[("action", "join"), ("word", "4"), ("word", "5")]).await;
    assert_eq!(joined.status, StatusCode::CONFLICT);
    let message = joined.text_of("#words-error");
    assert!(message.contains("Nothing was changed"), "{message}");
    assert!(message.contains("“kind” (1 mark)") && message.contains("“care” (1 mark)"), "{message}");

    let filler = change(&mut editor, id, &[("action", "filler"), ("word", "4")]).await;
    assert_eq!(filler.status, StatusCode::CONFLICT);
    assert!(filler.text_of("#words-error").contains("“kind” (1 mark)"));

    let text = change(&mut editor, id, &[("action", "text"), ("text", "Something else")]).await;
    assert_eq!(text.status, StatusCode::CONFLICT);
    assert!(text.text_of("#text-error").contains("cannot change once responses exist"), "{}", text.text);

    // The answer has two marks: a least of three would break it.
    let tighter = change(&mut editor, id, &[("action", "marks"), ("min_marks", "3")]).await;
    assert_eq!(tighter.status, StatusCode::CONFLICT);
    assert!(tighter.text_of("#min_marks-error").contains("1 answer with fewer than 3 marks"), "{}", tighter.text);

    assert_eq!(stored_question(&app, id).await, before, "nothing was changed");
    assert_eq!(markable(&respondent, id).await.len(), 10);

    // Harmless changes still go through: unmarked words, limits every answer meets.
    let joined = change(&mut editor, id, &[("action", "join"), ("word", "8"), ("word", "9")]).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.text);
    let limits = change(&mut editor, id, &[("action", "marks"), ("min_marks", "2"), ("max_marks", "5")]).await;
    assert_eq!(limits.status, StatusCode::SEE_OTHER, "{}", limits.text);
    assert!(markable(&respondent, id).await.contains(&"act together".to_owned()));
    let survey = respondent.get(&format!("/o/riverside/c/{id}")).await;
    assert_eq!(survey.attr("#q1-w4-k", "checked").as_deref(), Some(""), "the respondent's marks are intact");
}

#[tokio::test]
async fn only_the_organisations_editors_can_change_the_words() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, false).await;
    let before = stored_question(&app, id).await;
    let join: &[(&str, &str)] = &[("action", "join"), ("word", "4"), ("word", "5")];

    let mut other = app.signed_in("editor@northgate.example").await;
    assert_eq!(other.get(&edit_url(id)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(change(&mut other, id, join).await.status, StatusCode::NOT_FOUND);
    // Their own organisation's address does not reach it either.
    let theirs = format!("/o/northgate/consultations/{id}/questions/q1");
    assert_eq!(other.get(&theirs).await.status, StatusCode::NOT_FOUND);

    for email in ["staff@riverside.example", "board@riverside.example"] {
        let mut reader = app.signed_in(email).await;
        assert_eq!(reader.get(&edit_url(id)).await.status, StatusCode::FORBIDDEN, "{email}");
        assert_eq!(change(&mut reader, id, join).await.status, StatusCode::FORBIDDEN, "{email}");
    }
    assert_eq!(stored_question(&app, id).await, before);
    assert_eq!(app.visitor().get(&edit_url(id)).await.status, StatusCode::SEE_OTHER, "sign in first");
}
