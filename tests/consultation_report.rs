//! A consultation's printable outputs over HTTP: the A4 poster for wards,
//! the Board report, and the themes editors find in free-text answers.

mod common;

use common::consultations::{self, Settings, add_questions, create_consultation, respond_by_api};
use common::{TestApp, Visitor};
use lopdf::Document;
use reqwest::StatusCode;
use serde_json::json;

/// A consultation at Riverside with a keep/remove question (q1), a ranked
/// values question (q2), a free-text question (q3) and the group (q4).
pub async fn consultation(editor: &mut Visitor, publish: bool) -> i64 {
    let settings = Settings {
        purpose: Some("We want to hear which of our words still ring true."),
        opened_hours_ago: 2,
        closes_in_hours: 72,
        audiences: "Staff\nVisitor",
        ..Settings::open("Our words for the next five years")
    };
    let id = create_consultation(editor, &settings).await;
    let questions: [&[(&str, &str)]; 4] = [
        &[
            ("kind", "words"),
            ("prompt", "Mark the words"),
            ("source", "pasted"),
            ("text", "Gentle, honest and curious"),
        ],
        &[
            ("kind", "values"),
            ("prompt", "Put these in order"),
            ("options", "Gentle\nHonest\nCurious"),
            ("max_picks", "2"),
            ("ranked", "yes"),
        ],
        &[("kind", "text"), ("prompt", "What would you change?"), ("limit", "200")],
        &[("kind", "group"), ("prompt", "Which group are you in?")],
    ];
    add_questions(editor, id, &questions).await;
    if publish {
        consultations::publish(editor, id).await;
    }
    id
}

/// Sends one response per text through the API: everyone keeps "Gentle"
/// (word 0) and removes "curious" (word 3).
pub async fn respond(app: &TestApp, id: i64, texts: &[&str]) {
    for (i, text) in texts.iter().enumerate() {
        let answers = json!({
            "q1": {"marks": {"0": "keep", "3": "remove"}},
            "q2": {"picks": [i % 3, (i + 1) % 3]},
            "q3": {"text": text},
            "q4": {"choices": [0]}
        });
        respond_by_api(app, id, answers).await;
    }
}

/// Fetches a PDF and returns its text with the spaces taken out.
pub async fn pdf_text(client: &reqwest::Client, url: &str) -> String {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = response.bytes().await.unwrap();
    let doc = Document::load_mem(&bytes).expect("the download parses as a PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

#[tokio::test]
async fn anyone_prints_the_poster_once_published_but_a_draft_stays_inside_the_organisation() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, false).await;
    let public = app.visitor();
    let poster = format!("/o/riverside/c/{id}/poster.pdf");
    assert_eq!(public.get(&poster).await.status, StatusCode::NOT_FOUND, "a draft's poster is private");
    let outsider = app.signed_in("editor@northgate.example").await;
    assert_eq!(outsider.get(&poster).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&format!("/o/northgate/c/{id}/poster.pdf")).await.status, StatusCode::NOT_FOUND);
    let text = pdf_text(&editor.client, &format!("{}{poster}", app.url)).await;
    assert!(text.contains("Ourwordsforthenextfiveyears"), "{text}");

    consultations::publish(&mut editor, id).await;
    let text = pdf_text(&public.client, &format!("{}{poster}", app.url)).await;
    assert!(text.contains("Ourwordsforthenextfiveyears"), "the title: {text}");
    let short = format!("{}/c/{id}", app.url.trim_start_matches("http://"));
    assert!(text.contains(&short), "the short link {short}: {text}");
    assert_eq!(public.get("/o/riverside/c/999999/poster.pdf").await.status, StatusCode::NOT_FOUND);

    // Editors find it on the manage page and on the survey.
    let manage = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    assert!(manage.has(&format!("a[href='{poster}']")), "{}", manage.text);
    let survey = editor.get(&format!("/o/riverside/c/{id}")).await;
    assert!(survey.has(&format!("a[href='{poster}']")));
}

