//! Listening, triage: editors tag items with the organisation's own tags,
//! link them to its values and strategy objectives, and filter the inbox
//! (and the API) by tag, value, objective, neighbourhood, arrival date and
//! words, with suggested themes from the texts and pages beyond 200; another
//! organisation's editors, values and objectives are refused, staff cannot
//! read or filter the inbox, and a date not understood is explained. Runs on
//! the backend `ETHOS_TEST_BACKEND` names.

mod common;

use std::time::Duration;

use common::campaigns::schema_problems;
use common::feedback::{item_id, send_ok};
use common::{Api, TestApp, Visitor, make_token};
use reqwest::StatusCode;

const INBOX: &str = "/o/riverside/feedback/inbox";

/// The demo, with a form that takes any fill time.
async fn spawn() -> TestApp {
    TestApp::spawn_with_demo_and(|c| c.feedback_min_fill = Duration::ZERO).await
}

async fn sent(app: &TestApp, resident: &mut Visitor, kind: &str, body: &str) -> String {
    send_ok(resident, &[("kind", kind), ("body", body)]).await;
    format!("{INBOX}/{}", item_id(app, body).await)
}

async fn scalar(app: &TestApp, sql: &str, text: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar(sql).bind(text).fetch_one(pool).await.unwrap())
}

/// An objective in a strategy of Northgate, made as its editors would have.
async fn northgate_objective(app: &TestApp) -> i64 {
    ethos::on_db!(&app.db, pool => {
        sqlx::query("INSERT INTO strategies (org_id, title, first_year, last_year, status, created_at, updated_at) \
                     SELECT id, 'Northgate plan', 2026, 2026, 'published', 1, 1 FROM organisations WHERE slug = 'northgate'")
            .execute(pool).await.unwrap();
        sqlx::query("INSERT INTO strategy_aims (strategy_id, position, title) \
                     SELECT id, 0, 'Northgate aim' FROM strategies WHERE title = 'Northgate plan'")
            .execute(pool).await.unwrap();
        sqlx::query("INSERT INTO strategy_objectives (aim_id, year, title, created_at, updated_at) \
                     SELECT id, 2026, 'Northgate objective', 1, 1 FROM strategy_aims WHERE title = 'Northgate aim'")
            .execute(pool).await.unwrap();
    });
    scalar(app, "SELECT id FROM strategy_objectives WHERE title = $1", "Northgate objective").await
}

#[tokio::test]
async fn an_editor_tags_items_reusing_a_tag_in_any_case_and_the_inbox_filters_by_it() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let first = sent(&app, &mut resident, "feedback", "The car park barrier was stuck again.").await;
    let second = sent(&app, &mut resident, "idea", "More bike racks by the clinic door.").await;
    let mut editor = app.signed_in("editor@riverside.example").await;

    let tagged = editor.post(&format!("{first}/tags"), &[("tag", "  Car   parking ")]).await;
    assert_eq!(tagged.status, StatusCode::SEE_OTHER, "{}", tagged.text);
    let page = editor.get(&first).await;
    assert_eq!(page.texts(".item-tag a"), ["Car parking"]);
    assert_eq!(page.attr("#org-tags option", "value").as_deref(), Some("Car parking"), "offered as one types");
    editor.post(&format!("{second}/tags"), &[("tag", "car PARKING")]).await;
    assert_eq!(editor.get(&second).await.texts(".item-tag a"), ["Car parking"], "the same tag, as first written");
    let tags = scalar(&app, "SELECT COUNT(*) FROM feedback_tags WHERE name <> $1", "").await;
    assert_eq!(tags, 1);

    for (typed, said) in [("   ", "Write the tag"), (&*"x".repeat(41), "40 characters or fewer")] {
        let refused = editor.post(&format!("{first}/tags"), &[("tag", typed)]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text_of(".error-summary").contains(said), "{}", refused.text_of(".error-summary"));
        assert_eq!(refused.texts(".item-tag a"), ["Car parking"], "nothing saved is lost");
    }

    let filtered = editor.get(&format!("{INBOX}?tag=car+parking")).await;
    assert_eq!(filtered.texts(".inbox-line").len(), 2);
    assert_eq!(filtered.attr("#tag option[selected]", "value").as_deref(), Some("Car parking"), "the filter echoed");
    assert!(filtered.text_of(".inbox-line .line-tags").contains("Car parking"));

    let tag_id = scalar(&app, "SELECT id FROM feedback_tags WHERE folded = $1", "car parking").await;
    let off = editor.post(&format!("{second}/tags/remove"), &[("tag", &tag_id.to_string())]).await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert!(editor.get(&second).await.has(".item-tags-none"));
    let filtered = editor.get(&format!("{INBOX}?tag=Car+parking")).await;
    assert_eq!(filtered.texts(".inbox-line").len(), 1);
    assert!(filtered.text_of(".inbox-line").contains("barrier was stuck"));

    let audit = app.signed_in("owner@riverside.example").await.get("/o/riverside/audit").await.text_of("main");
    for said in ["tagged “Car parking”", "took off the tag “Car parking”"] {
        assert!(audit.contains(said), "{said}: {audit}");
    }
}

