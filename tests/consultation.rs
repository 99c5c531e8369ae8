//! Consultations over HTTP: the whole lifecycle, who sees what, bad input,
//! short links and the scripts' view. Many respondents at once are in
//! `consultation_load.rs`.

mod common;

use common::consultations::{self, count, make, respond_by_api, responses, word_row};
use common::{Api, TestApp};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_consultation_goes_from_draft_to_responses_to_results_to_a_new_draft() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "public_while_open", false).await;
    let survey = format!("/o/riverside/c/{id}");

    // A draft is the organisation's alone.
    let mut respondent = app.visitor();
    assert_eq!(respondent.get(&survey).await.status, StatusCode::NOT_FOUND);
    let preview = editor.get(&survey).await;
    assert!(
        preview.texts(".notice").join(" ").contains("a draft that only your organisation can see"),
        "{}",
        preview.text
    );

    consultations::publish(&mut editor, id).await;
    let page = respondent.get(&survey).await;
    assert_eq!(page.status, StatusCode::OK);
    // Each markable word is a radio group of three; the filler "and" is not.
    assert_eq!(page.texts(".word[role=radiogroup]").len(), 9, "{}", page.text);
    assert_eq!(page.texts("input[name=q1-w2]").len(), 3);
    assert!(!page.has("input[name=q1-w4]"));
    assert_eq!(page.attr(".word[role=radiogroup]", "aria-label").as_deref(), Some("We"));
    assert!(page.has("[role=radiogroup][aria-label=co-create]"), "co-create is one word");

    // The form without JavaScript: keep kind and open, remove brave.
    let sent = respondent
        .post(
            &survey,
            &[
                ("q1-w2", "keep"),
                ("q1-w3", "keep"),
                ("q1-w5", "remove"),
                ("q1-w7", ""),
                ("q2", "0"),
                ("q3-rank-1", "1"),
                ("q3-rank-0", "2"),
                ("q4", "Keep it short"),
                ("q5", "0"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.text);
    let again = respondent.follow(&sent).await;
    assert!(again.text.contains("your response is saved"), "{}", again.text);
    assert_eq!(again.attr("#q1-w2-k", "checked").as_deref(), Some(""), "the answer is shown again");
    // Without the script nothing counts marks as they change, so no count is shown.
    assert_eq!(again.text_of("[data-word-counts]"), "");

    // Changing it replaces the response rather than adding one.
    let changed = respondent.post(&survey, &[("q1-w2", "remove"), ("q5", "0")]).await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text);
    assert_eq!(responses(&app, id).await, 1);

    // Twenty more through the API, so every figure (and what is left
    // unmarked) passes the privacy threshold: "kind" 10 keep, 6 remove;
    // "brave" 6 keep, 10 remove.
    let api = Api::new(&app, None);
    for i in 0..20 {
        let mut marks = serde_json::Map::new();
        if i < 15 {
            marks.insert("2".into(), json!(if i < 10 { "keep" } else { "remove" }));
        }
        if i < 16 {
            marks.insert("5".into(), json!(if i < 10 { "remove" } else { "keep" }));
        }
        respond_by_api(&app, id, json!({"q1": {"marks": marks}, "q5": {"choices": [u32::from(i < 3)]}})).await;
    }
    let results = api.get(&format!("/api/v1/consultations/{id}/results")).await.json();
    assert_eq!(results["respondents"]["value"], 21);
    let kind = word_row(&results, "kind");
    assert_eq!(
        (kind["saw"].as_u64(), kind["keep"]["value"].as_u64(), kind["remove"]["value"].as_u64()),
        (Some(21), Some(10), Some(6))
    );
    let brave = word_row(&results, "brave");
    assert_eq!((brave["keep"]["value"].as_u64(), brave["remove"]["value"].as_u64()), (Some(6), Some(10)));
    // A group of fewer than five is suppressed.
    let staff =
        api.get(&format!("/api/v1/consultations/{id}/results?group=Patient%20or%20service%20user")).await.json();
    assert_eq!(staff["respondents"]["status"], "fewer_than", "{staff}");

    // The public results page (this one is public while open).
    let page = app.visitor().get(&format!("/o/riverside/c/{id}/results")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.texts(".table th[scope=row]").contains(&"kind".to_owned()));
    assert!(page.has(".heatmap .heat"), "the heat map is drawn");
    assert_eq!(page.text_of(".top-words div:last-child li"), "brave – net -0.19 (removed by 48%)", "lowest net first");
    let sorted = app.visitor().get(&format!("/o/riverside/c/{id}/results?sort=remove")).await;
    assert_eq!(sorted.text_of("tbody th[scope=row]"), "brave", "sorted by most removed");

    // Close it: the survey says so and takes nothing more.
    editor.post(&format!("/o/riverside/consultations/{id}/close"), &[]).await;
    let closed = respondent.get(&survey).await;
    assert!(closed.text.contains("closed on"), "{}", closed.text);
    assert!(!closed.has("form.survey"));
    let late = respondent.post(&survey, &[("q5", "0")]).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    let late_api = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/consultations/{id}/responses"),
            &json!({"answers": {"q5": {"choices": [0]}}}),
        )
        .await;
    assert_eq!(late_api.status, StatusCode::CONFLICT);
    assert!(late_api.json()["detail"].as_str().unwrap().contains("no longer takes responses"));
    assert_eq!(responses(&app, id).await, 21);

    // After: a new values draft, an action, and the public "you said, we did".
    let draft = editor.post(&format!("/o/riverside/consultations/{id}/new-draft"), &[]).await;
    assert_eq!(draft.location(), "/o/riverside/values/edit");
    let edit = editor.follow(&draft).await;
    assert!(edit.text.contains("Most removed"), "{}", edit.text);
    let action = editor
        .post(
            &format!("/o/riverside/consultations/{id}/actions"),
            &[
                ("title", "Explain what brave means for us"),
                ("owner", "Head of OD"),
                ("status", "on_track"),
                ("findings", "Many would remove brave"),
            ],
        )
        .await;
    assert_eq!(action.status, StatusCode::SEE_OTHER, "{}", action.text);
    let said = app.visitor().get(&format!("/o/riverside/c/{id}/you-said-we-did")).await;
    assert!(said.text_of("main").contains("Explain what brave means for us – On track"), "{}", said.text);

    // Every step is in the audit log.
    let audited = count(&app, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'consultation.%' AND org_id = (SELECT org_id FROM consultations WHERE id = $1)", id).await;
    assert!(audited >= 9, "{audited} audit events");
}