#[tokio::test]
async fn the_board_report_carries_the_findings_and_the_editors_recommendations() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, true).await;
    respond(&app, id, &["More time to talk", "Less jargon", "More time with patients", "Fine", "Shorter forms", "Ok"])
        .await;
    let saved = editor
        .post(
            &format!("/o/riverside/consultations/{id}/recommendations"),
            &[("recommendations", "Keep gentle as our first value.\r\n\r\nDrop curious at the next refresh.")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let manage = editor.follow(&saved).await;
    assert_eq!(
        manage.text_of("textarea#recommendations"),
        "Keep gentle as our first value. Drop curious at the next refresh."
    );
    assert!(manage.has(&format!("a[href='/o/riverside/c/{id}/report.pdf']")));

    let board = app.signed_in("board@riverside.example").await;
    // The results page charts responses per day, with a table beside it.
    let results = board.get(&format!("/o/riverside/c/{id}/results")).await;
    assert!(results.has("#timeline-section svg"), "{}", results.text);
    let per_day: u32 = results.texts("#timeline-section tbody td").iter().map(|n| n.parse::<u32>().unwrap()).sum();
    assert_eq!(per_day, 6, "every response counted on its day");
    let text = pdf_text(&board.client, &format!("{}/o/riverside/c/{id}/report.pdf", app.url)).await;
    for expected in ["Ourwordsforthenextfiveyears", "Purpose", "Method", "Mostkept", "Mostremoved", "Recommendations"] {
        assert!(text.to_lowercase().contains(&expected.to_lowercase()), "{expected} in {text}");
    }
    assert!(text.contains("Gentle"), "the most kept word");
    assert!(text.contains("Keepgentleasourfirstvalue."), "the recommendations: {text}");
    assert!(text.contains("Puttheseinorder"), "the value priorities");

    // Too long: refused, and what was saved stays.
    let long = "x".repeat(20_001);
    let refused =
        editor.post(&format!("/o/riverside/consultations/{id}/recommendations"), &[("recommendations", &long)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text_of("#recommendations-error").contains("the limit is 20000"), "{}", refused.text);
    assert_eq!(refused.text_of("textarea#recommendations").len(), 20_001, "what was typed is kept");
    let manage = editor.get(&format!("/o/riverside/consultations/{id}")).await;
    assert!(manage.text_of("textarea#recommendations").starts_with("Keep gentle"));
}

/// Stores `n` responses in group `choice` of q4 (0 Staff, 1 Visitor),
/// as verified staff when `verified`.
async fn stored(app: &TestApp, id: i64, choice: u32, verified: bool, n: usize) {
    use ethos::consultations::{answers, model::Answer, store};
    let c = store::by_id(&app.db, id).await.unwrap().unwrap();
    let mut batch = Vec::new();
    for _ in 0..n {
        let sent = answers::Answers(vec![("q4".to_owned(), Answer { choices: vec![choice], ..Default::default() })]);
        let mut valid = answers::validate(&c, sent).unwrap();
        valid.verified_staff = verified;
        batch.push((ethos::auth::secrets::new_token(), valid));
    }
    store::submit_many(&app.db, &c, &batch).await.unwrap();
}

#[tokio::test]
async fn the_board_report_says_how_many_were_verified_staff_unless_fewer_than_five() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, true).await;
    let report = format!("{}/o/riverside/c/{id}/report.pdf", app.url);
    respond(&app, id, &["Yes", "No", "Maybe", "Often", "Rarely", "Never"]).await;
    stored(&app, id, 0, true, 4).await;
    stored(&app, id, 1, false, 2).await;

    // Ten staff, four of them verified: too few verified to show. The two
    // visitors are too few too, and the ten staff are not shown either:
    // the total minus the staff would give the visitors away.
    let text = pdf_text(&editor.client, &report).await;
    assert!(text.contains("Ofwhichverifiedstaff"), "the column: {text}");
    assert!(text.contains("Staffnotshown–fewerthan5"), "the staff row: {text}");
    assert!(text.contains("Visitorfewerthan5"), "two visitors are too few to show: {text}");
    assert!(text.contains("Staff(verified),allgroupsfewerthan5"), "the closing row: {text}");
    assert!(text.contains("signedinasmembersoftheorganisation"), "what verified means: {text}");

    // Two more make six verified staff, now shown, with their share of all.
    stored(&app, id, 0, true, 2).await;
    let text = pdf_text(&editor.client, &report).await;
    assert!(text.contains("Staffnotshown–6"), "the staff row: {text}");
    assert!(text.contains("Staff(verified),allgroups643%6"), "the closing row: {text}");

    // Five visitors more: every group is shown.
    stored(&app, id, 1, false, 5).await;
    let text = pdf_text(&editor.client, &report).await;
    assert!(text.contains("Staff1263%6"), "the staff row: {text}");
    assert!(text.contains("Visitor737%0"), "the visitors' row: {text}");
}

