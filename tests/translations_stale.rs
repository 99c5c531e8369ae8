//! Translations going out of date: when the English of a text changes after
//! it was translated (a single text such as the motto, or a line of a
//! list), the translations list, the translation form, the page in that
//! language and the comparison of versions all say it may be out of date,
//! until an editor translates it again or confirms it.

mod common;

use common::{Api, TestApp, Visitor};
use reqwest::StatusCode;
use serde_json::json;

const MOTTO: &str = "Near you, with you";
const NEW_MOTTO: &str = "Close to home, every step of the way";

/// Eight English texts, all translated into Welsh and Arabic.
fn content() -> serde_json::Value {
    json!({
        "vision": {"statement": "Healthy families along the whole valley."},
        "mission": "We visit people at home and in local clinics.",
        "motto": MOTTO,
        "values": [
            {"key": "warmth", "name": "Warmth", "promise": "People feel welcome.",
             "commitments": ["learn each person's name", "explain every step"],
             "behaviours": ["smile and say hello"]}
        ],
        "translations": {
            "cy": {
                "vision": {"statement": "Teuluoedd iach ar hyd y cwm i gyd."},
                "mission": "Rydym yn ymweld â phobl gartref ac mewn clinigau lleol.",
                "motto": "Yn agos atoch, gyda chi",
                "values": {"warmth": {"name": "Cynhesrwydd", "promise": "Mae pobl yn teimlo bod croeso iddynt.",
                                      "commitments": ["dysgu enw pob person", "egluro pob cam"],
                                      "behaviours": ["gwenu a dweud helo"]}}
            },
            "ar": {
                "vision": {"statement": "أسر تتمتع بالصحة على امتداد الوادي كله."},
                "mission": "نزور الناس في منازلهم وفي العيادات المحلية.",
                "motto": "قريبون منك، معك",
                "values": {"warmth": {"name": "الدفء", "promise": "يشعر الناس بالترحيب.",
                                      "commitments": ["نتعلم اسم كل شخص", "نشرح كل خطوة"],
                                      "behaviours": ["نبتسم ونلقي التحية"]}}
            }
        }
    })
}

/// Publishes [`content`] as Riverside's next version, through the API.
async fn publish_through_api(app: &TestApp) -> Visitor {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(app, Some(common::make_token(&mut editor).await));
    let draft =
        api.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": content()})).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text);
    let revision = draft.json()["revision"].as_i64().unwrap();
    let body = json!({"revision": revision, "note": "Welsh and Arabic"});
    let published = api.send(reqwest::Method::POST, "/api/v1/orgs/riverside/framework/draft/publish", &body).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    editor
}

async fn revision_of(visitor: &Visitor, path: &str) -> String {
    visitor.get(path).await.attr("input[name=revision]", "value").expect("the form carries the revision")
}

