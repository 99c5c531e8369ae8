//! What keeps a large consultation cheap to read, seen over HTTP: written
//! answers a page at a time (with the search and group kept from page to
//! page), responses per day from a running tally, and suggested themes that
//! follow new and changed responses and are built when the server starts.

mod common;

use common::consultations::{Settings, add_questions, create_consultation, publish, respond_by_api};
use common::{TestApp, Visitor};
use ethos::consultations::answers::{self, Answers};
use ethos::consultations::model::Answer;
use ethos::consultations::store;
use ethos::on_db;
use reqwest::StatusCode;
use serde_json::json;

/// An open consultation at Riverside, results for the organisation only,
/// with a free-text question (q1) and the group (q2: Staff or Visitor).
async fn consultation(editor: &mut Visitor) -> i64 {
    let settings = Settings {
        opened_hours_ago: 2,
        closes_in_hours: 72,
        audiences: "Staff\nVisitor",
        ..Settings::open("What should change first")
    };
    let id = create_consultation(editor, &settings).await;
    let questions: [&[(&str, &str)]; 2] = [
        &[("kind", "text"), ("prompt", "What would you change?"), ("limit", "200")],
        &[("kind", "group"), ("prompt", "Which group are you in?")],
    ];
    add_questions(editor, id, &questions).await;
    publish(editor, id).await;
    id
}

/// Sends a response through the API, as a new respondent.
async fn respond(app: &TestApp, id: i64, text: &str, group: u32) {
    respond_by_api(app, id, json!({"q1": {"text": text}, "q2": {"choices": [group]}})).await;
}

/// Stores a response made with `token` at time `t` through the same write
/// path as the API (a second one with the same token changes the first).
async fn respond_at(app: &TestApp, id: i64, token: &str, text: &str, t: i64) {
    let c = store::by_id(&app.db, id).await.unwrap().unwrap();
    let sent = vec![
        ("q1".to_owned(), Answer { text: text.to_owned(), ..Answer::default() }),
        ("q2".to_owned(), Answer { choices: vec![0], ..Answer::default() }),
    ];
    let valid = answers::validate(&c, Answers(sent)).unwrap_or_else(|e| panic!("{:?}", e.list));
    store::submit_at(&app.db, &c, token, &valid, None, t).await.unwrap();
}