#[tokio::test]
async fn only_owners_editors_and_the_board_read_the_report_or_change_recommendations() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, true).await;
    let report = format!("/o/riverside/c/{id}/report.pdf");
    let mut staff = app.signed_in("staff@riverside.example").await;
    assert_eq!(staff.get(&report).await.status, StatusCode::FORBIDDEN);
    let tried =
        staff.post(&format!("/o/riverside/consultations/{id}/recommendations"), &[("recommendations", "Mine")]).await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN);
    let manage = staff.get(&format!("/o/riverside/consultations/{id}")).await;
    assert!(!manage.has(&format!("a[href='{report}']")), "staff are not offered the report");
    let mut outsider = app.signed_in("editor@northgate.example").await;
    assert_eq!(outsider.get(&report).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&format!("/o/northgate/c/{id}/report.pdf")).await.status, StatusCode::NOT_FOUND);
    let tried = outsider
        .post(&format!("/o/riverside/consultations/{id}/recommendations"), &[("recommendations", "Theirs")])
        .await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);
    assert!(app.visitor().get(&report).await.status.is_redirection(), "sign in first");
    assert_eq!(editor.get(&report).await.status, StatusCode::OK);
}

async fn scalar(app: &TestApp, sql: &str, id: i64, text: &str) -> i64 {
    ethos::on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).bind(id).bind(text).fetch_one(pool).await.unwrap())
}

async fn theme_id(app: &TestApp, id: i64, name: &str) -> i64 {
    scalar(app, "SELECT id FROM consultation_themes WHERE consultation_id = $1 AND name = $2", id, name).await
}

async fn response_id(app: &TestApp, id: i64, text: &str) -> i64 {
    let sql = "SELECT a.response_id FROM consultation_answers a JOIN consultation_responses r ON r.id = a.response_id \
               WHERE r.consultation_id = $1 AND a.question_key = 'q3' AND a.answer LIKE '%' || $2 || '%'";
    scalar(app, sql, id, text).await
}

#[tokio::test]
async fn editors_promote_rename_merge_tag_and_quote_themes_and_the_report_prints_the_quote() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, true).await;
    let answers = [
        "More time to talk with families",
        "We need more time with patients",
        "More time for training please",
        "Less jargon in letters",
        "Plain words and less jargon",
        "Kind staff on the ward",
        "Mae angen mwy o amser gyda’r teuluoedd yn y ward",
    ];
    respond(&app, id, &answers).await;
    let themes = format!("/o/riverside/c/{id}/themes");
    let page = editor.get(&themes).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let phrases: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse("input[name=phrase]").unwrap())
        .filter_map(|e| e.value().attr("value").map(str::to_owned))
        .collect();
    let time = phrases.iter().find(|p| p.to_lowercase().contains("time")).expect("a suggestion about time").clone();
    let jargon =
        phrases.iter().find(|p| p.to_lowercase().contains("jargon")).expect("a suggestion about jargon").clone();
    assert!(page.text.contains("results?search="), "each suggestion links to its answers");
    // The language of each answer is shown beside it on the results page.
    let results = editor.get(&format!("/o/riverside/c/{id}/results")).await;
    let languages = results.texts(".answer__lang");
    assert_eq!(languages.iter().filter(|l| *l == "Welsh").count(), 1, "{languages:?}");
    assert!(languages.iter().filter(|l| *l == "English").count() >= 5, "{languages:?}");

    let promote = format!("/o/riverside/consultations/{id}/themes/promote");
    for phrase in [&time, &jargon] {
        let done = editor.post(&promote, &[("question", "q3"), ("phrase", phrase)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    }
    let stale = editor.post(&promote, &[("question", "q3"), ("phrase", "nobody wrote this")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let time_id = theme_id(&app, id, &time).await;
    let jargon_id = theme_id(&app, id, &jargon).await;

    let renamed = editor
        .post(&format!("/o/riverside/consultations/{id}/themes/{time_id}/rename"), &[("name", "Time to care")])
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.text);
    let blank =
        editor.post(&format!("/o/riverside/consultations/{id}/themes/{time_id}/rename"), &[("name", "  ")]).await;
    assert_eq!(blank.status, StatusCode::BAD_REQUEST);

    let tag = format!("/o/riverside/consultations/{id}/themes/tag");
    let kind = response_id(&app, id, "Kind staff").await.to_string();
    let tagged = editor.post(&tag, &[("theme", &jargon_id.to_string()), ("response", &kind), ("action", "tag")]).await;
    assert_eq!(tagged.status, StatusCode::SEE_OTHER, "{}", tagged.text);
    let families = response_id(&app, id, "talk with families").await.to_string();
    let quoted =
        editor.post(&tag, &[("theme", &time_id.to_string()), ("response", &families), ("action", "quote")]).await;
    assert_eq!(quoted.status, StatusCode::SEE_OTHER, "{}", quoted.text);

    let page = editor.get(&themes).await;
    let names = page.texts(".theme__name");
    assert!(names.contains(&"Time to care".to_owned()), "{names:?}");
    assert_eq!(page.texts(&format!("#theme-{jargon_id} .answer__text")).len(), 3, "two found, one tagged by hand");
    assert_eq!(page.texts(&format!("#theme-{time_id} .tag")), vec!["Quoted in the report"]);

    let merged = editor
        .post(
            &format!("/o/riverside/consultations/{id}/themes/{jargon_id}/merge"),
            &[("into", &time_id.to_string()), ("confirm", "yes")],
        )
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.text);
    let page = editor.get(&themes).await;
    assert_eq!(page.texts(".theme__name"), vec!["Time to care"]);
    assert_eq!(page.texts(&format!("#theme-{time_id} .answer__text")).len(), 6);
    let history = page.texts("#history + ul li").join(" | ");
    for event in ["became the theme", "renamed “Time to care”", "merged into “Time to care”"] {
        assert!(history.contains(event), "{event} in {history}");
    }

    let text = pdf_text(&editor.client, &format!("{}/o/riverside/c/{id}/report.pdf", app.url)).await;
    assert!(text.contains("Timetocare"), "the theme: {text}");
    assert!(text.contains("Moretimetotalkwithfamilies"), "the chosen quote: {text}");
    assert!(!text.contains("Kindstaffontheward"), "answers not chosen are not quoted");
}

#[tokio::test]
async fn staff_and_other_organisations_cannot_read_or_change_themes() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor, true).await;
    respond(&app, id, &["Time matters", "Time to listen"]).await;
    let mut staff = app.signed_in("staff@riverside.example").await;
    assert_eq!(staff.get(&format!("/o/riverside/c/{id}/themes")).await.status, StatusCode::FORBIDDEN);
    let promote = format!("/o/riverside/consultations/{id}/themes/promote");
    assert_eq!(staff.post(&promote, &[("question", "q3"), ("phrase", "time")]).await.status, StatusCode::FORBIDDEN);
    let board = app.signed_in("board@riverside.example").await;
    let page = board.get(&format!("/o/riverside/c/{id}/themes")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.has("input[name=phrase]"), "the Board reads but does not change themes");
    let mut outsider = app.signed_in("editor@northgate.example").await;
    assert_eq!(outsider.get(&format!("/o/riverside/c/{id}/themes")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(outsider.post(&promote, &[("question", "q3"), ("phrase", "time")]).await.status, StatusCode::NOT_FOUND);
    let none = ethos::on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM consultation_themes")
        .fetch_one(pool).await.unwrap());
    assert_eq!(none, 0, "nothing was made");
}