#[tokio::test]
async fn an_item_links_to_the_organisations_values_and_objectives_and_never_to_another_organisations() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let item = sent(&app, &mut resident, "compliment", "The night nurse sat with my father for an hour.").await;
    sent(&app, &mut resident, "feedback", "The waiting room was cold.").await;
    let title = "Halve the urgent response calls that end in an ambulance";
    let objective = scalar(&app, "SELECT id FROM strategy_objectives WHERE title = $1", title).await;
    let mut editor = app.signed_in("editor@riverside.example").await;

    let form = editor.get(&item).await;
    assert!(form.texts("#links ~ form .choice__label").iter().any(|l| l == "Kindness"), "the values offered");
    let linked =
        editor.post(&format!("{item}/links"), &[("value", "kindness"), ("objective", &objective.to_string())]).await;
    assert_eq!(linked.status, StatusCode::SEE_OTHER, "{}", linked.text);
    let page = editor.get(&item).await;
    assert!(page.text_of(".item-links").contains("Kindness") && page.text_of(".item-links").contains(title));
    assert_eq!(page.attr("#value", "checked").as_deref(), Some(""), "Kindness ticked");

    for filter in ["value=kindness".to_owned(), format!("objective={objective}")] {
        let inbox = editor.get(&format!("{INBOX}?{filter}")).await;
        assert_eq!(inbox.texts(".inbox-line").len(), 1, "{filter}");
        assert!(inbox.text_of(".inbox-line").contains("night nurse"), "{filter}");
    }

    // Northgate's objective or value: refused with a message, nothing changed.
    let theirs = northgate_objective(&app).await;
    let refused = editor.post(&format!("{item}/links"), &[("objective", &theirs.to_string())]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of(".error-summary").contains("not one of this organisation's strategy objectives"));
    let refused = editor.post(&format!("{item}/links"), &[("value", "hope")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of(".error-summary").contains("“hope” is not one of Riverside"));
    let page = editor.get(&item).await;
    assert!(page.text_of(".item-links").contains("Kindness") && page.text_of(".item-links").contains(title));
    assert!(!editor.get(&item).await.texts("#links ~ form .choice__label").iter().any(|l| l.contains("Northgate")));

    let audit = app.signed_in("owner@riverside.example").await.get("/o/riverside/audit").await.text_of("main");
    assert!(audit.contains("linked to 1 values and 1 objectives"), "{audit}");
}

