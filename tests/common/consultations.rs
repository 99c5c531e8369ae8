//! Setting up a consultation the way an editor does it, through Riverside's
//! pages: the settings form, one form per question, then publishing. Each
//! step asserts the redirect that means it was saved, so a broken step
//! fails where it happened rather than later in the test.

use ethos::on_db;
use reqwest::StatusCode;
use serde_json::Value;

use super::{TestApp, Visitor};

/// A time `hours` from now (negative: in the past) as the settings form
/// takes it: in Riverside's time zone, Europe/London.
pub fn hours_from_now(hours: i64) -> String {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(hours);
    at.in_tz("Europe/London").unwrap().strftime("%Y-%m-%dT%H:%M").to_string()
}

/// What an editor types into the new-consultation form. [`Settings::open`]
/// gives a consultation that opened an hour ago and closes in two days,
/// with results for the organisation only and no purpose; a test changes
/// what matters to it.
pub struct Settings<'a> {
    pub title: &'a str,
    pub purpose: Option<&'a str>,
    pub opened_hours_ago: i64,
    pub closes_in_hours: i64,
    pub visibility: &'a str,
    /// One group a line.
    pub audiences: &'a str,
}

impl<'a> Settings<'a> {
    pub fn open(title: &'a str) -> Settings<'a> {
        Settings {
            title,
            purpose: None,
            opened_hours_ago: 1,
            closes_in_hours: 48,
            visibility: "editors_board",
            audiences: "Staff\nPatient or service user",
        }
    }
}

/// Riverside's editor saves a new consultation; returns the id its page
/// redirects to.
pub async fn create_consultation(editor: &mut Visitor, s: &Settings<'_>) -> i64 {
    let (opens, closes) = (hours_from_now(-s.opened_hours_ago), hours_from_now(s.closes_in_hours));
    let mut fields = vec![
        ("title", s.title),
        ("opens_at", &opens),
        ("closes_at", &closes),
        ("visibility", s.visibility),
        ("audiences", s.audiences),
    ];
    fields.extend(s.purpose.map(|purpose| ("purpose", purpose)));
    let made = editor.post("/o/riverside/consultations", &fields).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text);
    made.location().rsplit('/').next().unwrap().parse().unwrap()
}

/// Adds questions in order (the first becomes q1), each as the question
/// form's fields.
pub async fn add_questions(editor: &mut Visitor, id: i64, questions: &[&[(&str, &str)]]) {
    let path = format!("/o/riverside/consultations/{id}/questions");
    for fields in questions {
        let added = editor.post(&path, fields).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "adding {fields:?}: {}", added.text);
    }
}

/// Publishes the consultation, which opens its survey.
pub async fn publish(editor: &mut Visitor, id: i64) {
    let published = editor.post(&format!("/o/riverside/consultations/{id}/publish"), &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.text);
}

/// One anonymous response through the API, `answers` keyed by question;
/// asserts it was stored.
pub async fn respond_by_api(app: &TestApp, id: i64, answers: Value) {
    let body = serde_json::json!({ "answers": answers });
    let url = format!("{}/api/v1/consultations/{id}/responses", app.url);
    let sent = reqwest::Client::new().post(url).json(&body).send().await.unwrap();
    assert_eq!(sent.status(), StatusCode::CREATED, "{}", sent.text().await.unwrap());
}

/// The text of the keep/remove question [`make`] asks about.
pub const TEXT: &str = "We are kind, open and brave.\n- We listen\n- We co-create";

/// An editor makes a consultation with one question of each main type;
/// returns its id. Words of q1: We(0) are(1) kind(2) open(3) and(4) brave(5)
/// We(6) listen(7) We(8) co-create(9); "and" is a filler.
pub async fn make(editor: &mut Visitor, visibility: &str, publish: bool) -> i64 {
    let settings = Settings {
        purpose: Some("We are refreshing our values."),
        visibility,
        ..Settings::open("What should we keep?")
    };
    let id = create_consultation(editor, &settings).await;
    let questions: [&[(&str, &str)]; 5] = [
        &[
            ("kind", "words"),
            ("prompt", "Keep or remove each word"),
            ("source", "pasted"),
            ("text", TEXT),
            ("fillers", "and"),
        ],
        &[("kind", "one"), ("prompt", "Do the values fit?"), ("options", "Yes\nNo"), ("other", "yes")],
        &[
            ("kind", "values"),
            ("prompt", "Which matter most?"),
            ("options", "Kind\nOpen\nBrave"),
            ("max_picks", "2"),
            ("ranked", "yes"),
        ],
        &[("kind", "text"), ("prompt", "Anything else?"), ("limit", "60")],
        &[("kind", "group"), ("prompt", "Who are you?"), ("required", "yes")],
    ];
    add_questions(editor, id, &questions).await;
    if publish {
        self::publish(editor, id).await;
    }
    id
}

/// A number the query `sql` (with the consultation id as `$1`) counts.
pub async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    on_db!(&app.db, pool => sqlx::query_scalar::<_, i64>(sql).bind(id).fetch_one(pool).await.unwrap())
}

/// How many responses consultation `id` has stored.
pub async fn responses(app: &TestApp, id: i64) -> i64 {
    count(app, "SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = $1", id).await
}

/// The results' figures for one word of the first (keep/remove) question.
pub fn word_row(results: &serde_json::Value, word: &str) -> serde_json::Value {
    results["questions"][0]["figures"]["words"]["value"]
        .as_array()
        .unwrap_or_else(|| panic!("word figures shown: {results}"))
        .iter()
        .find(|w| w["text"] == word)
        .cloned()
        .unwrap()
}