#[tokio::test]
async fn written_answers_come_fifty_to_a_page_and_the_search_and_group_stay_from_page_to_page() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor).await;
    // Even answers are about parking, odd ones about food; Staff are the
    // pairs 0-1, 4-5, 8-9 …, so Staff wrote about parking at 0, 4, 8 …
    for i in 0..240 {
        let text = if i % 2 == 0 { format!("Parking spaces near ward {i}") } else { format!("Hot food at night {i}") };
        respond(&app, id, &text, (i / 2) % 2).await;
    }
    let results = format!("/o/riverside/c/{id}/results");

    let first = editor.get(&format!("{results}?group=Staff&search=PARKING")).await;
    assert_eq!(first.status, StatusCode::OK);
    let shown = first.texts("#q1 .answer__text");
    assert_eq!(shown.len(), 50, "{shown:?}");
    assert_eq!(shown[0], "Parking spaces near ward 0");
    assert_eq!(shown[49], "Parking spaces near ward 196");
    assert!(first.text_of("#q1-answers").contains("1 to 50"), "{}", first.text_of("#q1-answers"));
    assert!(!first.has("#q1 a[rel=prev]"), "no page before the first");
    let next = first.attr("#q1 a[rel=next]", "href").expect("a link to the next page");
    assert!(next.contains("group=Staff") && next.contains("search=PARKING") && next.contains("page=2"), "{next}");

    let second = editor.get(&next).await;
    let shown = second.texts("#q1 .answer__text");
    let expected: Vec<String> = (200..240).step_by(4).map(|i| format!("Parking spaces near ward {i}")).collect();
    assert_eq!(shown, expected, "the ten Staff answers about parking after the first fifty");
    assert!(second.text_of("#q1-answers").contains("51 to 60"));
    assert!(!second.has("#q1 a[rel=next]"), "no page after the last");
    let back = second.attr("#q1 a[rel=prev]", "href").expect("a link back");
    assert!(back.contains("group=Staff") && back.contains("search=PARKING") && back.contains("page=1"), "{back}");
    assert_eq!(second.attr("#search", "value").as_deref(), Some("PARKING"), "the search box keeps the search");
    let again = editor.get(&back).await;
    assert_eq!(again.texts("#q1 .answer__text"), first.texts("#q1 .answer__text"), "back to the same fifty");
    assert!(again.text_of("#q1-answers").contains("1 to 50"), "{}", again.text_of("#q1-answers"));
    assert!(!again.has("#q1 a[rel=prev]"), "back on the first page");

    // Everyone, no search: 240 answers over five pages.
    let last = editor.get(&format!("{results}?question=q1&page=5")).await;
    let shown = last.texts("#q1 .answer__text");
    assert_eq!(shown.len(), 40);
    assert_eq!(shown[39], "Hot food at night 239");
    let past = editor.get(&format!("{results}?question=q1&page=9")).await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(past.text.contains("this page is past the last one"));
    let odd = editor.get(&format!("{results}?question=q1&page=two")).await;
    assert_eq!(odd.texts("#q1 .answer__text").len(), 50, "a page that is not a number shows the first");

    // The public never sees written answers, paged or not.
    let public = app.visitor().get(&format!("{results}?question=q1&page=2")).await;
    assert!(public.texts(".answer__text").is_empty());
}

#[tokio::test]
async fn responses_per_day_count_each_response_on_the_day_it_was_first_sent() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor).await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let day = 86_400;
    respond_at(&app, id, "first", "Brighter corridors", now - 2 * day).await;
    respond_at(&app, id, "second", "Quieter wards", now - 2 * day).await;
    respond_at(&app, id, "third", "Longer visiting hours", now - day).await;
    respond(&app, id, "Clearer letters", 1).await;
    // Changed today: still counted on the day it was first sent.
    respond_at(&app, id, "first", "Brighter corridors and stairs", now).await;

    let label = |t: i64| {
        let format = time::macros::format_description!("[day padding:none] [month repr:short]");
        time::OffsetDateTime::from_unix_timestamp(t).unwrap().format(&format).unwrap()
    };
    // The running tally per day...
    let days = ethos::consultations::store::days(&app.db, id).await.unwrap();
    let counted: Vec<(String, i64)> = days.iter().map(|(d, n)| (label(d * day), *n)).collect();
    let expected: Vec<(String, i64)> =
        [(now - 2 * day, 2), (now - day, 1), (now, 1)].map(|(t, n)| (label(t), n)).into();
    assert_eq!(counted, expected);
    // ...shown on the page under the "fewer than 5" rule.
    let page = editor.get(&format!("/o/riverside/c/{id}/results")).await;
    let rows: Vec<String> = page.texts("#timeline-section tbody tr");
    let shown: Vec<String> = expected.iter().map(|(d, _)| format!("{d} fewer than 5")).collect();
    assert_eq!(rows, shown);
    assert!(page.text_of("#timeline-section").contains("Responses over 3 days"), "the chart's description");
}

