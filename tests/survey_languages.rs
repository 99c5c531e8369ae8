//! Surveys in other languages: an editor translates a consultation the way
//! values are translated, respondents answer in Welsh or English, the
//! results show each language's text as its own heat map, and written
//! answers are labelled with the language they are in.

mod common;

use common::consultations::{Settings, add_questions, create_consultation, publish, respond_by_api};
use common::{TestApp, Visitor};
use ethos::on_db;
use reqwest::StatusCode;
use serde_json::json;

/// An open consultation with public results: q1 keep/remove over a pasted
/// text, q2 one choice, q3 written answers, q4 the group question.
async fn bilingual(editor: &mut Visitor) -> i64 {
    let settings = Settings { visibility: "public_while_open", ..Settings::open("Our values, your words") };
    let id = create_consultation(editor, &settings).await;
    let questions: [&[(&str, &str)]; 4] = [
        &[
            ("kind", "words"),
            ("prompt", "Keep or remove each word"),
            ("source", "pasted"),
            ("text", "Kind and fair care"),
        ],
        &[("kind", "one"), ("prompt", "Do the values fit?"), ("options", "Yes\nNo")],
        &[("kind", "text"), ("prompt", "Anything else?"), ("limit", "300")],
        &[("kind", "group"), ("prompt", "Who are you?")],
    ];
    add_questions(editor, id, &questions).await;
    publish(editor, id).await;
    id
}

