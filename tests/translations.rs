//! Translations of a values framework: editing them, who may, the public
//! page and leaflet in each language, English fallbacks marked, the cache
//! keeping languages apart, and unknown languages refused.

mod common;

use common::{Api, TestApp, Visitor};
use lopdf::{Document, Object};
use reqwest::StatusCode;
use serde_json::json;

/// A small framework in English with a full Welsh translation and a partial
/// Arabic one (the mission and the behaviours are not translated).
fn content() -> serde_json::Value {
    json!({
        "vision": {"statement": "Healthy families along the whole valley."},
        "mission": "We visit people at home and in local clinics.",
        "motto": "Near you, with you",
        "values": [
            {"key": "warmth", "name": "Warmth", "promise": "People feel welcome.",
             "commitments": ["learn each person's name", "explain every step"], "behaviours": ["smile and say hello"]},
            {"key": "candour", "name": "Candour", "promise": "We are honest about mistakes.",
             "commitments": ["say sorry and put things right"], "behaviours": []}
        ],
        "translations": {
            "cy": {
                "vision": {"statement": "Teuluoedd iach ar hyd y cwm i gyd."},
                "mission": "Rydym yn ymweld â phobl gartref ac mewn clinigau lleol.",
                "motto": "Yn agos atoch, gyda chi",
                "values": {
                    "warmth": {"name": "Cynhesrwydd", "promise": "Mae pobl yn teimlo bod croeso iddynt.",
                               "commitments": ["dysgu enw pob person", "egluro pob cam"], "behaviours": ["gwenu a dweud helo"]},
                    "candour": {"name": "Gonestrwydd", "promise": "Rydym yn onest am gamgymeriadau.",
                                "commitments": ["ymddiheuro a chywiro pethau"]}
                }
            },
            "ar": {
                "vision": {"statement": "أسر تتمتع بالصحة على امتداد الوادي كله."},
                "values": {"warmth": {"name": "الدفء"}, "candour": {"name": "الصراحة"}}
            }
        }
    })
}