#[tokio::test]
async fn the_demo_consultation_makes_a_board_report() {
    let database = common::TestDatabase::new().await;
    let db = ethos::storage::Db::connect(&database.url).await.unwrap();
    db.migrate().await.unwrap();
    ethos::demo::load_if_empty(&db, true).await.unwrap();
    let org = ethos::orgs::model::by_slug(&db, "riverside").await.unwrap().unwrap();
    let c = ethos::consultations::store::list(&db, org.id).await.unwrap().remove(0);
    let state =
        ethos::app::AppState::new(db.clone(), ethos::config::Config::for_url("http://localhost")).await.unwrap();
    let report = ethos::consultations::report::board_input(&state, &org, &c).await.unwrap();
    assert_eq!(report.total_responses as usize, ethos::demo::consultation::RESPONSES);
    // Every day is there; a day's figure of 1 to 4 (and one that would give
    // it away) is hidden, so the shown ones add up to no more than all.
    let shown: usize = report.by_day.iter().filter_map(|(_, n)| n.map(|n| n as usize)).sum();
    assert!(!report.by_day.is_empty() && shown <= ethos::demo::consultation::RESPONSES, "{:?}", report.by_day);
    assert!(report.by_day.iter().all(|(_, n)| n.is_none_or(|n| n == 0 || n >= 5)), "{:?}", report.by_day);
    assert!(!report.word_questions.is_empty() && !report.word_questions[0].most_kept.is_empty());
    assert_eq!(report.themes.len(), 1, "the demo has one theme");
    assert_eq!(report.themes[0].quotes.len(), 1, "with one quote");
    assert_eq!(report.recommendations.len(), 2);
    let pdf = ethos_pdf::board_report(&report).unwrap();
    let doc = Document::load_mem(&pdf).expect("a PDF");
    assert!(doc.get_pages().len() >= 2, "the findings run over more than one page");
}
