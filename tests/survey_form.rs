//! The survey form as a respondent meets it without a script: what comes
//! back when something is wrong (every problem at once, exactly what was
//! sent, links to a control that can take focus), the word counter, and how
//! a text is split into words.

mod common;

use common::consultations::{self, Settings, add_questions, create_consultation, respond_by_api};
use common::{Api, TestApp, Visitor};
use ethos::on_db;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// An open consultation: q1 keep/remove words over `text`, q2 four values
/// ranked up to three, q3 a required group question.
async fn open_consultation(editor: &mut Visitor, text: &str) -> i64 {
    let settings = Settings { visibility: "public_while_open", ..Settings::open("What matters to you?") };
    let id = create_consultation(editor, &settings).await;
    let questions: [&[(&str, &str)]; 3] = [
        &[("kind", "words"), ("prompt", "Keep or remove each word"), ("source", "pasted"), ("text", text)],
        &[
            ("kind", "values"),
            ("prompt", "Which matter most?"),
            ("options", "Kind\nOpen\nBrave\nSafe"),
            ("max_picks", "3"),
            ("ranked", "yes"),
        ],
        &[("kind", "group"), ("prompt", "Who are you?"), ("required", "yes")],
    ];
    add_questions(editor, id, &questions).await;
    consultations::publish(editor, id).await;
    id
}

/// The option shown as chosen in a select.
fn selected(page: &common::Page, select: &str) -> String {
    page.text_of(&format!("{select} option[selected]"))
}

#[tokio::test]
async fn a_rank_given_twice_is_reported_with_every_other_problem_and_the_ranks_come_back_as_sent() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = open_consultation(&mut editor, "Kind and open").await;
    let mut respondent = app.visitor();
    let path = format!("/o/riverside/c/{id}");

    let page = respondent.post(&path, &[("q2-rank-0", "1"), ("q2-rank-1", "1")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.texts(".error-summary a"),
        ["Give rank 1 to one value only.", "Answer “Who are you?”."],
        "both problems are listed at once"
    );
    assert_eq!(selected(&page, "#q2-rank-0"), "1");
    assert_eq!(selected(&page, "#q2-rank-1"), "1", "the second value keeps the rank it was given");
    assert_eq!(selected(&page, "#q2-rank-2"), "", "a value given no rank has none");

    let page = respondent
        .post(&path, &[("q2-rank-0", "1"), ("q2-rank-1", "2"), ("q2-rank-2", "3"), ("q2-rank-3", "3"), ("q3", "0")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.texts(".error-summary a"), ["Give rank 3 to one value only."]);
    let shown: Vec<String> = (0..4).map(|i| selected(&page, &format!("#q2-rank-{i}"))).collect();
    assert_eq!(shown, ["1", "2", "3", "3"], "no rank is dropped");

    let stored = on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1").bind(id).fetch_one(pool).await.unwrap());
    assert_eq!(stored, 0, "nothing is stored while anything is wrong");
}

#[tokio::test]
async fn each_error_links_to_the_first_control_of_its_question_not_to_the_fieldset() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = open_consultation(&mut editor, "Kind and open").await;
    let mut respondent = app.visitor();
    let page = respondent.post(&format!("/o/riverside/c/{id}"), &[("q2-rank-0", "2"), ("q2-rank-2", "2")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = page.html();
    let links = scraper::Selector::parse(".error-summary a").unwrap();
    let targets: Vec<String> =
        html.select(&links).map(|a| a.value().attr("href").unwrap().trim_start_matches('#').to_owned()).collect();
    assert_eq!(targets, ["q2-rank-0", "q3-o0"]);
    for id in targets {
        let target = scraper::Selector::parse(&format!("[id='{id}']")).unwrap();
        let tag = html.select(&target).next().map(|e| e.value().name().to_owned());
        assert!(matches!(tag.as_deref(), Some("select" | "input")), "#{id} is a {tag:?}, which cannot take focus");
    }
}

#[tokio::test]
async fn without_the_script_the_word_counter_says_nothing_rather_than_a_wrong_count() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = open_consultation(&mut editor, "Kind and open").await;
    let respondent = app.visitor();
    let page = respondent.get(&format!("/o/riverside/c/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.attr("[data-word-counts]", "hidden").is_some(), "the counter is hidden until the script counts");
    assert_eq!(page.text_of("[data-word-counts]"), "", "no count is written into the page");
}

/// The words offered on the survey, as screen readers name them.
fn offered(page: &common::Page) -> Vec<String> {
    let html = page.html();
    let words = scraper::Selector::parse(".word[role=radiogroup]").unwrap();
    html.select(&words).map(|w| w.value().attr("aria-label").unwrap().to_owned()).collect()
}

#[tokio::test]
async fn round_the_clock_and_percentages_are_one_word_and_quotes_wrap_with_their_word() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = open_consultation(&mut editor, "Open “24/7” for 100% of (our) people").await;
    let page = app.visitor().get(&format!("/o/riverside/c/{id}")).await;
    assert_eq!(offered(&page), ["Open", "24/7", "for", "100%", "of", "our", "people"]);
    assert_eq!(page.texts(".word-glue .word__text"), ["24/7", "our"]);
    assert!(page.text.contains("<span class=\"word-glue\">“<span class=\"word\""), "the opening quote sits with 24/7");
    assert!(page.text.contains("<span class=\"word-glue\">(<span class=\"word\""), "the bracket sits with “our”");
    let body = Api::new(&app, None).get(&format!("/api/v1/consultations/{id}")).await.json();
    assert_eq!(body["questions"][0]["words"][1], json!({"index": 1, "text": "24/7"}));
}

#[tokio::test]
async fn a_question_stored_before_the_new_rule_keeps_its_words_and_its_marks_where_they_were() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = open_consultation(&mut editor, "Open 24/7 for everyone").await;
    // As a question written before splitting rules had names was stored.
    let questions: String = on_db!(&app.db, pool => sqlx::query_scalar("SELECT questions FROM consultations WHERE id = $1")
        .bind(id).fetch_one(pool).await.unwrap());
    let mut questions: Value = serde_json::from_str(&questions).unwrap();
    questions[0]["kind"].as_object_mut().unwrap().remove("rule").expect("new questions record their rule");
    on_db!(&app.db, pool => sqlx::query("UPDATE consultations SET questions = $1 WHERE id = $2")
        .bind(questions.to_string()).bind(id).execute(pool).await.map(|_| ()).unwrap());

    let page = app.visitor().get(&format!("/o/riverside/c/{id}")).await;
    assert_eq!(offered(&page), ["Open", "24", "7", "for", "everyone"], "the old split, so old marks stay put");
    for _ in 0..5 {
        respond_by_api(&app, id, json!({"q1": {"marks": {"2": "remove"}}, "q3": {"choices": [0]}})).await;
    }
    let editor_view = editor.get(&format!("/o/riverside/c/{id}/results")).await;
    assert_eq!(editor_view.status, StatusCode::OK);
    let results = Api::new(&app, None).get(&format!("/api/v1/consultations/{id}/results")).await.json();
    let seven = results["questions"][0]["figures"]["words"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["text"] == "7")
        .cloned()
        .expect("a row for the word 7");
    assert_eq!(seven["remove"], json!({"status": "shown", "value": 5}));
}
