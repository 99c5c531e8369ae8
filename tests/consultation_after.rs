//! After a consultation: the implementation plan's form, suggested themes
//! (most distinctive first, promoted ones gone), merging themes with a
//! confirmation and undoing it, and the values draft from the findings.

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
async fn an_action_without_a_title_comes_back_with_the_error_and_what_was_typed() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = with_a_text_question(&mut editor, "Plan this").await;

    let sent = editor
        .post(
            &format!("/o/riverside/consultations/{id}/actions"),
            &[
                ("title", "   "),
                ("owner", "Director of nursing"),
                ("status", "at_risk"),
                ("findings", "People asked for quieter wards at night"),
            ],
        )
        .await;

    assert_eq!(sent.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", sent.text);
    assert_eq!(sent.texts(".error-summary a"), ["Enter what the action is"]);
    assert_eq!(sent.attr(".error-summary a", "href").as_deref(), Some("#action-title"));
    assert_eq!(sent.attr("#action-title", "aria-invalid").as_deref(), Some("true"));
    assert_eq!(sent.attr("#action-owner", "value").as_deref(), Some("Director of nursing"));
    assert_eq!(sent.text_of("#action-findings"), "People asked for quieter wards at night");
    assert_eq!(sent.attr("#action-status option[selected]", "value").as_deref(), Some("at_risk"));
    let plan = editor.get(&format!("/o/riverside/c/{id}/plan")).await;
    assert_eq!(plan.texts(".action h3"), Vec::<String>::new(), "nothing was saved");
}