/// Starts a refresh and changes the English motto, and rewords the first
/// commitment, as an editor does on the draft's pages.
async fn refresh_with_new_english(editor: &mut Visitor) {
    let started = editor.post("/o/riverside/values/edit/start", &[]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text);
    let rev = revision_of(editor, "/o/riverside/values/edit").await;
    let saved = editor
        .post(
            "/o/riverside/values/edit/statements",
            &[
                ("revision", &rev),
                ("vision", "Healthy families along the whole valley."),
                ("mission", "We visit people at home and in local clinics."),
                ("motto", NEW_MOTTO),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let path = "/o/riverside/values/edit/value/warmth";
    let rev = revision_of(editor, path).await;
    let saved = editor
        .post(
            path,
            &[
                ("revision", &rev),
                ("name", "Warmth"),
                ("promise", "People feel welcome."),
                ("commitments", "learn and use each person's name\nexplain every step"),
                ("behaviours", "smile and say hello"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
}

async fn publish_draft(editor: &mut Visitor, note: &str) {
    let rev = revision_of(editor, "/o/riverside/values/edit").await;
    let published = editor.post("/o/riverside/values/edit/publish", &[("revision", &rev), ("note", note)]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
}

fn row(list: &common::Page, language: &str) -> String {
    let rows = list.texts(".translations-table tbody tr");
    rows.into_iter().find(|r| r.starts_with(language)).unwrap_or_else(|| panic!("no {language} row: {}", list.text))
}

const LIST: &str = "/o/riverside/values/edit/translations";

#[tokio::test]
async fn a_changed_english_motto_and_line_show_as_out_of_date_in_the_list_and_the_form_until_translated_again() {
    let app = TestApp::spawn().await;
    let mut editor = publish_through_api(&app).await;

    // Translations stored without their English are taken as translated
    // from the English as it is: nothing is out of date.
    let list = editor.get(LIST).await;
    assert!(row(&list, "Welsh").contains("8 of 8 texts – complete"), "{}", row(&list, "Welsh"));

    refresh_with_new_english(&mut editor).await;

    let list = editor.get(LIST).await;
    let welsh = row(&list, "Welsh");
    assert!(welsh.contains("6 of 8 texts – 2 may be out of date"), "{welsh}");
    assert!(!welsh.contains("complete"), "{welsh}");
    assert!(row(&list, "Arabic").contains("6 of 8 texts – 2 may be out of date"));

    // The form marks the motto, with the English it was translated from,
    // beside the new English.
    let form_path = format!("{LIST}/cy");
    let form = editor.get(&form_path).await;
    assert!(
        form.text_of(".notice--important").contains("2 translations may be out of date"),
        "{}",
        form.text_of(".notice--important")
    );
    assert_eq!(form.text_of("#motto-source"), format!("English: {NEW_MOTTO}"));
    assert_eq!(
        form.text_of("#motto-was"),
        format!("May be out of date. This was translated from an earlier wording: “{MOTTO}”")
    );
    assert_eq!(form.attr("#motto-was span", "lang").as_deref(), Some("en-GB"));
    assert!(form.attr("#motto", "aria-describedby").unwrap().contains("motto-was"));
    assert_eq!(form.attr("#motto", "value").as_deref(), Some("Yn agos atoch, gyda chi"));
    assert!(form.has("#v-warmth-c-0-was"));
    assert!(!form.has("#mission-was"), "the mission's English did not change");

    // Staff can read the form, with the marks, but not save it.
    let mut staff = app.signed_in("staff@riverside.example").await;
    assert!(staff.get(&form_path).await.has("#motto-was"));
    let refused = staff.post(&form_path, &[("revision", "1"), ("motto", "Rhywbeth arall")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    // Nor can another organisation's editor see or change it.
    let mut stranger = app.signed_in("editor@northgate.example").await;
    let elsewhere = stranger.get(&form_path).await;
    assert!(!elsewhere.status.is_success(), "{}", elsewhere.status);
    assert!(!elsewhere.text.contains("Yn agos atoch"));
    let refused = stranger.post(&form_path, &[("revision", "1"), ("motto", "Rhywbeth arall")]).await;
    assert!(!refused.status.is_success() && !refused.status.is_redirection(), "{}", refused.status);
    assert!(row(&editor.get(LIST).await, "Welsh").contains("2 may be out of date"));

    // Translating the motto again clears its mark.
    let rev = form.attr("input[name=revision]", "value").unwrap();
    let saved = editor.post(&form_path, &[("revision", &rev), ("motto", "Yn agos at adref, bob cam")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let form = editor.follow(&saved).await;
    assert!(!form.has("#motto-was"));
    assert!(form.text_of(".notice--important").contains("1 translation may be out of date"));
    assert!(row(&editor.get(LIST).await, "Welsh").contains("7 of 8 texts – 1 may be out of date"));

    // Confirming the line still fits clears the last one.
    let rev = form.attr("input[name=revision]", "value").unwrap();
    let saved = editor
        .post(&form_path, &[("revision", &rev), ("v-warmth-c-0", "dysgu enw pob person"), ("ok-v-warmth-c-0", "yes")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let list = editor.get(LIST).await;
    assert!(row(&list, "Welsh").contains("8 of 8 texts – complete"), "{}", row(&list, "Welsh"));
    assert!(row(&list, "Arabic").contains("2 may be out of date"), "Arabic is still behind");
}

#[tokio::test]
async fn the_page_in_a_language_marks_a_translation_of_earlier_english_and_the_next_refresh_keeps_the_mark() {
    let app = TestApp::spawn().await;
    let mut editor = publish_through_api(&app).await;
    let public = app.visitor();
    assert!(!public.get("/o/riverside/values?lang=cy").await.has(".outdated"), "nothing is out of date yet");

    refresh_with_new_english(&mut editor).await;
    publish_draft(&mut editor, "New motto").await;

    let welsh = public.get("/o/riverside/values?lang=cy").await;
    assert_eq!(welsh.status, StatusCode::OK);
    assert_eq!(welsh.text_of(".motto"), "Yn agos atoch, gyda chi (may be out of date)");
    assert_eq!(welsh.attr(".motto .outdated__note", "lang").as_deref(), Some("en-GB"));
    assert!(welsh.texts("#value-warmth li").contains(&"dysgu enw pob person (may be out of date)".to_owned()));
    assert_eq!(
        welsh.text_of("#mission-heading + .statement"),
        "Rydym yn ymweld â phobl gartref ac mewn clinigau lleol."
    );
    assert!(welsh.text_of(".outdated-summary").contains("eiriad Saesneg cynharach"), "said in Welsh");

    // In a right-to-left page the English note keeps its own direction.
    let arabic = public.get("/o/riverside/values?lang=ar").await;
    assert_eq!(arabic.attr("html", "dir").as_deref(), Some("rtl"));
    assert_eq!(arabic.text_of(".motto"), "قريبون منك، معك (may be out of date)");
    assert_eq!(arabic.attr(".motto .outdated__note", "dir").as_deref(), Some("ltr"));

    // English readers see the English, with nothing marked.
    let english = public.get("/o/riverside/values").await;
    assert_eq!(english.text_of(".motto"), NEW_MOTTO);
    assert!(!english.has(".outdated") && !english.has(".outdated-summary"));

    // The next refresh starts from the published version, marks included.
    let started = editor.post("/o/riverside/values/edit/start", &[]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text);
    assert!(row(&editor.get(LIST).await, "Welsh").contains("6 of 8 texts – 2 may be out of date"));
    let preview = editor.get("/o/riverside/values/draft?lang=cy").await;
    assert_eq!(preview.text_of(".motto"), "Yn agos atoch, gyda chi (may be out of date)");
}

#[tokio::test]
async fn comparing_versions_in_a_language_does_not_call_a_text_unchanged_when_its_english_changed() {
    let app = TestApp::spawn().await;
    let mut editor = publish_through_api(&app).await;
    refresh_with_new_english(&mut editor).await;
    publish_draft(&mut editor, "New motto").await;

    let public = app.visitor();
    let arabic = public.get("/o/riverside/values/compare?from=1&to=2&lang=ar").await;
    assert_eq!(arabic.status, StatusCode::OK);
    let motto = arabic
        .texts(".diff dt")
        .into_iter()
        .find(|t| t.starts_with("Motto"))
        .unwrap_or_else(|| panic!("no motto part: {}", arabic.text));
    assert!(!motto.contains("(unchanged)"), "{motto}");
    assert_eq!(motto, "Motto (the English changed but this translation did not, so it may be out of date)");
    let mission = arabic.texts(".diff dt").into_iter().find(|t| t.starts_with("Mission")).unwrap();
    assert_eq!(mission, "Mission (unchanged)");

    // In English the motto shows what changed.
    let english = public.get("/o/riverside/values/compare?from=1&to=2").await;
    let added = english.texts(".diff .diff-added");
    assert!(added.iter().any(|t| t.contains("Close to home")), "{added:?}");
}
