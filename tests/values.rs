//! Authoring, versioning and publishing a values framework through the pages.

mod common;

use common::{TestApp, Visitor};
use reqwest::StatusCode;

/// The draft's revision, read from the edit page as a browser would.
async fn revision(editor: &Visitor, slug: &str) -> String {
    let page = editor.get(&format!("/o/{slug}/values/edit")).await;
    page.attr("input[name=revision]", "value").expect("the edit page carries the draft's revision")
}

async fn publish(editor: &mut Visitor, slug: &str, note: &str) -> common::Page {
    let rev = revision(editor, slug).await;
    editor.post(&format!("/o/{slug}/values/edit/publish"), &[("revision", &rev), ("note", note)]).await
}

/// Starts a draft and adds a value with two commitments and a behaviour.
async fn write_first_version(editor: &mut Visitor) {
    let started = editor.post("/o/riverside/values/edit/start", &[]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let rev = revision(editor, "riverside").await;
    let saved = editor
        .post(
            "/o/riverside/values/edit/statements",
            &[
                ("revision", &rev),
                ("vision", "Healthy lives close to home."),
                ("mission", "We care for people where they live."),
                ("motto", "Care that comes to you"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let rev = revision(editor, "riverside").await;
    let added = editor
        .post(
            "/o/riverside/values/edit/values",
            &[("revision", &rev), ("name", "Kindness"), ("promise", "Everyone is met warmly.")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text);
    let form_url = added.location();
    assert_eq!(form_url, "/o/riverside/values/edit/value/kindness");
    let form = editor.get(&form_url).await;
    let rev = form.attr("input[name=revision]", "value").unwrap();
    let saved = editor
        .post(
            &form_url,
            &[
                ("revision", &rev),
                ("name", "Kindness"),
                ("promise", "Everyone is met warmly."),
                ("commitments", "listen before we act\n\n  explain what happens next  \n"),
                ("behaviours", "use people's chosen names"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
}

#[tokio::test]
async fn an_editor_writes_and_publishes_values_that_everyone_can_read() {
    let app = TestApp::spawn().await;
    let public = app.visitor();
    let before = public.get("/o/riverside/values").await;
    assert_eq!(before.status, StatusCode::NOT_FOUND);
    assert!(before.text_of("main").contains("has not published its values"));

    let mut editor = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut editor).await;
    // Nothing is public before publishing.
    assert_eq!(public.get("/o/riverside/values").await.status, StatusCode::NOT_FOUND);

    let refused = publish(&mut editor, "riverside", "").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.text_of(".error-summary a"), "Say in a line what changed, for the list of versions");
    let published = publish(&mut editor, "riverside", "First version").await;
    assert_eq!(published.location(), "/o/riverside/values");

    let page = public.get("/o/riverside/values").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("h1"), "Our vision and values");
    assert_eq!(page.text_of(".motto"), "Care that comes to you");
    assert_eq!(page.texts(".value__name"), vec!["Kindness"]);
    assert_eq!(page.texts(".value ul")[0], "listen before we act explain what happens next");
    assert!(page.text_of(".version-note").starts_with("Version 1, published"));
}

#[tokio::test]
async fn a_refresh_makes_version_two_while_version_one_stays_readable() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut editor).await;
    publish(&mut editor, "riverside", "First version").await;

    let started = editor.post("/o/riverside/values/edit/start", &[]).await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let edit = editor.get("/o/riverside/values/edit").await;
    assert_eq!(edit.texts(".value-list__text strong"), vec!["Kindness"], "the refresh starts from the current version");
    let rev = revision(&editor, "riverside").await;
    editor.post("/o/riverside/values/edit/values", &[("revision", &rev), ("name", "Courage"), ("promise", "")]).await;
    // Move Courage above Kindness, without JavaScript.
    let rev = revision(&editor, "riverside").await;
    let moved =
        editor.post("/o/riverside/values/edit/value/courage/arrange", &[("revision", &rev), ("action", "up")]).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert_eq!(publish(&mut editor, "riverside", "Added Courage").await.status, StatusCode::SEE_OTHER);

    let public = app.visitor();
    assert_eq!(public.get("/o/riverside/values").await.texts(".value__name"), vec!["Courage", "Kindness"]);
    let old = public.get("/o/riverside/values/v/1").await;
    assert_eq!(old.texts(".value__name"), vec!["Kindness"]);
    assert!(old.text_of(".notice").contains("This is an earlier version"));
    let versions = public.get("/o/riverside/values/versions").await;
    assert_eq!(versions.texts("tbody td:first-child"), vec!["Version 2 (current)", "Version 1"]);
    assert!(versions.text_of("tbody").contains("Added Courage"));
    assert_eq!(public.get("/o/riverside/values/v/9").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn empty_and_duplicate_names_are_refused_and_the_draft_keeps_what_was_saved() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut editor).await;
    let rev = revision(&editor, "riverside").await;
    let page = editor
        .post("/o/riverside/values/edit/values", &[("revision", &rev), ("name", " kindness "), ("promise", "")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.text_of(".error-summary a"),
        "There is already a value called “kindness”; each value needs its own name"
    );
    assert_eq!(page.attr(".error-summary a", "href").as_deref(), Some("#new-name"));

    let form = editor.get("/o/riverside/values/edit/value/kindness").await;
    let rev = form.attr("input[name=revision]", "value").unwrap();
    let huge = "x".repeat(700);
    let page = editor
        .post(
            "/o/riverside/values/edit/value/kindness",
            &[("revision", &rev), ("name", ""), ("promise", &huge), ("commitments", "a"), ("behaviours", "")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.texts(".error-summary a"),
        vec!["Value 1 needs a name", "This text is 700 characters long; the most is 600"]
    );
    let preview = editor.get("/o/riverside/values/draft").await;
    assert_eq!(preview.texts(".value__name"), vec!["Kindness"]);
    assert_eq!(preview.texts(".value ul")[0], "listen before we act explain what happens next");
}

#[tokio::test]
async fn two_editors_saving_the_same_value_both_see_their_text() {
    let app = TestApp::spawn().await;
    let mut first = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut first).await;
    let mut second = app.signed_in("owner@riverside.example").await;
    let form = second.get("/o/riverside/values/edit/value/kindness").await;
    let rev = form.attr("input[name=revision]", "value").unwrap();
    let fields = |promise: &'static str| {
        vec![("name", "Kindness"), ("promise", promise), ("commitments", ""), ("behaviours", "")]
    };
    let mut a = fields("First editor's promise");
    a.push(("revision", &rev));
    assert_eq!(first.post("/o/riverside/values/edit/value/kindness", &a).await.status, StatusCode::SEE_OTHER);
    let mut b = fields("Second editor's promise");
    b.push(("revision", &rev));
    let clash = second.post("/o/riverside/values/edit/value/kindness", &b).await;
    assert_eq!(clash.status, StatusCode::CONFLICT);
    let row = clash.texts("tbody tr").into_iter().find(|r| r.starts_with("Promise")).unwrap();
    assert_eq!(row, "Promise First editor's promise Second editor's promise");
    let preview = second.get("/o/riverside/values/draft").await;
    assert_eq!(preview.text_of(".value__promise"), "First editor's promise");
}

#[tokio::test]
async fn staff_and_board_read_the_draft_but_cannot_edit_and_other_trusts_see_nothing() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut editor).await;
    for reader in ["staff@riverside.example", "board@riverside.example"] {
        let mut visitor = app.signed_in(reader).await;
        let preview = visitor.get("/o/riverside/values/draft").await;
        assert_eq!(preview.status, StatusCode::OK, "{reader}");
        assert!(preview.text_of(".notice").contains("Draft – not published"));
        assert_eq!(visitor.get("/o/riverside/values/edit").await.status, StatusCode::FORBIDDEN, "{reader}");
        let page = visitor.post("/o/riverside/values/edit/values", &[("revision", "3"), ("name", "Sneaky")]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{reader}");
    }
    let mut outsider = app.signed_in("editor@northgate.example").await;
    for path in [
        "/o/riverside/values/draft",
        "/o/riverside/values/edit",
        "/o/riverside/values/edit/value/kindness",
        "/o/riverside/values/edit/publish",
    ] {
        assert_eq!(outsider.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    for path in [
        "/o/riverside/values/edit/start",
        "/o/riverside/values/edit/discard",
        "/o/riverside/values/edit/publish",
        "/o/riverside/values/edit/value/kindness/arrange",
    ] {
        let page = outsider.post(path, &[("revision", "3"), ("action", "remove"), ("note", "x")]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(editor.get("/o/riverside/values/draft").await.texts(".value__name"), vec!["Kindness"]);
}

#[tokio::test]
async fn the_public_values_page_revalidates_by_etag_and_date_and_shows_text_as_text() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut editor).await;
    let rev = revision(&editor, "riverside").await;
    editor
        .post(
            "/o/riverside/values/edit/values",
            &[("revision", &rev), ("name", "<script>alert(1)</script>"), ("promise", "<b>bold</b>")],
        )
        .await;
    publish(&mut editor, "riverside", "Script test").await;

    let public = app.visitor();
    let page = public.get("/o/riverside/values").await;
    assert!(page.texts(".value__name").contains(&"<script>alert(1)</script>".to_owned()));
    assert!(!page.text.contains("<script>alert(1)"));
    let etag = page.headers["etag"].to_str().unwrap().to_owned();
    let modified = page.headers["last-modified"].to_str().unwrap().to_owned();
    let url = format!("{}/o/riverside/values", app.url);
    let by_tag = public.client.get(&url).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(by_tag.status(), StatusCode::NOT_MODIFIED);
    let by_date = public.client.get(&url).header("if-modified-since", &modified).send().await.unwrap();
    assert_eq!(by_date.status(), StatusCode::NOT_MODIFIED);
    let stale = public.client.get(&url).header("if-none-match", "\"old\"").send().await.unwrap();
    assert_eq!(stale.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_comparison_marks_words_added_and_removed_in_the_page_and_the_api() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut editor).await;
    publish(&mut editor, "riverside", "First").await;
    // With one version there is nothing to compare, and the page says so.
    let alone = app.visitor().get("/o/riverside/values/compare").await;
    assert_eq!(alone.status, StatusCode::OK);
    assert!(alone.text_of("main").contains("so there is nothing to compare yet"), "{}", alone.text_of("main"));
    assert!(!alone.has(".diff"), "no version compared with itself");
    editor.post("/o/riverside/values/edit/start", &[]).await;
    let rev = revision(&editor, "riverside").await;
    editor
        .post(
            "/o/riverside/values/edit/statements",
            &[
                ("revision", &rev),
                ("vision", "Healthy, happy lives close to home."),
                ("mission", "We care for people where they live."),
                ("motto", "Care that comes to you"),
            ],
        )
        .await;
    publish(&mut editor, "riverside", "Second").await;

    let page = app.visitor().get("/o/riverside/values/compare?from=1&to=2").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text_of("h1"), "Compare versions 1 and 2");
    // What changed comes first, before the full texts.
    assert!(page.text_of("#compare-summary").starts_with("1 of "), "{}", page.text_of("#compare-summary"));
    assert_eq!(page.texts("#compare-changed li"), vec!["Vision"]);
    assert_eq!(page.texts(".diff__part--changed dt"), vec!["Vision"]);
    assert_eq!(page.texts(".diff__part--changed del"), vec!["[removed: Healthy ]"]);
    assert_eq!(page.texts(".diff__part--changed ins"), vec!["[added: Healthy, happy ]"]);
    assert_eq!(app.visitor().get("/o/riverside/values/compare?from=1&to=7").await.status, StatusCode::NOT_FOUND);

    let api = common::Api::new(&app, None);
    let parts = api.get("/api/v1/orgs/riverside/framework/compare").await.json();
    let vision = parts.as_array().unwrap().iter().find(|p| p["label"] == "Vision").unwrap();
    assert_eq!(vision["changed"], true);
    assert_eq!(vision["segments"][0], serde_json::json!({"change": "removed", "text": "Healthy"}));
    assert_eq!(vision["segments"][1], serde_json::json!({"change": "added", "text": "Healthy, happy"}));
}

#[tokio::test]
async fn scripts_read_published_versions_and_editors_write_the_draft_through_the_api() {
    let app = TestApp::spawn().await;
    let api = common::Api::new(&app, None);
    assert_eq!(api.get("/api/v1/orgs/northgate/framework").await.status, StatusCode::NOT_FOUND);

    let mut editor = app.signed_in("editor@northgate.example").await;
    let editor_api = common::Api::new(&app, Some(common::make_token(&mut editor).await));
    let content = serde_json::json!({
        "vision": {"statement": "Minds that are well supported.", "supporting": []},
        "mission": "", "motto": "",
        "values": [{"key": "hope", "name": "Hope", "promise": "Recovery is possible.", "commitments": ["keep trying"], "behaviours": []}],
        "principles": []
    });
    let opened = editor_api
        .send(reqwest::Method::PUT, "/api/v1/orgs/northgate/framework/draft", &serde_json::json!({"content": content}))
        .await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.text);
    let revision = opened.json()["revision"].as_i64().unwrap();
    let duplicate = serde_json::json!({"revision": revision, "content": {"values": [{"key": "a", "name": "Hope"}, {"key": "b", "name": "hope"}]}});
    let refused = editor_api.send(reqwest::Method::PUT, "/api/v1/orgs/northgate/framework/draft", &duplicate).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["errors"][0]["field"], "values[1].name");
    let stale = editor_api
        .send(
            reqwest::Method::POST,
            "/api/v1/orgs/northgate/framework/draft/publish",
            &serde_json::json!({"revision": revision + 5, "note": "x"}),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let published = editor_api
        .send(
            reqwest::Method::POST,
            "/api/v1/orgs/northgate/framework/draft/publish",
            &serde_json::json!({"revision": revision, "note": "First version"}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text);
    assert_eq!(published.json()["number"], 1);

    let current = api.get("/api/v1/orgs/northgate/framework").await.json();
    assert_eq!(current["content"]["values"][0]["name"], "Hope");
    assert_eq!(api.get("/api/v1/orgs/northgate/framework/versions").await.json()[0]["note"], "First version");
    assert_eq!(api.get("/api/v1/orgs/northgate/framework/versions/1").await.json()["status"], "published");

    // Another trust's editor can neither read the draft nor write one.
    let mut outsider = app.signed_in("editor@riverside.example").await;
    let outsider_api = common::Api::new(&app, Some(common::make_token(&mut outsider).await));
    let page = outsider_api
        .send(reqwest::Method::PUT, "/api/v1/orgs/northgate/framework/draft", &serde_json::json!({"content": {}}))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(outsider_api.get("/api/v1/orgs/northgate/framework/draft").await.status, StatusCode::FORBIDDEN);
    let home = app.visitor().get("/o/northgate").await;
    assert_eq!(home.text_of(".link-list"), "Our vision and values");
}

#[tokio::test]
async fn an_editor_maps_values_to_the_nhs_values_and_the_coverage_shows_gaps() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut editor).await;
    publish(&mut editor, "riverside", "First").await;
    let form = editor.get("/o/riverside/values/edit/mapping").await;
    assert_eq!(form.texts("legend"), vec!["Kindness"]);
    let saved = editor
        .post("/o/riverside/values/edit/mapping", &[("map", "kindness:nhs-compassion"), ("map", "kindness:6c-care")])
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let bad = editor.post("/o/riverside/values/edit/mapping", &[("map", "kindness:made-up")]).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let page = app.visitor().get("/o/riverside/values/coverage").await;
    let rows = page.texts("table.coverage tbody tr");
    assert!(rows.iter().any(|r| r.starts_with("Compassion") && r.ends_with("Covered by Kindness")), "{rows:?}");
    assert!(rows.iter().any(|r| r.starts_with("Everyone counts") && r.ends_with("Not covered")), "{rows:?}");
    assert_eq!(rows.iter().filter(|r| r.ends_with("Covered by Kindness")).count(), 2);
    let mut outsider = app.signed_in("owner@northgate.example").await;
    assert_eq!(outsider.post("/o/riverside/values/edit/mapping", &[]).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_member_of_the_public_asks_for_another_format_and_editors_handle_it() {
    let app = TestApp::spawn().await;
    let mut visitor = app.visitor();
    let page = visitor.post("/o/riverside/values/request", &[("format", "language")]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        page.texts(".error-summary a"),
        vec![
            "Say which language you would like",
            "Give an email address, phone number or postal address so that we can send it to you"
        ]
    );
    assert_eq!(page.attr("#format-language", "checked").as_deref(), Some(""), "the choice is kept");
    let sent = visitor
        .post(
            "/o/riverside/values/request",
            &[("format", "language"), ("language", "Polish"), ("contact", "07700 900123")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);

    let mut editor = app.signed_in("editor@riverside.example").await;
    let inbox = editor.get("/o/riverside/values/requests").await;
    let row = inbox.text_of("tbody tr");
    assert!(row.contains("Another language: Polish") && row.contains("07700 900123"), "{row}");
    let action = inbox.attr("tbody form", "action").unwrap();
    assert_eq!(editor.post(&action, &[("status", "sent")]).await.status, StatusCode::SEE_OTHER);
    let inbox = editor.get("/o/riverside/values/requests").await;
    assert_eq!(inbox.attr("tbody option[selected]", "value").as_deref(), Some("sent"));

    let mut outsider = app.signed_in("editor@northgate.example").await;
    assert_eq!(outsider.get("/o/riverside/values/requests").await.status, StatusCode::FORBIDDEN);
    assert_eq!(outsider.post(&action, &[("status", "closed")]).await.status, StatusCode::FORBIDDEN);
    let mut staff = app.signed_in("staff@riverside.example").await;
    assert_eq!(staff.get("/o/riverside/values/requests").await.status, StatusCode::FORBIDDEN);
    assert_eq!(staff.post(&action, &[("status", "closed")]).await.status, StatusCode::FORBIDDEN);
}

/// Something else writes at the moment an editor publishes (in the product:
/// the leaflet stored after an earlier publish, the mail sender, responses).
/// Publishing waits its turn and succeeds; it used to read, then fail to
/// write with an error page because the other write had come in between.
/// SQLite only: PostgreSQL locks rows, not the database.
#[tokio::test]
async fn publishing_while_something_else_writes_waits_its_turn_instead_of_failing() {
    let app = TestApp::spawn().await;
    let ethos::storage::Db::Sqlite(pool) = &app.db else { return };
    let mut editor = app.signed_in("editor@riverside.example").await;
    write_first_version(&mut editor).await;
    let rev = revision(&editor, "riverside").await;

    let mut other = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
    sqlx::query("UPDATE organisations SET updated_at = updated_at WHERE slug = 'northgate'")
        .execute(&mut *other)
        .await
        .unwrap();
    let publishing = tokio::spawn(async move {
        editor.post("/o/riverside/values/edit/publish", &[("revision", &rev), ("note", "First version")]).await
    });
    // Long enough for the publish to be waiting on the other write.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    other.commit().await.unwrap();

    let published = publishing.await.unwrap();
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
    let page = app.visitor().get("/o/riverside/values").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Care that comes to you"));
}
