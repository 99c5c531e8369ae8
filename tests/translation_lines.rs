//! Translations tied to the English line they translate, page labels in
//! other languages (on the page and the leaflet), the out-of-date mark, and
//! comparing two versions in a language.

mod common;

use common::{Api, TestApp, Visitor};
use lopdf::Document;
use reqwest::StatusCode;
use serde_json::json;

/// Two values in English, translated into Welsh line by line; Arabic has
/// only a name. The translations are written by position, as stored before
/// lines were tied to their English line.
fn content() -> serde_json::Value {
    json!({
        "vision": {"statement": "A town where nobody waits alone."},
        "values": [
            {"key": "patience", "name": "Patience", "promise": "We give people the time they need.",
             "commitments": ["slow down at the bedside", "check we were understood", "come back when we said"],
             "behaviours": ["sit down to talk"]},
            {"key": "fairness", "name": "Fairness", "commitments": ["treat every request alike"]}
        ],
        "translations": {
            "cy": {
                "vision": {"statement": "Tref lle nad oes neb yn aros ar ei ben ei hun."},
                "values": {
                    "patience": {"name": "Amynedd",
                                 "commitments": ["arafu wrth erchwyn y gwely", "gwirio ein bod wedi cael ein deall", "dod yn ôl pan ddywedon ni"],
                                 "behaviours": ["eistedd i siarad"]},
                    "fairness": {"name": "Tegwch"}
                }
            },
            "ar": {"values": {"patience": {"name": "الصبر"}}}
        }
    })
}

async fn put_and_publish(api: &Api, content: &serde_json::Value, note: &str) {
    let draft =
        api.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": content})).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text);
    let revision = draft.json()["revision"].as_i64().unwrap();
    let body = json!({"revision": revision, "note": note});
    let published = api.send(reqwest::Method::POST, "/api/v1/orgs/riverside/framework/draft/publish", &body).await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
}

async fn editor_and_api(app: &TestApp) -> (Visitor, Api) {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(app, Some(common::make_token(&mut editor).await));
    (editor, api)
}

async fn revision_of(visitor: &Visitor, path: &str) -> String {
    visitor.get(path).await.attr("input[name=revision]", "value").expect("the form carries the revision")
}