#[tokio::test]
async fn other_organisations_see_nothing_and_the_public_sees_only_the_survey() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "editors_board", true).await;

    let mut outsider = app.signed_in("staff@northgate.example").await;
    for path in [
        format!("/o/riverside/consultations/{id}"),
        "/o/riverside/consultations".to_owned(),
        format!("/o/riverside/c/{id}/results"),
        format!("/o/riverside/c/{id}/plan"),
        format!("/o/riverside/c/{id}/responses.csv"),
    ] {
        assert_eq!(outsider.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let refused = outsider.post(&format!("/o/riverside/consultations/{id}/close"), &[]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    // Northgate's editor cannot reach Riverside's through their own address either.
    let mut other_editor = app.signed_in("editor@northgate.example").await;
    assert_eq!(other_editor.get(&format!("/o/northgate/consultations/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        other_editor.post(&format!("/o/northgate/consultations/{id}/close"), &[]).await.status,
        StatusCode::NOT_FOUND
    );

    // Riverside's own staff read the page but change nothing.
    let mut staff = app.signed_in("staff@riverside.example").await;
    let page = staff.get(&format!("/o/riverside/consultations/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has("#add-question"));
    assert_eq!(staff.post(&format!("/o/riverside/consultations/{id}/close"), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        staff.get(&format!("/o/riverside/c/{id}/results")).await.status,
        StatusCode::NOT_FOUND,
        "results are for editors and the Board"
    );
    let board = app.signed_in("board@riverside.example").await;
    assert_eq!(board.get(&format!("/o/riverside/c/{id}/results")).await.status, StatusCode::OK);

    // The public: the open survey and "you said, we did", nothing else.
    let public = app.visitor();
    assert_eq!(public.get(&format!("/o/riverside/c/{id}")).await.status, StatusCode::OK);
    assert_eq!(public.get(&format!("/o/riverside/c/{id}/you-said-we-did")).await.status, StatusCode::OK);
    assert_eq!(public.get(&format!("/o/riverside/c/{id}/results")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(public.get(&format!("/o/riverside/c/{id}/words.csv")).await.status, StatusCode::NOT_FOUND);
    assert!(public.get(&format!("/o/riverside/consultations/{id}")).await.status.is_redirection(), "sign in first");
    let api = Api::new(&app, None);
    assert_eq!(api.get(&format!("/api/v1/consultations/{id}/results")).await.status, StatusCode::NOT_FOUND);
    let listed = api.get("/api/v1/orgs/riverside/consultations").await.json();
    assert_eq!(listed[0]["id"], id);
}

#[tokio::test]
async fn bad_responses_are_refused_with_a_reason_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "public_while_open", true).await;
    let api = Api::new(&app, None);
    let path = format!("/api/v1/consultations/{id}/responses");
    let cases = [
        (json!({"answers": {"q9": {"text": "hi"}, "q5": {"choices": [0]}}}), "no question “q9”"),
        (json!({"answers": {"q1": {"marks": {"99": "keep"}}, "q5": {"choices": [0]}}}), "Word 99"),
        (json!({"answers": {"q1": {"marks": {"4": "keep"}}, "q5": {"choices": [0]}}}), "Word 4"),
        (json!({"answers": {"q1": {"marks": {"2": "keep"}}}}), "Answer “Who are you?”"),
        (json!({"answers": {"q2": {"choices": [0, 1]}, "q5": {"choices": [0]}}}), "Choose one option only"),
        (json!({"answers": {"q4": {"text": "x".repeat(61)}, "q5": {"choices": [0]}}}), "60 characters"),
    ];
    for (body, message) in cases {
        let page = api.send(reqwest::Method::POST, &path, &body).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", page.text);
        assert_eq!(page.headers["content-type"], "application/problem+json");
        let problem = page.json();
        assert!(
            problem["errors"].as_array().unwrap().iter().any(|e| e["message"].as_str().unwrap().contains(message)),
            "{message}: {problem}"
        );
    }
    // Duplicated keys, a bad mark, malformed JSON and a huge body.
    let raw = |body: String| {
        let client = reqwest::Client::new();
        let url = format!("{}{path}", app.url);
        async move { client.post(url).header("content-type", "application/json").body(body).send().await.unwrap() }
    };
    let dup = raw(r#"{"answers": {"q5": {"choices": [0]}, "q5": {"choices": [1]}}}"#.to_owned()).await;
    assert_eq!(dup.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.text().await.unwrap().contains("answered twice"));
    let bad_mark = raw(r#"{"answers": {"q1": {"marks": {"2": "love"}}, "q5": {"choices": [0]}}}"#.to_owned()).await;
    assert_eq!(bad_mark.status(), StatusCode::BAD_REQUEST);
    let malformed = raw("{\"answers\": {".to_owned()).await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert!(malformed.text().await.unwrap().contains("not valid JSON"));
    let huge = raw(format!("{{\"answers\": {{\"q4\": {{\"text\": \"{}\"}}}}}}", "x".repeat(3 * 1024 * 1024))).await;
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(responses(&app, id).await, 0, "nothing partial is stored");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM consultation_tallies WHERE consultation_id = $1", id).await, 0);

    // The form says what is wrong, keeps what was typed and stores nothing.
    let mut respondent = app.visitor();
    let page = respondent.post(&format!("/o/riverside/c/{id}"), &[("q1-w2", "keep"), ("q4", "Still here")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.text_of(".error-summary a"), "Answer “Who are you?”.");
    assert!(page.text.contains("Still here"));
    assert_eq!(page.attr("#q1-w2-k", "checked").as_deref(), Some(""));
    assert_eq!(responses(&app, id).await, 0);
}

#[tokio::test]
async fn answered_questions_cannot_be_removed_and_the_editor_is_told_why() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "editors_board", true).await;
    let mut respondent = app.visitor();
    respondent.post(&format!("/o/riverside/c/{id}"), &[("q5", "1"), ("q4", "mail me at sam@example.org")]).await;
    let page = editor.post(&format!("/o/riverside/consultations/{id}/questions/q4"), &[("action", "remove")]).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.text.contains("1 responses have been given"), "{}", page.text);
    // Rewording is still allowed.
    let reworded = editor
        .post(
            &format!("/o/riverside/consultations/{id}/questions/q4"),
            &[("action", "save"), ("prompt", "Anything else to tell us?")],
        )
        .await;
    assert_eq!(reworded.status, StatusCode::SEE_OTHER);

    // The email address is flagged for the editor, who removes it.
    let results = editor.get(&format!("/o/riverside/c/{id}/results")).await;
    assert!(results.has(".answer--flagged"), "{}", results.text);
    let rid = results.attr(".answer--flagged input[name=response]", "value").unwrap();
    let done = editor
        .post(&format!("/o/riverside/consultations/{id}/redact"), &[("response", &rid), ("question", "q4")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let after = editor.get(&format!("/o/riverside/c/{id}/results")).await;
    assert!(!after.text.contains("sam@example.org"));
    assert!(after.text.contains("personal details removed"));

    // Exports.
    let csv = editor.get(&format!("/o/riverside/c/{id}/responses.csv")).await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(csv.text.lines().count(), 2, "a header and one response: {}", csv.text);
    assert!(csv.text.lines().next().unwrap().contains("q1 word 1: "), "a column per word");
    assert!(!csv.text.contains("sam@example.org"), "the redacted address stays out: {}", csv.text);
    assert!(csv.text.contains("personal details removed"), "{}", csv.text);
    let words = editor.get(&format!("/o/riverside/c/{id}/words.csv")).await;
    assert!(words.text.starts_with("\u{feff}group,question,index,word,saw,keep"), "{}", words.text);
}

/// The cells of a CSV download below its header, by column name.
#[tokio::test]
async fn the_survey_has_a_short_link_and_a_qr_code() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = make(&mut editor, "editors_board", true).await;
    let public = app.visitor();
    let short = public.get(&format!("/c/{id}")).await;
    assert_eq!(short.location(), format!("/o/riverside/c/{id}"));
    let svg = public.get(&format!("/o/riverside/c/{id}/qr.svg")).await;
    assert_eq!(svg.headers["content-type"], "image/svg+xml");
    assert!(svg.text.contains("<svg"));
    let png = public.client.get(format!("{}/o/riverside/c/{id}/qr.png", app.url)).send().await.unwrap();
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(&png.bytes().await.unwrap()[..4], b"\x89PNG");
}

#[tokio::test]
async fn the_demo_has_an_open_consultation_with_public_results() {
    let database = common::TestDatabase::new().await;
    let db = ethos::storage::Db::connect(&database.url).await.unwrap();
    db.migrate().await.unwrap();
    ethos::demo::load_if_empty(&db, true).await.unwrap();
    let org = ethos::orgs::model::by_slug(&db, "riverside").await.unwrap().unwrap();
    let list = ethos::consultations::store::list(&db, org.id).await.unwrap();
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert!(c.results_public());
    let results = ethos::consultations::results::compute(&db, c, None).await.unwrap();
    let json = serde_json::to_value(&results).unwrap();
    assert_eq!(json["respondents"]["value"], ethos::demo::consultation::RESPONSES);
    // Some of the demo's staff signed in: their verified count is shown.
    let verified = json["verified_staff"]["value"].as_u64().unwrap_or_else(|| panic!("verified staff shown: {json}"));
    let staff = json["groups"].as_array().unwrap().iter().find(|g| g["group"] == "Staff").unwrap();
    assert!(verified >= 5 && verified < staff["respondents"]["value"].as_u64().unwrap(), "{json}");
    let types: Vec<&str> = c.questions.iter().map(|q| q.type_label()).collect();
    assert!(types.len() >= 7, "{types:?}");
}

#[tokio::test]
async fn scripts_read_a_consultation_with_its_word_indices_and_the_openapi_document_lists_the_routes() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let draft = make(&mut editor, "editors_board", false).await;
    let api = Api::new(&app, None);
    assert_eq!(
        api.get(&format!("/api/v1/consultations/{draft}")).await.status,
        StatusCode::NOT_FOUND,
        "drafts are private"
    );
    consultations::publish(&mut editor, draft).await;
    let body = api.get(&format!("/api/v1/consultations/{draft}")).await.json();
    assert_eq!(body["status"], "open");
    let words: Vec<(u64, String)> = body["questions"][0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["index"].as_u64().unwrap(), w["text"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(words.last(), Some(&(9, "co-create".to_owned())));
    assert!(!words.iter().any(|(_, w)| w == "and"), "filler words are not offered");
    assert_eq!(body["questions"][4]["options"], json!(["Staff", "Patient or service user", "Prefer not to say"]));
    assert_eq!(body["questions"][1]["options"], json!(["Yes", "No", "Other"]));
    let doc = api.get("/api/v1/openapi.json").await.json();
    for path in [
        "/api/v1/orgs/{slug}/consultations",
        "/api/v1/consultations/{id}",
        "/api/v1/consultations/{id}/responses",
        "/api/v1/consultations/{id}/results",
    ] {
        assert!(doc["paths"].get(path).is_some(), "{path} is documented");
    }
}