#[tokio::test]
async fn the_inbox_filters_by_neighbourhood_date_and_words_echoes_them_and_explains_a_bad_date() {
    let app = spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let lists = [("services", "Podiatry"), ("neighbourhoods", "Riverside East\nRiverside West")];
    assert_eq!(editor.post("/o/riverside/feedback/settings/lists", &lists).await.status, StatusCode::SEE_OTHER);
    let mut resident = app.visitor();
    let east = [("kind", "idea"), ("body", "Benches along the canal path."), ("neighbourhood", "Riverside East")];
    send_ok(&mut resident, &east).await;
    send_ok(&mut resident, &[("kind", "feedback"), ("body", "Parking at the clinic is hard.")]).await;

    let hood = editor.get(&format!("{INBOX}?neighbourhood=Riverside+East")).await;
    assert_eq!(hood.texts(".inbox-line").len(), 1);
    assert_eq!(hood.attr("#neighbourhood option[selected]", "value").as_deref(), Some("Riverside East"));
    let words = editor.get(&format!("{INBOX}?q=CANAL")).await;
    assert_eq!(words.texts(".inbox-line").len(), 1);
    assert!(words.text_of(".inbox-line").contains("canal path"));
    assert_eq!(words.attr("#q", "value").as_deref(), Some("CANAL"));
    assert!(editor.get(&format!("{INBOX}?q=50%25")).await.text_of(".inbox-empty").contains("Nothing matches"));

    let org = ethos::orgs::model::by_slug(&app.db, "riverside").await.unwrap().unwrap();
    let today = org.today();
    let yesterday = today.yesterday().unwrap();
    let from_today = editor.get(&format!("{INBOX}?from={today}&to={today}")).await;
    assert_eq!(from_today.texts(".inbox-line").len(), 2);
    assert_eq!(from_today.attr("#from", "value"), Some(today.to_string()));
    let until_yesterday = editor.get(&format!("{INBOX}?to={yesterday}&neighbourhood=Riverside+East")).await;
    assert!(until_yesterday.text_of(".inbox-empty").contains("Nothing matches"));

    let bad = editor.get(&format!("{INBOX}?from=31%2F12%2F2026&kind=idea")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text_of(".error-summary").contains("“31/12/2026” is not a date"), "{}", bad.text_of(".error-summary"));
    assert_eq!(bad.attr("#from", "value").as_deref(), Some("31/12/2026"), "what was typed stays");
    assert_eq!(bad.attr("#kind option[selected]", "value").as_deref(), Some("idea"));
    let reversed = editor.get(&format!("{INBOX}?from={today}&to={yesterday}")).await;
    assert_eq!(reversed.status, StatusCode::BAD_REQUEST);
    assert!(reversed.text_of(".error-summary").contains("on or before"));

    // The same through the API, its answer as the OpenAPI document says.
    let api = Api::new(&app, Some(make_token(&mut editor).await));
    let list = api.get(&format!("/api/v1/orgs/riverside/feedback?neighbourhood=Riverside%20East&from={today}")).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let json = list.json();
    assert_eq!(json["items"].as_array().unwrap().len(), 1);
    assert_eq!(json["items"][0]["tags"], serde_json::json!([]));
    assert_eq!(schema_problems(&app, "FeedbackPage", &json).await, Vec::<String>::new());
    let bad = api.get("/api/v1/orgs/riverside/feedback?to=soon").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.text);
    assert!(bad.json()["detail"].as_str().unwrap_or_default().contains("“soon” is not a date"), "{}", bad.text);
    let q = api.get("/api/v1/orgs/riverside/feedback?q=parking").await.json();
    assert_eq!(q["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn suggested_themes_come_from_the_items_in_the_filter_and_each_shows_its_items() {
    let app = spawn().await;
    let mut resident = app.visitor();
    for body in [
        "The car park barrier was stuck again this morning.",
        "No spaces left in the car park after nine.",
        "Lights in the car park are out at night.",
        "The receptionist was kind and quick.",
    ] {
        send_ok(&mut resident, &[("kind", "feedback"), ("body", body)]).await;
    }
    let editor = app.signed_in("editor@riverside.example").await;
    let inbox = editor.get(INBOX).await;
    let themes = inbox.texts(".suggested-themes li a");
    let theme = themes.iter().find(|t| t.to_lowercase().contains("car park")).unwrap_or_else(|| panic!("{themes:?}"));
    let href = inbox.attr(".suggested-themes li a", "href").unwrap();
    assert!(href.starts_with("/o/riverside/feedback/inbox?q="), "{href}");
    let link = format!("{INBOX}?q={}", theme.replace(' ', "+"));
    let shown = editor.get(&link).await;
    assert_eq!(shown.texts(".inbox-line").len(), 3, "{theme}");
    let compliments = editor.get(&format!("{INBOX}?kind=compliment")).await;
    assert!(!compliments.has(".suggested-themes"), "one compliment suggests nothing");
}

#[tokio::test]
async fn the_inbox_pages_beyond_two_hundred_items_both_ways() {
    let app = spawn().await;
    let mut resident = app.visitor();
    send_ok(&mut resident, &[("kind", "idea"), ("body", "The oldest one.")]).await;
    let sql = "INSERT INTO feedback (org_id, year, number, kind, body, status_token_hash, acknowledge_by, respond_by, \
               created_at, updated_at) SELECT org_id, year, number + 1000 + $1, kind, 'Copy of the oldest one.', \
               status_token_hash || $2, \
               acknowledge_by, respond_by, created_at, updated_at FROM feedback WHERE body = 'The oldest one.'";
    ethos::on_db!(&app.db, pool => for n in 1..=204_i64 {
        sqlx::query(sql).bind(n).bind(n.to_string()).execute(pool).await.unwrap();
    });
    let editor = app.signed_in("editor@riverside.example").await;
    let first = editor.get(&format!("{INBOX}?q=oldest+one")).await;
    assert_eq!(first.texts(".inbox-line").len(), 200);
    assert!(!first.has("a[rel=prev]"));
    let older = first.attr("a[rel=next]", "href").expect("a link to older items");
    assert!(older.contains("q=oldest+one&before="), "{older}");
    let second = editor.get(&older).await;
    assert_eq!(second.texts(".inbox-line").len(), 5);
    assert!(second.text_of(".inbox").contains("The oldest one."), "still filtered");
    assert!(!second.has("a[rel=next]"));
    let newer = second.attr("a[rel=prev]", "href").expect("a link back");
    let back = editor.get(&newer).await;
    assert_eq!(back.texts(".inbox-line").len(), 200);
    assert_eq!(back.texts(".inbox-line a")[0], first.texts(".inbox-line a")[0], "the newest page again");
    assert!(!back.has("a[rel=prev]"), "nothing newer than the newest");
}

#[tokio::test]
async fn other_organisations_are_refused_on_every_new_route_and_staff_cannot_read_or_filter_the_inbox() {
    let app = spawn().await;
    let mut resident = app.visitor();
    let item = sent(&app, &mut resident, "feedback", "The hearing loop at reception is off.").await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    editor.post(&format!("{item}/tags"), &[("tag", "Access")]).await;
    let tag = scalar(&app, "SELECT id FROM feedback_tags WHERE name = $1", "Access").await.to_string();
    let posts = [
        (format!("{item}/tags"), vec![("tag", "Theirs")]),
        (format!("{item}/tags/remove"), vec![("tag", tag.as_str())]),
        (format!("{item}/links"), vec![("value", "kindness")]),
    ];
    for email in ["owner@northgate.example", "editor@northgate.example", "staff@riverside.example"] {
        let mut outsider = app.signed_in(email).await;
        for (path, fields) in &posts {
            assert_eq!(outsider.post(path, fields).await.status, StatusCode::FORBIDDEN, "{email} POST {path}");
        }
        for path in [format!("{INBOX}?tag=Access"), format!("{INBOX}?q=hearing"), item.clone()] {
            assert_eq!(outsider.get(&path).await.status, StatusCode::FORBIDDEN, "{email} GET {path}");
        }
        let api = Api::new(&app, Some(make_token(&mut outsider).await));
        let listed = api.get("/api/v1/orgs/riverside/feedback?tag=Access").await;
        assert_eq!(listed.status, StatusCode::FORBIDDEN, "{email}: {}", listed.text);
    }
    // Nothing an outsider sent was kept.
    assert_eq!(editor.get(&item).await.texts(".item-tag a"), ["Access"]);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM feedback_values WHERE value_key <> $1", "").await, 0);
    let signed_out = app.visitor().get(&format!("{INBOX}?tag=Access")).await;
    assert!(signed_out.location().starts_with("/sign-in?next="), "{}", signed_out.status);
}