fn pdf_text(bytes: &[u8]) -> String {
    let doc = Document::load_mem(bytes).expect("the leaflet parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn page_labels_are_translated_on_the_page_and_the_leaflet() {
    let app = TestApp::spawn().await;
    let (mut editor, api) = editor_and_api(&app).await;
    put_and_publish(&api, &content(), "First").await;

    // Ethos's own Welsh wording, before anyone changes it.
    let page = app.visitor().get("/o/riverside/values?lang=cy").await;
    assert_eq!(page.text_of("#vision-heading"), "Ein gweledigaeth");
    assert_eq!(page.texts(".value__sub")[0], "Byddwn yn");
    assert_eq!(page.text_of(".translated-from"), "Wedi’i gyfieithu o’r Saesneg");

    // An editor words two labels their own way.
    editor.post("/o/riverside/values/edit/start", &[]).await;
    let form_path = "/o/riverside/values/edit/translations/cy";
    let form = editor.get(form_path).await;
    assert_eq!(form.text_of("#label-we_will-built-in"), "Left empty, Ethos shows: Byddwn yn");
    let rev = form.attr("input[name=revision]", "value").unwrap();
    let saved = editor
        .post(
            form_path,
            &[("revision", &rev), ("label-we_will", "Rydym yn addo"), ("label-translated_from", "Trosiad o’r Saesneg")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    // The rest of the translation is untouched by the labels' form.
    let again = editor.follow(&saved).await;
    assert_eq!(again.attr("#v-patience-c-1", "value").as_deref(), Some("gwirio ein bod wedi cael ein deall"));
    let rev = revision_of(&editor, "/o/riverside/values/edit").await;
    let published = editor.post("/o/riverside/values/edit/publish", &[("revision", &rev), ("note", "Labels")]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);

    let page = app.visitor().get("/o/riverside/values?lang=cy").await;
    assert_eq!(page.texts(".value__sub")[0], "Rydym yn addo");
    assert_eq!(page.text_of(".translated-from"), "Trosiad o’r Saesneg");
    assert!(page.text_of(".version-note").contains("Fersiwn 2, cyhoeddwyd"), "{}", page.text_of(".version-note"));
    assert_eq!(page.attr(".language-switcher", "aria-label").as_deref(), Some("Ieithoedd"));

    // Arabic has no wording of its own for "Read this in": English, as
    // English, and the page says once that parts are in English.
    let arabic = app.visitor().get("/o/riverside/values?lang=ar").await;
    assert_eq!(arabic.text_of(".language-switcher__title"), "Read this in");
    assert!(arabic.has(".fallback-summary"));
    assert_eq!(arabic.attr(".language-switcher__title .fallback", "lang").as_deref(), Some("en-GB"));
    assert_eq!(arabic.text_of("#values-heading"), "قيمنا");

    let client = reqwest::Client::new();
    let welsh = client.get(format!("{}/o/riverside/values.pdf?lang=cy", app.url)).send().await.unwrap();
    assert_eq!(welsh.status(), StatusCode::OK);
    let text = pdf_text(&welsh.bytes().await.unwrap());
    assert!(text.contains("Rydymynaddo"), "{text}");
    assert!(text.contains("Eingweledigaeth"), "{text}");
    assert!(text.contains("Fersiwn2,cyhoeddwyd"), "the footer is in Welsh: {text}");
    assert!(text.contains("Trosiado’rSaesneg"), "{text}");
    assert!(text.contains("Tudalen1o1"), "{text}");
    assert!(!text.contains("Wewill") && !text.contains("Version2"), "{text}");

    let arabic = client.get(format!("{}/o/riverside/values.pdf?lang=ar", app.url)).send().await.unwrap();
    let text = pdf_text(&arabic.bytes().await.unwrap());
    assert!(text.contains("Version2,published"), "no Arabic wording of the footer: English: {text}");
    assert!(text.contains("Somepartsofthispagearenottranslatedyet,sotheyareshowninEnglish"), "said once: {text}");
    assert!(!text.contains("(inEnglish)"), "not on every line: {text}");
}

#[tokio::test]
async fn reordering_english_keeps_translations_on_their_lines_and_rewording_marks_them() {
    let app = TestApp::spawn().await;
    let (mut editor, api) = editor_and_api(&app).await;
    put_and_publish(&api, &content(), "First").await;
    editor.post("/o/riverside/values/edit/start", &[]).await;

    // Reorder the commitments, drop one and reword another.
    let path = "/o/riverside/values/edit/value/patience";
    let rev = revision_of(&editor, path).await;
    let saved = editor
        .post(
            path,
            &[
                ("revision", &rev),
                ("name", "Patience"),
                ("promise", "We give people the time they need."),
                ("commitments", "come back when we promised\nslow down at the bedside"),
                ("behaviours", "sit down to talk"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);

    let preview = editor.get("/o/riverside/values/draft?lang=cy").await;
    let lines = preview.texts("#value-patience ul:first-of-type li");
    // The reworded line's translation is still shown, marked.
    assert_eq!(lines, vec!["dod yn ôl pan ddywedon ni (may be out of date)", "arafu wrth erchwyn y gwely"]);

    let list_path = "/o/riverside/values/edit/translations";
    let list = editor.get(list_path).await;
    let welsh = &list.texts(".translations-table tbody tr")[0];
    assert!(welsh.contains("1 may be out of date"), "{welsh}");
    let form = editor.get(&format!("{list_path}/cy")).await;
    assert!(form.text_of(".notice").contains("1 translation may be out of date"));
    assert_eq!(
        form.text_of("#v-patience-c-0-was"),
        "May be out of date. This was translated from an earlier wording: “come back when we said”"
    );
    assert!(!form.has("#v-patience-c-1-was"));

    // Confirming the translation clears the mark and keeps the text.
    let rev = form.attr("input[name=revision]", "value").unwrap();
    let html = form.html();
    let inputs = scraper::Selector::parse("input[type=text], textarea").unwrap();
    let mut fields: Vec<(String, String)> = html
        .select(&inputs)
        .map(|e| {
            let name = e.value().attr("name").unwrap_or_default().to_owned();
            let value = e.value().attr("value").map(str::to_owned).unwrap_or_else(|| e.text().collect());
            (name, value)
        })
        .collect();
    fields.push(("revision".into(), rev));
    fields.push(("ok-v-patience-c-0".into(), "yes".into()));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let saved = editor.post(&format!("{list_path}/cy"), &refs).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let form = editor.follow(&saved).await;
    assert!(!form.has("#v-patience-c-0-was"));
    assert_eq!(form.attr("#v-patience-c-0", "value").as_deref(), Some("dod yn ôl pan ddywedon ni"));
    assert!(!editor.get(list_path).await.text_of(".translations-table").contains("out of date"));
}

#[tokio::test]
async fn two_versions_are_compared_in_a_language() {
    let app = TestApp::spawn().await;
    let (_, api) = editor_and_api(&app).await;
    put_and_publish(&api, &content(), "First").await;
    let mut second = content();
    second["translations"]["cy"]["values"]["fairness"]["name"] = json!("Cyfiawnder");
    second["translations"].as_object_mut().unwrap().remove("ar");
    put_and_publish(&api, &second, "Second").await;

    let public = app.visitor();
    let welsh = public.get("/o/riverside/values/compare?from=1&to=2&lang=cy").await;
    assert_eq!(welsh.status, StatusCode::OK);
    assert_eq!(welsh.text_of("h1"), "Compare versions 1 and 2 in Welsh");
    assert_eq!(welsh.texts(".diff .diff-added"), vec!["[added: Cyfiawnder ]"]);
    assert_eq!(welsh.texts(".diff .diff-removed"), vec!["[removed: Tegwch ]"]);
    assert_eq!(welsh.attr(".diff dd", "lang").as_deref(), Some("cy"));
    assert!(!welsh.has(".notice"));

    let arabic = public.get("/o/riverside/values/compare?from=1&to=2&lang=ar").await;
    assert_eq!(arabic.status, StatusCode::OK);
    assert_eq!(
        arabic.text_of(".notice"),
        "Version 2 has no Arabic translation, so its English texts are compared with the Arabic ones of the other version."
    );
    assert!(arabic.texts(".diff .diff-added").iter().any(|t| t.contains("Patience")), "{}", arabic.text);

    let polish = public.get("/o/riverside/values/compare?from=1&to=2&lang=pl").await;
    assert_eq!(polish.status, StatusCode::NOT_FOUND);
    assert!(polish.text_of("main").contains("Neither version 1 nor version 2 has a Polish translation"));
    assert_eq!(public.get("/o/riverside/values/compare?lang=xx").await.status, StatusCode::NOT_FOUND);

    // English is as before.
    let english = public.get("/o/riverside/values/compare?from=1&to=2").await;
    assert!(english.texts(".diff .diff-added").is_empty(), "{:?}", english.texts(".diff .diff-added"));
}