/// Publishes [`content`] for Riverside through the API; returns the API.
async fn publish(app: &TestApp) -> Api {
    let mut editor = app.signed_in("editor@riverside.example").await;
    let api = Api::new(app, Some(common::make_token(&mut editor).await));
    let draft =
        api.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": content()})).await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.text);
    let revision = draft.json()["revision"].as_i64().unwrap();
    let published = api
        .send(
            reqwest::Method::POST,
            "/api/v1/orgs/riverside/framework/draft/publish",
            &json!({"revision": revision, "note": "With Welsh and Arabic"}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    api
}

fn header(page: &common::Page, name: &str) -> String {
    page.headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn each_language_has_its_page_with_lang_dir_and_marked_fallbacks() {
    let app = TestApp::spawn().await;
    publish(&app).await;
    let public = app.visitor();

    let english = public.get("/o/riverside/values").await;
    assert_eq!(english.status, StatusCode::OK);
    assert_eq!(english.attr("html", "lang").as_deref(), Some("en-GB"));
    assert_eq!(english.texts(".value__name"), vec!["Warmth", "Candour"]);
    assert!(!english.has(".fallback"));
    // The switcher lists the languages this version has, as plain links.
    assert_eq!(english.texts(".language-switcher a"), vec!["English", "Cymraeg", "العربية"]);
    assert_eq!(
        english.attr(".language-switcher a[hreflang=cy]", "href").as_deref(),
        Some("/o/riverside/values?lang=cy")
    );

    let welsh = public.get("/o/riverside/values?lang=cy").await;
    assert_eq!(welsh.status, StatusCode::OK);
    assert_eq!(welsh.attr("html", "lang").as_deref(), Some("cy"));
    assert_eq!(welsh.attr("html", "dir").as_deref(), Some("ltr"));
    assert_eq!(header(&welsh, "content-language"), "cy");
    assert_eq!(welsh.texts(".value__name"), vec!["Cynhesrwydd", "Gonestrwydd"]);
    assert_eq!(welsh.text_of("h1"), "Ein gweledigaeth a’n gwerthoedd");
    assert!(welsh.text_of(".motto").contains("Yn agos atoch, gyda chi"));
    assert!(!welsh.has(".fallback"), "the Welsh translation is complete");
    assert_eq!(welsh.attr(".language-switcher a[aria-current]", "lang").as_deref(), Some("cy"));
    // The leaflet links carry the language.
    assert!(welsh.text.contains("/o/riverside/values.pdf?lang=cy"));

    let arabic = public.get("/o/riverside/values?lang=ar").await;
    assert_eq!(arabic.status, StatusCode::OK);
    assert_eq!(arabic.attr("html", "lang").as_deref(), Some("ar"));
    assert_eq!(arabic.attr("html", "dir").as_deref(), Some("rtl"));
    assert_eq!(header(&arabic, "content-language"), "ar");
    assert!(arabic.texts(".value__name").contains(&"الدفء".to_owned()));
    // The untranslated mission is shown in English, as English; with several
    // such texts the page says so once at the top, not on every line.
    let mission = arabic.text_of("#mission-heading + .statement");
    assert_eq!(mission, "We visit people at home and in local clinics.");
    assert_eq!(arabic.attr("#mission-heading + .statement .fallback", "lang").as_deref(), Some("en-GB"));
    assert_eq!(arabic.attr("#mission-heading + .statement .fallback", "dir").as_deref(), Some("ltr"));
    assert!(arabic.text_of(".fallback-summary").contains("not translated yet"));
    assert!(!arabic.text_of("main").contains("(in English)"), "not line after line");
    let promises = arabic.html();
    let selector = scraper::Selector::parse(".value__promise .fallback[lang=en-GB][dir=ltr]").unwrap();
    assert_eq!(promises.select(&selector).count(), arabic.texts(".value__promise").len(), "each promise is English");

    // Older versions' addresses take the language too.
    let versioned = public.get("/o/riverside/values/v/1?lang=cy").await;
    assert_eq!(versioned.status, StatusCode::OK);
    assert_eq!(versioned.texts(".value__name"), vec!["Cynhesrwydd", "Gonestrwydd"]);

    // Language tags are not case-sensitive.
    assert_eq!(public.get("/o/riverside/values?lang=CY").await.texts(".value__name")[0], "Cynhesrwydd");
    let unknown = public.get("/o/riverside/values?lang=xx").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text_of("main").contains("There is no language with the code “xx”"), "{}", unknown.text);
    let missing = public.get("/o/riverside/values?lang=pl").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.text_of("main").contains("This version has no Polish translation"), "{}", missing.text);

    // Signed-in visitors get the same languages (not from the cache).
    let staff = app.signed_in("staff@riverside.example").await;
    let page = staff.get("/o/riverside/values?lang=ar").await;
    assert_eq!(page.attr("html", "dir").as_deref(), Some("rtl"));
    assert_eq!(header(&page, "content-language"), "ar");
}

#[tokio::test]
async fn the_cache_keeps_languages_apart_and_forgets_them_on_publish() {
    let app = TestApp::spawn().await;
    let api = publish(&app).await;
    let public = app.visitor();
    // Ask in turn, twice each, so that each answer may come from the cache.
    for _ in 0..2 {
        let cy = public.get("/o/riverside/values?lang=cy").await;
        let en = public.get("/o/riverside/values").await;
        assert_eq!(cy.texts(".value__name")[0], "Cynhesrwydd");
        assert_eq!(header(&cy, "content-language"), "cy");
        assert_eq!(en.texts(".value__name")[0], "Warmth");
        assert_eq!(header(&en, "content-language"), "en-GB");
        assert_ne!(header(&cy, "etag"), header(&en, "etag"));
    }
    // A new version with a new Welsh name shows at once.
    let mut changed = content();
    changed["translations"]["cy"]["values"]["warmth"]["name"] = json!("Croeso");
    let draft =
        api.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": changed})).await;
    let revision = draft.json()["revision"].as_i64().unwrap();
    let published = api
        .send(
            reqwest::Method::POST,
            "/api/v1/orgs/riverside/framework/draft/publish",
            &json!({"revision": revision, "note": "Welsh wording"}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK);
    assert_eq!(public.get("/o/riverside/values?lang=cy").await.texts(".value__name")[0], "Croeso");
    assert_eq!(public.get("/o/riverside/values").await.texts(".value__name")[0], "Warmth");
}

async fn revision_of(visitor: &Visitor, path: &str) -> String {
    visitor.get(path).await.attr("input[name=revision]", "value").expect("the form carries the revision")
}

#[tokio::test]
async fn editors_add_and_translate_a_language_and_conflicts_and_long_texts_lose_nothing() {
    let app = TestApp::spawn().await;
    publish(&app).await;
    let mut editor = app.signed_in("editor@riverside.example").await;

    // Without a draft the translations are shown to read.
    let list = editor.get("/o/riverside/values/edit/translations").await;
    assert_eq!(list.status, StatusCode::OK);
    let rows = list.texts(".translations-table tbody tr");
    assert!(rows[0].starts_with("Welsh") && rows[0].contains("11 of 11 texts – complete"), "{rows:?}");
    assert!(rows[1].starts_with("Arabic") && rows[1].contains("3 of 11 texts"), "{rows:?}");
    assert!(!list.has("select[name=lang]"), "languages are added to a draft");

    assert_eq!(editor.post("/o/riverside/values/edit/start", &[]).await.status, StatusCode::SEE_OTHER);
    let list_path = "/o/riverside/values/edit/translations";
    let rev = revision_of(&editor, list_path).await;
    let unknown = editor.post(list_path, &[("revision", &rev), ("lang", "xx")]).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.text_of("#lang-error").contains("There is no language with the code “xx”"));
    let added = editor.post(list_path, &[("revision", &rev), ("lang", "pl")]).await;
    assert_eq!(added.location(), "/o/riverside/values/edit/translations/pl");

    let form_path = "/o/riverside/values/edit/translations/pl";
    let form = editor.get(form_path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.attr("#v-warmth-name", "lang").as_deref(), Some("pl"));
    assert_eq!(form.attr("#v-warmth-name", "dir").as_deref(), Some("ltr"));
    assert_eq!(form.text_of("#v-warmth-name-source"), "English: Warmth");
    let arabic_form = editor.get("/o/riverside/values/edit/translations/ar").await;
    assert_eq!(arabic_form.attr("#v-warmth-name", "dir").as_deref(), Some("rtl"));
    assert_eq!(arabic_form.attr("#v-warmth-name", "value").as_deref(), Some("الدفء"));

    let rev = form.attr("input[name=revision]", "value").unwrap();
    let saved = editor
        .post(
            form_path,
            &[("revision", &rev), ("v-warmth-name", "Serdeczność"), ("v-warmth-c-1", "wyjaśniamy każdy krok")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let again = editor.follow(&saved).await;
    assert_eq!(again.attr("#v-warmth-name", "value").as_deref(), Some("Serdeczność"));
    assert_eq!(again.attr("#v-warmth-c-1", "value").as_deref(), Some("wyjaśniamy każdy krok"));
    assert_eq!(again.attr("#v-warmth-c-0", "value").as_deref(), Some(""));
    let preview = editor.get("/o/riverside/values/draft?lang=pl").await;
    assert_eq!(preview.texts(".value__name")[0], "Serdeczność");
    assert!(preview.has(".value__name .fallback[lang=en-GB]"), "the untranslated name is marked as English");
    assert!(preview.has(".fallback-summary"), "several texts are in English: said once");

    // A second editor saving from the old revision gets both texts, and the
    // first editor's words stay saved.
    let mut owner = app.signed_in("owner@riverside.example").await;
    let conflict = owner.post(form_path, &[("revision", &rev), ("v-warmth-name", "Ciepło")]).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    let table = conflict.text_of(".conflict");
    assert!(table.contains("Serdeczność") && table.contains("Ciepło"), "{table}");
    assert_eq!(editor.get(form_path).await.attr("#v-warmth-name", "value").as_deref(), Some("Serdeczność"));

    // Too long: a clear message, the typed text kept, the draft unchanged.
    let rev = revision_of(&editor, form_path).await;
    let long = "ż".repeat(700);
    let refused = editor
        .post(form_path, &[("revision", &rev), ("v-warmth-name", "Nowa nazwa"), ("v-warmth-promise", &long)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.text_of(".error-summary a"),
        "Value: Warmth – Promise: this translation is 700 characters long; the most is 600"
    );
    assert_eq!(refused.attr("#v-warmth-name", "value").as_deref(), Some("Nowa nazwa"));
    assert_eq!(refused.attr("#v-warmth-promise", "value").as_deref(), Some(long.as_str()));
    assert_eq!(editor.get(form_path).await.attr("#v-warmth-name", "value").as_deref(), Some("Serdeczność"));

    let unknown = editor.get("/o/riverside/values/edit/translations/xx").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text_of("main").contains("There is no language with the code “xx”"));

    // Removing a value removes its translations, so the draft still publishes.
    let rev = revision_of(&editor, "/o/riverside/values/edit").await;
    let removed = editor
        .post("/o/riverside/values/edit/value/candour/arrange", &[("revision", &rev), ("action", "remove")])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text);
    let rev = revision_of(&editor, "/o/riverside/values/edit").await;
    let published =
        editor.post("/o/riverside/values/edit/publish", &[("revision", &rev), ("note", "Candour merged")]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
    let framework = Api::new(&app, None).get("/api/v1/orgs/riverside/framework").await.json();
    assert_eq!(framework["content"]["translations"]["cy"]["values"].as_object().unwrap().len(), 1);
    assert_eq!(framework["content"]["translations"]["pl"]["values"]["warmth"]["name"], "Serdeczność");

    // A language can be taken out of a draft; the published version keeps it.
    editor.post("/o/riverside/values/edit/start", &[]).await;
    let rev = revision_of(&editor, list_path).await;
    let removed = editor.post("/o/riverside/values/edit/translations/ar/remove", &[("revision", &rev)]).await;
    assert_eq!(removed.location(), list_path);
    let list = editor.get(list_path).await;
    assert!(!list.texts(".translations-table tbody th").iter().any(|t| t.starts_with("Arabic")));
    assert_eq!(app.visitor().get("/o/riverside/values?lang=ar").await.status, StatusCode::OK);
    let again = editor.post("/o/riverside/values/edit/translations/ar/remove", &[("revision", &rev)]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // Every change is in the audit log.
    let audit = owner.get("/o/riverside/audit").await.text_of("main");
    assert!(audit.contains("Removed the Arabic translation"), "{audit}");
    assert!(audit.contains("Added a Polish translation"), "{audit}");
    assert!(audit.contains("Edited the Polish translation"), "{audit}");
}

#[tokio::test]
async fn staff_and_board_read_translations_and_other_organisations_see_nothing() {
    let app = TestApp::spawn().await;
    publish(&app).await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    editor.post("/o/riverside/values/edit/start", &[]).await;
    let rev = revision_of(&editor, "/o/riverside/values/edit/translations").await;
    for reader in ["staff@riverside.example", "board@riverside.example"] {
        let mut visitor = app.signed_in(reader).await;
        let list = visitor.get("/o/riverside/values/edit/translations").await;
        assert_eq!(list.status, StatusCode::OK, "{reader}");
        assert!(list.text_of("main").contains("Welsh"));
        assert!(!list.has("select[name=lang]"), "{reader} cannot add a language");
        let form = visitor.get("/o/riverside/values/edit/translations/cy").await;
        assert_eq!(form.status, StatusCode::OK, "{reader}");
        assert!(!form.has("input#v-warmth-name"), "{reader} sees no inputs");
        assert!(form.text_of("main").contains("Cynhesrwydd"));
        let post = visitor
            .post("/o/riverside/values/edit/translations/cy", &[("revision", &rev), ("v-warmth-name", "Sneaky")])
            .await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "{reader}");
        let add = visitor.post("/o/riverside/values/edit/translations", &[("revision", &rev), ("lang", "pl")]).await;
        assert_eq!(add.status, StatusCode::FORBIDDEN, "{reader}");
        let remove = visitor.post("/o/riverside/values/edit/translations/cy/remove", &[("revision", &rev)]).await;
        assert_eq!(remove.status, StatusCode::FORBIDDEN, "{reader}");
    }
    let mut outsider = app.signed_in("editor@northgate.example").await;
    let remove = outsider.post("/o/riverside/values/edit/translations/cy/remove", &[("revision", &rev)]).await;
    assert_eq!(remove.status, StatusCode::FORBIDDEN);
    for path in ["/o/riverside/values/edit/translations", "/o/riverside/values/edit/translations/cy"] {
        assert_eq!(outsider.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
        let post = outsider.post(path, &[("revision", &rev), ("lang", "pl"), ("v-warmth-name", "x")]).await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "{path}");
    }
    let anonymous = app.visitor();
    let page = anonymous.get("/o/riverside/values/edit/translations/cy").await;
    assert!(page.status == StatusCode::SEE_OTHER || page.status == StatusCode::UNAUTHORIZED, "{}", page.status);
    // Nothing changed.
    let form = editor.get("/o/riverside/values/edit/translations/cy").await;
    assert_eq!(form.attr("#v-warmth-name", "value").as_deref(), Some("Cynhesrwydd"));
}

#[tokio::test]
async fn the_api_gives_translations_and_texts_in_a_language() {
    let app = TestApp::spawn().await;
    publish(&app).await;
    let api = Api::new(&app, None);
    let languages = api.get("/api/v1/languages").await.json();
    let arabic = languages.as_array().unwrap().iter().find(|l| l["code"] == "ar").unwrap();
    assert_eq!(arabic["dir"], "rtl");
    assert_eq!(arabic["own_name"], "العربية");
    assert!(languages.as_array().unwrap().len() >= 14);

    let framework = api.get("/api/v1/orgs/riverside/framework").await.json();
    assert_eq!(framework["languages"], json!(["en", "ar", "cy"]));
    assert_eq!(framework["content"]["translations"]["cy"]["values"]["warmth"]["name"], "Cynhesrwydd");
    assert!(framework.get("localised").is_none());

    let in_arabic = api.get("/api/v1/orgs/riverside/framework?lang=ar").await.json();
    assert_eq!(in_arabic["localised"]["lang"], "ar");
    assert_eq!(in_arabic["localised"]["dir"], "rtl");
    assert_eq!(in_arabic["localised"]["content"]["values"][0]["name"], "الدفء");
    assert_eq!(in_arabic["localised"]["content"]["mission"], "We visit people at home and in local clinics.");
    let untranslated = in_arabic["localised"]["untranslated"].as_array().unwrap();
    assert!(untranslated.contains(&json!("mission")) && !untranslated.contains(&json!("values[0].name")));
    let version = api.get("/api/v1/orgs/riverside/framework/versions/1?lang=cy").await.json();
    assert_eq!(version["localised"]["content"]["motto"], "Yn agos atoch, gyda chi");

    let unknown = api.get("/api/v1/orgs/riverside/framework?lang=xx").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.json()["detail"].as_str().unwrap().contains("There is no language with the code “xx”"));

    // A translation for a language Ethos does not know is refused.
    let mut editor = app.signed_in("editor@riverside.example").await;
    let writer = Api::new(&app, Some(common::make_token(&mut editor).await));
    let mut bad = content();
    bad["translations"]["xx"] = json!({"motto": "?"});
    let refused =
        writer.send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": bad})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);

    let openapi = api.get("/api/v1/openapi.json").await.text;
    assert!(openapi.contains("/api/v1/languages") && openapi.contains("LocalisedBody"));
}

fn text_string(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).expect("valid UTF-16")
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

#[tokio::test]
async fn the_welsh_leaflet_declares_welsh_and_has_the_welsh_names() {
    let app = TestApp::spawn().await;
    let api = publish(&app).await;
    let client = reqwest::Client::new();
    let url = format!("{}/o/riverside/values.pdf", app.url);
    let english = client.get(&url).send().await.unwrap();
    let english_etag = english.headers()["etag"].to_str().unwrap().to_owned();

    let response = client.get(format!("{url}?lang=cy")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-language"], "cy");
    assert_ne!(response.headers()["etag"].to_str().unwrap(), english_etag, "cached apart from English");
    let bytes = response.bytes().await.unwrap();
    let doc = Document::load_mem(&bytes).expect("the Welsh leaflet parses");
    assert_eq!(text_string(doc.catalog().unwrap().get(b"Lang").unwrap()), "cy");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text: String = doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    let first = text.find("Cynhesrwydd").expect("the first Welsh name");
    let second = text.find("Gonestrwydd").expect("the second Welsh name");
    assert!(first < second, "in reading order");
    assert!(!text.contains("Warmth"));
    let cached = client.get(format!("{url}?lang=cy")).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(cached, bytes);

    let arabic = client.get(format!("{url}?lang=ar")).send().await.unwrap();
    assert_eq!(arabic.status(), StatusCode::OK);
    let doc = Document::load_mem(&arabic.bytes().await.unwrap()).unwrap();
    assert_eq!(text_string(doc.catalog().unwrap().get(b"Lang").unwrap()), "ar");
    assert_eq!(client.get(format!("{url}?lang=xx")).send().await.unwrap().status(), StatusCode::NOT_FOUND);

    // Chinese prints too: the leaflet has a font for every offered script.
    let mut with_chinese = content();
    with_chinese["translations"]["zh"] = json!({"values": {"warmth": {"name": "温暖"}}});
    let draft = api
        .send(reqwest::Method::PUT, "/api/v1/orgs/riverside/framework/draft", &json!({"content": with_chinese}))
        .await;
    let revision = draft.json()["revision"].as_i64().unwrap();
    let body = json!({"revision": revision, "note": "Chinese"});
    api.send(reqwest::Method::POST, "/api/v1/orgs/riverside/framework/draft/publish", &body).await;
    let page = app.visitor().get("/o/riverside/values?lang=zh").await;
    assert_eq!(page.texts(".value__name")[0], "温暖");
    assert!(page.has("a[href='/o/riverside/values.pdf?lang=zh']"), "the Chinese page offers its own leaflet");
    let chinese = client.get(format!("{url}?lang=zh")).send().await.unwrap();
    assert_eq!(chinese.status(), StatusCode::OK);
    let doc = Document::load_mem(&chinese.bytes().await.unwrap()).unwrap();
    assert_eq!(text_string(doc.catalog().unwrap().get(b"Lang").unwrap()), "zh");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert!(doc.extract_text(&pages).unwrap().contains("温暖"));
}