/// The phrases offered as suggestions on the themes page.
fn suggested(page: &common::Page) -> Vec<String> {
    page.html()
        .select(&scraper::Selector::parse(".suggestions input[name=phrase]").unwrap())
        .filter_map(|e| e.value().attr("value").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn suggestions_lead_with_what_is_distinctive_and_promoted_ones_leave_the_list() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = with_a_text_question(&mut editor, "Themes").await;
    publish(&mut editor, id).await;
    let everyday =
        ["The staff need more time", "Things feel hard", "Patients, please", "Staff feel it", "Please, more time"];
    for i in 0..20 {
        respond_by_api(&app, id, json!({"q1": {"text": everyday[i % everyday.len()]}})).await;
    }
    for text in ["Less jargon in letters", "No jargon please", "Plain words, no jargon"] {
        respond_by_api(&app, id, json!({"q1": {"text": text}})).await;
    }
    let themes = format!("/o/riverside/c/{id}/themes");
    let page = editor.get(&themes).await;
    let offered = suggested(&page);
    assert_eq!(offered.first().map(String::as_str), Some("jargon"), "{offered:?}");
    assert!(offered.iter().any(|p| p == "time"), "everyday words still come, later: {offered:?}");

    let promote = format!("/o/riverside/consultations/{id}/themes/promote");
    let done = editor.post(&promote, &[("question", "q1"), ("phrase", "jargon")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    let page = editor.get(&themes).await;
    assert!(!suggested(&page).contains(&"jargon".to_owned()), "{:?}", suggested(&page));
    assert_eq!(page.texts(".theme__name"), ["jargon"]);
    let again = editor.post(&promote, &[("question", "q1"), ("phrase", "jargon")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "a theme is not made twice");
}

#[tokio::test]
async fn merging_themes_asks_first_and_can_be_undone() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = with_a_text_question(&mut editor, "Merges").await;
    publish(&mut editor, id).await;
    for text in ["Less jargon", "jargon again", "Plain words", "plain words please", "plain words and no jargon"] {
        respond_by_api(&app, id, json!({"q1": {"text": text}})).await;
    }
    let promote = format!("/o/riverside/consultations/{id}/themes/promote");
    for phrase in ["jargon", "plain words"] {
        let done = editor.post(&promote, &[("question", "q1"), ("phrase", phrase)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{phrase}: {}", done.text);
    }
    let themes = format!("/o/riverside/c/{id}/themes");
    let page = editor.get(&themes).await;
    let id_of = |name: &str| -> i64 {
        let ids: Vec<String> = page
            .html()
            .select(&scraper::Selector::parse(".theme").unwrap())
            .filter(|t| {
                let heading = scraper::Selector::parse(".theme__name").unwrap();
                t.select(&heading).any(|h| h.text().collect::<String>().trim() == name)
            })
            .filter_map(|t| t.value().attr("id").map(str::to_owned))
            .collect();
        ids[0].trim_start_matches("theme-").parse().unwrap()
    };
    let (jargon, plain) = (id_of("jargon"), id_of("plain words"));
    let merge = format!("/o/riverside/consultations/{id}/themes/{jargon}/merge");

    // The merge form leads to a question, not to the merge.
    let asked = editor.post(&merge, &[("into", &plain.to_string())]).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.text);
    assert_eq!(asked.text_of("h1"), "Merge “jargon” into “plain words”?");
    assert!(asked.has("button[name=confirm][value=yes]"));
    assert_eq!(editor.get(&themes).await.texts(".theme__name"), ["jargon", "plain words"], "nothing merged yet");

    let merged = editor.post(&merge, &[("into", &plain.to_string()), ("confirm", "yes")]).await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.text);
    let page = editor.get(&themes).await;
    assert_eq!(page.texts(".theme__name"), ["plain words"]);
    assert_eq!(page.texts(&format!("#theme-{plain} .answer__text")).len(), 5, "three plain, two more with jargon");
    assert_eq!(page.texts(".merged li").len(), 1);

    let undone = editor.post(&format!("/o/riverside/consultations/{id}/themes/{jargon}/unmerge"), &[]).await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.text);
    let page = editor.get(&themes).await;
    assert_eq!(page.texts(".theme__name"), ["jargon", "plain words"]);
    assert_eq!(page.texts(&format!("#theme-{jargon} .answer__text")).len(), 3);
    assert_eq!(page.texts(&format!("#theme-{plain} .answer__text")).len(), 3, "only its own answers again");
    assert!(page.texts(".merged li").is_empty());
    let history = page.texts("#history + ul li").join(" | ");
    assert!(history.contains("taken out of “plain words” again"), "{history}");
    let twice = editor.post(&format!("/o/riverside/consultations/{id}/themes/{jargon}/unmerge"), &[]).await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_draft_from_the_findings_marks_the_words_people_removed_and_notes_the_words_they_suggested() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = create_consultation(&mut editor, &Settings::open("What to keep")).await;
    // We(0) treat(1) everyone(2) warmly(3) and(4) with(5) the(6) time(7) they(8) need(9)
    add_questions(
        &mut editor,
        id,
        &[
            &[
                ("kind", "words"),
                ("prompt", "Keep or remove"),
                ("source", "pasted"),
                ("text", "We treat everyone warmly and with the time they need"),
            ],
            &[("kind", "suggest"), ("prompt", "Which word is missing?")],
        ],
    )
    .await;
    publish(&mut editor, id).await;
    for suggestion in ["Honesty", "honesty", "Compassion", "Honesty", "courage"] {
        let marks = json!({"1": "keep", "3": "remove", "4": "remove", "6": "remove"});
        respond_by_api(&app, id, json!({"q1": {"marks": marks}, "q2": {"text": suggestion}})).await;
    }

    let plan = format!("/o/riverside/c/{id}/plan");
    let open = editor.get(&plan).await;
    assert!(open.text_of(".draft-later").contains("Once the consultation closes"), "{}", open.text_of("main"));
    assert!(!open.has("form[action$='/new-draft']"));

    let closed = editor.post(&format!("/o/riverside/consultations/{id}/close"), &[]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.text);
    let ready = editor.get(&plan).await;
    assert!(ready.has("form[action$='/new-draft'] button"));
    let most_removed = ready.texts("#most-removed li");
    let first = most_removed.first().map(String::as_str).unwrap_or_default();
    assert!(
        first.starts_with("“warmly” – net ") && first.ends_with("removed by 100% of those who saw it"),
        "{most_removed:?}"
    );
    assert!(!ready.text_of("main").contains("“and”") && !ready.text_of("main").contains("“the”"), "no little words");

    let drafted = editor.post(&format!("/o/riverside/consultations/{id}/new-draft"), &[]).await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.text);
    assert_eq!(drafted.location(), "/o/riverside/values/edit");
    // The test organisation has no published values: the draft is empty
    // until the editor adds a value using one of the removed words.
    let edit = editor.get("/o/riverside/values/edit").await;
    let revision = edit.attr("input[name=revision]", "value").expect("the draft's revision");
    let added = editor
        .post(
            "/o/riverside/values/edit/values",
            &[("name", "Kindness"), ("promise", "Everyone is treated warmly"), ("revision", &revision)],
        )
        .await;
    assert!(added.status.is_redirection(), "{}", added.text);
    let edit = editor.get("/o/riverside/values/edit").await;
    let findings = edit.text_of("#findings");
    assert!(findings.contains("From the consultation “What to keep”"), "{findings}");
    assert!(findings.contains("“warmly” – net -1.00, removed by 100%"), "{findings}");
    assert!(!findings.contains("“and”") && !findings.contains("“the”"), "little words are left out: {findings}");
    assert_eq!(edit.texts("#findings mark.removed-word"), ["warmly (a word people removed)"], "in Kindness's promise");
    assert_eq!(edit.texts("#findings .findings__texts dt"), ["Kindness"]);
    assert_eq!(edit.texts(".suggested-words li").first().map(String::as_str), Some("“honesty” – in 3 answers"));
}