/// Saves a Welsh translation of the title, the word question and its text.
async fn translate_into_welsh(editor: &mut Visitor, id: i64) {
    let saved = editor
        .post(
            &format!("/o/riverside/consultations/{id}/translations/cy"),
            &[
                ("title", "Ein gwerthoedd, eich geiriau"),
                ("q1-prompt", "Cadwch neu dilëwch bob gair"),
                ("q1-text", "Gofal caredig a theg"),
                ("q2-o0", "Ydyn"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
}

#[tokio::test]
async fn a_survey_is_answered_in_welsh_with_its_own_words_and_english_marked_where_untranslated() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = bilingual(&mut editor).await;
    let welsh = format!("/o/riverside/c/{id}?lang=cy");
    let before = app.visitor().get(&welsh).await;
    assert_eq!(before.status, StatusCode::NOT_FOUND, "no Welsh yet");
    assert!(before.text.contains("not translated into Welsh"), "{}", before.text);

    translate_into_welsh(&mut editor, id).await;
    let page = app.visitor().get(&welsh).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.attr("html", "lang").as_deref(), Some("cy"));
    assert_eq!(page.text_of("h1"), "Ein gwerthoedd, eich geiriau");
    assert_eq!(page.text_of("#q1 legend"), "1. Cadwch neu dilëwch bob gair");
    assert_eq!(page.texts("#q1 .word__text"), ["Gofal", "caredig", "a", "theg"], "the Welsh text, split on its own");
    assert_eq!(page.text_of("#q2 legend"), "2. Do the values fit?", "untranslated: in English");
    assert_eq!(page.attr("#q2 legend .fallback", "lang").as_deref(), Some("en-GB"));
    assert_eq!(page.texts("#q2 .choice__label"), ["Ydyn", "No"]);
    assert!(page.has(".fallback-summary"), "the page says once that parts are in English");
    assert!(!page.text.contains("(in English)"), "and not on every line");
    assert_eq!(page.text_of("button[type=submit]"), "Anfon fy ymateb", "the page's own words are Welsh");
    assert_eq!(page.text_of(".language-switcher a[aria-current]"), "Cymraeg");
    assert_eq!(page.attr(".language-switcher a[hreflang=en-GB]", "href"), Some(format!("/o/riverside/c/{id}")));
    assert_eq!(page.attr("form.survey", "action"), Some(welsh.clone()));
    let english = app.visitor().get(&format!("/o/riverside/c/{id}")).await;
    assert_eq!(english.texts("#q1 .word__text"), ["Kind", "and", "fair", "care"]);

    // Five answer in Welsh on the form, five in English through the API.
    for _ in 0..5 {
        let mut respondent = app.visitor();
        let sent = respondent.post(&welsh, &[("q1-w0", "keep"), ("q1-w3", "remove"), ("q4", "0")]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
        assert_eq!(sent.location(), format!("/o/riverside/c/{id}?lang=cy&saved=1#top"));
        let back = respondent.get(&format!("{welsh}&saved=1")).await;
        assert_eq!(
            back.attr("#q1-w0-k", "checked").as_deref(),
            Some(""),
            "the Welsh marks come back on the Welsh text"
        );
        let in_english = respondent.get(&format!("/o/riverside/c/{id}")).await;
        assert_eq!(in_english.attr("#q1-w0-k", "checked"), None, "and never on the English words");
    }
    for _ in 0..5 {
        respond_by_api(&app, id, json!({"q1": {"marks": {"2": "remove"}}, "q4": {"choices": [1]}})).await;
    }
    let stored: Vec<String> = on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT a.answer FROM consultation_answers a JOIN consultation_responses r ON r.id = a.response_id \
         WHERE r.consultation_id = $1 AND a.question_key = 'q1' ORDER BY r.id LIMIT 1").bind(id).fetch_all(pool).await.unwrap());
    assert_eq!(stored, [r#"{"marks":{"0":"keep","3":"remove"},"language":"cy"}"#]);

    let results = app.visitor().get(&format!("/o/riverside/c/{id}/results")).await;
    assert_eq!(results.status, StatusCode::OK);
    assert!(results.text.contains("Seen in English by 5 people; in Welsh by 5."), "{}", results.text_of("#q1"));
    let welsh_heat = results.texts("#q1 .heatmap[lang=cy] .heat");
    assert_eq!(welsh_heat.len(), 4, "{welsh_heat:?}");
    assert!(welsh_heat[0].starts_with("Gofal (net +1.00"), "{welsh_heat:?}");
    assert!(welsh_heat[3].starts_with("theg (net -1.00"), "{welsh_heat:?}");
    let english_heat = results.texts("#q1 .heatmap:not([lang]) .heat");
    assert!(english_heat[2].starts_with("fair (net -1.00"), "{english_heat:?}");
    assert!(
        english_heat[0].starts_with("Kind (net +0.00"),
        "Welsh marks do not land on English words: {english_heat:?}"
    );
}

#[tokio::test]
async fn a_word_question_over_the_values_starts_from_their_welsh_translation_and_cannot_change_once_marked() {
    let app = TestApp::spawn_with_demo().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let settings = Settings { visibility: "public_while_open", ..Settings::open("Our values in Welsh") };
    let id = create_consultation(&mut editor, &settings).await;
    add_questions(&mut editor, id, &[&[("kind", "words"), ("prompt", "Keep or remove"), ("source", "values")]]).await;
    publish(&mut editor, id).await;
    let form = editor.get(&format!("/o/riverside/consultations/{id}/translations/cy")).await;
    assert_eq!(form.status, StatusCode::OK);
    let prefilled = form.text_of("textarea#q1-text");
    assert!(prefilled.starts_with("- "), "the values, one a line: {prefilled}");
    let english_values = form.text_of("#q1-text-source");
    assert_ne!(prefilled, english_values.trim_start_matches("English: "), "the Welsh values, not the English");

    let path = format!("/o/riverside/consultations/{id}/translations/cy");
    let saved = editor.post(&path, &[("q1-text", &prefilled)]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let mut respondent = app.visitor();
    let sent = respondent.post(&format!("/o/riverside/c/{id}?lang=cy"), &[("q1-w1", "keep")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let changed = editor.post(&path, &[("q1-text", "Testun arall")]).await;
    assert_eq!(changed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(changed.text_of("#q1-text-error").contains("cannot change"), "{}", changed.text_of(".error-summary"));
    let still = app.visitor().get(&format!("/o/riverside/c/{id}?lang=cy")).await;
    let first = still.texts("#q1 .word__text").into_iter().next().expect("the Welsh words are offered");
    assert!(prefilled.contains(&first) && !english_values.contains(&first), "{first} is from the Welsh values");
}

#[tokio::test]
async fn written_answers_are_labelled_bengali_welsh_or_english() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = bilingual(&mut editor).await;
    for text in [
        "কর্মীরা খুব দয়ালু ছিলেন এবং আমাদের কথা শুনেছেন।",
        "Mae'r staff yn garedig ac yn gwrando arnom ni bob amser.",
        "The nurses were kind and they listened to my worries.",
    ] {
        respond_by_api(&app, id, json!({"q3": {"text": text}})).await;
    }
    let results = editor.get(&format!("/o/riverside/c/{id}/results")).await;
    let mut labels = results.texts("#q3 .answer__lang");
    labels.sort();
    assert_eq!(labels, ["Bengali", "English", "Welsh"]);
}