#[tokio::test]
async fn suggested_themes_follow_new_and_changed_responses() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor).await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    respond_at(&app, id, "one", "More time to talk", now).await;
    respond_at(&app, id, "two", "more time with patients", now).await;
    respond_at(&app, id, "three", "Clear signs", now).await;
    respond_at(&app, id, "four", "Less jargon", now).await;
    let themes = format!("/o/riverside/c/{id}/themes");
    let suggestions = |page: &common::Page| -> Vec<String> {
        page.texts("#q1 .suggestions li")
            .iter()
            .map(|li| li.split(" – ").take(2).collect::<Vec<_>>().join(" – "))
            .map(|s| s.split("Make it a theme").next().unwrap_or("").trim().to_owned())
            .collect()
    };
    let before = suggestions(&editor.get(&themes).await);
    assert!(before.contains(&"time – 2 answers".to_owned()), "{before:?}");
    assert!(!before.iter().any(|s| s.starts_with("clear signs")), "one answer alone: {before:?}");

    respond(&app, id, "Clear signs at the entrance", 0).await;
    respond(&app, id, "More time for breaks", 1).await;
    let after = suggestions(&editor.get(&themes).await);
    assert!(after.contains(&"time – 3 answers".to_owned()), "{after:?}");
    assert!(after.contains(&"clear signs – 2 answers".to_owned()), "{after:?}");

    // A respondent changes their answer later: its old phrases leave with it.
    respond_at(&app, id, "three", "Less jargon in letters", now + 5).await;
    let changed = suggestions(&editor.get(&themes).await);
    assert!(!changed.iter().any(|s| s.starts_with("clear signs")), "{changed:?}");
    assert!(changed.contains(&"less jargon – 2 answers".to_owned()), "{changed:?}");
    assert!(changed.contains(&"time – 3 answers".to_owned()), "{changed:?}");
}

#[tokio::test]
async fn following_next_and_previous_shows_every_written_answer_once_and_only_this_consultations() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor).await;
    let other = consultation(&mut editor).await;
    // Answers to the two consultations' first questions arrive interleaved.
    for i in 0..130 {
        respond(&app, id, &format!("Answer {i} here"), 0).await;
        if i % 10 == 0 {
            respond(&app, other, &format!("Elsewhere {i}"), 0).await;
        }
    }
    let mut url = format!("/o/riverside/c/{id}/results?question=q1");
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    loop {
        let page = editor.get(&url).await;
        assert_eq!(page.status, StatusCode::OK);
        pages.push(page.texts("#q1 .answer__text"));
        seen.extend(page.texts("#q1 .answer__text"));
        match page.attr("#q1 a[rel=next]", "href") {
            Some(next) => url = next,
            None => break,
        }
    }
    let expected: Vec<String> = (0..130).map(|i| format!("Answer {i} here")).collect();
    assert_eq!(seen, expected, "every answer once, in order, none from the other consultation");
    assert_eq!(pages.len(), 3);

    // Back from the last page, through the previous links, page by page.
    let last = editor.get(&url).await;
    assert!(last.text_of("#q1-answers").contains("101 to 130"), "{}", last.text_of("#q1-answers"));
    let back = last.attr("#q1 a[rel=prev]", "href").expect("a link back");
    let middle = editor.get(&back).await;
    assert_eq!(middle.texts("#q1 .answer__text"), pages[1]);
    assert!(middle.text_of("#q1-answers").contains("51 to 100"), "{}", middle.text_of("#q1-answers"));
    let back = middle.attr("#q1 a[rel=prev]", "href").expect("a link back");
    let first = editor.get(&back).await;
    assert_eq!(first.texts("#q1 .answer__text"), pages[0]);
    assert!(!first.has("#q1 a[rel=prev]"), "no page before the first");

    // A search finds only this consultation's answers too.
    let found = editor.get(&format!("/o/riverside/c/{other}/results?search=answer")).await;
    assert!(found.texts("#q1 .answer__text").is_empty(), "{:?}", found.texts("#q1 .answer__text"));
}

#[tokio::test]
async fn answers_stored_before_search_text_was_folded_in_rust_are_found_by_a_search_in_capitals() {
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let id = consultation(&mut editor).await;
    respond(&app, id, "ÉQUIPE DE NUIT, ÇA VA", 0).await;
    // As migration 0009 left it on SQLite: only ASCII letters lower-cased,
    // and listed by migration 0011 to be folded again.
    let stale = "UPDATE consultation_answers SET search_text = 'Équipe de nuit, Ça va' WHERE question_key = 'q1'";
    let listed = "INSERT INTO search_text_refold (response_id, question_key) \
                  SELECT response_id, question_key FROM consultation_answers WHERE question_key = 'q1'";
    let left: i64 = on_db!(&app.db, pool => {
        sqlx::query(stale).execute(pool).await.unwrap();
        sqlx::query(listed).execute(pool).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM search_text_refold").fetch_one(pool).await.unwrap()
    });
    assert!(left >= 1);
    let results = format!("/o/riverside/c/{id}/results?search=%C3%A9quipe");
    assert!(editor.get(&results).await.texts("#q1 .answer__text").is_empty(), "the stale text hides it");

    assert_eq!(ethos::consultations::refold::run(&app.db).await.unwrap(), 1);
    assert_eq!(editor.get(&results).await.texts("#q1 .answer__text"), ["ÉQUIPE DE NUIT, ÇA VA"]);
    assert_eq!(ethos::consultations::refold::run(&app.db).await.unwrap(), 0, "the list is empty once done");
}

/// A counter from /metrics, as an operator's scraper reads it.
async fn counter(app: &TestApp, name: &str) -> u64 {
    let page = app.visitor().get("/metrics").await;
    let line = page.text.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_else(|| {
        panic!("{name} is in /metrics: {}", page.text);
    });
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_server_that_starts_with_written_answers_suggests_themes_before_the_first_visit() {
    const FINISHED: &str = "ethos_theme_cache_warm_ups_finished_total";
    const WARMED: &str = "ethos_theme_cache_warmed_total";
    const READ_IN_FULL: &str = "ethos_theme_cache_full_reads_total";
    let app = TestApp::spawn().await;
    let mut editor = app.signed_in("editor@riverside.example").await;
    let open = consultation(&mut editor).await;
    for (i, text) in ["More time to talk", "more time with patients", "Clear signs"].iter().enumerate() {
        respond(&app, open, text, i as u32 % 2).await;
    }
    // Another, with answers too, that closed a hundred days ago.
    let old = consultation(&mut editor).await;
    respond(&app, old, "Parking was hard", 0).await;
    let long_ago = time::OffsetDateTime::now_utc().unix_timestamp() - 100 * 86_400;
    let sql = "UPDATE consultations SET opens_at = $1 - 86400, closes_at = $1 WHERE id = $2";
    on_db!(&app.db, pool => { sqlx::query(sql).bind(long_ago).bind(old).execute(pool).await.unwrap(); });

    // Without the warm-up (as in every other test), the first visit reads
    // every written answer.
    assert_eq!((counter(&app, WARMED).await, counter(&app, READ_IN_FULL).await), (0, 0));
    let themes = format!("/o/riverside/c/{open}/themes");
    assert_eq!(editor.get(&themes).await.status, StatusCode::OK);
    assert_eq!(counter(&app, READ_IN_FULL).await, 1, "the first visit read q1's answers");

    // Started again with it, the server builds them on its own while it
    // serves. That runs in the background, so this asks /metrics until it
    // is done (a few milliseconds here), giving up after half a minute.
    let app = app.restarted(|config| config.warm_theme_cache = true).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while counter(&app, FINISHED).await == 0 {
        assert!(std::time::Instant::now() < deadline, "the warm-up did not finish in 30 s");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(counter(&app, WARMED).await, 1, "the open consultation, not the one closed long ago");
    assert_eq!(counter(&app, READ_IN_FULL).await, 1, "its written question, before anyone asked");

    // The first editor to visit sees the suggestions, and nothing is read
    // in full again.
    let page = app.signed_in("editor@riverside.example").await.get(&themes).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.text_of("#q1 .suggestions").contains("time – 2 answers"), "{}", page.text);
    assert_eq!(counter(&app, READ_IN_FULL).await, 1, "the visit used what the warm-up built");
}
